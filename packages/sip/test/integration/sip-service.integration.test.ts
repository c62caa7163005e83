/**
 * @aipbx/sip against the bed's Asterisk 22: the service registers as the bed's desk phones 301 and
 * 302 over UDP, TCP and TLS; calls go through the PBX's dialplan between its own extensions, from
 * and to sipp desk phones, 50 at once; audio both ways and DTMF through real RTP; a wrong password,
 * a busy phone, a hang-up mid-prompt, recordings, a PBX restart, and what AMI sees.
 */
import { createSocket } from 'node:dgram';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AmiClient, CallMonitor } from '@aipbx/ami';
import { AbortError, AuthenticationError, CallFailedError } from '@aipbx/core';
import { openRawAmi } from '@aipbx/testbed/support/ami-raw.js';
import { setRtpPorts } from '@aipbx/testbed/support/ari.js';
import { dominantFrequency, readWav, tone } from '@aipbx/testbed/support/audio.js';
import { writeTonePcap } from '@aipbx/testbed/support/rtp-pcap.js';
import {
  callFromPhone,
  freeUdpPort,
  PHONE_IP,
  registerPhone,
  startPhone,
} from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  type CallMedia,
  type RegistrationStatus,
  type RtpSessionStats,
  type SipCall,
  type SipRecordResult,
  SipService,
  type SipServiceOptions,
} from '../../src/index.js';
import { encodeWav } from '../../src/media/wav.js';

const bed = inject('testbed');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const desk = (extension: string) => {
  const user = bed.operators.find((o) => o.extension === extension);
  if (user === undefined) throw new Error(`the bed has no operator ${extension}`);
  return user;
};

/** A started service for the bed's desk phones; stopped after the test. */
async function service(overrides: Partial<SipServiceOptions> = {}, range = 0): Promise<SipService> {
  const s = new SipService({
    server: bed.sip.host,
    port: bed.sip.port,
    users: [desk('301'), desk('302')],
    rtp: { host: '127.0.0.1', portMin: 46_000 + range * 100, portMax: 46_099 + range * 100 },
    ...overrides,
  });
  cleanups.push(() => s.stop());
  return s;
}

/** The next `n` frames of `media`, leaving the stream open (the call's audio keeps flowing). */
function frames(media: CallMedia, n: number): Promise<Buffer[]> {
  return new Promise((resolve) => {
    const got: Buffer[] = [];
    const onData = (frame: Buffer) => {
      got.push(frame);
      if (got.length < n) return;
      media.off('data', onData);
      media.pause();
      resolve(got);
    };
    media.on('data', onData);
  });
}

/** Samples (8 kHz linear) of a PCM16LE buffer at `rate`. */
function samplesOf(frames: Buffer[]): Int16Array {
  const all = Buffer.concat(frames);
  return new Int16Array(all.buffer, all.byteOffset, all.byteLength / 2);
}

describe('SipService on Asterisk', () => {
  it('registers every extension of SIP_USERS and reports it', async () => {
    const s = await service();
    const seen: RegistrationStatus[] = [];
    s.on('registration', (status) => seen.push(status));
    await s.start();
    expect([...s.registrations.values()].map((r) => [r.extension, r.state])).toEqual([
      ['301', 'registered'],
      ['302', 'registered'],
    ]);
    expect(
      seen
        .filter((r) => r.state === 'registered')
        .map((r) => r.extension)
        .sort(),
    ).toEqual(['301', '302']);
  });

  it('refuses a wrong password clearly, once, without retrying', async () => {
    const s = await service({ users: [{ ...desk('301'), password: 'not-the-password' }] });
    const seen: RegistrationStatus[] = [];
    s.on('registration', (status) => seen.push(status));
    const error = await s.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/Extension 301: the PBX refused the credentials/);
    expect((error as Error).message).not.toContain('not-the-password');
    // Straight to failed: no retrying state, so no retry timer (the next attempt is the app's restart).
    expect(seen.map((r) => r.state)).toEqual(['failed']);
    expect(s.registrations.get('301')).toMatchObject({ state: 'failed', attempts: 0 });
  });

  it('calls one extension from the other: audio both ways, DTMF, hang-up', async () => {
    const s = await service({}, 1);
    const answered = new Promise<{ call: SipCall; heard: Int16Array; digits: string }>((resolve, reject) => {
      s.onCall(async (call) => {
        try {
          await call.answer();
          const media = await call.media({ format: 'slin' });
          media.write(Buffer.from(tone(440, 2000, 8000).buffer));
          const digits = call.collectDtmf({ terminator: '#', timeoutMs: 10_000 });
          const heard = await frames(media, 75);
          resolve({ call, heard: samplesOf(heard.slice(25)), digits: await digits });
        } catch (error) {
          reject(error);
        }
      });
    });
    await s.start();
    const caller = await within(s.call('301', { from: '302' }), 15_000, '301 to answer');
    expect(caller.direction).toBe('outbound');
    const media = await caller.media({ format: 'slin' });
    media.write(Buffer.from(tone(1000, 2000, 8000).buffer));
    const heard = await within(frames(media, 75), 10_000, 'the caller to hear the callee');
    await caller.sendDtmf('42#');
    const callee = await within(answered, 15_000, 'the callee to hear the caller and collect DTMF');
    expect(callee.call.direction).toBe('inbound');
    expect(callee.call.caller.number).toBe('302');
    expect(dominantFrequency(callee.heard, 8000, [440, 1000])).toBe(1000);
    expect(dominantFrequency(samplesOf(heard.slice(25)), 8000, [440, 1000])).toBe(440);
    expect(callee.digits).toBe('42');
    const ended = new Promise((resolve) => callee.call.once('end', resolve));
    await caller.hangup();
    expect(await within(ended, 10_000, 'the BYE to reach the callee')).toBe('hangup');
    expect(s.calls.size).toBe(0);
  });
});

describe('SipService with sipp phones', () => {
  it('takes a call from a desk phone: hears its tone, goes on through hold and resume, ends on its BYE', async () => {
    const dir = join(process.cwd(), 'node_modules/.cache/aipbx-test/sip');
    await mkdir(dir, { recursive: true });
    const pcap = join(dir, 'tone-1000-pcmu.pcap');
    await writeTonePcap(pcap, { freqHz: 1000, ms: 2000, codec: 'pcmu' });
    const s = await service({ users: [desk('301')] }, 2);
    const events: string[] = [];
    const heard = new Promise<{ call: SipCall; samples: Int16Array }>((resolve, reject) => {
      s.onCall(async (call) => {
        try {
          call.on('hold', () => events.push('hold'));
          call.on('resume', () => events.push('resume'));
          call.on('end', (reason) => events.push(`end:${reason}`));
          await call.answer();
          const media = await call.media({ format: 'slin' });
          const got = await frames(media, 60);
          resolve({ call, samples: samplesOf(got.slice(20)) });
        } catch (error) {
          reject(error);
        }
      });
    });
    await s.start();
    const phone = callFromPhone(bed, {
      from: '302',
      to: '301',
      pcap,
      toneMs: 2500,
      holdMs: 500,
      talkMs: 500,
    });
    const { call, samples } = await within(heard, 15_000, 'the service to hear the phone');
    expect(call.caller.number).toBe('302');
    expect(dominantFrequency(samples, 8000, [440, 1000])).toBe(1000);
    const done = await within(phone, 20_000, 'sipp to finish');
    expect(done.code, `sipp: ${done.stderr.slice(-500)}`).toBe(0);
    await within(
      new Promise<void>((resolve) => (call.ended ? resolve() : call.once('end', () => resolve()))),
      5000,
      'the call to end',
    );
    // Asterisk keeps a held call's media on itself and plays its music to the other side (its
    // moh_passthrough defaults to no), so the call goes on through the phone's hold and resume
    // without a re-INVITE to the service; a PBX that passes hold on sends one (tested with the
    // description handler's unit tests).
    expect(events).toEqual(['end:hangup']);
  });
});

describe('SipService placing calls', () => {
  it('calls a desk phone through the PBX, plays it a WAV, and hangs up', async () => {
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '302', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '302', { contactPort: port, expires: 0 }));
    const phone = await startPhone(port, 'answer.xml');
    cleanups.push(() => phone.kill());
    const s = await service({ users: [desk('301')] }, 3);
    await s.start();
    const call = await within(s.call('302', { from: '301' }), 15_000, 'the phone to answer');
    expect(call).toMatchObject({ direction: 'outbound', extension: '301', called: { number: '302' } });
    const dir = join(process.cwd(), 'node_modules/.cache/aipbx-test/sip');
    await mkdir(dir, { recursive: true });
    const prompt = join(dir, 'prompt-440.wav');
    await writeFile(prompt, encodeWav(tone(440, 600, 16_000), 16_000));
    const started = performance.now();
    expect(await within(call.play(prompt), 5000, 'the prompt to play')).toBe('done');
    // Paced in real time: 600 ms of audio takes about 600 ms, never a burst.
    expect(performance.now() - started).toBeGreaterThanOrEqual(560);
    await call.hangup();
    expect((await phone.done).code, 'the phone got the BYE').toBe(0);
    expect(call.ended).toBe('hangup');
  });

  it('fails with CallFailedError (busy) when the phone answers 486', async () => {
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '302', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '302', { contactPort: port, expires: 0 }));
    const phone = await startPhone(port, 'busy.xml');
    cleanups.push(() => phone.kill());
    const s = await service({ users: [desk('301')] }, 4);
    await s.start();
    const failure = await s.call('302', { from: '301' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CallFailedError);
    expect(failure).toMatchObject({ reason: 'busy', leg: 'to' });
    expect(s.calls.size).toBe(0);
    await phone.done;
  });
});

describe('SipService giving up on calls', () => {
  it('cancels a call nobody answers (ring timeout, then an abort), and names an unknown extension', async () => {
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '302', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '302', { contactPort: port, expires: 0 }));
    const s = await service({ users: [desk('301')] }, 6);
    await s.start();

    const ringing = await startPhone(port, 'ring.xml');
    cleanups.push(() => ringing.kill());
    const timedOut = await s.call('302', { from: '301', ringTimeoutMs: 1500 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(timedOut).toBeInstanceOf(CallFailedError);
    expect(timedOut).toMatchObject({ reason: 'no-answer' });
    expect((timedOut as Error).message).toMatch(/did not answer within 1500 ms/);
    expect((await ringing.done).code, 'the phone got the CANCEL').toBe(0);

    const again = await startPhone(port, 'ring.xml');
    cleanups.push(() => again.kill());
    const controller = new AbortController();
    const aborted = s.call('302', { from: '301', signal: controller.signal }).then(
      () => undefined,
      (error: unknown) => error,
    );
    setTimeout(() => controller.abort(), 500);
    expect(await within(aborted, 10_000, 'the abort')).toBeInstanceOf(AbortError);
    expect((await again.done).code, 'the phone got the CANCEL').toBe(0);

    const unknown = await s.call('nobody', { from: '301' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(unknown).toBeInstanceOf(CallFailedError);
    expect(unknown).toMatchObject({ reason: 'unavailable' });
    expect((unknown as Error).message).toMatch(/The call to nobody was refused: 404/);
    expect(s.calls.size).toBe(0);
  });
});

describe('SipService prompts and recordings', () => {
  it('records the caller and stops a prompt when the caller hangs up mid-playback', async () => {
    const dir = join(process.cwd(), 'node_modules/.cache/aipbx-test/sip');
    await mkdir(dir, { recursive: true });
    const pcap = join(dir, 'tone-1000-pcmu.pcap');
    await writeTonePcap(pcap, { freqHz: 1000, ms: 2000, codec: 'pcmu' });
    const prompt = join(dir, 'prompt-long.wav');
    await writeFile(prompt, encodeWav(tone(440, 8000, 8000), 8000));
    const recording = join(dir, 'caller.wav');
    const s = await service({ users: [desk('301')] }, 5);
    const outcome = new Promise<{ played: string; recorded: SipRecordResult }>((resolve, reject) => {
      s.onCall(async (call) => {
        try {
          await call.answer();
          const recorded = call.record(recording, { maxDurationSeconds: 30 });
          const played = await call.play(prompt);
          resolve({ played, recorded: await recorded });
        } catch (error) {
          reject(error);
        }
      });
    });
    await s.start();
    const phone = callFromPhone(bed, { from: '302', to: '301', pcap, toneMs: 2000, holdMs: 0, talkMs: 0 });
    const { played, recorded } = await within(outcome, 15_000, 'the prompt and the recording to end');
    expect((await phone).code).toBe(0);
    expect(played).toBe('hangup');
    expect(recorded.outcome).toBe('hangup');
    expect(recorded.durationSeconds).toBeGreaterThan(1.5);
    expect(recorded.durationSeconds).toBeLessThan(4);
    const wav = readWav(await readFile(recording));
    expect(wav.sampleRate).toBe(8000);
    expect(dominantFrequency(wav.samples.subarray(4000, 12_000), 8000, [440, 1000])).toBe(1000);
  });
});

describe('SipService under load', () => {
  it('carries 50 concurrent calls with media both ways: no packet lost, every port back in the range', async () => {
    const { rtpStart, rtpEnd } = bed.ports;
    // Each call holds four of Asterisk's RTP ports (the phone's leg and the service's): more than the bed's 100.
    await setRtpPorts(bed, rtpStart, rtpStart + 399);
    cleanups.push(() => setRtpPorts(bed, rtpStart, rtpEnd));
    const dir = join(process.cwd(), 'node_modules/.cache/aipbx-test/sip');
    await mkdir(dir, { recursive: true });
    const pcap = join(dir, 'tone-1000-pcmu-3s.pcap');
    await writeTonePcap(pcap, { freqHz: 1000, ms: 3000, codec: 'pcmu' });
    const range = { portMin: 46_600, portMax: 46_699 }; // 100 ports: 50 calls exactly
    const s = await service({ users: [desk('301')], rtp: { host: '127.0.0.1', ...range } });
    const results: { framesIn: number; dropped: number; stats: RtpSessionStats | undefined }[] = [];
    let peak = 0;
    const allDone = new Promise<void>((resolve, reject) => {
      s.onCall(async (call) => {
        try {
          await call.answer();
          peak = Math.max(peak, s.calls.size);
          const media = await call.media({ format: 'slin' });
          media.write(Buffer.from(tone(440, 3000, 8000).buffer));
          let framesIn = 0;
          for await (const _ of media) framesIn++;
          results.push({ framesIn, dropped: media.stats.framesInDropped, stats: call.rtpStats });
          if (results.length === 50) resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    await s.start();
    const phones = await callFromPhone(bed, {
      from: '302',
      to: '301',
      pcap,
      toneMs: 5000, // the 3 s pcap, with room for a busy machine to finish sending it
      holdMs: 0,
      talkMs: 0,
      calls: 50,
      rate: 50,
      timeoutSec: 60,
    });
    expect(phones.code, `sipp: ${phones.stderr.slice(-500)}`).toBe(0);
    await within(allDone, 20_000, 'every call to end');
    expect(peak).toBe(50);
    for (const r of results) {
      expect(r.stats?.packetsLost).toBe(0);
      expect(r.dropped).toBe(0);
      // 3 s of the phone's tone at 50 packets a second, and more around it (silence, hold).
      expect(r.stats?.packetsReceived).toBeGreaterThanOrEqual(150);
      // Our 3 s of 440 Hz went out too, and silence after it until the phone hung up.
      expect(r.stats?.packetsSent).toBeGreaterThanOrEqual(150);
      expect(r.framesIn).toBeGreaterThanOrEqual(150);
    }
    expect(s.calls.size).toBe(0);
    // Every port of the range binds again: nothing was kept.
    for (let port = range.portMin; port <= range.portMax; port++) {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
  });
});

describe('SipService over TCP and TLS, and across a PBX restart', () => {
  it('registers and calls over TCP, and over TLS with the PBX’s certificate trusted', async () => {
    for (const [transport, port] of [
      ['tcp', bed.sip.port],
      ['tls', bed.sip.tlsPort],
    ] as const) {
      const s = await service({ transport, port, ...(transport === 'tls' ? { ca: bed.certPem } : {}) }, 7);
      const answered = new Promise<SipCall>((resolve) =>
        s.onCall(async (call) => {
          await call.answer();
          await call.media(); // silence until written: RTP flows both ways
          resolve(call);
        }),
      );
      await s.start();
      const caller = await within(s.call('301', { from: '302' }), 15_000, `a call over ${transport}`);
      const callee = await within(answered, 5000, 'the callee');
      const media = await caller.media({ format: 'slin' });
      expect((await within(frames(media, 10), 5000, `audio over ${transport}`)).length).toBe(10);
      const ended = new Promise((resolve) => callee.once('end', resolve));
      await caller.hangup();
      expect(await within(ended, 5000, 'the BYE')).toBe('hangup');
      await s.stop();
    }
  });

  it('refuses a TLS PBX whose certificate it cannot verify, saying why', async () => {
    const s = await service({ transport: 'tls', port: bed.sip.tlsPort, reconnect: { maxAttempts: 0 } }, 7);
    const error = await s.start(5000).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/certificate/i);
  });

  it('registers again after Asterisk restarts (TCP: the connection drops and comes back)', async () => {
    const s = await service(
      { transport: 'tcp', users: [desk('301')], reconnect: { initialDelayMs: 200, maxDelayMs: 1000 } },
      8,
    );
    await s.start();
    const seen: string[] = [];
    const again = new Promise<void>((resolve) =>
      s.on('registration', (status) => {
        seen.push(status.state);
        if (status.state === 'registered') resolve();
      }),
    );
    const ami = await openRawAmi(bed);
    ami.send({ Action: 'Command', Command: 'core restart now' });
    await ami.close().catch(() => undefined);
    // Asterisk may take the connection before its registrar is up and drop the first REGISTER: the
    // line gives such an attempt up after 8 s and starts over.
    await within(again, 45_000, 'the extension to be registered again');
    expect(seen[0]).toBe('retrying');
    expect(s.registrations.get('301')?.state).toBe('registered');
    // And it takes calls again.
    const port = await freeUdpPort(PHONE_IP);
    await registerPhone(bed, '302', { contactPort: port });
    cleanups.push(() => registerPhone(bed, '302', { contactPort: port, expires: 0 }));
    const phone = await startPhone(port, 'answer.xml');
    cleanups.push(() => phone.kill());
    const call = await within(s.call('302', { from: '301' }), 15_000, 'a call after the restart');
    await call.hangup();
    expect((await phone.done).code).toBe(0);
  }, 90_000);
});

describe('SipService seen by AMI', () => {
  it('shows the service’s extension as registered and its call in the call monitor', async () => {
    const ami = new AmiClient({
      host: bed.ami.host,
      port: bed.ami.port,
      username: bed.ami.monitor.username,
      secret: bed.ami.monitor.secret,
    });
    const monitor = new CallMonitor(ami);
    cleanups.push(() => ami.close());
    cleanups.push(() => monitor.stop());
    await ami.connect();
    await monitor.start();
    const s = await service({}, 9);
    const answered = new Promise<SipCall>((resolve) =>
      s.onCall(async (call) => resolve(await call.answer().then(() => call))),
    );
    const available = new Promise<void>((resolve) => {
      const check = () => {
        if (monitor.getExtension('301')?.state === 'idle') resolve();
      };
      monitor.on('extension:update', check);
      check();
    });
    await s.start();
    await within(available, 10_000, 'AMI to see 301 idle (registered)');
    const started = new Promise<string[]>((resolve) =>
      monitor.on('call:start', (call) => resolve(call.channels.map((c) => c.name))),
    );
    const caller = await within(s.call('301', { from: '302' }), 15_000, 'the call');
    await within(answered, 5000, 'the callee');
    const channels = await within(started, 5000, 'the monitor to see the call');
    expect(channels.some((name) => name.startsWith('PJSIP/302-'))).toBe(true);
    await caller.hangup();
    await s.stop();
    const gone = new Promise<void>((resolve) => {
      const check = () => {
        if (monitor.getExtension('301')?.state === 'unavailable') resolve();
      };
      monitor.on('extension:update', check);
      check();
    });
    await within(gone, 10_000, 'AMI to see 301 unavailable once the service unregistered');
  });
});
