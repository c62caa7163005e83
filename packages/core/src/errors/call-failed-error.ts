import { AipbxError, type AipbxErrorOptions } from './aipbx-error.js';

/** Why a call did not connect. */
export type CallFailureReason = 'busy' | 'no-answer' | 'unavailable' | 'congestion' | 'cancelled' | 'failed';

/**
 * A call the SDK placed did not connect (`CALL_FAILED`): the callee was busy, did not answer, was
 * not reachable, the network was congested, or the call was cancelled.
 */
export class CallFailedError extends AipbxError {
  /** Why; stable values, see {@link CallFailureReason}. */
  readonly reason: CallFailureReason;
  /** Which party failed: the one rung first (`from`) or the one dialled next (`to`). */
  readonly leg: 'from' | 'to';

  constructor(
    reason: CallFailureReason,
    leg: 'from' | 'to',
    message: string,
    options: AipbxErrorOptions = {},
  ) {
    super('CALL_FAILED', message, options);
    this.name = 'CallFailedError';
    this.reason = reason;
    this.leg = leg;
  }
}
