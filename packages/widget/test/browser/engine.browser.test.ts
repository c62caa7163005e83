/**
 * The call engine on its own (no element), in real Chromium against the bed's Asterisk: how every
 * way a call can go is reported (404, 486, 180 then answer, cancel, no answer), SIP INFO DTMF,
 * quality sampling, switching the microphone mid-call, and one call per page across engines.
 */
import { AriClient } from '@aipbx/node-ari';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { callChunkName, htmlPage, serveWidgetSite } from '@aipbx/testbed/support/widget-site.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Cleanups, onNextCall } from './stasis-helpers.js';

const bed = inject('testbed');
let browser: Browser;
let site: Awaited<ReturnType<typeof serveWidgetSite>>;
let ari: AriClient;
const cleanups: Cleanups = [];

beforeAll(async () => {
  browser = await launchChromium();
  site = await serveWidgetSite({ '/': htmlPage('<p>engine</p>') });
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

/**
 * A page with `make(name, options)`: a CallEngine from the built call chunk, its state changes and
 * quality samples recorded on `window.log[name]`. Strings, not functions, go to `evaluate`, so the
 * page's own `import()` runs untouched.
 */
async function enginePage(): Promise<Page> {
  const page = await browser.newPage();
  cleanups.push(() => page.close());
  await page.goto(site.url);
  const base = { server: bed.wssUrl, target: bed.widget.assistant, user: bed.widget.sipUri };
  await page.evaluate(`(async () => {
    const { CallEngine } = await import('/widget/${callChunkName()}');
    window.engines = {};
    window.log = {};
    window.make = (name, options) => {
      const engine = new CallEngine({ ...${JSON.stringify(base)}, ...options });
      const log = (window.log[name] = { changes: [], quality: [], result: undefined });
      engine.on('state-change', (c) => log.changes.push({ to: c.to, reason: c.reason, statusCode: c.statusCode }));
      engine.on('quality', (q) => log.quality.push(q));
      window.engines[name] = engine;
      return engine;
    };
    window.dial = (name) => {
      window.engines[name].call().then(
        () => { window.log[name].result = 'answered'; },
        (e) => { window.log[name].result = e.name + ' ' + (e.reason ?? '') + ': ' + e.message; },
      );
    };
  })()`);
  return page;
}

async function dial(page: Page, name: string, options: Record<string, unknown> = {}): Promise<void> {
  await page.evaluate(
    `window.make(${JSON.stringify(name)}, ${JSON.stringify(options)}); window.dial(${JSON.stringify(name)})`,
  );
}

async function stateOf(page: Page, name: string, state: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    `window.engines[${JSON.stringify(name)}].state === ${JSON.stringify(state)}`,
    undefined,
    {
      timeout,
      polling: 50,
    },
  );
}

type Log = {
  changes: { to: string; reason: string; statusCode?: number }[];
  quality: Record<string, number>[];
  result?: string;
};
const logOf = (page: Page, name: string) =>
  page.evaluate(`window.log[${JSON.stringify(name)}]`) as Promise<Log>;

describe('CallEngine against Asterisk', () => {
  it('an assistant the PBX does not have: failed not-found (404), call() rejects with a CallFailedError', async () => {
    const page = await enginePage();
    await dial(page, 'a', { target: 'no-such-assistant' });
    await stateOf(page, 'a', 'failed');
    const log = await logOf(page, 'a');
    expect(log.changes.at(-1)).toEqual({ to: 'failed', reason: 'not-found', statusCode: 404 });
    await page.waitForFunction(`window.log.a.result !== undefined`, undefined, { timeout: 5000 });
    expect((await logOf(page, 'a')).result).toMatch(
      /^CallFailedError unavailable: This assistant does not exist on the PBX/,
    );
  });

  it('the app rings (180), then answers: ringing then in-call; a busy app: failed busy (486)', async () => {
    const page = await enginePage();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const first = onNextCall(ari, bed.ari.app, cleanups, async (call) => {
      await call.ring();
      await answered;
      await call.answer();
    });
    await dial(page, 'ring');
    await within(first, 15_000, 'the call to reach Stasis');
    await stateOf(page, 'ring', 'ringing');
    answer();
    await stateOf(page, 'ring', 'in-call');
    expect(
      (await logOf(page, 'ring')).changes.map((c) => `${c.to}:${c.reason}:${c.statusCode ?? ''}`),
    ).toEqual(['connecting:dialing:', 'ringing:ringing:180', 'in-call:answered:200']);
    await page.evaluate(`window.engines.ring.hangup()`);
    await stateOf(page, 'ring', 'ended');

    const busy = onNextCall(ari, bed.ari.app, cleanups, (call) => call.hangup('busy'));
    await dial(page, 'busy');
    await within(busy, 15_000, 'the second call to reach Stasis');
    await stateOf(page, 'busy', 'failed');
    expect((await logOf(page, 'busy')).changes.at(-1)).toEqual({
      to: 'failed',
      reason: 'busy',
      statusCode: 486,
    });
  });

  it('hung up while ringing: ended cancelled, and the PBX sees the call go; no answer in time: failed timeout', async () => {
    const page = await enginePage();
    const ringing = onNextCall(ari, bed.ari.app, cleanups, (call) => call.ring());
    await dial(page, 'c');
    const call = await within(ringing, 15_000, 'the call to reach Stasis');
    await stateOf(page, 'c', 'ringing');
    const gone = new Promise((resolve) => call.once('end', resolve));
    // hangup() resolves once the CANCEL is out, not when the transaction's timers run out.
    await within(page.evaluate(`window.engines.c.hangup()`), 5000, 'hangup() to resolve');
    await stateOf(page, 'c', 'ended');
    await within(gone, 10_000, 'the PBX to see the cancelled call end');
    expect((await logOf(page, 'c')).changes.at(-1)).toMatchObject({ to: 'ended', reason: 'cancelled' });
    expect((await logOf(page, 'c')).result).toMatch(/^CallFailedError cancelled/);

    const silent = onNextCall(ari, bed.ari.app, cleanups, (c) => c.ring());
    await dial(page, 't', { answerTimeoutMs: 1500 });
    const second = await within(silent, 15_000, 'the second call to reach Stasis');
    const cancelled = new Promise((resolve) => second.once('end', resolve));
    await stateOf(page, 't', 'failed', 10_000);
    expect((await logOf(page, 't')).changes.at(-1)).toMatchObject({ to: 'failed', reason: 'timeout' });
    await within(cancelled, 10_000, 'the PBX to see the unanswered call cancelled');
  });

  it('DTMF over SIP INFO reaches the app; quality is sampled each second and is good on loopback', async () => {
    const page = await enginePage();
    const incoming = onNextCall(ari, bed.ari.app, cleanups, async (call) => {
      await call.answer();
      await call.play('tone:440');
    });
    await dial(page, 'info', { dtmf: 'info' });
    const call = await within(incoming, 15_000, 'the call to reach Stasis');
    await stateOf(page, 'info', 'in-call');
    const digits = call.collectDtmf({ max: 3, timeoutMs: 10_000 });
    await page.evaluate(`window.engines.info.sendDtmf('9*1')`);
    expect(await digits).toBe('9*1');
    await page.waitForFunction(`window.log.info.quality.some((q) => q.packetsReceived > 0)`, undefined, {
      timeout: 5000,
    });
    const last = (await logOf(page, 'info')).quality.at(-1) ?? {};
    expect(last.packetsReceived).toBeGreaterThan(0);
    expect(last.lossPercent).toBeLessThan(3);
    expect(last.mos).toBeGreaterThan(4);
    await expect(page.evaluate(`window.engines.info.sendDtmf('x')`)).rejects.toThrow(/DTMF must be/);
    await page.evaluate(`window.engines.info.hangup()`);
  });

  it('switches the microphone mid-call without a re-INVITE; a second engine cannot call while one does', async () => {
    const page = await enginePage();
    const incoming = onNextCall(ari, bed.ari.app, cleanups, async (call) => {
      await call.answer();
      await call.play('tone:440');
    });
    await dial(page, 'm');
    await within(incoming, 15_000, 'the call to reach Stasis');
    await stateOf(page, 'm', 'in-call');
    const switched = (await page.evaluate(`(async () => {
      const engine = window.engines.m;
      const inputs = (await engine.devices()).filter((d) => d.kind === 'audioinput');
      const other = inputs.find((d) => d.deviceId !== 'default') ?? inputs[0];
      await engine.setInputDevice(other.deviceId);
      return { inputs: inputs.length, state: engine.state, device: other.deviceId !== '' };
    })()`)) as { inputs: number; state: string; device: boolean };
    expect(switched.inputs).toBeGreaterThan(0);
    expect(switched.device).toBe(true);
    expect(switched.state).toBe('in-call');
    expect((await logOf(page, 'm')).changes.map((c) => c.to)).toEqual(['connecting', 'in-call']);

    await page.evaluate(`window.make('second', {})`);
    const refused = await page.evaluate(
      `window.engines.second.call().then(() => 'called', (e) => e.message)`,
    );
    expect(refused).toBe(
      'Another call is already in progress on this page: only one call at a time; hang it up first.',
    );
    expect(await page.evaluate(`window.engines.second.state`)).toBe('idle');
    await page.evaluate(`window.engines.m.hangup()`);
  });
});
