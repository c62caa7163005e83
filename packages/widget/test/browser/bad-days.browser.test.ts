/**
 * `<aipbx-call>` on the bad days, in real Chromium against the bed's Asterisk: the microphone is
 * refused, the PBX is unreachable, the network drops mid-call (and comes back, or does not), the
 * browser goes offline, a second button is clicked during a call, the element is removed mid-call.
 */
import { onceEvent } from '@aipbx/core';
import { AriClient } from '@aipbx/node-ari';
import { CHROMIUM, CHROMIUM_ARGS, launchChromium } from '@aipbx/testbed/support/chromium.js';
import { startTcpProxy } from '@aipbx/testbed/support/tcp-proxy.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { callChunkName, htmlPage, serveWidgetSite } from '@aipbx/testbed/support/widget-site.js';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { pageEvents, waitForState, waitForStateChange } from './page-helpers.js';
import { answerWithTone, type Cleanups } from './stasis-helpers.js';

const bed = inject('testbed');
let browser: Browser;
let site: Awaited<ReturnType<typeof serveWidgetSite>>;
let ari: AriClient;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
const cleanups: Cleanups = [];

const attrs = (server: string) =>
  `server="${server}" target="${bed.widget.assistant}" user="${bed.widget.sipUri}" assistant-id="${bed.widget.assistant}"`;
const loader = '<script src="/widget/aipbx-widget.js"></script>';

beforeAll(async () => {
  browser = await launchChromium();
  proxy = await startTcpProxy(bed.ports.https);
  const proxied = `wss://127.0.0.1:${proxy.port}/ws`;
  site = await serveWidgetSite({
    '/direct': htmlPage(`<aipbx-call ${attrs(bed.wssUrl)}></aipbx-call>${loader}`),
    '/proxied': htmlPage(`<aipbx-call ${attrs(proxied)}></aipbx-call>${loader}`),
    // Port 9 (discard) is closed on the bed's host: nothing answers there.
    '/unreachable': htmlPage(`<aipbx-call ${attrs('wss://127.0.0.1:9/ws')}></aipbx-call>${loader}`),
    '/two': htmlPage(
      `<aipbx-call id="a" ${attrs(bed.wssUrl)} label="First"></aipbx-call><aipbx-call id="b" ${attrs(bed.wssUrl)} label="Second"></aipbx-call>${loader}`,
    ),
    '/engine': htmlPage(''),
  });
  ari = new AriClient({ url: bed.ari.url, username: bed.ari.username, password: bed.ari.password });
});
afterEach(async () => {
  proxy.setAccepting(true);
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await ari?.close();
  await proxy?.close();
  await browser?.close();
  await site?.close();
});

async function openPage(path: string, context?: BrowserContext): Promise<Page> {
  const page = await (context ?? browser).newPage();
  cleanups.push(() => page.close());
  await page.goto(`${site.url}${path}`);
  return page;
}

/** Waits until the page hears the assistant: the engine's output level over `min`. */
async function hearsAudio(page: Page, selector = 'aipbx-call', min = 0.02): Promise<void> {
  await page.waitForFunction(
    ([sel, m]) => {
      const el = document.querySelector(sel as string) as unknown as {
        engine?: { levels(): { output: number } };
      };
      return (el.engine?.levels().output ?? 0) > (m as number);
    },
    [selector, min],
    { timeout: 10_000, polling: 100 },
  );
}

function message(page: Page, selector = 'aipbx-call'): Promise<string> {
  return page.locator(selector).locator('[part="message"]').innerText({ timeout: 5000 });
}

describe('<aipbx-call> on bad days', () => {
  it('the microphone refused: fails with microphone-denied and tells the visitor how to allow it', async () => {
    // A browser whose permission prompts are answered "block", as a visitor who refuses does.
    const refusing = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'),
        '--deny-permission-prompts',
      ],
    });
    cleanups.push(() => refusing.close());
    const page = await openPage('/direct', await refusing.newContext());
    const events = await pageEvents(page);
    await page.locator('aipbx-call').getByRole('button', { name: 'Call' }).click();
    await waitForState(page, 'failed', 10_000);
    expect(await message(page)).toMatch(/Microphone access is blocked\. Allow it in the address bar/);
    const seen = await events();
    const failed = seen.find(
      (e) => e.type === 'aipbx-state-change' && (e.detail as { to: string }).to === 'failed',
    );
    expect(failed?.detail).toMatchObject({ from: 'connecting', to: 'failed', reason: 'microphone-denied' });
    expect(
      seen.some(
        (e) => e.type === 'aipbx-error' && (e.detail as { reason: string }).reason === 'microphone-denied',
      ),
    ).toBe(true);
    // It never got as far as the PBX.
    expect(seen.some((e) => (e.detail as { to?: string }).to === 'ringing')).toBe(false);
    // The button is usable again: focus it and it still reads "Call".
    await expect(page.locator('aipbx-call').getByRole('button', { name: 'Call' }).isEnabled()).resolves.toBe(
      true,
    );
  });

  it('the PBX unreachable: fails with server-unreachable and a human message, fast', async () => {
    const page = await openPage('/unreachable');
    const events = await pageEvents(page);
    const started = Date.now();
    await page.locator('aipbx-call').getByRole('button', { name: 'Call' }).click();
    await waitForState(page, 'failed', 15_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await message(page)).toBe(
      'Could not reach the call server. Check your internet connection and try again.',
    );
    const error = (await events()).find((e) => e.type === 'aipbx-error');
    expect(error?.detail).toMatchObject({ reason: 'server-unreachable' });
    expect((error?.detail as { message?: string } | undefined)?.message).toMatch(
      /Could not open the SIP WebSocket to 127\.0\.0\.1:9/,
    );
  });

  it('the WebSocket cut mid-call: reconnecting, then the call recovers (ICE restarted) and audio flows again', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage('/proxied');
    const events = await pageEvents(page);
    await page.locator('aipbx-call').getByRole('button', { name: 'Call' }).click();
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    await waitForState(page, 'in-call', 10_000);
    await hearsAudio(page);
    const before = proxy.connections;

    expect(proxy.cut()).toBeGreaterThan(0);
    await waitForStateChange(page, 'reconnecting', 5000);
    await waitForState(page, 'in-call', 15_000);
    expect(proxy.connections, 'a new WebSocket was opened').toBeGreaterThan(before);
    await hearsAudio(page);

    const states = (await events())
      .filter((e) => e.type === 'aipbx-state-change')
      .map((e) => `${(e.detail as { to: string }).to}:${(e.detail as { reason: string }).reason}`);
    expect(states).toContain('reconnecting:connection-lost');
    expect(states.at(-1)).toBe('in-call:recovered');
    // Still one call on the PBX, and hanging up reaches it over the new WebSocket.
    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.locator('aipbx-call').getByRole('button', { name: 'Hang up' }).click();
    expect(await ended).toEqual(['hangup']);
  });

  it('the WebSocket cut and the network stays down: a clear network-lost failure within the bound', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage('/engine');
    const chunk = callChunkName();
    const server = `wss://127.0.0.1:${proxy.port}/ws`;
    // A string, not a function: the page's own import(), untouched by the test runner's transform.
    await page.evaluate(`(async () => {
      const { CallEngine } = await import('/widget/${chunk}');
      const engine = new CallEngine(${JSON.stringify({ server, target: bed.widget.assistant, user: bed.widget.sipUri, reconnectTimeoutMs: 3000 })});
      window.engine = engine;
      window.changes = [];
      engine.on('state-change', (c) => window.changes.push(c.to + ':' + c.reason));
      await engine.call();
    })()`);
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    cleanups.push(() => call.hangup().catch(() => undefined));
    proxy.setAccepting(false);
    proxy.cut();
    const started = Date.now();
    await page.waitForFunction(
      () => (window as unknown as { engine: { state: string } }).engine.state === 'failed',
      undefined,
      {
        timeout: 10_000,
        polling: 50,
      },
    );
    const took = Date.now() - started;
    expect(took).toBeGreaterThan(2500);
    expect(took).toBeLessThan(6000);
    const changes = await page.evaluate(() => (window as unknown as { changes: string[] }).changes);
    expect(changes.slice(-2)).toEqual(['reconnecting:connection-lost', 'failed:network-lost']);
  });

  it('the browser offline and back online mid-call: reconnecting, then recovered', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const context = await browser.newContext();
    cleanups.push(() => context.close());
    const page = await openPage('/direct', context);
    const events = await pageEvents(page);
    await page.locator('aipbx-call').getByRole('button', { name: 'Call' }).click();
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    await waitForState(page, 'in-call', 10_000);
    await context.setOffline(true);
    await waitForStateChange(page, 'reconnecting', 5000);
    await context.setOffline(false);
    await waitForState(page, 'in-call', 15_000);
    await hearsAudio(page);
    const states = (await events())
      .filter((e) => e.type === 'aipbx-state-change')
      .map((e) => `${(e.detail as { to: string }).to}:${(e.detail as { reason: string }).reason}`);
    expect(states.slice(-2)).toEqual(['reconnecting:offline', 'in-call:recovered']);
    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.locator('aipbx-call').getByRole('button', { name: 'Hang up' }).click();
    expect(await ended).toEqual(['hangup']);
  });

  it('two buttons on a page: a second call while one is going on is refused clearly; the first is untouched', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage('/two');
    const events = await pageEvents(page);
    await page.locator('#a').getByRole('button', { name: 'First' }).click();
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    await waitForState(page, 'in-call', 10_000, '#a');
    await page.locator('#b').getByRole('button', { name: 'Second' }).click();
    expect(await message(page, '#b')).toBe('Another call is already in progress on this page.');
    const error = (await events()).find((e) => e.type === 'aipbx-error');
    expect(error?.detail).toMatchObject({ reason: 'other-call' });
    expect(
      await page.evaluate(() => (document.querySelector('#a') as unknown as { state: string }).state),
    ).toBe('in-call');
    expect(
      await page.evaluate(() => (document.querySelector('#b') as unknown as { state: string }).state),
    ).toBe('idle');

    // After the first call ends, the second button can call.
    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.locator('#a').getByRole('button', { name: 'Hang up' }).click();
    expect(await ended).toEqual(['hangup']);
    const next = answerWithTone(ari, bed.ari.app, cleanups);
    await page.locator('#b').getByRole('button', { name: 'Second' }).click();
    const second = await within(next, 15_000, 'the second call to reach Stasis');
    await waitForState(page, 'in-call', 10_000, '#b');
    // The first button, whose call is over, is refused too while the second one talks.
    await page.locator('#a').getByRole('button', { name: 'First' }).click();
    expect(await message(page, '#a')).toBe('Another call is already in progress on this page.');
    expect((await events()).filter((e) => e.type === 'aipbx-error')).toHaveLength(2);
    const secondEnded = onceEvent(second, 'end', { timeoutMs: 10_000 });
    await page.locator('#b').getByRole('button', { name: 'Hang up' }).click();
    await secondEnded;
  });

  it('removing the element mid-call hangs up on the PBX and ends the call in the engine', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const page = await openPage('/direct');
    await page.locator('aipbx-call').getByRole('button', { name: 'Call' }).click();
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    await waitForState(page, 'in-call', 10_000);
    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await page.evaluate(() => {
      const el = document.querySelector('aipbx-call') as unknown as HTMLElement & { engine: unknown };
      const w = window as unknown as { removed: unknown; endDetail: unknown };
      w.removed = el.engine;
      el.addEventListener('aipbx-call-end', (e) => {
        w.endDetail = (e as CustomEvent).detail;
      });
      el.remove();
    });
    expect(await ended).toEqual(['hangup']);
    const { state, end } = await page.evaluate(() => {
      const w = window as unknown as { removed: { state: string }; endDetail: unknown };
      return { state: w.removed.state, end: w.endDetail as { reason: string; durationMs: number } };
    });
    expect(state).toBe('ended');
    expect(end.reason).toBe('disposed');
    expect(end.durationMs, 'the call lasted, and says so').toBeGreaterThan(0);
  });
});
