import { once } from 'node:events';
import { onceEvent } from '@aipbx/core';
import {
  CallMedia,
  decodeAlaw,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  MEDIA_FORMATS,
  type MediaFormat,
} from '@aipbx/media';
import { afterEach, describe, expect, it } from 'vitest';
import { Downsampler, Upsampler } from './resample.js';
import { RtpMediaTransport } from './rtp-media-transport.js';
import { RtpSession, type RtpSessionConfig } from './rtp-session.js';
import { pcm16leToSamples, samplesToPcm16le } from './wav.js';

const HOST = '127.0.0.1';
const WAIT_MS = 2000;
const sessions: RtpSession[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function pair(encoding: 'PCMU' | 'PCMA' = 'PCMU'): Promise<[RtpSession, RtpSession]> {
  const open = async () => {
    const session = await RtpSession.open({ host: HOST, portMin: 46_600, portMax: 46_699 });
    sessions.push(session);
    return session;
  };
  const a = await open();
  const b = await open();
  const config = (port: number): RtpSessionConfig => ({
    remoteAddress: HOST,
    remotePort: port,
    payloadType: encoding === 'PCMU' ? 0 : 8,
    encoding,
    telephoneEventPayloadType: 101,
    direction: 'sendrecv',
  });
  a.configure(config(b.rtpPort));
  b.configure(config(a.rtpPort));
  return [a, b];
}

function tone16k(frames: number, frequency = 1000): Int16Array {
  return Int16Array.from({ length: 320 * frames }, (_, n) =>
    Math.round(8000 * Math.sin((2 * Math.PI * frequency * n) / 16_000)),
  );
}

const ramp8k = (): Int16Array => Int16Array.from({ length: 160 }, (_, i) => (i - 80) * 300);

describe('RtpMediaTransport', () => {
  it('is an rtp transport whose flush does nothing and whose close closes the session', async () => {
    const [a] = await pair();
    const transport = new RtpMediaTransport(a, MEDIA_FORMATS.slin);
    expect(transport.kind).toBe('rtp');
    transport.flush();
    const closed = onceEvent(transport, 'close', { timeoutMs: WAIT_MS });
    await transport.close();
    await closed;
    expect(a.closed).toBe(true);
    await transport.close();
  });

  it('slin16: decimates what it sends and interpolates what it receives, with filter state kept per direction', async () => {
    const [a, b] = await pair();
    const transport = new RtpMediaTransport(a, MEDIA_FORMATS.slin16);
    // Out: three 640-byte frames become three 160-sample packets, as one Downsampler would make them.
    const input = tone16k(3);
    const expectedOut = new Downsampler().process(input);
    const heard: Int16Array[] = [];
    const atB = new Promise<void>((resolve) => {
      b.on('audio', (s) => {
        heard.push(s);
        if (heard.length === 3) resolve();
      });
    });
    for (let f = 0; f < 3; f++) transport.send(samplesToPcm16le(input.subarray(320 * f, 320 * (f + 1))));
    await atB;
    expect(heard.map((s) => s.length)).toEqual([160, 160, 160]);
    const expectedOnWire = decodeUlaw(encodeUlaw(expectedOut));
    expect(Int16Array.from(heard.flatMap((s) => [...s]))).toEqual(expectedOnWire);

    // In: each 160-sample packet becomes one 640-byte frame.
    const frames: Buffer[] = [];
    const atA = new Promise<void>((resolve) => {
      transport.on('audio', (frame) => {
        frames.push(frame);
        if (frames.length === 2) resolve();
      });
    });
    const sent = [ramp8k(), ramp8k().reverse()];
    for (const s of sent) b.sendFrame(s);
    await atA;
    expect(frames.map((f) => f.length)).toEqual([640, 640]);
    const up = new Upsampler();
    const expectedIn = sent.map((s) => samplesToPcm16le(up.process(decodeUlaw(encodeUlaw(s)))));
    expect(frames).toEqual(expectedIn);
  });

  it.each<[MediaFormat, 'PCMU' | 'PCMA']>([
    ['slin', 'PCMU'],
    ['ulaw', 'PCMU'],
    ['ulaw', 'PCMA'],
    ['alaw', 'PCMA'],
    ['alaw', 'PCMU'],
  ])('%s media over a %s call: frames go out and come back in the media format', async (format, encoding) => {
    const [a, b] = await pair(encoding);
    const transport = new RtpMediaTransport(a, MEDIA_FORMATS[format]);
    const wire = (s: Int16Array) =>
      encoding === 'PCMU' ? decodeUlaw(encodeUlaw(s)) : decodeAlaw(encodeAlaw(s));
    const samples = ramp8k();
    const frame =
      format === 'slin'
        ? samplesToPcm16le(samples)
        : format === 'ulaw'
          ? encodeUlaw(samples)
          : encodeAlaw(samples);
    expect(frame.length).toBe(MEDIA_FORMATS[format].frameBytes);
    const media = format === 'slin' ? samples : format === 'ulaw' ? decodeUlaw(frame) : decodeAlaw(frame);

    const out = onceEvent(b, 'audio', { timeoutMs: WAIT_MS });
    transport.send(frame);
    expect((await out)[0]).toEqual(wire(media));

    const incoming = onceEvent(transport, 'audio', { timeoutMs: WAIT_MS });
    b.sendFrame(samples);
    const back = await incoming;
    const received = wire(samples);
    const expected =
      format === 'slin'
        ? samplesToPcm16le(received)
        : format === 'ulaw'
          ? encodeUlaw(received)
          : encodeAlaw(received);
    expect(back[0]).toEqual(expected);
    // Same law on both sides: the bytes on the wire come through unchanged.
    if ((format === 'ulaw' && encoding === 'PCMU') || (format === 'alaw' && encoding === 'PCMA')) {
      expect(back[0]).toEqual(encoding === 'PCMU' ? encodeUlaw(samples) : encodeAlaw(samples));
    }
  });

  it('carries a CallMedia in slin16 both ways', async () => {
    const [a, b] = await pair();
    let teardowns = 0;
    const media = new CallMedia({
      format: MEDIA_FORMATS.slin16,
      transport: new RtpMediaTransport(a, MEDIA_FORMATS.slin16),
      maxQueueMs: 2000,
      maxReadFrames: 50,
      sendSilence: false,
      teardown: async () => {
        teardowns++;
      },
    });
    expect(media.transport).toBe('rtp');

    // The caller speaks: the assistant reads 640-byte frames.
    const read = once(media, 'data', { signal: AbortSignal.timeout(WAIT_MS) });
    b.sendFrame(ramp8k());
    const [frame] = (await read) as [Buffer];
    expect(frame.length).toBe(640);

    // The assistant speaks: the caller hears 8 kHz packets of a 1 kHz tone.
    const heard: Int16Array[] = [];
    const atB = new Promise<void>((resolve) => {
      b.on('audio', (s) => {
        heard.push(s);
        if (heard.length === 4) resolve();
      });
    });
    media.write(samplesToPcm16le(tone16k(4)));
    await atB;
    const steady = Int16Array.from(heard.flatMap((s) => [...s])).subarray(40);
    let crossings = 0;
    for (let i = 1; i < steady.length; i++) if (steady[i - 1]! < 0 !== steady[i]! < 0) crossings++;
    // 1 kHz at 8 kHz: two zero crossings every 8 samples.
    expect(Math.abs(crossings - (steady.length / 8) * 2)).toBeLessThanOrEqual(2);

    await media.close();
    expect(a.closed).toBe(true);
    expect(teardowns).toBe(1);
    expect(pcm16leToSamples(frame).length).toBe(320);
  });
});
