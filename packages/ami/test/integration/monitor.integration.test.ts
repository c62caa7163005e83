import { CallFailedError } from '@aipbx/core';
import { ari, openStasisApp } from '@aipbx/testbed/support/ari.js';
import { freeUdpPort, PHONE_IP, registerPhone, runSipp, startPhone } from '@aipbx/testbed/support/sipp.js';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { AmiClient, CallMonitor, type CallMonitorEvents } from '../../src/index.js';

const bed = inject('testbed');

let ami: AmiClient;
let monitor: CallMonitor;
const ports: Record<string, number> = {};

beforeEach(async () => {
  // The user @aipbx/core's generator makes by default: what the monitor needs, nothing more.
  ami = new AmiClient({
    host: bed.ami.host,
    port: bed.ami.port,
    username: bed.ami.monitor.username,
    secret: bed.ami.monitor.secret,
  });
  monitor = new CallMonitor(ami);
  await ami.connect();
  await monitor.start();
  for (const ext of ['301', '302']) ports[ext] ??= await freeUdpPort(PHONE_IP);
});

afterEach(async () => {
  monitor.stop();
  await ami.close();
});

/** The first `event` whose argument matches, within a bound; the message says what was awaited. */
function waitFor<K extends 'call:start' | 'call:update' | 'call:end' | 'extension:update'>(
  what: string,
  event: K,
  match: (x: Parameters<CallMonitorEvents[K]>[0]) => boolean,
  timeoutMs = 15_000,
): Promise<Parameters<CallMonitorEvents[K]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off(event, listener as CallMonitorEvents[K]);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const listener = (x: Parameters<CallMonitorEvents[K]>[0]) => {
      if (!match(x)) return;
      clearTimeout(timer);
      monitor.off(event, listener as CallMonitorEvents[K]);
      resolve(x);
    };
    monitor.on(event, listener as CallMonitorEvents[K]);
  });
}

describe('CallMonitor against Asterisk 22', () => {
  it('shows a call to an assistant while it lasts, then keeps it in the history', async () => {
    const app = await openStasisApp(bed);
    try {
      const started = waitFor('the call to start', 'call:start', (c) => c.caller.number === 'sipp');
      const sipp = runSipp(bed, {
        scenario: 'call-assistant.xml',
        service: '100',
        keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      });
      const call = await started;
      expect(call).toMatchObject({ callee: { number: '100' }, direction: 'inbound', origin: 'pbx' });
      const stasis = await app.events.next((e) => e.type === 'StasisStart', 10_000, 'StasisStart');
      const answered = waitFor(
        'the call to be answered',
        'call:update',
        (c) => c.id === call.id && c.state === 'up',
      );
      await ari(bed, 'POST', `/channels/${stasis.channel!.id}/answer`);
      await answered;
      expect(monitor.calls.map((c) => c.id)).toContain(call.id);
      expect(monitor.getCall(call.id)?.assistant).toBe('support-bot');
      const ended = waitFor('the call to end', 'call:end', (c) => c.id === call.id);
      await ari(bed, 'DELETE', `/channels/${stasis.channel!.id}`);
      const done = await ended;
      expect((await sipp).code).toBe(0);
      expect(done).toMatchObject({ disposition: 'answered', hangupCause: 16, assistant: 'support-bot' });
      expect(done.durationSec).toBeGreaterThanOrEqual(done.billableSec);
      expect(done.durationSec).toBeLessThan(30);
      expect(monitor.calls.find((c) => c.id === call.id)).toBeUndefined();
      expect(monitor.history.at(-1)?.id).toBe(call.id);
    } finally {
      await app.close();
    }
  });

  it('flips an extension to idle when its phone registers, and back to unavailable when it leaves', async () => {
    expect(monitor.getExtension('301')?.state).toBe('unavailable');
    const idle = waitFor('301 idle', 'extension:update', (s) => s.extension === '301' && s.state === 'idle');
    await registerPhone(bed, '301', { contactPort: ports['301']! });
    await idle;
    const gone = waitFor(
      '301 unavailable',
      'extension:update',
      (s) => s.extension === '301' && s.state === 'unavailable',
    );
    await registerPhone(bed, '301', { contactPort: ports['301']!, expires: 0 });
    await gone;
    expect(monitor.getExtension('301')?.state).toBe('unavailable');
  });

  describe('click-to-call between two registered phones', () => {
    beforeEach(async () => {
      await registerPhone(bed, '301', { contactPort: ports['301']! });
      await registerPhone(bed, '302', { contactPort: ports['302']! });
    });
    afterEach(async () => {
      await registerPhone(bed, '301', { contactPort: ports['301']!, expires: 0 });
      await registerPhone(bed, '302', { contactPort: ports['302']!, expires: 0 });
    });

    it('connects, then hangs up on request', async () => {
      const phones = [
        await startPhone(ports['301']!, 'answer.xml'),
        await startPhone(ports['302']!, 'answer.xml'),
      ];
      const call = await monitor.call({ from: '301', to: '302' });
      expect(call).toMatchObject({
        state: 'up',
        origin: 'click-to-call',
        caller: { number: '301' },
        callee: { number: '302' },
        direction: 'internal',
      });
      expect(call.channels).toHaveLength(2);
      expect(call.bridges.length).toBeLessThanOrEqual(1);
      expect(await monitor.hangup(call.id)).toBe(true);
      expect(monitor.history.at(-1)).toMatchObject({ id: call.id, disposition: 'answered' });
      for (const p of phones) expect((await p.done).code).toBe(0);
    });

    it('rejects with busy when the callee is busy', async () => {
      const phones = [
        await startPhone(ports['301']!, 'answer.xml'),
        await startPhone(ports['302']!, 'busy.xml'),
      ];
      const error = await monitor.call({ from: '301', to: '302' }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(CallFailedError);
      expect(error).toMatchObject({ reason: 'busy', leg: 'to' });
      for (const p of phones) await p.done;
    });

    it('rejects with no-answer when the first phone never picks up', async () => {
      const phone = await startPhone(ports['301']!, 'ring.xml');
      const error = await monitor
        .call({ from: '301', to: '302', ringTimeoutMs: 2000 })
        .catch((err: unknown) => err);
      expect(error).toMatchObject({ code: 'CALL_FAILED', reason: 'no-answer', leg: 'from' });
      const result = await phone.done;
      expect(result.code, result.stderr).toBe(0);
    });
  });

  it('rejects with unavailable when the first phone is not registered', async () => {
    const before = monitor.history.length;
    const error = await monitor
      .call({ from: '301', to: '302', ringTimeoutMs: 3000 })
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'CALL_FAILED', reason: 'unavailable', leg: 'from' });
    // Asterisk runs the `failed` extension on a placeholder channel: no call, no history entry.
    const { events } = await ami.action({ Action: 'CoreShowChannels' });
    expect(events.filter((e) => e.name === 'CoreShowChannel')).toHaveLength(0);
    expect(monitor.calls).toEqual([]);
    expect(monitor.history.slice(before)).toEqual([]);
  });
});
