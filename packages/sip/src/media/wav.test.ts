import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@aipbx/core';
import { encodeAlaw, encodeUlaw } from '@aipbx/media';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWav, pcm16leToSamples, readWav, samplesToPcm16le, WavWriter } from './wav.js';

const ramp = (length: number, step = 97): Int16Array =>
  Int16Array.from({ length }, (_, i) => ((i * step) % 60_000) - 30_000);

interface FmtInit {
  code: number;
  channels?: number;
  sampleRate?: number;
  bits?: number;
  /** Bytes after the 16 standard ones (cbSize and extension). */
  extra?: Buffer;
}

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
}

function fmt({ code, channels = 1, sampleRate = 8000, bits = 16, extra = Buffer.alloc(0) }: FmtInit): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt16LE(code, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(sampleRate, 4);
  body.writeUInt32LE((sampleRate * channels * bits) / 8, 8);
  body.writeUInt16LE((channels * bits) / 8, 12);
  body.writeUInt16LE(bits, 14);
  return chunk('fmt ', Buffer.concat([body, extra]));
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function problemsOf(bytes: Uint8Array): { field: string; message: string }[] {
  try {
    readWav(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).problems];
  }
  throw new Error('readWav accepted the file');
}

describe('readWav', () => {
  it.each([8000, 16_000])('reads 16-bit PCM mono at %i Hz', (sampleRate) => {
    const samples = ramp(1000);
    expect(readWav(encodeWav(samples, sampleRate))).toEqual({ sampleRate, samples });
  });

  it('reads G.711 µ-law (format 7) and A-law (format 6) with cbSize and a fact chunk', () => {
    const samples = ramp(400);
    const cbSize = Buffer.alloc(2);
    const fact = chunk('fact', Buffer.from([0x90, 0x01, 0, 0]));
    const ulaw = readWav(
      riff(fmt({ code: 7, bits: 8, extra: cbSize }), fact, chunk('data', encodeUlaw(samples))),
    );
    expect(ulaw.sampleRate).toBe(8000);
    expect(ulaw.samples.length).toBe(400);
    // G.711 is lossy: within half a step of the largest segment.
    for (let i = 0; i < 400; i++) expect(Math.abs(ulaw.samples[i]! - samples[i]!)).toBeLessThanOrEqual(1100);
    const alaw = readWav(riff(fmt({ code: 6, bits: 8, extra: cbSize }), chunk('data', encodeAlaw(samples))));
    for (let i = 0; i < 400; i++) expect(Math.abs(alaw.samples[i]! - samples[i]!)).toBeLessThanOrEqual(1100);
  });

  it('skips unknown chunks, odd-sized ones with their pad byte included', () => {
    const samples = ramp(10);
    const list = chunk('LIST', Buffer.from('INFOISFT\x03\x00\x00\x00ab\x00', 'latin1')); // 15 bytes + pad
    const bytes = riff(
      list,
      fmt({ code: 1 }),
      chunk('junk', Buffer.alloc(3)),
      chunk('data', samplesToPcm16le(samples)),
    );
    expect(readWav(bytes).samples).toEqual(samples);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE by its sub-format', () => {
    const extension = Buffer.alloc(24);
    extension.writeUInt16LE(22, 0); // cbSize
    extension.writeUInt16LE(16, 2); // valid bits
    extension.writeUInt32LE(4, 4); // channel mask
    extension.writeUInt16LE(1, 8); // sub-format GUID begins with the PCM code
    const samples = ramp(20);
    const bytes = riff(
      fmt({ code: 0xfffe, sampleRate: 16_000, extra: extension }),
      chunk('data', samplesToPcm16le(samples)),
    );
    expect(readWav(bytes)).toEqual({ sampleRate: 16_000, samples });
  });

  it('reads a data chunk cut short, or one whose size was never written, to the end of the file', () => {
    const whole = encodeWav(ramp(100), 8000);
    expect(readWav(whole.subarray(0, 44 + 51)).samples).toEqual(ramp(25));
    const unfinished = Buffer.from(whole);
    unfinished.writeUInt32LE(0, 40);
    expect(readWav(unfinished).samples).toEqual(ramp(100));
    unfinished.writeUInt32LE(0xffff_ffff, 40);
    expect(readWav(unfinished).samples).toEqual(ramp(100));
  });

  it('names everything wrong with a stereo 44.1 kHz file and says how to convert it', () => {
    const problems = problemsOf(
      riff(fmt({ code: 1, channels: 2, sampleRate: 44_100 }), chunk('data', Buffer.alloc(8))),
    );
    expect(problems.map((p) => p.field)).toEqual(['channels', 'sampleRate']);
    expect(problems[0]!.message).toMatch(/is 2; only mono.*sox in\.wav -r 8000 -c 1 -b 16 out\.wav/);
    expect(problems[1]!.message).toMatch(/44100 Hz; supported are 8000 and 16000 Hz/);
  });

  it.each([
    [
      '8-bit PCM',
      riff(fmt({ code: 1, bits: 8 }), chunk('data', Buffer.alloc(4))),
      'bitsPerSample',
      /is 8; PCM must have 16/,
    ],
    [
      '24-bit PCM',
      riff(fmt({ code: 1, bits: 24 }), chunk('data', Buffer.alloc(6))),
      'bitsPerSample',
      /is 24/,
    ],
    [
      'IEEE float',
      riff(fmt({ code: 3, bits: 32 }), chunk('data', Buffer.alloc(8))),
      'format',
      /IEEE float \(code 3\)/,
    ],
    ['MP3', riff(fmt({ code: 85, bits: 0 }), chunk('data', Buffer.alloc(8))), 'format', /MP3/],
    [
      'µ-law at 16 kHz',
      riff(fmt({ code: 7, bits: 8, sampleRate: 16_000 }), chunk('data', Buffer.alloc(8))),
      'sampleRate',
      /supported are 8000 Hz/,
    ],
    ['not RIFF', Buffer.from('OggS\0\0\0\0\0\0\0\0\0\0'), 'header', /not a WAV file/],
    ['no fmt chunk', riff(chunk('data', Buffer.alloc(8))), 'fmt', /missing/],
    ['no data chunk', riff(fmt({ code: 1 })), 'data', /no audio/],
    ['a short fmt chunk', riff(chunk('fmt ', Buffer.alloc(8))), 'fmt', /too short/],
  ])('refuses %s with a ValidationError naming %s', (_name, bytes, field, message) => {
    const problems = problemsOf(bytes);
    expect(problems[0]).toMatchObject({ field });
    expect(problems[0]!.message).toMatch(message);
  });
});

describe('PCM16LE', () => {
  it('converts both ways, from any byte offset', () => {
    const samples = Int16Array.of(0, 1, -1, 32_767, -32_768, 256);
    const bytes = samplesToPcm16le(samples);
    expect(bytes.toString('hex')).toBe('00000100ffffff7f00800001');
    const unaligned = Buffer.concat([Buffer.alloc(1), bytes]).subarray(1);
    expect(pcm16leToSamples(unaligned)).toEqual(samples);
    expect(pcm16leToSamples(Buffer.from([1, 0, 2]))).toEqual(Int16Array.of(1));
  });
});

describe('WavWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aipbx-wav-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams samples and patches the sizes on close: the file is what encodeWav makes', async () => {
    const path = join(dir, 'call.wav');
    const wav = await WavWriter.open(path, 16_000);
    const frames = [ramp(320, 3), ramp(320, 5), ramp(17, 7)];
    // Not awaited one by one: writes land in call order anyway.
    await Promise.all(frames.map((f) => wav.write(f)));
    expect(wav.samplesWritten).toBe(657);
    await wav.close();
    const all = Int16Array.from(frames.flatMap((f) => [...f]));
    const bytes = await readFile(path);
    expect(bytes).toEqual(encodeWav(all, 16_000));
    expect(bytes.readUInt32LE(4)).toBe(36 + 657 * 2);
    expect(bytes.readUInt32LE(40)).toBe(657 * 2);
    expect(readWav(bytes)).toEqual({ sampleRate: 16_000, samples: all });
  });

  it('writes a valid empty file; close is idempotent; writes after close are dropped', async () => {
    const path = join(dir, 'empty.wav');
    const wav = await WavWriter.open(path, 8000);
    const closing = wav.close();
    expect(wav.close()).toBe(closing);
    await closing;
    await wav.write(ramp(10));
    expect(await readFile(path)).toEqual(encodeWav(new Int16Array(0), 8000));
  });

  it('leaves a readable file before close (sizes still 0)', async () => {
    const path = join(dir, 'open.wav');
    const wav = await WavWriter.open(path, 8000);
    await wav.write(ramp(160));
    expect(readWav(await readFile(path)).samples).toEqual(ramp(160));
    await wav.close();
  });

  it('refuses a sample rate that is not a whole number of Hz', async () => {
    await expect(WavWriter.open(join(dir, 'x.wav'), 0)).rejects.toBeInstanceOf(ValidationError);
    expect(() => encodeWav(new Int16Array(1), 8000.5)).toThrow(/sampleRate/);
  });
});
