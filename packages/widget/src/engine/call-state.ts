/**
 * State of a {@link CallEngine}'s call.
 *
 * ```text
 *            call()                      180/183                 200 OK
 *   idle ─────────────► connecting ─────────────► ringing ─────────────► in-call
 *     ▲                    │  │  200 OK without a ringing first ▲          │  ▲
 *     │                    │  └─────────────────────────────────┘          │  │ re-INVITE answered
 *     │                    │                                  WebSocket    ▼  │
 *     │                    │                            lost / offline  reconnecting
 *     │                    ▼                                               │
 *     │   ended ◄── hangup (either side), cancel, dispose ── from any call state
 *     │   failed ◄── microphone refused, PBX unreachable, busy, declined, not recovered in time
 *     └── call() again from ended or failed ──► connecting
 * ```
 *
 * - `idle` — nothing has happened yet.
 * - `connecting` — asking for the microphone, opening the WebSocket, sending the INVITE.
 * - `ringing` — the PBX answered with 180/183: the assistant is being reached.
 * - `in-call` — answered; audio flows both ways.
 * - `reconnecting` — the network dropped mid-call; the WebSocket reconnects and ICE restarts with a
 *   re-INVITE, within {@link CallEngineOptions.reconnectTimeoutMs}.
 * - `ended` — the call is over normally (either side hung up, or it was cancelled).
 * - `failed` — the call could not start or could not be kept; the change's `reason` says why.
 */
export type CallState = 'idle' | 'connecting' | 'ringing' | 'in-call' | 'reconnecting' | 'ended' | 'failed';

/**
 * Why the state changed: stable values, so a UI can pick its message from them.
 *
 * - `dialing` — `call()` was called (→ connecting).
 * - `ringing`, `early-media` — the PBX sent 180 or 183 (→ ringing).
 * - `answered` — 200 OK (→ in-call); `recovered` — the network is back and the call with it.
 * - `connection-lost` — the WebSocket closed unexpectedly; `offline` — the browser went offline;
 *   `ice-failed` — the media path broke while signalling stayed up (→ reconnecting).
 * - `local-hangup`, `remote-hangup`, `cancelled` (hung up before the answer), `disposed` (→ ended).
 * - `microphone-denied` — the visitor or the browser refused the microphone;
 *   `no-microphone` — there is none; `microphone-unavailable` — another app holds it or it failed;
 *   `insecure-context` — the page is not https (WebRTC needs a secure context);
 *   `server-unreachable` — the WebSocket did not open; `busy` (486/600); `declined` (603);
 *   `not-found` (404/484); `unavailable` (480/503 and other 4xx–6xx); `timeout` (no answer in time);
 *   `network-lost` — the call could not be recovered in time; `media-failed` — WebRTC could not
 *   set up the media; `error` — anything else (the change carries the error) (→ failed).
 */
export type CallStateReason =
  | 'dialing'
  | 'ringing'
  | 'early-media'
  | 'answered'
  | 'recovered'
  | 'connection-lost'
  | 'offline'
  | 'ice-failed'
  | 'local-hangup'
  | 'remote-hangup'
  | 'cancelled'
  | 'disposed'
  | 'microphone-denied'
  | 'no-microphone'
  | 'microphone-unavailable'
  | 'insecure-context'
  | 'server-unreachable'
  | 'busy'
  | 'declined'
  | 'not-found'
  | 'unavailable'
  | 'timeout'
  | 'network-lost'
  | 'media-failed'
  | 'error';

/** One state change, as emitted by `state-change`. */
export interface CallStateChange {
  readonly from: CallState;
  readonly to: CallState;
  readonly reason: CallStateReason;
  /** For `failed`: the error, with a message that says what to do. */
  readonly error?: Error;
  /** SIP status code behind the change, when a response caused it. */
  readonly statusCode?: number;
}

/** Every allowed transition of {@link CallState}, as `from → [to…]`. */
export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  idle: ['connecting'],
  connecting: ['ringing', 'in-call', 'ended', 'failed'],
  ringing: ['in-call', 'ended', 'failed'],
  'in-call': ['reconnecting', 'ended', 'failed'],
  reconnecting: ['in-call', 'ended', 'failed'],
  ended: ['connecting'],
  failed: ['connecting'],
};

/** True when the state machine allows going from `from` to `to`. */
export function canTransition(from: CallState, to: CallState): boolean {
  return CALL_TRANSITIONS[from].includes(to);
}

/** The states in which a call exists (a second `call()` is refused; `hangup()` has work to do). */
export function isCallActive(state: CallState): boolean {
  return state === 'connecting' || state === 'ringing' || state === 'in-call' || state === 'reconnecting';
}
