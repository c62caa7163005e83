import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import type { ReconnectOptions } from './reconnect-options.js';
import { ReconnectPolicy } from './reconnect-policy.js';

/** The problems a ValidationError reports, as field names. */
function invalidFields(options: ReconnectOptions): string[] {
  try {
    new ReconnectPolicy(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => p.field);
  }
  throw new Error('expected the options to be rejected');
}

describe('ReconnectPolicy', () => {
  it('without jitter doubles from 500 ms up to the 30 s cap by default', () => {
    const policy = new ReconnectPolicy({ jitter: 'none' });
    const delays = Array.from({ length: 10 }, () => policy.nextDelay());
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(policy.attempt).toBe(10);
  });

  it('with full jitter scales the cap by the random value', () => {
    const values = [0, 0.5, 0.999, 0.25];
    const policy = new ReconnectPolicy({ random: () => values.shift() ?? 0 });
    expect([policy.nextDelay(), policy.nextDelay(), policy.nextDelay(), policy.nextDelay()]).toEqual([
      0,
      500,
      Math.floor(0.999 * 2000),
      1000,
    ]);
  });

  it('keeps every delay a whole number within [0, min(max, initial × factor^(n−1))]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 100_000, noNaN: true }),
        fc.double({ min: 1, max: 50, noNaN: true }),
        fc.constantFrom<'full' | 'none'>('full', 'none'),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        (initialDelayMs, extra, factor, jitter, randoms) => {
          const maxDelayMs = initialDelayMs + extra;
          let index = 0;
          const policy = new ReconnectPolicy({
            initialDelayMs,
            maxDelayMs,
            factor,
            jitter,
            random: () => randoms[index++ % randoms.length] ?? 0,
          });
          for (let n = 1; n <= randoms.length; n++) {
            const delay = policy.nextDelay();
            const cap = Math.min(maxDelayMs, initialDelayMs * factor ** (n - 1));
            expect(delay).not.toBeNull();
            expect(Number.isInteger(delay)).toBe(true);
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(cap);
            if (jitter === 'none') expect(delay).toBe(Math.floor(cap));
          }
        },
      ),
    );
  });

  it('never overflows to Infinity or NaN after a huge number of attempts', () => {
    for (const options of [
      { factor: 10, jitter: 'none' as const },
      { initialDelayMs: 0, factor: 50, jitter: 'none' as const },
      { factor: 1e6, random: () => 0.5 },
    ]) {
      const policy = new ReconnectPolicy(options);
      let last = 0;
      for (let i = 0; i < 20_000; i++) last = policy.nextDelay() ?? Number.NaN;
      expect(Number.isFinite(last)).toBe(true);
      expect(last).toBeLessThanOrEqual(30_000);
    }
    const zero = new ReconnectPolicy({ initialDelayMs: 0, maxDelayMs: 0, factor: 1e300, jitter: 'none' });
    for (let i = 0; i < 5; i++) expect(zero.nextDelay()).toBe(0);
  });

  it('clamps a random source that strays outside [0, 1)', () => {
    const values = [-3, 7, Number.NaN];
    const policy = new ReconnectPolicy({ initialDelayMs: 100, factor: 1, random: () => values.shift() ?? 0 });
    expect([policy.nextDelay(), policy.nextDelay(), policy.nextDelay()]).toEqual([0, 100, 0]);
  });

  it('gives up after maxAttempts without counting the refusal, and starts over after reset', () => {
    const policy = new ReconnectPolicy({ maxAttempts: 2, jitter: 'none' });
    expect(policy.nextDelay()).toBe(500);
    expect(policy.nextDelay()).toBe(1000);
    expect(policy.nextDelay()).toBeNull();
    expect(policy.nextDelay()).toBeNull();
    expect(policy.attempt).toBe(2);
    policy.reset();
    expect(policy.attempt).toBe(0);
    expect(policy.nextDelay()).toBe(500);
  });

  it('maxAttempts 0 never retries', () => {
    expect(new ReconnectPolicy({ maxAttempts: 0 }).nextDelay()).toBeNull();
  });

  it('retries forever by default', () => {
    const policy = new ReconnectPolicy({ random: () => 0.5 });
    for (let i = 0; i < 1_000; i++) expect(policy.nextDelay()).not.toBeNull();
  });

  it('lets retryStrategy decide, with the 1-based attempt and the error, overriding maxAttempts', () => {
    const seen: Array<[number, unknown]> = [];
    const failure = new Error('connection refused');
    const policy = new ReconnectPolicy({
      maxAttempts: 0,
      retryStrategy: (attempt, error) => {
        seen.push([attempt, error]);
        return attempt < 3 ? attempt * 100 : null;
      },
    });
    expect(policy.nextDelay(failure)).toBe(100);
    expect(policy.nextDelay(failure)).toBe(200);
    expect(policy.nextDelay()).toBeNull();
    expect(policy.attempt).toBe(2);
    expect(seen).toEqual([
      [1, failure],
      [2, failure],
      [3, undefined],
    ]);
    policy.reset();
    expect(policy.nextDelay()).toBe(100);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '5'])(
    'rejects a retryStrategy result of %s',
    (result) => {
      const policy = new ReconnectPolicy({ retryStrategy: () => result as number });
      expect(() => policy.nextDelay()).toThrow(ValidationError);
      expect(policy.attempt).toBe(0);
    },
  );

  it('reports every invalid option at once', () => {
    expect(
      invalidFields({
        initialDelayMs: -1,
        maxDelayMs: Number.NaN,
        factor: 0.5,
        maxAttempts: 1.5,
        jitter: 'some' as 'full',
        retryStrategy: 42 as unknown as () => number,
        random: 'x' as unknown as () => number,
      }),
    ).toEqual(['initialDelayMs', 'maxDelayMs', 'factor', 'maxAttempts', 'jitter', 'retryStrategy', 'random']);
  });

  it('rejects a maxDelayMs below initialDelayMs, infinite delays and negative attempts', () => {
    expect(invalidFields({ initialDelayMs: 1000, maxDelayMs: 999 })).toEqual(['maxDelayMs']);
    expect(invalidFields({ maxDelayMs: Number.POSITIVE_INFINITY })).toEqual(['maxDelayMs']);
    expect(invalidFields({ factor: Number.POSITIVE_INFINITY })).toEqual(['factor']);
    expect(invalidFields({ maxAttempts: -1 })).toEqual(['maxAttempts']);
    expect(() => new ReconnectPolicy({ maxAttempts: Number.POSITIVE_INFINITY, factor: 1 })).not.toThrow();
  });
});
