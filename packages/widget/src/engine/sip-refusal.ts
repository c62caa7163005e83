/**
 * What a final SIP response to an INVITE means for the person calling, whichever engine placed it:
 * - `busy` 486/600, `declined` 603, `not-found` 404/484/604, `no-answer` 408/487,
 * - `refused` 401/403/407 (the PBX would not let this caller call), `unavailable` 480/503,
 * - `failed` anything else.
 *
 * Asterisk says more in the response's `Reason: Q.850;cause=N` header than in its status code: a
 * callee who declined reaches the caller as `403` with cause 21, a dial that rang out unanswered as
 * `603` with cause 16. When the cause is there it decides.
 */
export type SipRefusal =
  | 'busy'
  | 'declined'
  | 'not-found'
  | 'no-answer'
  | 'refused'
  | 'unavailable'
  | 'failed';

/** Q.850 causes that say more than the status code they come with. */
const BY_CAUSE: Readonly<Record<number, SipRefusal>> = {
  1: 'not-found', // unallocated number
  3: 'not-found', // no route to destination
  17: 'busy', // user busy
  18: 'no-answer', // no user responding
  19: 'no-answer', // no answer from user (user alerted)
  21: 'declined', // call rejected
  28: 'not-found', // invalid number format
  34: 'unavailable', // no circuit available
  38: 'unavailable', // network out of order
  41: 'unavailable', // temporary failure
  42: 'unavailable', // switching equipment congestion
};

/** The Q.850 cause of a `Reason` header value (`Q.850;cause=21;text="…"`), if it has one. */
export function q850Cause(reason: string | undefined): number | undefined {
  const match = /(?:^|,)\s*Q\.850\s*;(?:[^,]*;)?\s*cause\s*=\s*(\d{1,3})/i.exec(reason ?? '');
  return match === null ? undefined : Number(match[1]);
}

export function sipRefusal(code: number, reason?: string): SipRefusal {
  const cause = q850Cause(reason);
  if (cause !== undefined) {
    const known = BY_CAUSE[cause];
    if (known !== undefined) return known;
    // Normal clearing before an answer: the far side stopped ringing (Asterisk's Dial timed out).
    if (cause === 16 && (code === 603 || code === 480 || code === 487)) return 'no-answer';
  }
  if (code === 486 || code === 600) return 'busy';
  if (code === 603) return 'declined';
  if (code === 404 || code === 484 || code === 604) return 'not-found';
  if (code === 408 || code === 487) return 'no-answer';
  if (code === 401 || code === 407 || code === 403) return 'refused';
  if (code === 503 || code === 480) return 'unavailable';
  return 'failed';
}
