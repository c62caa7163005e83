/**
 * Rethrows `error` on a fresh call stack so it surfaces as an uncaught exception without unwinding
 * into the code that caught it.
 *
 * Used when a user-supplied callback (an event listener, a sink) throws inside SDK code that must
 * keep its own state consistent — a frame parser half way through a buffer, a state machine in the
 * middle of a transition. The SDK finishes its work, and the error is still reported: Node.js
 * raises `uncaughtException`, a browser fires `error` on `window`. Nothing is swallowed.
 *
 * The error is thrown from a microtask (`queueMicrotask`), not a `setTimeout(0)` task: a microtask
 * runs as soon as the current synchronous work is done, before any further I/O or timers, so the
 * report is as close to the cause as possible, it keeps its order relative to other rethrown
 * errors, and it is not delayed by timer throttling in background tabs. It is the isomorphic
 * counterpart of Node's `process.nextTick`. Where `queueMicrotask` is missing (very old
 * runtimes), a zero-delay timer is used instead.
 *
 * Exported for the other `@aipbx/*` packages, which isolate listeners the same way; not part of
 * the public API, and it may change without notice.
 *
 * @param error - What the callback threw; rethrown unchanged, so its stack and type survive.
 *
 * @example
 * ```ts
 * try { listener(frame); } catch (err) { rethrowAsync(err); } // parser carries on
 * ```
 *
 * @internal
 */
export function rethrowAsync(error: unknown): void {
  const raise = (): never => {
    throw error;
  };
  const g = globalThis as { queueMicrotask?: (callback: () => void) => void };
  if (typeof g.queueMicrotask === 'function') g.queueMicrotask(raise);
  else setTimeout(raise, 0);
}
