import { describe, expect, it } from 'vitest';
import { CALL_TRANSITIONS, type CallState, canTransition, isCallActive } from './call-state.js';

const ALL = Object.keys(CALL_TRANSITIONS) as CallState[];
const ACTIVE: CallState[] = ['connecting', 'ringing', 'in-call', 'reconnecting'];

describe('CallState transitions', () => {
  it('has a row for each of the seven states and names only known states', () => {
    expect(ALL).toEqual(['idle', 'connecting', 'ringing', 'in-call', 'reconnecting', 'ended', 'failed']);
    for (const from of ALL) {
      for (const to of CALL_TRANSITIONS[from]) expect(ALL, `${from} → ${to}`).toContain(to);
    }
  });

  it('never stays put', () => {
    for (const s of ALL) expect(canTransition(s, s), s).toBe(false);
  });

  it('reaches in-call only from connecting, ringing or reconnecting', () => {
    expect(ALL.filter((from) => canTransition(from, 'in-call'))).toEqual([
      'connecting',
      'ringing',
      'reconnecting',
    ]);
  });

  it('reconnects only from in-call, and reconnecting leads back to in-call or to the end', () => {
    expect(ALL.filter((from) => canTransition(from, 'reconnecting'))).toEqual(['in-call']);
    expect(CALL_TRANSITIONS.reconnecting).toEqual(['in-call', 'ended', 'failed']);
  });

  it('rings only while connecting', () => {
    expect(ALL.filter((from) => canTransition(from, 'ringing'))).toEqual(['connecting']);
  });

  it('lets every active state end or fail, and nothing else', () => {
    expect(ALL.filter((from) => canTransition(from, 'ended'))).toEqual(ACTIVE);
    expect(ALL.filter((from) => canTransition(from, 'failed'))).toEqual(ACTIVE);
  });

  it('leaves idle, ended and failed only by calling again', () => {
    for (const from of ['idle', 'ended', 'failed'] as const) {
      expect(CALL_TRANSITIONS[from], from).toEqual(['connecting']);
    }
    expect(ALL.filter((from) => canTransition(from, 'connecting'))).toEqual(['idle', 'ended', 'failed']);
  });

  it('never returns to idle', () => {
    expect(ALL.filter((from) => canTransition(from, 'idle'))).toEqual([]);
  });
});

describe('isCallActive', () => {
  it('is true exactly for connecting, ringing, in-call and reconnecting', () => {
    expect(ALL.filter(isCallActive)).toEqual(ACTIVE);
  });

  it('agrees with the table: a state is active when it can end', () => {
    for (const s of ALL) expect(isCallActive(s), s).toBe(canTransition(s, 'ended'));
  });
});
