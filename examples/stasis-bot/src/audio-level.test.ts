import { describe, expect, it } from 'vitest';
import { rms } from './audio-level.js';

describe('rms', () => {
  it('is 0 for silence and for no samples', () => {
    expect(rms(new Int16Array(320))).toBe(0);
    expect(rms(new Int16Array(0))).toBe(0);
  });

  it('is the amplitude over √2 for a sine', () => {
    const sine = Int16Array.from({ length: 16_000 }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16_000)),
    );
    expect(rms(sine)).toBeCloseTo(8000 / Math.SQRT2, -1);
  });

  it('is the level of a constant signal, whatever its sign', () => {
    expect(rms(Int16Array.from([-1000, 1000, -1000, 1000]))).toBe(1000);
  });
});
