/**
 * What a final SIP response to an INVITE means for the person calling, whichever engine placed it:
 * - `busy` 486/600, `declined` 603, `not-found` 404/484/604, `no-answer` 408/487,
 * - `refused` 401/403/407 (the PBX would not let this caller call), `unavailable` 480/503,
 * - `failed` anything else.
 */
export type SipRefusal =
  | 'busy'
  | 'declined'
  | 'not-found'
  | 'no-answer'
  | 'refused'
  | 'unavailable'
  | 'failed';

export function sipRefusal(code: number): SipRefusal {
  if (code === 486 || code === 600) return 'busy';
  if (code === 603) return 'declined';
  if (code === 404 || code === 484 || code === 604) return 'not-found';
  if (code === 408 || code === 487) return 'no-answer';
  if (code === 401 || code === 407 || code === 403) return 'refused';
  if (code === 503 || code === 480) return 'unavailable';
  return 'failed';
}
