import { ValidationError, type ValidationProblem } from '../errors/index.js';
import type { ReconnectOptions } from './reconnect-options.js';

const DEFAULT_INITIAL_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_FACTOR = 2;

/**
 * Decides how long to wait before each reconnection attempt: capped exponential backoff with
 * full jitter by default (see {@link ReconnectOptions} for the formula), or a custom
 * `retryStrategy`.
 *
 * One policy belongs to one connection. Ask {@link ReconnectPolicy.nextDelay} after every failed
 * or lost connection; call {@link ReconnectPolicy.reset} once a connection succeeds, so the next
 * outage starts again from short delays.
 *
 * Delays are whole milliseconds (rounded down), never negative, never above `maxDelayMs`, and
 * stay finite however many attempts are made.
 *
 * @example
 * ```ts
 * const policy = new ReconnectPolicy({ maxAttempts: 5 });
 * for (;;) {
 *   try { await connect(); policy.reset(); break; }
 *   catch (error) {
 *     const delay = policy.nextDelay(error);
 *     if (delay === null) throw error;
 *     await new Promise((resolve) => setTimeout(resolve, delay));
 *   }
 * }
 * ```
 */
export class ReconnectPolicy {
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #factor: number;
  readonly #maxAttempts: number;
  readonly #jitter: 'full' | 'none';
  readonly #retryStrategy: ((attempt: number, error?: unknown) => number | null) | undefined;
  readonly #random: () => number;
  #attempt = 0;

  /**
   * @throws `ValidationError` (`INVALID_INPUT`) listing every invalid option.
   */
  constructor(options: ReconnectOptions = {}) {
    const {
      initialDelayMs = DEFAULT_INITIAL_DELAY_MS,
      maxDelayMs = DEFAULT_MAX_DELAY_MS,
      factor = DEFAULT_FACTOR,
      maxAttempts = Number.POSITIVE_INFINITY,
      jitter = 'full',
      retryStrategy,
      random = Math.random,
    } = options;
    const problems: ValidationProblem[] = [];
    const finiteAtLeast = (value: unknown, min: number): value is number =>
      typeof value === 'number' && Number.isFinite(value) && value >= min;

    if (!finiteAtLeast(initialDelayMs, 0)) {
      problems.push({
        field: 'initialDelayMs',
        message: 'must be a finite number of milliseconds, 0 or more',
      });
    }
    if (!finiteAtLeast(maxDelayMs, 0)) {
      problems.push({ field: 'maxDelayMs', message: 'must be a finite number of milliseconds, 0 or more' });
    } else if (finiteAtLeast(initialDelayMs, 0) && maxDelayMs < initialDelayMs) {
      problems.push({
        field: 'maxDelayMs',
        message: 'must not be smaller than initialDelayMs; raise maxDelayMs or lower initialDelayMs',
      });
    }
    if (!finiteAtLeast(factor, 1)) {
      problems.push({
        field: 'factor',
        message: 'must be a finite number, 1 or more (1 keeps the delay constant)',
      });
    }
    if (!(maxAttempts === Number.POSITIVE_INFINITY || (Number.isInteger(maxAttempts) && maxAttempts >= 0))) {
      problems.push({
        field: 'maxAttempts',
        message: 'must be a whole number, 0 or more, or Infinity to retry forever',
      });
    }
    if (jitter !== 'full' && jitter !== 'none') {
      problems.push({ field: 'jitter', message: "must be 'full' or 'none'" });
    }
    if (retryStrategy !== undefined && typeof retryStrategy !== 'function') {
      problems.push({
        field: 'retryStrategy',
        message: 'must be a function returning a delay in ms or null',
      });
    }
    if (typeof random !== 'function') {
      problems.push({ field: 'random', message: 'must be a function returning a number in [0, 1)' });
    }
    if (problems.length > 0) throw new ValidationError('reconnect options', problems);

    this.#initialDelayMs = initialDelayMs;
    this.#maxDelayMs = maxDelayMs;
    this.#factor = factor;
    this.#maxAttempts = maxAttempts;
    this.#jitter = jitter;
    this.#retryStrategy = retryStrategy;
    this.#random = random;
  }

  /** How many delays have been handed out since the policy was created or last reset. */
  get attempt(): number {
    return this.#attempt;
  }

  /**
   * The delay before the next reconnection attempt, in ms, or `null` to give up (when
   * `maxAttempts` is used up or `retryStrategy` returned `null`). Giving up does not count as an
   * attempt.
   *
   * @param error - What ended the last attempt; passed to `retryStrategy`.
   * @throws `ValidationError` (`INVALID_INPUT`) when `retryStrategy` returns something other than
   *   `null` or a finite number ≥ 0.
   */
  nextDelay(error?: unknown): number | null {
    const strategy = this.#retryStrategy;
    if (strategy !== undefined) {
      const delay: unknown = strategy(this.#attempt + 1, error);
      if (delay === null) return null;
      if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
        throw new ValidationError('retryStrategy result', [
          {
            field: 'retryStrategy',
            message: 'must return a finite number of milliseconds, 0 or more, or null to stop retrying',
          },
        ]);
      }
      this.#attempt += 1;
      return delay;
    }

    if (this.#attempt >= this.#maxAttempts) return null;
    const exponent = this.#attempt;
    this.#attempt += 1;
    // initial × factor^n overflows to Infinity for large n; min() then yields the cap. With an
    // initial delay of 0 the product could be 0 × Infinity = NaN, so that case is pinned to 0.
    const cap =
      this.#initialDelayMs === 0
        ? 0
        : Math.min(this.#maxDelayMs, this.#initialDelayMs * this.#factor ** exponent);
    if (this.#jitter === 'none') return Math.floor(cap);
    const r = this.#random();
    const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
    return Math.floor(unit * cap);
  }

  /** Starts over from the first delay; call it after a connection succeeds. */
  reset(): void {
    this.#attempt = 0;
  }
}
