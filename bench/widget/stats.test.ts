import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRatio, median, percentile, ratio } from './stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeUndefined();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  it('is the nearest rank: p90 of 10 values is the 9th smallest, of 20 the 18th', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 90)).toBe(9);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        90,
      ),
    ).toBe(18);
  });

  it('stays inside the data at the edges', () => {
    expect(percentile([4, 2], 0)).toBe(2);
    expect(percentile([4, 2], 100)).toBe(4);
    expect(percentile([3], 90)).toBe(3);
    expect(percentile([], 90)).toBeUndefined();
  });
});

describe('ratio', () => {
  it('divides, and is undefined when a side is missing or the divisor is not positive', () => {
    expect(ratio(300, 200)).toBe(1.5);
    expect(ratio(undefined, 200)).toBeUndefined();
    expect(ratio(300, undefined)).toBeUndefined();
    expect(ratio(300, 0)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('prints ms with one decimal, keeps the sign of times before the click, and a dash when missing', () => {
    expect(formatMs(204.56)).toBe('204.6');
    expect(formatMs(-135.84)).toBe('-135.8');
    expect(formatMs(-0.01)).toBe('0.0');
    expect(formatMs(undefined)).toBe('–');
    expect(formatMs(Number.NaN)).toBe('–');
  });

  it('prints ratios with two decimals and ×', () => {
    expect(formatRatio(1.0649)).toBe('1.06×');
    expect(formatRatio(0.875)).toBe('0.88×');
    expect(formatRatio(undefined)).toBe('–');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('prints bytes with separators', () => {
    expect(formatBytes(224022)).toBe('224,022');
    expect(formatBytes(999)).toBe('999');
  });
});
