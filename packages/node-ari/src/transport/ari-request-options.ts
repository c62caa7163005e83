/** Per-request options of every ARI operation. */
export interface AriRequestOptions {
  /** Cancels the request; it rejects with an `AbortError` (`ABORTED`). */
  signal?: AbortSignal;
  /** Gives up after this many milliseconds with a `TimeoutError`. Default: the client's `requestTimeoutMs`. */
  timeoutMs?: number;
}
