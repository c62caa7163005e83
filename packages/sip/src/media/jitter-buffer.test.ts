import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JitterBuffer, type JitterRelease } from './jitter-buffer.js';

/** Pushes each sequence number (the packet is its own number) and collects what comes out. */
function run(buffer: JitterBuffer<number>, sequences: readonly number[]) {
  const released: number[] = [];
  let lost = 0;
  const results: JitterRelease<number>[] = [];
  for (const sequence of sequences) {
    const result = buffer.push(sequence, sequence);
    results.push(result);
    released.push(...result.packets);
    lost += result.lost;
  }
  return { released, lost, results };
}

const wrap = (n: number) => ((n % 65_536) + 65_536) % 65_536;

describe('JitterBuffer', () => {
  it('releases packets in order at once', () => {
    const { released, lost, results } = run(new JitterBuffer(), [10, 11, 12, 13]);
    expect(released).toEqual([10, 11, 12, 13]);
    expect(lost).toBe(0);
    expect(results.every((r) => r.packets.length === 1)).toBe(true);
  });

  it('holds packets after a gap until the missing one arrives, then releases them in order', () => {
    const buffer = new JitterBuffer<number>();
    const { results } = run(buffer, [1, 3, 4, 2]);
    expect(results.map((r) => r.packets)).toEqual([[1], [], [], [2, 3, 4]]);
    expect(buffer.size).toBe(0);
  });

  it('gives a missing packet up once more than `depth` are held, and counts it lost', () => {
    const buffer = new JitterBuffer<number>({ depth: 3 });
    const { results, lost } = run(buffer, [1, 3, 4, 5, 6]);
    expect(results.map((r) => r.packets)).toEqual([[1], [], [], [], [3, 4, 5, 6]]);
    expect(results[4]!.lost).toBe(1);
    expect(lost).toBe(1);
    // The lost one arriving now is late.
    expect(buffer.push(2, 2)).toEqual({ packets: [], lost: 0, dropped: 'late' });
    expect(buffer.stats).toMatchObject({ released: 5, lost: 1, late: 1 });
  });

  it('skips several gaps when needed, counting every missing packet', () => {
    const { released, lost } = run(new JitterBuffer({ depth: 2 }), [0, 3, 6, 7]);
    expect(released).toEqual([0, 3]);
    expect(lost).toBe(2);
    const more = run(new JitterBuffer({ depth: 2 }), [0, 3, 6, 7, 8]);
    expect(more.released).toEqual([0, 3, 6, 7, 8]);
    expect(more.lost).toBe(4);
  });

  it('drops duplicates and packets older than those released, counting them', () => {
    const buffer = new JitterBuffer<number>();
    const { released, results } = run(buffer, [5, 5, 7, 7, 6, 6, 4]);
    expect(released).toEqual([5, 6, 7]);
    expect(results.map((r) => r.dropped)).toEqual([
      undefined,
      'late',
      undefined,
      'duplicate',
      undefined,
      'late',
      'late',
    ]);
    expect(buffer.stats).toMatchObject({ late: 3, duplicates: 1 });
  });

  it('runs across the 65535 → 0 wrap', () => {
    const { released, lost } = run(new JitterBuffer(), [65_534, 0, 65_535, 1, 2]);
    expect(released).toEqual([65_534, 65_535, 0, 1, 2]);
    expect(lost).toBe(0);
  });

  it('starts over on a jump of more than 100 (a new stream), releasing what it held first', () => {
    const buffer = new JitterBuffer<number>();
    run(buffer, [10, 12]);
    const jump = buffer.push(5000, 5000);
    expect(jump).toEqual({ packets: [12, 5000], lost: 1, reset: true });
    expect(run(buffer, [5001, 5002]).released).toEqual([5001, 5002]);
    // Backwards too.
    expect(buffer.push(100, 100)).toMatchObject({ packets: [100], reset: true });
    expect(buffer.stats.resets).toBe(2);
  });

  it('flush() releases what is held past its gaps; reset() forgets the stream', () => {
    const buffer = new JitterBuffer<number>({ depth: 5 });
    run(buffer, [1, 3, 6]);
    expect(buffer.flush()).toEqual({ packets: [3, 6], lost: 3 });
    expect(buffer.push(7, 7).packets).toEqual([7]);
    run(buffer, [9]);
    buffer.reset();
    expect(buffer.size).toBe(0);
    expect(buffer.push(2, 2).packets).toEqual([2]);
  });

  it('with depth 0 releases at once, skipping gaps', () => {
    const { released, lost } = run(new JitterBuffer({ depth: 0 }), [1, 3, 2, 4]);
    expect(released).toEqual([1, 3, 4]);
    expect(lost).toBe(1);
  });

  it('refuses a depth that is not a whole number', () => {
    expect(() => new JitterBuffer({ depth: -1 })).toThrow(RangeError);
    expect(() => new JitterBuffer({ depth: 1.5 })).toThrow(/whole number/);
  });

  it('property: any reordering within the depth comes out in order, nothing lost', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65_535 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 200,
        }),
        (start, depth, delays) => {
          // Packet i arrives at i + its delay (at most `depth` places late); packet 0 comes first.
          const arrival = delays
            .map(([delay, tie], i) => ({ i, key: i === 0 ? -1 : i + Math.min(delay, depth) + tie }))
            .sort((a, b) => a.key - b.key)
            .map(({ i }) => wrap(start + i));
          const { released, lost } = run(new JitterBuffer({ depth }), arrival);
          expect(released).toEqual(delays.map((_, i) => wrap(start + i)));
          expect(lost).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: whatever arrives, what comes out is in order, once each, and accounts for every number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65_535 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 1, maxLength: 300 }),
        (start, depth, offsets) => {
          // A stream with losses, duplicates and reordering: each packet is near its place.
          const sequences = offsets.map((o, i) => wrap(start + Math.max(0, i + o)));
          const buffer = new JitterBuffer<number>({ depth });
          const { released, lost } = run(buffer, sequences);
          const end = buffer.flush();
          const all = [...released, ...end.packets];
          const unwrapped = all.map((s) => (s - start + 65_536) % 65_536);
          for (let i = 1; i < unwrapped.length; i++) expect(unwrapped[i]!).toBeGreaterThan(unwrapped[i - 1]!);
          // Every number from the first released to the last is either released or counted lost.
          expect(all.length + lost + end.lost).toBe(unwrapped.at(-1)! - unwrapped[0]! + 1);
          const stats = buffer.stats;
          expect(stats.released).toBe(all.length);
          expect(stats.released + stats.late + stats.duplicates).toBe(sequences.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
