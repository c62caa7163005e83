import type { Logger } from '@aipbx/core';

/** What {@link reportError} needs of an emitter: its `error` listeners. */
interface ErrorEmitter<E> {
  listenerCount(event: 'error'): number;
  safeEmit(event: 'error', error: E): boolean;
}

/**
 * Hands `error` to the emitter's `error` listeners. When there is none, the error is not dropped:
 * it is logged at `error` level through `logger`, or, when no logger was given, written with
 * `console.error` (as ioredis does with an unhandled `error` event).
 *
 * @param scope - names the emitter in the console line, e.g. `ami` or `ami:monitor`
 */
export function reportError<E extends Error>(
  emitter: ErrorEmitter<E>,
  error: E,
  logger: Logger | undefined,
  scope: string,
): void {
  if (emitter.listenerCount('error') > 0) {
    emitter.safeEmit('error', error);
    return;
  }
  if (logger !== undefined) {
    logger.error(`unhandled error event: ${error.message}`, {
      name: error.name,
      ...('code' in error ? { code: error.code } : {}),
    });
    return;
  }
  console.error(
    `[aipbx:${scope}] Unhandled error event (listen to 'error', or pass a logger, to handle it):`,
    error,
  );
}
