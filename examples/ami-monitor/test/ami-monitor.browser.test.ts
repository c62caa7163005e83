/**
 * The monitor's page in real Chromium against the bed, under its own strict Content Security
 * Policy: the tables fill from the event stream, a new call is announced in the live region, the
 * hang-up button ends it, the click-to-call form places a call and shows the AMI package's message
 * for bad input, and axe-core finds nothing wrong.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { freeUdpPort, PHONE_IP, registerPhone, startPhone } from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AmiMonitorServer, startAmiMonitor } from '../src/monitor-server.js';
import { callAndStay } from './phones.js';

const bed = inject('testbed');
const require = createRequire(import.meta.url);

let dir: string;
let server: AmiMonitorServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const ports: Record<string, number> = {};

/** What axe-core finds wrong, one line per rule broken. Run through DevTools: the page's CSP forbids injected scripts. */
async function axeViolations(): Promise<string[]> {
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
          ): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
  });
}

/** The rows of a table body as text, cell by cell. */
function rows(tbody: string): Promise<string[][]> {
  return page.$$eval(`#${tbody} tr`, (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ami-monitor-browser-'));
  server = await within(
    startAmiMonitor({
      ami: {
        host: bed.ami.host,
        port: bed.ami.port,
        username: bed.ami.monitor.username,
        secret: bed.ami.monitor.secret,
      },
      dbFile: join(dir, 'history.sqlite'),
      log: () => {},
    }),
    20_000,
    'the monitor to start',
  );
  for (const ext of ['301', '302']) {
    ports[ext] = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, ext, { contactPort: ports[ext]! });
  }
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
});

afterAll(async () => {
  await browser?.close();
  if (server) await within(server.close(), 15_000, 'the monitor to close');
  for (const ext of ['301', '302']) {
    if (ports[ext]) await registerPhone(bed, ext, { contactPort: ports[ext]!, expires: 0 }).catch(() => {});
  }
  await rm(dir, { recursive: true, force: true });
});

describe('the monitor page in Chromium', () => {
  it('shows extensions and live calls, announces them, and hangs up with the button', async () => {
    await page.goto(server.url);
    await page.waitForFunction(
      () => document.getElementById('connection')?.textContent === 'Live',
      undefined,
      { timeout: 10_000 },
    );
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#extensions tr')].some(
          (tr) => tr.textContent?.startsWith('301') && tr.textContent.includes('idle'),
        ),
      undefined,
      { timeout: 15_000 },
    );
    // The bed is shared: other tests' calls may be up. This test looks at its own, 301 ↔ 302.
    const ours = (tbody: string) =>
      page.evaluate(
        (id) =>
          [...document.querySelectorAll(`#${id} tr`)].filter(
            (tr) => tr.textContent?.includes('301') && tr.textContent.includes('302'),
          ).length,
        tbody,
      );
    expect(await ours('calls')).toBe(0);

    const callee = await startPhone(ports['302']!, 'answer.xml', 40);
    const caller = callAndStay(bed, dir, '301', '302');
    const hangup = page.getByRole('button', { name: /Hang up the call from .*301.* to .*302/ });
    await hangup.waitFor({ timeout: 15_000 });
    await page.waitForFunction(
      () => document.getElementById('announcer')?.textContent?.startsWith('New call from'),
      undefined,
      { timeout: 5000 },
    );
    expect(await page.textContent('#announcer')).toMatch(/New call from .*301.* to 302/);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#calls tr')].some(
          (tr) =>
            tr.textContent?.includes('301') && tr.querySelector('td:nth-child(3)')?.textContent === 'talking',
        ),
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.isVisible('#calls-empty')).toBe(false);

    await hangup.click();
    await page.waitForFunction(
      () => ![...document.querySelectorAll('#calls tr')].some((tr) => tr.textContent?.includes('301')),
      undefined,
      { timeout: 15_000 },
    );
    await page.waitForFunction(
      () => [...document.querySelectorAll('#history tr')].some((tr) => tr.textContent?.includes('301')),
      undefined,
      { timeout: 15_000 },
    );
    const [row] = (await rows('history')).filter((cells) => cells.join(' ').includes('301'));
    expect(row?.[1]).toContain('301');
    expect(row?.[2]).toContain('302');
    expect(row?.[3]).toBe('answered');
    expect((await within(caller, 20_000, 'the calling sipp')).code).toBe(0);
    expect((await within(callee.done, 20_000, 'the answering sipp')).code).toBe(0);
  });

  it('places a click-to-call from the form, and shows why bad input is refused', async () => {
    await page.getByLabel('Your extension').fill('301');
    await page.getByLabel('Number to call').fill('1;2');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.waitForFunction(
      () => document.getElementById('c2c-result')?.dataset.kind === 'error',
      undefined,
      { timeout: 10_000 },
    );
    expect(await page.textContent('#c2c-result')).toMatch(
      /^Invalid click-to-call request: to: must be a number/,
    );

    const phones = [
      await startPhone(ports['301']!, 'answer.xml', 40),
      await startPhone(ports['302']!, 'answer.xml', 40),
    ];
    await page.getByLabel('Number to call').fill('302');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.waitForFunction(
      () => document.getElementById('c2c-result')?.textContent?.startsWith('Connected'),
      undefined,
      { timeout: 30_000 },
    );
    const hangup = page.getByRole('button', { name: /Hang up the call from .*301.* to .*302/ });
    await hangup.click();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#history tr')].filter((tr) => tr.textContent?.includes('301'))
          .length === 2,
      undefined,
      { timeout: 15_000 },
    );
    for (const phone of phones) expect((await within(phone.done, 20_000, 'a sipp phone')).code).toBe(0);
  });

  it('keeps to its Content Security Policy and passes axe-core', async () => {
    const headers = (await page.goto(server.url))?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#history tr')].filter((tr) => tr.textContent?.includes('301'))
          .length === 2,
      undefined,
      { timeout: 10_000 },
    );
    expect(await axeViolations()).toEqual([]);
    // The one failed request is the refused click-to-call above; nothing else went wrong.
    expect(problems.filter((p) => !/status of 400 \(Bad Request\)/.test(p))).toEqual([]);
    expect(problems.filter((p) => /status of 400/.test(p))).toHaveLength(1);
  });
});
