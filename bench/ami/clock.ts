/**
 * A clock shared by every process of the benchmark. `process.hrtime` reads the system's monotonic
 * clock (CLOCK_MONOTONIC on Linux), so the replay server (in the parent) and a client (in a child
 * process) can stamp times that are directly comparable.
 *
 * @returns milliseconds on the system monotonic clock, with sub-microsecond resolution
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * The offset to add to a `performance.now()` reading of this process to get {@link monotonicMs}.
 * `performance.now()` is cheap enough to call on every event; convert once at the end.
 */
export function performanceToMonotonicOffset(): number {
  return monotonicMs() - performance.now();
}
