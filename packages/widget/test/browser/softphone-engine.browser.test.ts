/**
 * The operator's softphone engine (`PhoneEngine`, the softphone chunk) in real Chromium against
 * the bed's Asterisk: two WebRTC extensions call each other with audio both ways, hold and resume,
 * blind and attended transfer to a desk phone; an assistant's Stasis app puts its caller through
 * to the softphone; AMI click-to-call rings the softphone first; a wrong password; the WebSocket
 * cut while registered and mid-call.
 */
import { AmiClient, CallMonitor } from '@aipbx/ami';
import { AriClient, type Call } from '@aipbx/node-ari';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { freeUdpPort, PHONE_IP, registerPhone, startPhone } from '@aipbx/testbed/support/sipp.js';
import { startTcpProxy } from '@aipbx/testbed/support/tcp-proxy.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { callChunkName, htmlPage, serveWidgetSite } from '@aipbx/testbed/support/widget-site.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  callState,
  connect,
  endOf,
  HEARD,
  hears,
  peak,
  registered,
  ringing,
  SILENT,
  startPhoneIn,
  stateOf,
  until,
} from './phone-helpers.js';
import type { Cleanups } from './stasis-helpers.js';

const bed = inject('testbed');
let browser: Browser;
let site: Awaited<ReturnType<typeof serveWidgetSite>>;
let ari: AriClient;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
const cleanups: Cleanups = [];

const operator = (extension: string) => {
  const o = bed.operators.find((x) => x.extension === extension);
  if (o?.wsPassword === undefined) throw new Error(`the bed has no WebRTC operator ${extension}`);
  return o;
};

beforeAll(async () => {
  browser = await launchChromium();
  proxy = await startTcpProxy(bed.ports.https);
  site = await serveWidgetSite({ '/': htmlPage('<p>softphone</p>') });
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

/**
 * A page with a `PhoneEngine` (from the built softphone chunk) for `extension`, started; its
 * registration changes, incoming calls and call ends are recorded on `window.log`. Strings, not
 * functions, go to `evaluate`, so the page's own `import()` runs untouched.
 */
async function phonePage(
  extension: string,
  options: { server?: string; password?: string; wait?: boolean; reconnectTimeoutMs?: number } = {},
): Promise<Page> {
  const page = await browser.newPage();
  cleanups.push(async () => {
    await page.evaluate('window.phone?.dispose()').catch(() => undefined);
    await page.close();
  });
  await page.goto(site.url);
  const config = {
    server: options.server ?? bed.wssUrl,
    extension,
    password: options.password ?? operator(extension).wsPassword,
    ...(options.reconnectTimeoutMs === undefined ? {} : { reconnectTimeoutMs: options.reconnectTimeoutMs }),
  };
  await startPhoneIn(page, config);
  if (options.wait !== false) await registered(page, extension);
  return page;
}

/**
 * The assistants' Stasis app, started (registered with Asterisk) before this returns, handling the
 * next call with `handler`; `next` resolves with that call as soon as it arrives.
 */
async function assistantApp(handler: (call: Call) => Promise<void>): Promise<{ next: Promise<Call> }> {
  const app = ari.app(bed.ari.app);
  cleanups.push(() => app.stop());
  const next = new Promise<Call>((resolve) => {
    app.onCall(async (call) => {
      resolve(call);
      await handler(call).catch(() => undefined);
    });
  });
  await app.start();
  return { next };
}

/** Desk phone 301 registered from sipp, answering one call; `done` resolves when that call is over. */
async function deskPhone(scenario: 'answer.xml' | 'busy.xml' = 'answer.xml') {
  const port = await freeUdpPort(PHONE_IP);
  await registerPhone(bed, '301', { contactPort: port });
  cleanups.push(() => registerPhone(bed, '301', { contactPort: port, expires: 0 }));
  const phone = await startPhone(port, scenario, 45);
  cleanups.push(() => phone.kill());
  return phone;
}

describe('PhoneEngine against Asterisk', () => {
  it('two softphones: 201 calls 202, caller id shown, audio both ways, hold silences it and resume brings it back, hang-up ends both', async () => {
    const a = await phonePage('201');
    const b = await phonePage('202');
    expect(await a.evaluate('window.started')).toBe('registered');
    expect(await a.evaluate('window.log.reg.map((c) => c.to + ":" + c.reason)')).toEqual([
      'registering:start',
      'registered:registered',
    ]);

    const [out, inc] = await connect(a, b, '202');
    expect(await b.evaluate('window.log.incoming[0]')).toEqual({
      id: inc,
      number: '201',
      name: 'Operator One',
    });
    await hears(a, out, '201 to hear 202');
    await hears(b, inc, '202 to hear 201');

    await a.evaluate(`window.callOf(${JSON.stringify(out)}).hold()`);
    expect(await stateOf(a, out)).toBe('held');
    // What was already on its way (jitter buffers) plays out first.
    await until(
      b,
      `window.callOf(${JSON.stringify(inc)}).levels().output < ${SILENT}`,
      '202 to stop hearing 201',
    );
    const [heldA, heldB] = await Promise.all([peak(a, out, 2500), peak(b, inc, 2500)]);
    expect(heldA, '201 hears nothing while it holds').toBeLessThan(SILENT);
    expect(heldB, '202 hears nothing from 201 while held (the bed has no hold music)').toBeLessThan(SILENT);

    await a.evaluate(`window.callOf(${JSON.stringify(out)}).resume()`);
    expect(await stateOf(a, out)).toBe('active');
    await hears(a, out, '201 to hear 202 again after resume');
    await hears(b, inc, '202 to hear 201 again after resume');

    await a.evaluate(`window.callOf(${JSON.stringify(out)}).mute()`);
    await until(
      b,
      `window.callOf(${JSON.stringify(inc)}).levels().output < ${SILENT}`,
      '202 to stop hearing 201',
    );
    expect(await peak(b, inc, 2500), '202 hears nothing while 201 is muted').toBeLessThan(SILENT);
    await hears(a, out, '201 to go on hearing 202 while muted');
    await a.evaluate(`window.callOf(${JSON.stringify(out)}).unmute()`);
    await hears(b, inc, '202 to hear 201 again after unmute');

    await b.evaluate(`window.callOf(${JSON.stringify(inc)}).hangup()`);
    expect((await endOf(b, inc, "202's call to end")).reason).toBe('local-hangup');
    expect((await endOf(a, out, "201's call to end")).reason).toBe('remote-hangup');
    const recent = (await a.evaluate('window.phone.recent[0]')) as {
      number: string;
      durationMs: number;
      reason: string;
    };
    expect(recent).toMatchObject({ number: '202', reason: 'remote-hangup' });
    expect(recent.durationMs).toBeGreaterThan(2500);
  });

  it('blind transfer: 202 hands 201 on to desk phone 301; 202 is free, 201 talks to 301, and hanging up ends 301 too', async () => {
    const desk = await deskPhone();
    const a = await phonePage('201');
    const b = await phonePage('202');
    const [out, inc] = await connect(a, b, '202');
    await b.evaluate(`window.callOf(${JSON.stringify(inc)}).transfer('301')`);
    expect((await endOf(b, inc, "202's call to end after the transfer")).reason).toBe('transferred');
    expect(await b.evaluate('window.phone.calls.length')).toBe(0);
    // 201's call goes on, now with 301: the PBX answered it and keeps it up.
    expect(await stateOf(a, out)).toBe('active');
    await a.evaluate(`window.callOf(${JSON.stringify(out)}).hangup()`);
    const result = await within(desk.done, 15_000, 'desk phone 301 to get the call and its hang-up');
    expect(result.code, `sipp: ${result.stderr}`).toBe(0);
  });

  it('blind transfer to an assistant by name: its Stasis app gets the caller, who hears it and presses keys it collects', async () => {
    const a = await phonePage('201');
    const b = await phonePage('202');
    const [out, inc] = await connect(a, b, '202');
    let collecting: (started: { digits: Promise<string> }) => void = () => undefined;
    const collection = new Promise<{ digits: Promise<string> }>((resolve) => {
      collecting = resolve;
    });
    const { next: reached } = await assistantApp(async (call) => {
      await call.answer();
      collecting({ digits: call.collectDtmf({ terminator: '#', timeoutMs: 20_000 }) });
      await call.play('tone:440');
    });
    await b.evaluate(
      `window.callOf(${JSON.stringify(inc)}).transfer(${JSON.stringify(bed.widget.assistant)})`,
    );
    expect((await endOf(b, inc, "202's call to end after the transfer")).reason).toBe('transferred');
    const app = await within(reached, 15_000, 'the assistant’s Stasis app to get the transferred caller');
    await hears(a, out, '201 to hear the assistant’s tone');
    await a.evaluate(`window.callOf(${JSON.stringify(out)}).sendDtmf('42#')`);
    const { digits } = await within(collection, 5000, 'the app to start collecting digits');
    expect(await within(digits, 10_000, 'the app to collect 42#')).toBe('42');
    await app.hangup();
    expect((await endOf(a, out, '201’s call to end when the app hangs up')).reason).toBe('remote-hangup');
  });

  it('attended transfer: 202 consults 301 (201 held), then connects 201 with 301; both of 202’s calls end transferred', async () => {
    const desk = await deskPhone();
    const a = await phonePage('201');
    const b = await phonePage('202');
    const [out, inc] = await connect(a, b, '202');
    const consult = (await b.evaluate(`window.phone.call('301').id`)) as string;
    await callState(b, consult, 'active', '301 to answer the consultation');
    expect(await stateOf(b, inc), 'the first call is put on hold by the second').toBe('held');
    await b.evaluate(
      `window.callOf(${JSON.stringify(inc)}).transfer(window.callOf(${JSON.stringify(consult)}))`,
    );
    expect((await endOf(b, inc, "202's first call to end")).reason).toBe('transferred');
    expect((await endOf(b, consult, "202's consultation to end")).reason).toBe('transferred');
    expect(await stateOf(a, out)).toBe('active');
    await a.evaluate(`window.callOf(${JSON.stringify(out)}).hangup()`);
    const result = await within(desk.done, 15_000, 'desk phone 301 to be hung up by 201');
    expect(result.code, `sipp: ${result.stderr}`).toBe(0);
  });

  it('a second call while busy rings too; answering it holds the first; a third is refused busy', async () => {
    const a = await phonePage('201');
    const b = await phonePage('202');
    const [, first] = await connect(a, b, '202');
    // A widget visitor's call to the assistant, put through to 202 by the Stasis app.
    const visitor = await browser.newPage();
    cleanups.push(() => visitor.close());
    await visitor.goto(site.url);
    const { next: reached } = await assistantApp(async (call) => {
      await call.answer();
      await call.bridgeTo('PJSIP/202');
    });
    await visitor.evaluate(`(async () => {
      const { CallEngine } = await import('/widget/${callChunkName()}');
      window.engine = new CallEngine(${JSON.stringify({ server: bed.wssUrl, target: bed.widget.assistant, user: bed.widget.sipUri })});
      window.engine.call().catch(() => undefined);
    })()`);
    await within(reached, 15_000, 'the visitor to reach the Stasis app');
    await until(
      b,
      `window.phone.calls.filter((c) => c.state === 'incoming').length === 1`,
      'a second call to ring on 202',
      15_000,
    );
    const second = (await b.evaluate(`window.phone.calls.find((c) => c.state === 'incoming').id`)) as string;
    expect(await stateOf(b, first)).toBe('active');
    await b.evaluate(`window.callOf(${JSON.stringify(second)}).answer()`);
    expect(await stateOf(b, first)).toBe('held');
    expect(await stateOf(b, second)).toBe('active');
    await hears(b, second, '202 to hear the visitor');
    await visitor.waitForFunction(
      `window.engine.state === 'in-call' && window.engine.levels().output > ${HEARD}`,
      undefined,
      { timeout: 10_000, polling: 50 },
    );

    // 202 holds two calls, its maximum (maxCalls 2): a third, from 201, is refused busy.
    const third = (await a.evaluate(`window.phone.call('202').id`)) as string;
    const end = await endOf(a, third, 'the third call to be refused');
    expect(end.reason).toBe('busy');
    expect(await b.evaluate('window.phone.calls.length')).toBe(2);

    // The visitor hangs up, so no call outlives the test on the shared bed.
    await visitor.evaluate('window.engine.hangup()');
    await endOf(b, second, "202's call with the visitor to end");
  });

  it('an assistant hands its caller to the operator: the Stasis app bridges to PJSIP/201, the softphone rings and connects with audio', async () => {
    const a = await phonePage('201');
    const visitor = await browser.newPage();
    cleanups.push(() => visitor.close());
    await visitor.goto(site.url);
    const { next: bridged } = await assistantApp(async (call) => {
      await call.answer();
      await call.bridgeTo('PJSIP/201');
    });
    await visitor.evaluate(`(async () => {
      const { CallEngine } = await import('/widget/${callChunkName()}');
      window.engine = new CallEngine(${JSON.stringify({ server: bed.wssUrl, target: bed.widget.assistant, user: bed.widget.sipUri })});
      window.engine.call().catch(() => undefined);
    })()`);
    await within(bridged, 15_000, 'the visitor to reach the assistant’s Stasis app');
    const inc = await ringing(a, 'the softphone to ring for the assistant’s caller');
    await a.evaluate(`window.callOf(${JSON.stringify(inc)}).answer()`);
    await hears(a, inc, 'the operator to hear the visitor');
    await visitor.waitForFunction(`window.engine.levels().output > ${HEARD}`, undefined, {
      timeout: 10_000,
      polling: 50,
    });
    await visitor.evaluate('window.engine.hangup()');
    expect((await endOf(a, inc, 'the operator’s call to end when the visitor hangs up')).reason).toBe(
      'remote-hangup',
    );
  });

  it('AMI click-to-call: the softphone rings first, then the number; the monitor shows the call live, then in history', async () => {
    const ami = new AmiClient({
      host: bed.ami.host,
      port: bed.ami.port,
      username: bed.ami.monitor.username,
      secret: bed.ami.monitor.secret,
    });
    const monitor = new CallMonitor(ami);
    await ami.connect();
    await monitor.start();
    cleanups.push(async () => {
      monitor.stop();
      await ami.close();
    });
    const a = await phonePage('201');
    const b = await phonePage('202');
    const placed = monitor.call({ from: '201', to: '202' });
    const first = await ringing(a, 'the operator’s softphone (201) to ring first');
    expect(await b.evaluate('window.phone.calls.length'), '202 does not ring before 201 answers').toBe(0);
    await a.evaluate(`window.callOf(${JSON.stringify(first)}).answer()`);
    const second = await ringing(b, '202 to ring once 201 answered');
    await b.evaluate(`window.callOf(${JSON.stringify(second)}).answer()`);
    const call = await within(placed, 20_000, 'the click-to-call to connect');
    expect(call).toMatchObject({ state: 'up', origin: 'click-to-call' });
    expect(monitor.calls.map((c) => c.id)).toContain(call.id);
    await hears(a, first, '201 to hear 202');
    await hears(b, second, '202 to hear 201');
    await a.evaluate(`window.callOf(${JSON.stringify(first)}).hangup()`);
    await endOf(b, second, "202's call to end");
    await within(
      new Promise<void>((resolve) => {
        const check = () =>
          monitor.history.some((h) => h.id === call.id) ? resolve() : setTimeout(check, 50);
        check();
      }),
      10_000,
      'the call to move to the monitor’s history',
    );
    expect(monitor.calls.find((c) => c.id === call.id)).toBeUndefined();
    expect(monitor.history.find((h) => h.id === call.id)).toMatchObject({ disposition: 'answered' });
  });
});

describe('PhoneEngine on bad days', () => {
  it('a wrong WebSocket password: failed auth-failed, start() rejects AUTH_FAILED, no retry follows, the password is in no message', async () => {
    const wrong = 'not-the-password-42';
    const page = await phonePage('201', { password: wrong, wait: false });
    await until(page, `window.phone.registration === 'failed'`, 'registration to fail', 15_000);
    expect(await page.evaluate('window.started')).toMatch(
      /^AUTH_FAILED: Registration failed: the PBX refused extension 201/,
    );
    const changes = (await page.evaluate('window.log.reg')) as {
      to: string;
      reason: string;
      statusCode?: number;
      message?: string;
    }[];
    expect(changes.map((c) => `${c.to}:${c.reason}`)).toEqual(['registering:start', 'failed:auth-failed']);
    expect([401, 403]).toContain(changes.at(-1)?.statusCode);
    const connections = proxy.connections;
    // A retry would come within the backoff's first step (≤ 0.5 s); watch four times as long.
    await new Promise((r) => setTimeout(r, 2000));
    expect(
      ((await page.evaluate('window.log.reg')) as unknown[]).length,
      'no retry after a refused password',
    ).toBe(2);
    expect(proxy.connections).toBe(connections);
    expect(JSON.stringify(changes)).not.toContain(wrong);
  });

  it('the PBX unreachable: start() rejects CONNECTION_FAILED, unregistered server-unreachable with a retry time, and it registers once the PBX is back', async () => {
    proxy.setAccepting(false);
    const a = await phonePage('201', { server: `wss://127.0.0.1:${proxy.port}/ws`, wait: false });
    await until(
      a,
      `window.log.reg.some((c) => c.reason === 'server-unreachable')`,
      'the first attempt to fail',
    );
    expect(await a.evaluate('window.started')).toMatch(
      /^CONNECTION_FAILED: Could not open the SIP WebSocket/,
    );
    const failed = (await a.evaluate(`window.log.reg.find((c) => c.reason === 'server-unreachable')`)) as {
      to: string;
      retryAt?: number;
    };
    expect(failed.to).toBe('unregistered');
    expect(failed.retryAt, 'the change says when the next attempt comes').toBeGreaterThan(0);
    proxy.setAccepting(true);
    await registered(a, '201');
  });

  it('the WebSocket cut while registered: unregistered connection-lost, registered again, and calls to it ring', async () => {
    const proxied = `wss://127.0.0.1:${proxy.port}/ws`;
    const a = await phonePage('201', { server: proxied });
    const b = await phonePage('202');
    expect(proxy.cut()).toBeGreaterThan(0);
    await until(
      a,
      `window.log.reg.some((c) => c.to === 'unregistered' && c.reason === 'connection-lost')`,
      'the softphone to notice the cut',
    );
    await until(
      a,
      `window.log.reg.filter((c) => c.to === 'registered').length === 2`,
      'the softphone to register again',
      20_000,
    );
    const [out] = await connect(b, a, '201');
    await hears(b, out, '202 to hear 201 over the new registration');
    await b.evaluate(`window.callOf(${JSON.stringify(out)}).hangup()`);
  });

  it('the WebSocket cut mid-call: the call keeps its audio, registers again, re-INVITEs, and a hang-up from the far side still arrives', async () => {
    const proxied = `wss://127.0.0.1:${proxy.port}/ws`;
    const a = await phonePage('201', { server: proxied });
    const b = await phonePage('202');
    const [out, inc] = await connect(a, b, '202');
    await hears(a, out, '201 to hear 202 before the cut');
    proxy.cut();
    await until(
      a,
      `window.log.reg.some((c) => c.reason === 'connection-lost')`,
      'the softphone to notice the cut',
    );
    await until(
      a,
      `window.log.reg.filter((c) => c.to === 'registered').length === 2`,
      'the softphone to register again',
      20_000,
    );
    expect(await stateOf(a, out)).toBe('active');
    await hears(a, out, '201 to still hear 202 after the cut');
    await hears(b, inc, '202 to still hear 201 after the cut');
    await b.evaluate(`window.callOf(${JSON.stringify(inc)}).hangup()`);
    expect((await endOf(a, out, "201 to get 202's hang-up over the new WebSocket")).reason).toBe(
      'remote-hangup',
    );
  });

  it('the WebSocket does not come back: the call ends network-lost after reconnectTimeoutMs', async () => {
    const proxied = `wss://127.0.0.1:${proxy.port}/ws`;
    const a = await phonePage('201', { server: proxied, reconnectTimeoutMs: 3000 });
    const b = await phonePage('202');
    const [out, inc] = await connect(a, b, '202');
    proxy.setAccepting(false);
    proxy.cut();
    const end = await endOf(a, out, 'the call to be given up');
    expect(end.reason).toBe('network-lost');
    expect(end.message).toMatch(/did not come back in time/);
    expect(await a.evaluate('window.phone.registration')).toBe('unregistered');
    // 202 learns it from the PBX once 201's leg is gone (RTP timeout or BYE): end it here.
    await b.evaluate(`window.callOf(${JSON.stringify(inc)})?.hangup()`);
  });
});
