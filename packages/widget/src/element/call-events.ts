import type { CallStateReason } from '../engine/call-state.js';

/** `aipbx-call-end`'s detail. */
export interface CallEndDetail {
  /** `ended` or `failed`. */
  state: 'ended' | 'failed';
  reason: CallStateReason;
  /** How long the call was answered for, ms (0 if it never was). */
  durationMs: number;
}

/** `aipbx-error`'s detail. */
export interface CallErrorDetail {
  /**
   * The failure reason; `misconfigured` for invalid attributes (the message names them),
   * `other-call` when another call is already going on in the page, `load-failed` when the call
   * chunk could not be downloaded.
   */
  reason: CallStateReason | 'misconfigured' | 'other-call' | 'load-failed';
  /** What was wrong, for developers (English). */
  message: string;
  error: Error;
}

/** `aipbx-call-start`'s detail. */
export interface CallStartDetail {
  /** The SIP URI called. */
  target: string;
}
