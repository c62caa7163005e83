import { AbortError, ValidationError } from '../errors/index.js';

/** Longest delay one timer can hold (2^31 − 1 ms); longer waits are chained. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Resolves after `ms` milliseconds. If `signal` aborts first, the timer is cleared and the
 * promise rejects with an `AbortError` whose `cause` is the signal's reason; an already aborted
 * signal rejects at once. Waits longer than a timer can hold (about 24.8 days) are split into
 * several timers, so they never fire early.
 *
 * Exported for the other `@aipbx/*` packages' reconnect loops; not part of the public API, and it
 * may change without notice.
 *
 * @param ms - How long to wait; a finite number ≥ 0.
 * @param signal - Cancels the wait.
 * @throws `AbortError` (`ABORTED`) on abort; `ValidationError` (`INVALID_INPUT`) for a negative,
 *   NaN or infinite `ms`. Both as rejections.
 *
 * @example
 * ```ts
 * await sleep(policy.nextDelay() ?? 0, controller.signal);
 * ```
 *
 * @internal
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    return Promise.reject(
      new ValidationError('sleep duration', [
        { field: 'ms', message: 'must be a finite number of milliseconds, 0 or more' },
      ]),
    );
  }
  if (signal?.aborted) {
    return Promise.reject(
      new AbortError('Wait cancelled: the signal was already aborted', { cause: signal.reason }),
    );
  }
  return new Promise<void>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      reject(new AbortError('Wait cancelled: the signal was aborted', { cause: signal?.reason }));
    };
    const schedule = (remaining: number): void => {
      const step = Math.min(remaining, MAX_TIMER_MS);
      timer = setTimeout(() => {
        if (remaining > step) {
          schedule(remaining - step);
          return;
        }
        timer = undefined;
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, step);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    schedule(ms);
  });
}
