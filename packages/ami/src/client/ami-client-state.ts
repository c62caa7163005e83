/**
 * Connection state of an {@link AmiClient}.
 *
 * ```text
 *                    connect()
 *   idle ───────────────────────────┐
 *     │                             ▼
 *     │     ┌──────────────────► connecting ── socket up, banner read ──► authenticating
 *     │     │ delay elapsed          │                                      │
 *     │     │                        │ socket error / timeout               │ login accepted
 *     │ reconnecting ◄───────────────┴──────────────────────────────────────┤
 *     │     ▲                                                               ▼
 *     │     └──────────── socket lost / watchdog: no Ping answer ─────── connected
 *     │
 *     │  close() from any state but closed
 *     └──────────────────────────► closing ──► closed ── connect() ──► connecting
 *
 *   Straight to closed (no closing): the first connect() fails, the login is refused, or the
 *   reconnect policy gives up; close() before connect().
 * ```
 *
 * - `idle` — constructed, `connect()` not called yet.
 * - `connecting` — opening TCP/TLS and waiting for the `Asterisk Call Manager/x.y.z` banner.
 * - `authenticating` — logging in (`Challenge` + `Login` for MD5).
 * - `connected` — logged in; actions are sent, events flow, the watchdog pings.
 * - `reconnecting` — the connection was lost; waiting for the reconnect policy's delay.
 * - `closing` — `close()` was called; logging off.
 * - `closed` — nothing open; `connect()` may be called again.
 */
export type AmiClientState =
  | 'idle'
  | 'connecting'
  | 'authenticating'
  | 'connected'
  | 'reconnecting'
  | 'closing'
  | 'closed';

/** Every allowed transition of {@link AmiClientState}, as `from → [to…]`. */
export const AMI_CLIENT_TRANSITIONS: Readonly<Record<AmiClientState, readonly AmiClientState[]>> = {
  idle: ['connecting', 'closed'],
  connecting: ['authenticating', 'reconnecting', 'closing', 'closed'],
  authenticating: ['connected', 'reconnecting', 'closing', 'closed'],
  connected: ['reconnecting', 'closing', 'closed'],
  reconnecting: ['connecting', 'closing', 'closed'],
  closing: ['closed'],
  closed: ['connecting'],
};

/** True when the state machine allows going from `from` to `to`. */
export function canTransition(from: AmiClientState, to: AmiClientState): boolean {
  return AMI_CLIENT_TRANSITIONS[from].includes(to);
}
