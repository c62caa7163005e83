import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alawToLinear,
  decodeAlaw,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  linearToAlaw,
  linearToUlaw,
  ulawToLinear,
} from './g711.js';

/** Every signed 16-bit sample, ascending. */
const ALL_SAMPLES = Int16Array.from({ length: 65_536 }, (_, i) => i - 32_768);

/** Half the step of the segment a µ-law byte is in, in 16-bit units. */
const ulawHalfStep = (byte: number): number => 4 << ((~byte >> 4) & 7);
/** Half the step of the segment an A-law byte is in, in 16-bit units. */
const alawHalfStep = (byte: number): number => 8 << Math.max((((byte ^ 0x55) >> 4) & 7) - 1, 0);

describe('µ-law', () => {
  it('decodes the known codes', () => {
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x7f)).toBe(0);
    expect(ulawToLinear(0x00)).toBe(-32_124);
    expect(ulawToLinear(0x80)).toBe(32_124);
    expect(ulawToLinear(0xfe)).toBe(8);
    expect(ulawToLinear(0x7e)).toBe(-8);
    expect(ulawToLinear(0xef)).toBe(132); // first step of segment 1
    expect(ulawToLinear(0x1ff)).toBe(0); // only the low byte counts
  });

  it('encodes the known samples', () => {
    expect(linearToUlaw(0)).toBe(0xff);
    expect(linearToUlaw(-1)).toBe(0x7f);
    expect(linearToUlaw(32_767)).toBe(0x80);
    expect(linearToUlaw(-32_768)).toBe(0x00);
    expect(linearToUlaw(8)).toBe(0xfe);
    expect(linearToUlaw(-9)).toBe(0x7e);
    expect(linearToUlaw(1_000_000)).toBe(0x80); // clipped
    expect(linearToUlaw(-1_000_000)).toBe(0x00);
    expect(linearToUlaw(8.9)).toBe(linearToUlaw(8));
    expect(linearToUlaw(Number.NaN)).toBe(0xff);
  });

  it('encodes every 16-bit sample to within half a step, except the clipped extremes', () => {
    for (const x of ALL_SAMPLES) {
      const byte = linearToUlaw(x);
      const y = ulawToLinear(byte);
      if (x > 32_635 || x < -32_636) {
        expect(y, `sample ${x}`).toBe(x > 0 ? 32_124 : -32_124);
      } else if (Math.abs(y - x) > ulawHalfStep(byte)) {
        expect.fail(`sample ${x} → 0x${byte.toString(16)} → ${y}: off by more than ${ulawHalfStep(byte)}`);
      }
    }
  });

  it('is monotonic: a larger sample never decodes smaller', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (const x of ALL_SAMPLES) {
      const y = ulawToLinear(linearToUlaw(x));
      if (y < previous) expect.fail(`sample ${x} decodes to ${y}, below ${previous} for ${x - 1}`);
      previous = y;
    }
  });

  it('maps every code to itself through decode and encode, except negative zero', () => {
    for (let byte = 0; byte < 256; byte++) {
      expect(linearToUlaw(ulawToLinear(byte)), `0x${byte.toString(16)}`).toBe(byte === 0x7f ? 0xff : byte);
    }
  });

  it('decodes and encodes whole buffers like the single-value functions', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const samples = decodeUlaw(bytes);
    expect(samples).toBeInstanceOf(Int16Array);
    expect([...samples]).toEqual([...bytes].map(ulawToLinear));
    const encoded = encodeUlaw(ALL_SAMPLES);
    expect(Buffer.isBuffer(encoded)).toBe(true);
    expect(encoded.length).toBe(65_536);
    expect(encoded.every((b, i) => b === linearToUlaw(ALL_SAMPLES[i]!))).toBe(true);
    expect(decodeUlaw(new Uint8Array(0)).length).toBe(0);
  });
});

describe('A-law', () => {
  it('decodes the known codes', () => {
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    // Bit 7 set is positive once the even bits are toggled back: 0xAA → 0xFF (top code, positive).
    expect(alawToLinear(0xaa)).toBe(32_256);
    expect(alawToLinear(0x2a)).toBe(-32_256);
    expect(alawToLinear(0xd4)).toBe(24);
    expect(alawToLinear(0xc5)).toBe(264); // first step of segment 1
    expect(alawToLinear(0x1d5)).toBe(8); // only the low byte counts
  });

  it('encodes the known samples', () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToAlaw(-1)).toBe(0x55);
    expect(linearToAlaw(32_767)).toBe(0xaa);
    expect(linearToAlaw(-32_768)).toBe(0x2a);
    expect(linearToAlaw(16)).toBe(0xd4);
    expect(linearToAlaw(-17)).toBe(0x54);
    expect(linearToAlaw(1_000_000)).toBe(0xaa);
    expect(linearToAlaw(-1_000_000)).toBe(0x2a);
  });

  it('encodes every 16-bit sample to within half a step', () => {
    for (const x of ALL_SAMPLES) {
      const byte = linearToAlaw(x);
      const y = alawToLinear(byte);
      if (Math.abs(y - x) > alawHalfStep(byte)) {
        expect.fail(`sample ${x} → 0x${byte.toString(16)} → ${y}: off by more than ${alawHalfStep(byte)}`);
      }
    }
  });

  it('is monotonic: a larger sample never decodes smaller', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (const x of ALL_SAMPLES) {
      const y = alawToLinear(linearToAlaw(x));
      if (y < previous) expect.fail(`sample ${x} decodes to ${y}, below ${previous} for ${x - 1}`);
      previous = y;
    }
  });

  it('maps every code to itself through decode and encode', () => {
    for (let byte = 0; byte < 256; byte++)
      expect(linearToAlaw(alawToLinear(byte)), `0x${byte.toString(16)}`).toBe(byte);
  });

  it('decodes and encodes whole buffers like the single-value functions', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...decodeAlaw(bytes)]).toEqual([...bytes].map(alawToLinear));
    const encoded = encodeAlaw(ALL_SAMPLES);
    expect(encoded.length).toBe(65_536);
    expect(encoded.every((b, i) => b === linearToAlaw(ALL_SAMPLES[i]!))).toBe(true);
  });
});

describe('both laws', () => {
  it('have 16 equal steps per segment, doubling from one segment to the next', () => {
    for (let segment = 0; segment < 8; segment++) {
      // Positive codes of the segment, smallest first: µ-law bytes are inverted, A-law bytes toggled.
      const ulaw = Array.from({ length: 16 }, (_, step) => ulawToLinear(~((segment << 4) | step) & 0xff));
      const alaw = Array.from({ length: 16 }, (_, step) =>
        alawToLinear((0x80 | (segment << 4) | step) ^ 0x55),
      );
      const gaps = (levels: number[]) => new Set(levels.slice(1).map((v, i) => v - levels[i]!));
      expect([...gaps(ulaw)], `µ-law segment ${segment}`).toEqual([8 << segment]);
      expect([...gaps(alaw)], `A-law segment ${segment}`).toEqual([16 << Math.max(segment - 1, 0)]);
    }
    expect(new Set(Array.from({ length: 256 }, (_, b) => ulawToLinear(b))).size).toBe(255); // ±0 coincide
    expect(new Set(Array.from({ length: 256 }, (_, b) => alawToLinear(b))).size).toBe(256);
  });

  it('are odd-symmetric about −½ (x and −x − 1 code to mirrored bytes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 32_767 }), (x) => {
        expect(linearToUlaw(-x - 1)).toBe(linearToUlaw(x) & 0x7f);
        expect(linearToAlaw(-x - 1)).toBe(linearToAlaw(x) & 0x7f);
        expect(ulawToLinear(linearToUlaw(-x - 1)) + ulawToLinear(linearToUlaw(x))).toBe(0);
        expect(alawToLinear(linearToAlaw(-x - 1)) + alawToLinear(linearToAlaw(x))).toBe(0);
      }),
    );
  });
});
