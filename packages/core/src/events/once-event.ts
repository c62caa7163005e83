import { AbortError, TimeoutError, ValidationError } from '../errors/index.js';
import type { EventArgs, EventMap, EventName } from './event-map.js';
import type { TypedEmitter } from './typed-emitter.js';

/** Longest delay a timer can hold (2^31 - 1 ms, about 24.8 days); longer ones would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Options of {@link onceEvent}. */
export interface OnceEventOptions<Args extends readonly unknown[]> {
  /** Stops waiting when aborted: the promise rejects with an `AbortError` whose `cause` is the signal's reason. */
  signal?: AbortSignal;
  /**
   * Gives up after this many milliseconds: the promise rejects with a `TimeoutError`. Omit it to
   * wait without a time limit (only sensible together with `signal`).
   */
  timeoutMs?: number;
  /**
   * Waits for an emission whose arguments pass this test; others are ignored. If it throws, the
   * promise rejects with that exception.
   */
  filter?: (...args: Args) => boolean;
}

/**
 * Waits for the next emission of `event` (that passes `filter`, if given) and resolves with its
 * arguments as a tuple. Bound the wait with `timeoutMs` and/or `signal`; either way the listener,
 * the timer and the abort handler are all removed once the promise settles.
 *
 * @returns The emitted arguments, e.g. `[event]` for a listener `(event: AmiEvent) => void`.
 * @throws `TimeoutError` (`TIMEOUT`) when `timeoutMs` passes first; `AbortError` (`ABORTED`) when
 *   `signal` aborts first or is already aborted; `ValidationError` (`INVALID_INPUT`) when
 *   `timeoutMs` is not a number from 0 to 2^31 - 1. All as rejections, never synchronously.
 *
 * @example
 * ```ts
 * const [event] = await onceEvent(ami, 'event', {
 *   timeoutMs: 5_000,
 *   filter: (e) => e.Event === 'FullyBooted',
 * });
 * ```
 */
export function onceEvent<Events extends EventMap<Events>, K extends EventName<Events>>(
  emitter: TypedEmitter<Events>,
  event: K,
  options: OnceEventOptions<EventArgs<Events, K>> = {},
): Promise<EventArgs<Events, K>> {
  const { signal, timeoutMs, filter } = options;
  const name = String(event);
  if (
    timeoutMs !== undefined &&
    !(Number.isFinite(timeoutMs) && timeoutMs >= 0 && timeoutMs <= MAX_TIMEOUT_MS)
  ) {
    return Promise.reject(
      new ValidationError('onceEvent options', [
        {
          field: 'timeoutMs',
          message: `must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}; omit it to wait without a limit`,
        },
      ]),
    );
  }
  if (signal?.aborted) {
    return Promise.reject(
      new AbortError(`Stopped waiting for event "${name}": the signal was already aborted`, {
        cause: signal.reason,
      }),
    );
  }

  return new Promise<EventArgs<Events, K>>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;

    const cleanup = (): void => {
      emitter.off(event, listener as unknown as Events[K]);
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const listener = (...args: EventArgs<Events, K>): void => {
      if (filter !== undefined) {
        let accepted: boolean;
        try {
          accepted = filter(...args);
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (!accepted) return;
      }
      cleanup();
      resolve(args);
    };
    const onAbort = (): void => {
      cleanup();
      reject(
        new AbortError(`Stopped waiting for event "${name}": the signal was aborted`, {
          cause: signal?.reason,
        }),
      );
    };

    emitter.on(event, listener as unknown as Events[K]);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanup();
        reject(
          new TimeoutError(
            `Event "${name}" was not emitted within ${timeoutMs} ms: check that the emitter is connected and ` +
              'the event is expected, or allow more time with timeoutMs',
            timeoutMs,
          ),
        );
      }, timeoutMs);
    }
  });
}
