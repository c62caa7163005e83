/**
 * State of one {@link PhoneCall}.
 *
 * ```text
 *  outgoing:  dialing ──180/183──► ringing ──200──► active ◄──► held
 *                 └──────────── 200 ───────────────►  │            │
 *  incoming:  incoming ──answer()──► connecting ──► active         │
 *                                                     │            │
 *  any state ── hangup, decline, refusal, transfer, network lost ──► ended
 * ```
 *
 * - `dialing` — an outgoing call: the microphone is opening and the INVITE is on its way.
 * - `ringing` — the other side is ringing (180/183).
 * - `incoming` — a call is ringing here; `answer()` or `decline()` it.
 * - `connecting` — answered here; the audio is being set up.
 * - `active` — talking.
 * - `held` — put on hold here (`hold()`): no audio either way until `resume()`.
 * - `ended` — over; {@link PhoneCallChange.reason} says how.
 */
export type PhoneCallState = 'dialing' | 'ringing' | 'incoming' | 'connecting' | 'active' | 'held' | 'ended';

/**
 * Why a call changed state.
 *
 * - `dialed`, `incoming`, `ringing`, `early-media`, `answering`, `answered`, `held`, `resumed`.
 * - Endings: `local-hangup`, `remote-hangup`, `declined` (refused here, or 603 from the other
 *   side), `busy` (486/600), `not-found` (404/484/604), `no-answer` (nobody answered in time, 408,
 *   487), `cancelled` (hung up here before the answer), `missed` (the caller gave up before
 *   it was answered here), `transferred` (handed on with `transfer()`), `unavailable` (480, 503 and
 *   other refusals), `microphone-denied`, `no-microphone`, `microphone-unavailable`,
 *   `network-lost` (the WebSocket did not come back in time), `media-failed`, `stopped` (the
 *   softphone was stopped).
 */
export type PhoneCallReason =
  | 'dialed'
  | 'incoming'
  | 'ringing'
  | 'early-media'
  | 'answering'
  | 'answered'
  | 'held'
  | 'resumed'
  | 'local-hangup'
  | 'remote-hangup'
  | 'declined'
  | 'busy'
  | 'not-found'
  | 'no-answer'
  | 'cancelled'
  | 'missed'
  | 'transferred'
  | 'unavailable'
  | 'microphone-denied'
  | 'no-microphone'
  | 'microphone-unavailable'
  | 'network-lost'
  | 'media-failed'
  | 'stopped';

/** One state change of a call, as emitted by the call's `state-change`. */
export interface PhoneCallChange {
  readonly from: PhoneCallState;
  readonly to: PhoneCallState;
  readonly reason: PhoneCallReason;
  /** For a failed ending: what went wrong, in a sentence that says what to do. */
  readonly error?: Error;
  /** The SIP status code behind the change, when a response caused it. */
  readonly statusCode?: number;
}

/** Every allowed transition of {@link PhoneCallState}. */
export const PHONE_CALL_TRANSITIONS: Readonly<Record<PhoneCallState, readonly PhoneCallState[]>> = {
  dialing: ['ringing', 'active', 'ended'],
  ringing: ['active', 'ended'],
  incoming: ['connecting', 'ended'],
  connecting: ['active', 'ended'],
  active: ['held', 'ended'],
  held: ['active', 'ended'],
  ended: [],
};

/** A call in one of these states has audio set up (or being set up) and counts as in progress. */
export function isPhoneCallLive(state: PhoneCallState): boolean {
  return state !== 'ended';
}
