import { describe, expect, it } from 'vitest';
import { canMove, type EventsSocketState } from './events-socket-state.js';

const ALL: EventsSocketState[] = ['idle', 'connecting', 'open', 'reconnecting', 'closing', 'closed'];

/** The transitions the diagram in events-socket-state.ts draws, and only those. */
const DRAWN: readonly (readonly [EventsSocketState, EventsSocketState])[] = [
  ['idle', 'connecting'],
  ['connecting', 'open'],
  ['open', 'reconnecting'],
  ['connecting', 'reconnecting'],
  ['reconnecting', 'connecting'],
  // close() from any state but closed goes to closing, then closed.
  ['connecting', 'closing'],
  ['open', 'closing'],
  ['reconnecting', 'closing'],
  ['closing', 'closed'],
  // Straight to closed: close() before connecting, a failed first connect, giving up, no reconnect.
  ['idle', 'closed'],
  ['connecting', 'closed'],
  ['open', 'closed'],
  ['reconnecting', 'closed'],
  ['closed', 'connecting'],
];

describe('canMove', () => {
  it.each(DRAWN)('allows %s → %s', (from, to) => {
    expect(canMove(from, to)).toBe(true);
  });

  it('allows nothing else (every other pair, including staying put)', () => {
    const drawn = new Set(DRAWN.map(([from, to]) => `${from}>${to}`));
    for (const from of ALL) {
      for (const to of ALL) {
        if (!drawn.has(`${from}>${to}`)) expect(canMove(from, to), `${from} → ${to}`).toBe(false);
      }
    }
  });

  it('never opens without connecting first', () => {
    for (const from of ALL) if (from !== 'connecting') expect(canMove(from, 'open'), from).toBe(false);
  });
});
