/**
 * `<aipbx-call>` as a component, in real Chromium: keyboard use and the live region, Russian texts,
 * theming hooks, axe-core, a strict Content Security Policy, and the publishing guide's own embed
 * line (`<script src=".../{id}.js">`, written by `writeWidgetFolder`) with its SRI hash.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWidget, onceEvent } from '@aipbx/core';
import { AriClient } from '@aipbx/node-ari';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { folderPages, htmlPage, serveWidgetSite } from '@aipbx/testbed/support/widget-site.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeWidgetFolder } from '../../src/folder/index.js';
import { axeViolations, pageEvents, waitForState } from './page-helpers.js';
import { answerWithTone, type Cleanups } from './stasis-helpers.js';

const bed = inject('testbed');
let browser: Browser;
let site: Awaited<ReturnType<typeof serveWidgetSite>>;
let ari: AriClient;
let folder: string;
const cleanups: Cleanups = [];

const attrs = `server="${bed.wssUrl}" target="${bed.widget.assistant}" user="${bed.widget.sipUri}" assistant-id="${bed.widget.assistant}"`;
const loader = '<script src="/widget/aipbx-widget.js"></script>';
const wssOrigin = new URL(bed.wssUrl).origin.replace(/^https/, 'wss');
const CSP = `default-src 'none'; script-src 'self'; connect-src ${wssOrigin}; style-src 'self'; img-src 'self'`;

beforeAll(async () => {
  browser = await launchChromium();
  site = await serveWidgetSite({
    '/en': htmlPage(
      `<main><h1>Support</h1><aipbx-call ${attrs} label="Talk to support"></aipbx-call></main>${loader}`,
    ),
    '/ru': {
      ...htmlPage(`<main><h1>Поддержка</h1><aipbx-call ${attrs}></aipbx-call></main>${loader}`),
      body: `<!doctype html><html lang="ru"><meta charset="utf-8"><title>Поддержка</title><body><main><h1>Поддержка</h1><aipbx-call server="wss://127.0.0.1:9/ws" target="x"></aipbx-call><aipbx-call id="en" lang="en" server="wss://127.0.0.1:9/ws" target="x"></aipbx-call></main>${loader}</body></html>`,
    },
    '/misconfigured': htmlPage(
      `<aipbx-call server="http://pbx.example.com/ws" target="a b"></aipbx-call>${loader}`,
    ),
    '/themed': htmlPage(
      `<link rel="stylesheet" href="/theme.css"><aipbx-call ${attrs}></aipbx-call>${loader}`,
    ),
    '/theme.css': {
      type: 'text/css',
      body: 'aipbx-call { --aipbx-accent: rgb(1, 2, 3); } aipbx-call::part(label) { font-weight: 700; }',
    },
    '/csp': htmlPage(
      `<script src="/widget/aipbx-widget.js" data-server="${bed.wssUrl}" data-target="${bed.widget.assistant}" data-user="${bed.widget.sipUri}" data-assistant-id="${bed.widget.assistant}"></script>`,
      { 'content-security-policy': CSP },
    ),
  });
  ari = new AriClient({ url: bed.ari.url, username: bed.ari.username, password: bed.ari.password });
  folder = await mkdtemp(join(tmpdir(), 'aipbx-widget-folder-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await ari?.close();
  await browser?.close();
  await site?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  cleanups.push(() => page.close());
  // Injected by the browser, not the page: sees violations a strict CSP reports.
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${site.url}${path}`);
  return page;
}

const liveRegion = (page: Page) => page.locator('aipbx-call').locator('[role="status"]');

describe('<aipbx-call> as a component', () => {
  it('works from the keyboard, announces each state in a live region, and axe finds nothing idle or in a call', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage('/en');
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('Tab');
    const button = page.locator('aipbx-call').getByRole('button', { name: 'Talk to support' });
    await expect(button.evaluate((b) => b.matches(':focus-visible'))).resolves.toBe(true);
    const outline = await button.evaluate((b) => getComputedStyle(b).outlineStyle);
    expect(outline, 'visible focus').not.toBe('none');
    await page.keyboard.press('Enter');
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    await waitForState(page, 'in-call', 10_000);
    await expect(liveRegion(page).innerText()).resolves.toBe('In call');

    // Keypad by keyboard: open it, type digits, they reach the app; Escape closes it.
    const keypad = page.locator('aipbx-call').getByRole('button', { name: 'Keypad' });
    await keypad.focus();
    await page.keyboard.press('Enter');
    await expect(keypad.getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    const digits = call.collectDtmf({ max: 2, timeoutMs: 10_000 });
    await page.keyboard.press('7');
    await page.keyboard.press('#');
    expect(await digits).toBe('7#');
    await page.keyboard.press('Escape');
    await expect(page.locator('aipbx-call').locator('[part="keypad"]').count()).resolves.toBe(0);

    // Mute by keyboard: a toggle button with aria-pressed.
    const mute = page.locator('aipbx-call').getByRole('button', { name: 'Mute microphone' });
    await mute.focus();
    await page.keyboard.press('Space');
    await expect(mute.getAttribute('aria-pressed')).resolves.toBe('true');
    expect(
      await page.evaluate(
        () =>
          (document.querySelector('aipbx-call') as unknown as { engine: { muted: boolean } }).engine.muted,
      ),
    ).toBe(true);

    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.locator('aipbx-call').getByRole('button', { name: 'Hang up' }).focus();
    await page.keyboard.press('Enter');
    expect(await ended).toEqual(['hangup']);
    await waitForState(page, 'ended', 5000);
    await expect(liveRegion(page).innerText()).resolves.toBe('Call ended');
  });

  it('speaks Russian on a Russian page (its texts and its failure messages), English where lang="en" says so', async () => {
    const page = await openPage('/ru');
    const ru = page.locator('aipbx-call').first();
    await expect(ru.getByRole('button', { name: 'Позвонить' }).count()).resolves.toBe(1);
    await expect(page.locator('#en').getByRole('button', { name: 'Call' }).count()).resolves.toBe(1);
    await ru.getByRole('button', { name: 'Позвонить' }).click();
    await waitForState(page, 'failed', 10_000);
    await expect(ru.locator('[part="message"]').innerText()).resolves.toBe(
      'Не удаётся связаться с сервером. Проверьте подключение к интернету и попробуйте снова.',
    );
    await expect(ru.locator('[role="status"]').innerText()).resolves.toContain(
      'Не удаётся связаться с сервером',
    );
  });

  it('with invalid attributes: says it is not set up, reports every problem once, and never calls', async () => {
    const page = await openPage('/misconfigured');
    const events = await pageEvents(page);
    const button = page.locator('aipbx-call').getByRole('button', { name: 'Call' });
    await button.hover();
    await button.focus();
    await button.click();
    await button.click();
    await expect(page.locator('aipbx-call').locator('[part="message"]').innerText()).resolves.toBe(
      'This call button is not set up correctly.',
    );
    const errors = (await events()).filter((e) => e.type === 'aipbx-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.detail).toMatchObject({ reason: 'misconfigured' });
    const text = (errors[0]?.detail as { message?: string } | undefined)?.message ?? '';
    expect(text).toMatch(/server must be a wss:\/\/ URL/);
    expect(text).toMatch(/target must be/);
    expect(
      await page.evaluate(() => (document.querySelector('aipbx-call') as unknown as { state: string }).state),
    ).toBe('idle');
  });

  it('takes its colours from --aipbx-* custom properties and exposes ::part hooks', async () => {
    const page = await openPage('/themed');
    const button = page.locator('aipbx-call').locator('[part="button"]');
    await expect(button.evaluate((b) => getComputedStyle(b).backgroundColor)).resolves.toBe('rgb(1, 2, 3)');
    const label = page.locator('aipbx-call').locator('[part="label"]');
    await expect(label.evaluate((l) => getComputedStyle(l).fontWeight)).resolves.toBe('700');
  });

  it('calls under a strict Content-Security-Policy (no inline script or style, no eval) with no violation', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage('/csp');
    const events = await pageEvents(page);
    // The script tag mounts a floating button configured from its data-* attributes.
    await expect(page.locator('aipbx-call').getAttribute('placement')).resolves.toBe('bottom-right');
    await page.locator('aipbx-call').getByRole('button', { name: 'Call' }).click();
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    await waitForState(page, 'in-call', 10_000);
    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.locator('aipbx-call').getByRole('button', { name: 'Hang up' }).click();
    await ended;
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect((await events()).filter((e) => e.type === 'aipbx-error')).toEqual([]);
  });

  it("the guide's embed line: a folder from writeWidgetFolder, the page holding only its <script> tag with SRI, calls the widget's assistant", async () => {
    const widget = createWidget({
      id: 'widget-test',
      name: 'Test widget',
      assistant: bed.widget.assistant,
      sipUri: bed.widget.sipUri,
    });
    const written = await writeWidgetFolder({
      widget,
      pbx: { wssUrl: bed.wssUrl },
      outDir: folder,
      baseUrl: `${site.url}/site-widget/`,
      lang: 'en',
    });
    expect(written.files[0]?.name).toBe('widget-test.js');
    expect(written.embedCode).toMatch(
      new RegExp(
        `^<script src="${site.url}/site-widget/widget-test\\.js" integrity="sha384-[A-Za-z0-9+/]{64}" crossorigin="anonymous"></script>$`,
      ),
    );
    Object.assign(site.pages, folderPages(folder, '/site-widget/'), {
      '/guide': htmlPage(written.embedCode),
    });

    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage('/guide');
    await page.locator('aipbx-call').getByRole('button', { name: 'Call' }).click();
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    expect(call.assistantId).toBe(bed.widget.assistant);
    await waitForState(page, 'in-call', 10_000);
    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.locator('aipbx-call').getByRole('button', { name: 'Hang up' }).click();
    await ended;
  });
});
