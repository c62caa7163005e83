/**
 * How a client waits between reconnection attempts. Every field is optional; the defaults retry
 * forever with capped exponential backoff and full jitter.
 *
 * The n-th retry (n = 1, 2, …) after a failure waits
 * `random(0, min(maxDelayMs, initialDelayMs × factor^(n−1)))` milliseconds with `jitter: 'full'`,
 * or exactly the cap with `jitter: 'none'`. Full jitter spreads the reconnections of many clients
 * cut off by the same PBX restart, so they do not all arrive at once.
 *
 * @example
 * ```ts
 * // Give up after 10 attempts, never wait more than 10 s.
 * const options: ReconnectOptions = { maxAttempts: 10, maxDelayMs: 10_000 };
 * // Or decide yourself: retry every 2 s, but stop on bad credentials.
 * const custom: ReconnectOptions = {
 *   retryStrategy: (attempt, error) => (isAipbxError(error, 'AUTH_FAILED') ? null : 2_000),
 * };
 * ```
 */
export interface ReconnectOptions {
  /** Upper bound of the first delay, in ms. Default 500. Must be finite and ≥ 0. */
  initialDelayMs?: number;
  /** Largest delay ever returned, in ms. Default 30 000. Must be finite and ≥ `initialDelayMs`. */
  maxDelayMs?: number;
  /** Growth of the cap per attempt. Default 2. Must be finite and ≥ 1. */
  factor?: number;
  /** Retries allowed before giving up; `Infinity` (the default) never gives up. A whole number ≥ 0. */
  maxAttempts?: number;
  /** `'full'` (default): a uniformly random delay up to the cap. `'none'`: always the cap. */
  jitter?: 'full' | 'none';
  /**
   * Overrides everything above: receives the number of the retry about to be scheduled (1 for
   * the first) and the error that ended the last attempt, and returns the delay in ms, or `null`
   * to give up.
   */
  retryStrategy?: (attempt: number, error?: unknown) => number | null;
  /** Source of randomness in [0, 1) for jitter. Default `Math.random`; inject a fixed one in tests. */
  random?: () => number;
}
