import type { CallFailureReason } from '@aipbx/core';
import type { CallDisposition } from './call.js';

/*
 * How the call monitor reads Asterisk's outcome codes — `DialStatus` of `DialEnd`, the Q.850
 * hangup cause of `Hangup`, and the `Reason` of `OriginateResponse` — in one place, so the call
 * history (`CallDisposition`) and click-to-call failures (`CallFailureReason`) never
 * disagree about what a code means.
 */

interface DialOutcome {
  reason: CallFailureReason;
  disposition: CallDisposition;
}

/** `DialStatus` values other than `ANSWER`: why a dial ended, for a failure and for the history. */
const DIAL_STATUSES: ReadonlyMap<string, DialOutcome> = new Map<string, DialOutcome>([
  ['BUSY', { reason: 'busy', disposition: 'busy' }],
  ['NOANSWER', { reason: 'no-answer', disposition: 'no-answer' }],
  // The caller gave up while the callee rang: a failed click-to-call was cancelled; in the
  // history the callee did not answer.
  ['CANCEL', { reason: 'cancelled', disposition: 'no-answer' }],
  ['CONGESTION', { reason: 'congestion', disposition: 'congestion' }],
  ['CHANUNAVAIL', { reason: 'unavailable', disposition: 'failed' }],
]);

/** `OriginateResponse` `Reason` codes (Asterisk's `AST_CONTROL_*` values) that say why a call failed. */
const ORIGINATE_REASONS: ReadonlyMap<string, CallFailureReason> = new Map<string, CallFailureReason>([
  ['0', 'unavailable'],
  ['1', 'failed'],
  ['3', 'no-answer'],
  ['5', 'busy'],
  ['8', 'congestion'],
]);

/** Q.850 cause 17 (user busy). */
const BUSY_CAUSES: ReadonlySet<number> = new Set([17]);
/** Q.850 causes 16 (normal clearing), 18 (no user responding), 19 (no answer). */
const NO_ANSWER_CAUSES: ReadonlySet<number> = new Set([16, 18, 19]);
/** Q.850 causes 34 (no circuit available), 38 (network out of order), 42 (switching equipment congestion). */
const CONGESTION_CAUSES: ReadonlySet<number> = new Set([34, 38, 42]);

/** Why a dial that ended with `status` (not `ANSWER`) failed; `failed` for a status not listed. */
export function failureOfDialStatus(status: string | undefined): CallFailureReason {
  return (status === undefined ? undefined : DIAL_STATUSES.get(status)?.reason) ?? 'failed';
}

/** How an unanswered call whose last dial ended with `status` goes in the history; `undefined` when the status says nothing. */
export function dispositionOfDialStatus(status: string | undefined): CallDisposition | undefined {
  return status === undefined ? undefined : DIAL_STATUSES.get(status)?.disposition;
}

/** How an unanswered call with no telling dial status goes in the history, from its first hangup cause. */
export function dispositionOfHangupCause(cause: number): CallDisposition {
  if (BUSY_CAUSES.has(cause)) return 'busy';
  if (NO_ANSWER_CAUSES.has(cause)) return 'no-answer';
  if (CONGESTION_CAUSES.has(cause)) return 'congestion';
  return 'failed';
}

/** Why an `Originate` that did not succeed failed, from its `Reason`; `failed` for a reason not listed. */
export function failureOfOriginateReason(reason: string | undefined): CallFailureReason {
  return (reason === undefined ? undefined : ORIGINATE_REASONS.get(reason)) ?? 'failed';
}

/** The end of a sentence about the party that failed for `reason`, e.g. `302 is busy`. */
export function describeFailure(reason: CallFailureReason): string {
  switch (reason) {
    case 'busy':
      return 'is busy';
    case 'no-answer':
      return 'did not answer';
    case 'unavailable':
      return 'is unavailable (not registered or unreachable)';
    case 'congestion':
      return 'could not be reached (congestion)';
    case 'cancelled':
      return 'was not reached: the call was cancelled';
    default:
      return 'could not be reached';
  }
}
