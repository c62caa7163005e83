/**
 * The publishing guide's promise, end to end: a static page holding only the script tag, in real
 * Chromium with a fake microphone, calls the bed's Asterisk over WSS; a Stasis app made with
 * @aipbx/node-ari answers and plays a tone; the page hears it; DTMF from the keypad reaches the app;
 * hanging up in the page ends the call on the PBX.
 */
import { onceEvent } from '@aipbx/core';
import { AriClient } from '@aipbx/node-ari';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { htmlPage, serveWidgetSite } from '@aipbx/testbed/support/widget-site.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { CALL_TRANSITIONS, type CallState } from '../../src/engine/call-state.js';
import { pageEvents, waitForState } from './page-helpers.js';
import { answerWithTone, type Cleanups } from './stasis-helpers.js';

const bed = inject('testbed');
let browser: Browser;
let site: Awaited<ReturnType<typeof serveWidgetSite>>;
let ari: AriClient;
const cleanups: Cleanups = [];

const tag = (extra = '') =>
  `<script src="/widget/aipbx-widget.js" data-server="${bed.wssUrl}" data-target="${bed.widget.assistant}" data-user="${bed.widget.sipUri}" data-assistant-id="${bed.widget.assistant}"${extra}></script>`;

beforeAll(async () => {
  browser = await launchChromium();
  site = await serveWidgetSite({ '/': htmlPage(`<h1>Pizza</h1>${tag()}`) });
  ari = new AriClient({ url: bed.ari.url, username: bed.ari.username, password: bed.ari.password });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await ari?.close();
  await browser?.close();
  await site?.close();
});

async function openPage(path = '/'): Promise<Page> {
  const page = await browser.newPage();
  cleanups.push(() => page.close());
  await page.goto(`${site.url}${path}`);
  return page;
}

describe('the script-tag widget on a static page', () => {
  it('calls the assistant: Stasis gets the assistant id, the page hears the tone, keypad DTMF arrives, hang-up ends it on the PBX', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage();
    const events = await pageEvents(page);
    const button = page.locator('aipbx-call').getByRole('button', { name: 'Call' });
    await button.hover();
    await button.click();
    const call = await within(incoming, 15_000, 'the call to reach the Stasis app');
    expect(call.assistantId).toBe(bed.widget.assistant);
    expect(call.args).toEqual([bed.widget.assistant]);
    await waitForState(page, 'in-call', 10_000);

    // The assistant's audio reaches the page: the engine's output level (WebAudio on the remote track).
    const level = await page.waitForFunction(
      () => {
        const el = document.querySelector('aipbx-call') as unknown as {
          engine?: { levels(): { output: number } };
        };
        const out = el.engine?.levels().output ?? 0;
        return out > 0.02 ? out : false;
      },
      undefined,
      { timeout: 10_000, polling: 100 },
    );
    expect(await level.jsonValue()).toBeGreaterThan(0.02);

    // The panel shows the quality measured from WebRTC stats (loopback: good).
    await expect(
      page.locator('aipbx-call').locator('[part="quality"]').innerText({ timeout: 5000 }),
    ).resolves.toBe('Call quality: good');
    await expect(page.locator('aipbx-call').getByRole('timer').innerText()).resolves.toMatch(/^0:0\d$/);

    // DTMF from the on-screen keypad.
    const digits = call.collectDtmf({ max: 2, timeoutMs: 10_000 });
    await page.locator('aipbx-call').getByRole('button', { name: 'Keypad' }).click();
    await page.locator('aipbx-call').getByRole('button', { name: '4', exact: true }).click();
    await page.locator('aipbx-call').getByRole('button', { name: '2', exact: true }).click();
    expect(await digits).toBe('42');

    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.locator('aipbx-call').getByRole('button', { name: 'Hang up' }).click();
    expect(await ended).toEqual(['hangup']);
    await waitForState(page, 'ended', 5000);

    const seen = await events();
    const states = seen
      .filter((e) => e.type === 'aipbx-state-change')
      .map((e) => e.detail as { from: CallState; to: CallState; reason: string });
    for (const s of states) expect(CALL_TRANSITIONS[s.from], `${s.from} → ${s.to}`).toContain(s.to);
    expect(states.map((s) => s.to)).toEqual(
      ['connecting', 'ringing', 'in-call', 'ended'].filter(
        (s) => s !== 'ringing' || states.some((x) => x.to === 'ringing'),
      ),
    );
    expect(states.at(-1)?.reason).toBe('local-hangup');
    const order = seen.map((e) => e.type).filter((t) => t !== 'aipbx-quality-warning');
    expect(order.indexOf('aipbx-call-start')).toBeGreaterThan(order.indexOf('aipbx-state-change'));
    expect(order.at(-1)).toBe('aipbx-call-end');
    const end = seen.at(-1)?.detail as { state: string; reason: string; durationMs: number };
    expect(end).toMatchObject({ state: 'ended', reason: 'local-hangup' });
    expect(end.durationMs).toBeGreaterThan(0);
  });
});
