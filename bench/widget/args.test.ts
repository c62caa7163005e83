import { describe, expect, it } from 'vitest';
import { parseArgs, roundOrder } from './args.js';

describe('parseArgs', () => {
  it('defaults to 10 timed calls per peer and mode, one warm-up, both peers, every mode, calls and sizes', () => {
    expect(parseArgs([])).toEqual({
      rounds: 10,
      warmup: 1,
      peers: ['widget', 'sipjs'],
      modes: ['cold', 'idle', 'warm'],
      timeoutMs: 20_000,
      settleMs: 100,
      calls: true,
      sizes: true,
    });
  });

  it('reads every flag; lists keep the canonical order, once each', () => {
    expect(
      parseArgs([
        '--rounds=5',
        '--warmup=0',
        '--peers=sipjs,widget,sipjs',
        '--modes=warm,cold',
        '--timeout=30',
        '--settle=0',
        '--only=sizes',
      ]),
    ).toEqual({
      rounds: 5,
      warmup: 0,
      peers: ['widget', 'sipjs'],
      modes: ['cold', 'warm'],
      timeoutMs: 30_000,
      settleMs: 0,
      calls: false,
      sizes: true,
    });
    expect(parseArgs(['--only=calls'])).toMatchObject({ calls: true, sizes: false });
    expect(parseArgs(['--peers=widget']).peers).toEqual(['widget']);
  });

  it('says what is wrong with a bad flag', () => {
    expect(() => parseArgs(['--rounds=0'])).toThrow(/--rounds needs a whole number ≥ 1, got "0"/);
    expect(() => parseArgs(['--rounds'])).toThrow(/--rounds needs a whole number ≥ 1, got ""/);
    expect(() => parseArgs(['--rounds=2.5'])).toThrow(/--rounds needs a whole number/);
    expect(() => parseArgs(['--warmup=-1'])).toThrow(/--warmup needs a whole number ≥ 0/);
    expect(() => parseArgs(['--peers=jssip'])).toThrow(
      /--peers takes ids from: widget, sipjs \(got "jssip"\)/,
    );
    expect(() => parseArgs(['--peers='])).toThrow(/--peers takes ids from/);
    expect(() => parseArgs(['--modes=hot'])).toThrow(/--modes takes ids from: cold, idle, warm/);
    expect(() => parseArgs(['--only=both'])).toThrow(/--only takes calls or sizes/);
    expect(() => parseArgs(['--verbose'])).toThrow(/Unknown flag "--verbose"\. Flags: --rounds=N/);
  });
});

describe('roundOrder', () => {
  it('covers every peer in every mode once per round', () => {
    const order = roundOrder(['widget', 'sipjs'], ['cold', 'idle', 'warm'], 4);
    expect(order).toHaveLength(6);
    expect(new Set(order.map((o) => `${o.mode}/${o.peer}`)).size).toBe(6);
  });

  it('rotates so that neither peer and no mode always goes first', () => {
    const first = (round: number) => roundOrder(['widget', 'sipjs'], ['cold', 'warm'], round);
    expect(first(0).map((o) => `${o.mode}/${o.peer}`)).toEqual([
      'cold/widget',
      'cold/sipjs',
      'warm/widget',
      'warm/sipjs',
    ]);
    expect(first(1).map((o) => `${o.mode}/${o.peer}`)).toEqual([
      'warm/sipjs',
      'warm/widget',
      'cold/sipjs',
      'cold/widget',
    ]);
    // Over two rounds each peer goes first in each mode once.
    for (const mode of ['cold', 'warm']) {
      const leaders = [0, 1].map((r) => first(r).find((o) => o.mode === mode)?.peer);
      expect(new Set(leaders)).toEqual(new Set(['widget', 'sipjs']));
    }
  });
});
