import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Downsampler, RESAMPLE_DELAY_MS, Upsampler } from './resample.js';

function tone(frequency: number, sampleRate: number, length: number, amplitude = 10_000): Int16Array {
  const out = new Int16Array(length);
  for (let n = 0; n < length; n++)
    out[n] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * n) / sampleRate));
  return out;
}

/** Amplitude of the `frequency` component (a single-bin DFT over whole periods). */
function amplitudeAt(samples: Int16Array, frequency: number, sampleRate: number): number {
  let re = 0;
  let im = 0;
  for (let n = 0; n < samples.length; n++) {
    const phase = (2 * Math.PI * frequency * n) / sampleRate;
    re += samples[n]! * Math.cos(phase);
    im += samples[n]! * Math.sin(phase);
  }
  return (2 * Math.hypot(re, im)) / samples.length;
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

const dB = (ratio: number): number => 20 * Math.log10(ratio);

/** Runs `samples` through `convert` in pieces of `size` (the last may be shorter), joined. */
function inPieces(
  convert: (s: Int16Array) => Int16Array,
  samples: Int16Array,
  sizes: readonly number[],
): Int16Array {
  const parts: Int16Array[] = [];
  let offset = 0;
  for (let i = 0; offset < samples.length; i++) {
    const size = sizes[i % sizes.length]!;
    parts.push(convert(samples.subarray(offset, offset + size)));
    offset += size;
  }
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// Whole periods of 1 kHz at 16 kHz (16 samples) after the filter has filled: from sample 128 on.
const settled16k = (s: Int16Array) => s.subarray(128, 128 + 16 * 900);
const settled8k = (s: Int16Array) => s.subarray(64, 64 + 8 * 900);

describe('Upsampler (8 → 16 kHz)', () => {
  it('doubles the samples and keeps a 1 kHz tone at 1 kHz within 1 dB, with its image at 7 kHz 30 dB down', () => {
    const out = new Upsampler().process(tone(1000, 8000, 8000));
    expect(out.length).toBe(16_000);
    const steady = settled16k(out);
    expect(Math.abs(dB(amplitudeAt(steady, 1000, 16_000) / 10_000))).toBeLessThan(1);
    // All the energy is in the 1 kHz component: its RMS is the signal's RMS.
    expect(Math.abs(dB(rms(steady) / (10_000 / Math.SQRT2)))).toBeLessThan(0.1);
    expect(dB(amplitudeAt(steady, 7000, 16_000) / 10_000)).toBeLessThan(-30);
  });

  it('passes 3 kHz (the top of the telephone band) within 1 dB', () => {
    const steady = settled16k(new Upsampler().process(tone(3000, 8000, 8000)));
    expect(Math.abs(dB(amplitudeAt(steady, 3000, 16_000) / 10_000))).toBeLessThan(1);
  });

  it('keeps DC and clips instead of wrapping at full scale', () => {
    const out = new Upsampler().process(new Int16Array(400).fill(32_767));
    expect([...out.subarray(200)].every((s) => s >= 32_760)).toBe(true);
    const negative = new Upsampler().process(new Int16Array(400).fill(-32_768));
    expect([...negative.subarray(200)].every((s) => s <= -32_760)).toBe(true);
  });

  it('gives the same output for 20 ms frames as for one long buffer', () => {
    const input = tone(1234, 8000, 8000);
    const whole = new Upsampler().process(input);
    const up = new Upsampler();
    expect(inPieces((s) => up.process(s), input, [160])).toEqual(whole);
  });

  it('starts over after reset()', () => {
    const input = tone(500, 8000, 480);
    const up = new Upsampler();
    const first = up.process(input);
    up.reset();
    expect(up.process(input)).toEqual(first);
  });
});

describe('Downsampler (16 → 8 kHz)', () => {
  it('halves the samples and keeps a 1 kHz tone at 1 kHz within 1 dB', () => {
    const out = new Downsampler().process(tone(1000, 16_000, 16_000));
    expect(out.length).toBe(8000);
    const steady = settled8k(out);
    expect(Math.abs(dB(amplitudeAt(steady, 1000, 8000) / 10_000))).toBeLessThan(1);
    expect(Math.abs(dB(rms(steady) / (10_000 / Math.SQRT2)))).toBeLessThan(0.1);
  });

  it('attenuates a 5 kHz tone (which would alias to 3 kHz) by at least 30 dB', () => {
    const input = tone(5000, 16_000, 16_000);
    const steady = settled8k(new Downsampler().process(input));
    expect(dB(rms(steady) / rms(input))).toBeLessThan(-30);
  });

  it('attenuates everything from 4.6 kHz to 8 kHz by at least 30 dB', () => {
    for (const frequency of [4600, 6000, 7000, 7900]) {
      const input = tone(frequency, 16_000, 4000);
      const steady = new Downsampler().process(input).subarray(64);
      expect(dB(rms(steady) / rms(input)), `${frequency} Hz`).toBeLessThan(-30);
    }
  });

  it('gives the same output for 20 ms frames, or any pieces, as for one long buffer', () => {
    const input = tone(1500, 16_000, 3200);
    const whole = new Downsampler().process(input);
    const down = new Downsampler();
    expect(inPieces((s) => down.process(s), input, [320])).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        fc.pre(sizes.some((s) => s > 0));
        const pieces = new Downsampler();
        expect(inPieces((s) => pieces.process(s), input, sizes)).toEqual(whole);
      }),
      { numRuns: 100 },
    );
  });

  it('undoes the Upsampler: a telephone-band tone comes back, delayed by the two filters', () => {
    const input = tone(800, 8000, 1600);
    const back = new Downsampler().process(new Upsampler().process(input));
    // Each filter delays by RESAMPLE_DELAY_MS; together 62 samples at 16 kHz = 31 at 8 kHz.
    const delay = Math.round((2 * RESAMPLE_DELAY_MS * 8000) / 1000);
    expect(delay).toBe(31);
    let worst = 0;
    for (let n = 200; n < input.length; n++) worst = Math.max(worst, Math.abs(back[n]! - input[n - delay]!));
    expect(worst).toBeLessThan(50); // of 10 000
  });
});
