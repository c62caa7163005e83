/**
 * Stable machine-readable error codes. A code never changes meaning once published; new codes may
 * be added. See `docs/errors.md` for what each one means and what to do about it.
 *
 * - `INVALID_INPUT` — a value given to the SDK is malformed; {@link ValidationError} lists every problem.
 * - `CONNECTION_FAILED` — a connection to the PBX could not be opened.
 * - `CONNECTION_LOST` — an open connection closed; pending work on it was rejected.
 * - `AUTH_FAILED` — the PBX refused the credentials.
 * - `TIMEOUT` — the peer did not answer in time.
 * - `ABORTED` — the caller cancelled through an `AbortSignal`.
 * - `PROTOCOL` — the peer sent something the SDK cannot parse (a malformed or oversized frame).
 * - `REMOTE` — the peer understood the request and answered with an error.
 * - `CALL_FAILED` — a call the SDK placed did not connect; {@link CallFailedError} says why.
 */
export type AipbxErrorCode =
  | 'INVALID_INPUT'
  | 'CONNECTION_FAILED'
  | 'CONNECTION_LOST'
  | 'AUTH_FAILED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'PROTOCOL'
  | 'REMOTE'
  | 'CALL_FAILED';

/** Options accepted by every {@link AipbxError} constructor. */
export interface AipbxErrorOptions {
  /** The underlying error, kept for diagnosis. */
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws or rejects with.
 *
 * Branch on {@link AipbxError.code}, not on the message: messages are for people and say what to
 * do next; codes are stable. Messages never contain passwords or other secrets.
 *
 * @example
 * ```ts
 * try { await client.connect(); }
 * catch (err) {
 *   if (err instanceof AipbxError && err.code === 'AUTH_FAILED') showLoginForm();
 * }
 * ```
 */
export class AipbxError extends Error {
  /** Stable code; see {@link AipbxErrorCode}. */
  readonly code: AipbxErrorCode;

  constructor(code: AipbxErrorCode, message: string, options: AipbxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AipbxError';
    this.code = code;
  }
}

/** True when `value` is an {@link AipbxError}, optionally with the given code. */
export function isAipbxError(value: unknown, code?: AipbxErrorCode): value is AipbxError {
  return value instanceof AipbxError && (code === undefined || value.code === code);
}
