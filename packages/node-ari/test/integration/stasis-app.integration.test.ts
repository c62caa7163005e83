/**
 * @aipbx/node-ari against the bed's Asterisk 22: sipp calls into the generated dialplan reach an app
 * made with this package, which answers, plays, collects DTMF, records, transfers and hangs up.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CallFailedError, onceEvent } from '@aipbx/core';
import { freeUdpPort, PHONE_IP, registerPhone, runSipp, startPhone } from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AriClient, type AriClientOptions, type Call, ChannelGoneError } from '../../src/index.js';

const bed = inject('testbed');
const cleanups: (() => Promise<unknown> | unknown)[] = [];

function client(options: Partial<AriClientOptions> = {}): AriClient {
  const c = new AriClient({
    url: bed.ari.url,
    username: bed.ari.username,
    password: bed.ari.password,
    ...options,
  });
  cleanups.push(() => c.close());
  return c;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** RMS of the 16-bit samples of a WAV file (after its 44-byte header). */
function rms(wav: Uint8Array): number {
  const samples = new Int16Array(
    wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + 44 + ((wav.byteLength - 44) & ~1)),
  );
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** Runs `handler` for the next call of a fresh app; resolves with what it returned. */
async function withCall<T>(
  c: AriClient,
  handler: (call: Call) => Promise<T>,
): Promise<{ result: Promise<T>; call: Promise<Call> }> {
  const app = c.app('aiPBXBot');
  let take: (call: Call) => void = () => undefined;
  const call = new Promise<Call>((resolve) => {
    take = resolve;
  });
  const result = new Promise<T>((resolve, reject) => {
    app.onCall(async (incoming) => {
      take(incoming);
      try {
        resolve(await handler(incoming));
      } catch (error) {
        reject(error);
        throw error;
      }
    });
  });
  result.catch(() => undefined);
  await app.start();
  return { result, call };
}

describe('a call through the generated dialplan into a Stasis app', () => {
  it('gets the assistant from X-Assistant-Id; plays, collects DTMF, records real audio, hangs up; the call is recorded at its URL', async () => {
    const c = client();
    const { result, call } = await withCall(c, async (call) => {
      await call.answer();
      const played = await call.play('sound:beep');
      const digits = await call.collectDtmf({ max: 4, terminator: '#', timeoutMs: 10_000 });
      const recorded = await call.record({ maxDurationSeconds: 2, ifExists: 'overwrite' });
      const file = await c.recordings.getStoredFile({ recordingName: recorded.name });
      await call.hangup();
      return { played, digits, recorded, file };
    });
    const sipp = runSipp(bed, {
      scenario: 'call-dtmf-audio.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
    });
    const incoming = await within(call, 15_000, 'the call to reach onCall');
    const ended = onceEvent(incoming, 'end', { timeoutMs: 30_000 });
    expect(incoming.assistantId).toBe('support-bot');
    expect(incoming.args).toEqual(['support-bot']);
    expect(incoming.caller.number).toBe('sipp');
    const { played, digits, recorded, file } = await within(result, 30_000, 'the handler to finish');
    expect(played.outcome).toBe('done');
    expect(digits).toBe('12');
    expect(recorded).toMatchObject({ outcome: 'done', format: 'wav' });
    expect(recorded.durationSeconds).toBeGreaterThanOrEqual(1);
    expect(file.byteLength).toBeGreaterThan(8000);
    expect(rms(file), 'the stored recording holds the caller’s speech, not silence').toBeGreaterThan(300);
    expect(await ended).toEqual(['hangup']);
    const sippResult = await sipp;
    expect(sippResult.code, `sipp saw the BYE: ${sippResult.stderr}`).toBe(0);

    const wav = join(bed.recordingsDir, 'support-bot', `${incoming.id}.wav`);
    expect(existsSync(wav), `MixMonitor file ${wav}`).toBe(true);
    expect(statSync(wav).size).toBeGreaterThan(44);
    // The recordings are served by the PBX's web server: its host name, not Asterisk's HTTP port.
    const host = new URL(bed.ari.url).hostname;
    expect(incoming.recordingUrl).toBe(`https://${host}/records/support-bot/${incoming.id}.wav`);
  });

  it('falls back to the dialled extension without the header', async () => {
    const c = client();
    const { result } = await withCall(c, async (call) => {
      await call.answer();
      await call.hangup();
      return call.assistantId;
    });
    const sipp = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: 'pizza-order',
      keys: { header_name: 'X-Unrelated', assistant: 'ignored' },
    });
    expect(await within(result, 15_000, 'the handler')).toBe('pizza-order');
    expect((await sipp).code).toBe(0);
  });

  it('hangs up the call of a handler that throws, reports the error, and keeps taking calls', async () => {
    const c = client();
    const app = c.app('aiPBXBot');
    let calls = 0;
    app.onCall(async (call) => {
      calls += 1;
      await call.answer();
      if (calls === 1) throw new Error('handler bug');
    });
    const reported = onceEvent(app, 'error', { timeoutMs: 15_000 });
    const ended = onceEvent(app, 'callEnd', { timeoutMs: 15_000 });
    await app.start();
    const first = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
    });
    const [error, call] = await reported;
    expect(error.message).toBe('handler bug');
    expect(call?.assistantId).toBe('support-bot');
    expect((await ended)[1]).toBe('hangup');
    expect((await first).code, 'the caller got a BYE').toBe(0);
    expect(app.running).toBe(true);
    expect(app.calls.size).toBe(0);
  });

  it('rejects a request about a channel that hung up with ChannelGoneError', async () => {
    const c = client();
    const { result } = await withCall(c, async (call) => {
      await call.hangup();
      await onceEvent(call, 'end', { timeoutMs: 10_000 }).catch(() => undefined);
      return call.answer().then(
        () => undefined,
        (error: unknown) => error,
      );
    });
    const sipp = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
    });
    const error = await within(result, 15_000, 'the handler');
    expect(error).toBeInstanceOf(ChannelGoneError);
    expect((error as ChannelGoneError).status).toBe(404);
    await sipp;
  });
});

describe('snoop', () => {
  it('starts a snoop channel on the call, in the app but not handed to onCall', async () => {
    const c = client();
    const app = c.app('aiPBXBot');
    const seen: string[] = [];
    const snooped = new Promise<{ snoopId: string; callId: string }>((resolve, reject) => {
      app.onCall(async (call) => {
        seen.push(call.id);
        try {
          await call.answer();
          const snoop = await call.snoop({ spy: 'in' });
          const channel = await c.channels.get({ channelId: snoop.id });
          expect(channel.name).toMatch(/^Snoop\//);
          resolve({ snoopId: snoop.id, callId: call.id });
          await c.channels.hangup({ channelId: snoop.id });
          await call.hangup();
        } catch (error) {
          reject(error);
        }
      });
    });
    await app.start();
    const sipp = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
    });
    const { callId } = await within(snooped, 15_000, 'the snoop channel');
    expect((await sipp).code).toBe(0);
    expect(seen).toEqual([callId]);
  });
});

describe('transfer to a registered phone', () => {
  it('bridges the caller with the phone; hanging up the phone ends the caller too', async () => {
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '301', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '301', { contactPort: port, expires: 0 }));
    const phone = await startPhone(port, 'answer.xml');
    cleanups.push(() => phone.kill());

    const c = client();
    const { result, call } = await withCall(c, async (call) => {
      await call.answer();
      return call.transfer('PJSIP/301');
    });
    const caller = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
    });
    const incoming = await within(call, 15_000, 'the call');
    const ended = onceEvent(incoming, 'end', { timeoutMs: 30_000 });
    const leg = await within(result, 20_000, 'the phone to answer and be bridged');
    const bridge = await c.bridges.get({ bridgeId: leg.bridgeId });
    expect([...bridge.channels].sort()).toEqual([incoming.id, leg.channelId].sort());
    const [mine, theirs] = await Promise.all([
      c.channels.get({ channelId: incoming.id }),
      c.channels.get({ channelId: leg.channelId }),
    ]);
    expect([mine.state, theirs.state]).toEqual(['Up', 'Up']);

    await leg.hangup();
    expect(await ended).toEqual(['hangup']);
    expect((await caller).code, 'the caller got a BYE when the phone hung up').toBe(0);
    expect((await phone.done).code).toBe(0);
  });

  it('fails with CallFailedError (busy) when the phone is busy, and keeps the caller', async () => {
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '301', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '301', { contactPort: port, expires: 0 }));
    const phone = await startPhone(port, 'busy.xml');
    cleanups.push(() => phone.kill());

    const c = client();
    const { result } = await withCall(c, async (call) => {
      await call.answer();
      const failure = await call.transfer('PJSIP/301').then(
        () => undefined,
        (error: unknown) => error,
      );
      const still = call.ended;
      await call.hangup();
      return { failure, still };
    });
    const caller = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
    });
    const { failure, still } = await within(result, 20_000, 'the transfer to fail');
    expect(failure).toBeInstanceOf(CallFailedError);
    expect(failure).toMatchObject({ reason: 'busy', leg: 'to' });
    expect(still, 'the caller is still there after the failed transfer').toBeUndefined();
    expect((await caller).code).toBe(0);
    await phone.done;
  });
});
