// Tests of testbed/support/audio.ts, kept here so the unit tier runs them.

import { dominantFrequency, goertzel, readWav, rms, tone, toneRuns } from '@aipbx/testbed/support/audio.js';
import { describe, expect, it } from 'vitest';
import { decodeAlaw, encodeAlaw } from './g711.js';

const RATE = 8000;

/** Joins sample arrays end to end. */
function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const silence = (ms: number, rate = RATE): Int16Array => new Int16Array((ms * rate) / 1000);

/** Deterministic white noise of peak `amplitude` (a fixed linear congruential sequence). */
function noise(ms: number, amplitude: number): Int16Array {
  const out = new Int16Array((ms * RATE) / 1000);
  let state = 12_345;
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    out[i] = Math.round(((state / 2 ** 32) * 2 - 1) * amplitude);
  }
  return out;
}

describe('tone', () => {
  it('samples a sine from phase 0', () => {
    expect([...tone(1000, 1, RATE)]).toEqual([0, 5657, 8000, 5657, 0, -5657, -8000, -5657]);
    expect([...tone(1000, 1, RATE, 100)]).toEqual([0, 71, 100, 71, 0, -71, -100, -71]);
  });

  it('lasts ms × rate / 1000 samples, rounded', () => {
    expect(tone(440, 1000, RATE).length).toBe(8000);
    expect(tone(440, 20, 16_000).length).toBe(320);
    expect(tone(440, 0.1, RATE).length).toBe(1);
    expect(tone(440, 0, RATE).length).toBe(0);
  });

  it('rejects arguments that make no tone, saying which', () => {
    expect(() => tone(0, 10, RATE)).toThrow(/frequency must be a positive number, got 0/);
    expect(() => tone(440, -1, RATE)).toThrow(/length must be 0 ms or more, got -1/);
    expect(() => tone(440, 10, Number.NaN)).toThrow(/sample rate/);
    expect(() => tone(440, 10, RATE, 40_000)).toThrow(/amplitude must be from 0 to 32767, got 40000/);
  });
});

describe('rms', () => {
  it('measures a sine as amplitude / √2, and simple arrays exactly', () => {
    expect(rms(tone(1000, 1000, RATE))).toBeCloseTo(8000 / Math.SQRT2, 0);
    expect(rms([3, 4])).toBeCloseTo(Math.sqrt(12.5), 10);
    expect(rms([-5, -5])).toBe(5);
    expect(rms([])).toBe(0);
  });
});

describe('goertzel', () => {
  it('gives A²/2 for a sine of amplitude A at the probed frequency, on or off a DFT bin', () => {
    expect(goertzel(tone(1000, 1000, RATE), RATE, 1000) / 32e6).toBeCloseTo(1, 3);
    // 440 Hz over 160 samples is 8.8 cycles: not on a bin.
    expect(goertzel(tone(440, 20, RATE), RATE, 440) / 32e6).toBeCloseTo(1, 1);
    expect(goertzel(tone(1000, 20, RATE, 1000), RATE, 1000)).toBeCloseTo(500_000, -3);
  });

  it('gives next to nothing away from the tone', () => {
    const t = tone(1000, 100, RATE);
    expect(goertzel(t, RATE, 1500)).toBeLessThan(32e6 * 1e-3);
    expect(goertzel(t, RATE, 697)).toBeLessThan(32e6 * 1e-3);
    expect(goertzel(silence(100), RATE, 1000)).toBe(0);
    expect(goertzel([], RATE, 1000)).toBe(0);
  });
});

describe('dominantFrequency', () => {
  const candidates = [350, 440, 697, 941, 1000, 1209, 1477];

  it('names the candidate a tone is at', () => {
    for (const f of candidates) expect(dominantFrequency(tone(f, 100, RATE), RATE, candidates)).toBe(f);
  });

  it('names the louder of two tones, through G.711 and under noise', () => {
    const a = tone(697, 200, RATE, 4000);
    const b = tone(1209, 200, RATE, 8000);
    const n = noise(200, 1000);
    const mix = a.map((v, i) => v + b[i]! + n[i]!);
    expect(dominantFrequency(decodeAlaw(encodeAlaw(mix)), RATE, candidates)).toBe(1209);
  });

  it('needs at least one candidate', () => {
    expect(() => dominantFrequency(tone(440, 20, RATE), RATE, [])).toThrow(/at least one candidate/);
  });
});

/** A WAV file as Asterisk's format_wav writes it, optionally with extra chunks before `data`. */
function wav(
  samples: Int16Array,
  options: { rate?: number; channels?: number; extra?: Buffer[]; sizes?: boolean } = {},
) {
  const { rate = RATE, channels = 1, extra = [], sizes = true } = options;
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8); // PCM
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE(rate * 2 * channels, 16);
  fmt.writeUInt16LE(2 * channels, 20);
  fmt.writeUInt16LE(16, 22);
  const data = Buffer.alloc(8 + samples.length * 2);
  data.write('data', 0, 'latin1');
  data.writeUInt32LE(sizes ? samples.length * 2 : 0, 4);
  for (const [i, s] of samples.entries()) data.writeInt16LE(s, 8 + 2 * i);
  const body = Buffer.concat([Buffer.from('WAVE'), fmt, ...extra, data]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(sizes ? body.length : 0, 4);
  return Buffer.concat([head, body]);
}

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

describe('readWav', () => {
  const samples = Int16Array.of(0, 1, -1, 32_767, -32_768, 1234);

  it('reads the 44-byte header Asterisk writes', () => {
    const file = wav(samples);
    expect(file.length).toBe(44 + 12);
    const audio = readWav(file);
    expect(audio.sampleRate).toBe(8000);
    expect(audio.channels).toBe(1);
    expect([...audio.samples]).toEqual([...samples]);
  });

  it('walks past other chunks, including an odd-sized one with its pad byte', () => {
    const extra = [
      chunk('LIST', Buffer.from('INFOISFT\x03\x00\x00\x00ab\x00', 'latin1')),
      chunk('fact', Buffer.alloc(4)),
    ];
    expect(extra[0]!.length % 2).toBe(0);
    expect(extra[0]!.readUInt32LE(4) % 2).toBe(1);
    const audio = readWav(wav(samples, { rate: 16_000, extra }));
    expect(audio.sampleRate).toBe(16_000);
    expect([...audio.samples]).toEqual([...samples]);
  });

  it('reads interleaved stereo, from a buffer at an offset', () => {
    const file = wav(samples, { channels: 2 });
    const outer = Buffer.concat([Buffer.alloc(3), file]);
    const audio = readWav(outer.subarray(3));
    expect(audio.channels).toBe(2);
    expect([...audio.samples]).toEqual([...samples]);
  });

  it('reads a recording Asterisk has not closed yet (sizes still 0) to the end of the file', () => {
    const audio = readWav(wav(samples, { sizes: false }));
    expect([...audio.samples]).toEqual([...samples]);
  });

  it('reads what there is of a data chunk cut short, in whole frames', () => {
    const file = wav(samples, { channels: 2 });
    const audio = readWav(file.subarray(0, file.length - 3));
    expect([...audio.samples]).toEqual([0, 1, -1, 32_767]);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with the PCM sub-format', () => {
    const ext = Buffer.alloc(48);
    ext.write('fmt ', 0, 'latin1');
    ext.writeUInt32LE(40, 4);
    ext.writeUInt16LE(0xfffe, 8);
    ext.writeUInt16LE(1, 10);
    ext.writeUInt32LE(48_000, 12);
    ext.writeUInt32LE(96_000, 16);
    ext.writeUInt16LE(2, 20);
    ext.writeUInt16LE(16, 22);
    ext.writeUInt16LE(22, 24); // cbSize
    ext.writeUInt16LE(16, 26); // valid bits
    ext.writeUInt32LE(4, 28); // channel mask
    ext.writeUInt16LE(1, 32); // sub-format GUID starts with the PCM tag
    const data = chunk('data', Buffer.from(Int16Array.of(7, -7).buffer));
    const body = Buffer.concat([Buffer.from('WAVE'), ext, data]);
    const head = Buffer.from('RIFF\0\0\0\0', 'latin1');
    head.writeUInt32LE(body.length, 4);
    expect(readWav(Buffer.concat([head, body]))).toEqual({
      sampleRate: 48_000,
      channels: 1,
      samples: Int16Array.of(7, -7),
    });
  });

  it('says what is wrong with a file it cannot read', () => {
    expect(() => readWav(Buffer.from('not a wav file at all'))).toThrow(/not a WAV file/);
    expect(() => readWav(Buffer.alloc(4))).toThrow(/not a WAV file/);

    const eightBit = wav(samples);
    eightBit.writeUInt16LE(8, 34);
    expect(() => readWav(eightBit)).toThrow(/8-bit, not 16-bit/);

    const float = wav(samples);
    float.writeUInt16LE(3, 20);
    expect(() => readWav(float)).toThrow(/format tag is 3, not 1/);

    const noData = wav(samples).subarray(0, 36);
    expect(() => readWav(noData)).toThrow(/no data chunk/);

    const noFmt = Buffer.concat([
      Buffer.from('RIFF\x10\0\0\0WAVE', 'latin1'),
      chunk('junk', Buffer.alloc(4)),
    ]);
    expect(() => readWav(noFmt)).toThrow(/no fmt chunk/);

    const dataFirst = Buffer.concat([
      Buffer.from('RIFF\x10\0\0\0WAVE', 'latin1'),
      chunk('data', Buffer.alloc(4)),
    ]);
    expect(() => readWav(dataFirst)).toThrow(/data chunk comes before any fmt chunk/);

    const shortFmt = Buffer.concat([
      Buffer.from('RIFF\x10\0\0\0WAVE', 'latin1'),
      chunk('fmt ', Buffer.alloc(14)),
    ]);
    expect(() => readWav(shortFmt)).toThrow(/fmt chunk is 14 bytes, shorter than 16/);
  });
});

describe('toneRuns', () => {
  it('finds each stretch of the tone on window boundaries', () => {
    const s = concat(silence(100), tone(1000, 200, RATE), silence(100), tone(1000, 60, RATE), silence(40));
    expect(toneRuns(s, RATE, 1000)).toEqual([
      [100, 300],
      [400, 460],
    ]);
    expect(toneRuns(s, RATE, 1000, 10)).toEqual([
      [100, 300],
      [400, 460],
    ]);
  });

  it('puts run edges within half a window of tone edges that fall inside windows', () => {
    // Tone from 105 ms to 305 ms: the window at 100 is ¾ tone, the one at 300 only ¼.
    const s = concat(silence(105), tone(1000, 200, RATE), silence(95));
    expect(toneRuns(s, RATE, 1000)).toEqual([[100, 300]]);
    const t = concat(silence(115), tone(1000, 200, RATE), silence(85));
    expect(toneRuns(t, RATE, 1000)).toEqual([[120, 320]]);
  });

  it('ignores windows where another sound dominates, and finds nothing in noise or silence', () => {
    const s = concat(tone(1000, 100, RATE), tone(440, 100, RATE), tone(1000, 40, RATE));
    expect(toneRuns(s, RATE, 1000)).toEqual([
      [0, 100],
      [200, 240],
    ]);
    expect(toneRuns(s, RATE, 440)).toEqual([[100, 200]]);
    expect(toneRuns(noise(1000, 8000), RATE, 1000)).toEqual([]);
    expect(toneRuns(silence(1000), RATE, 1000)).toEqual([]);
    expect(toneRuns([], RATE, 1000)).toEqual([]);
  });

  it('works through A-law, whose silence decodes to a small constant', () => {
    const s = concat(silence(60), tone(697, 120, RATE, 3000), silence(60));
    const decoded = decodeAlaw(encodeAlaw(s));
    expect(decoded[0]).toBe(8);
    expect(toneRuns(decoded, RATE, 697)).toEqual([[60, 180]]);
  });

  it('takes an absolute threshold in Goertzel power', () => {
    const s = concat(tone(1000, 40, RATE, 1000), tone(1000, 40, RATE, 8000));
    // Full windows: 1000²/2 = 5e5 and 8000²/2 = 3.2e7.
    expect(toneRuns(s, RATE, 1000)).toEqual([[40, 80]]);
    expect(toneRuns(s, RATE, 1000, 20, 1e5)).toEqual([[0, 80]]);
    expect(toneRuns(s, RATE, 1000, 20, 1e8)).toEqual([]);
  });

  it('leaves out a tail shorter than a window, and reports times at other sample rates', () => {
    expect(toneRuns(tone(1000, 50, RATE), RATE, 1000)).toEqual([[0, 40]]);
    expect(toneRuns(concat(silence(40, 16_000), tone(1000, 40, 16_000)), 16_000, 1000)).toEqual([[40, 80]]);
  });

  it('rejects a window that holds no sample', () => {
    expect(() => toneRuns(tone(1000, 50, RATE), RATE, 1000, 0)).toThrow(
      /window length must be a positive number/,
    );
    expect(() => toneRuns(tone(1000, 50, RATE), RATE, 1000, 0.01)).toThrow(/holds no sample/);
  });
});
