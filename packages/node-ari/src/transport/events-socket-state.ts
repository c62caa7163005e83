/**
 * Connection state of the ARI events WebSocket (`AriEventsSocket`).
 *
 * ```text
 *            connect()
 *   idle ───────────────► connecting ── WebSocket open ──► open
 *                            ▲   │                          │
 *            delay elapsed   │   │ error (after the first   │ socket closed / no pong
 *                            │   ▼ successful open)         ▼
 *                         reconnecting ◄─────────────────────┘
 *
 *   close() from any state but closed ──► closing ──► closed ── connect() ──► connecting
 *   Straight to closed: the first connect() fails, or the reconnect policy gives up.
 * ```
 */
export type EventsSocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed';

/** Every allowed transition, `from → [to…]`. */
const TRANSITIONS: Readonly<Record<EventsSocketState, readonly EventsSocketState[]>> = {
  idle: ['connecting', 'closed'],
  connecting: ['open', 'reconnecting', 'closing', 'closed'],
  open: ['reconnecting', 'closing', 'closed'],
  reconnecting: ['connecting', 'closing', 'closed'],
  closing: ['closed'],
  closed: ['connecting'],
};

/** True when the state machine allows going from `from` to `to`. */
export function canMove(from: EventsSocketState, to: EventsSocketState): boolean {
  return TRANSITIONS[from].includes(to);
}
