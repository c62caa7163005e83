/**
 * The combined page against the test bed, as an operator and a visitor would use it in one browser:
 * the softphone registers and the monitor sees its extension, the visitor calls the assistant and
 * presses 3, the softphone rings and answers, the monitor sees the operator in the call, and the
 * history keeps it once the visitor hangs up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoConnection } from '@aipbx/demo/demo-connection.js';
import { makePrompts } from '@aipbx/example-stasis-bot/prompts.js';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { Inbox, within } from '@aipbx/testbed/support/wait.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CombinedApp, startCombinedApp } from '../src/combined-app.js';

const bed = inject('testbed');
let browser: Browser;
let app: CombinedApp;
let dir: string;
const events = new Inbox<{ type: string; callId?: string; [key: string]: unknown }>();

/** Polls `read` until it returns something, within `ms`. */
async function until<T>(
  read: () => T | undefined | Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aipbx-combined-'));
  await makePrompts({ soundsDir: join(bed.chroot, 'usr/share/asterisk/sounds') });
  const connection: DemoConnection = {
    ari: { url: bed.ari.url, username: bed.ari.username, password: bed.ari.password, app: bed.ari.app },
    ami: { host: bed.ami.host, port: bed.ami.port, username: bed.ami.username, secret: bed.ami.secret },
    wsUrl: bed.wsUrl,
    widget: { user: bed.widget.sipUri, target: bed.widget.assistant, assistantId: bed.widget.assistant },
    operators: bed.operators
      .filter((op) => op.wsPassword !== undefined)
      .map((op) => ({ extension: op.extension, password: op.wsPassword as string })),
    embedded: false,
  };
  app = await startCombinedApp({ connection, dbFile: join(dir, 'history.sqlite') });
  for (const type of ['call', 'menu', 'choice', 'transferred', 'end', 'error'] as const) {
    app.assistant.on(type, (e: object) => events.push({ type, ...e }));
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('examples/combined', () => {
  it('the visitor reaches the assistant, presses 3, and the operator on the same page takes the call', async () => {
    const page: Page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(app.url);
      // The operator's softphone registers as 201; the monitor (in the page and on the server) sees it.
      await page.waitForFunction(
        () =>
          (document.getElementById('operator') as unknown as { registration: string }).registration ===
          'registered',
        undefined,
        { timeout: 20_000 },
      );
      await until(
        () =>
          app.monitor.monitor.extensions.find((e) => e.extension === '201')?.state === 'idle'
            ? true
            : undefined,
        10_000,
        'the monitor to see 201 idle',
      );
      await page.frameLocator('#monitor').getByText('201').first().waitFor({ timeout: 10_000 });

      await page.locator('#visitor').getByRole('button', { name: 'Call the assistant' }).click();
      const call = await events.next((e) => e.type === 'call', 15_000, 'the assistant to answer');
      await events.next((e) => e.type === 'menu' && e.callId === call.callId, 30_000, 'the menu');
      await page.evaluate(() =>
        (
          document.getElementById('visitor') as unknown as { engine: { sendDtmf(d: string): Promise<void> } }
        ).engine.sendDtmf('3'),
      );
      await events.next((e) => e.type === 'choice' && e.digit === '3', 10_000, 'the assistant to take 3');

      // The softphone rings; the operator answers from its panel.
      const answer = page.locator('#operator').locator('[part~="accept"]');
      await answer.waitFor({ timeout: 15_000 });
      await answer.click();
      const transferred = await events.next(
        (e) => e.type === 'transferred',
        15_000,
        'the transfer to complete',
      );
      expect(transferred).toMatchObject({ callId: call.callId, extension: '201' });
      await until(
        () =>
          app.monitor.monitor.calls.find((c) => c.channels.some((ch) => ch.name.startsWith('PJSIP/201-'))),
        10_000,
        'the monitor to show 201 in a call',
      );

      // The visitor hangs up: the operator's call ends, the history keeps who took part.
      await page.evaluate(() =>
        (document.getElementById('visitor') as unknown as { hangup(): Promise<void> }).hangup(),
      );
      await page.waitForFunction(
        () => (document.getElementById('operator') as unknown as { calls: unknown[] }).calls.length === 0,
        undefined,
        { timeout: 15_000 },
      );
      // One call from the visitor's first channel to the operator's leg (the leg joins its linkedid).
      const row = await until(
        async () => (await app.monitor.history(10)).find((r) => r.id === call.callId),
        15_000,
        "the visitor's call in the history",
      );
      expect(row.channels.some((name) => name.startsWith('PJSIP/201-'))).toBe(true);
      expect(row.disposition).toBe('answered');
      expect(problems).toEqual([]);
      expect(events.all().filter((e) => e.type === 'error')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('hands its settings only to this machine and serves nothing outside its files', async () => {
    const port = new URL(app.url).port;
    const foreign = await within(
      new Promise<number>((resolve, reject) => {
        // fetch() cannot set Host; a raw request can, as a rebinding page would.
        import('node:http').then(({ request }) => {
          const req = request(
            { host: '127.0.0.1', port, path: '/config.json', headers: { host: `evil.example:${port}` } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.once('error', reject);
          req.end();
        }, reject);
      }),
      5000,
      'the foreign-host request',
    );
    expect(foreign).toBe(421);
    const config = (await (await fetch(`${app.url}config.json`)).json()) as {
      operator: { extension: string };
    };
    expect(config.operator.extension).toBe('201');
    for (const path of [
      'messages/..%2Fx.wav',
      'messages/nope.wav',
      'src/combined-app.ts',
      'widget/..%2F..%2Fpackage.json',
    ]) {
      expect((await fetch(`${app.url}${path}`)).status, path).toBe(404);
    }
  });
});
