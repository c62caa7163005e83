import { describe, expect, it } from 'vitest';
import { AMI_CLIENT_TRANSITIONS, type AmiClientState, canTransition } from './ami-client-state.js';

const ALL = Object.keys(AMI_CLIENT_TRANSITIONS) as AmiClientState[];

describe('AmiClientState transitions', () => {
  it('lets every state but closing and closed reach closing or closed', () => {
    for (const from of ALL) expect(canTransition(from, 'closed'), from).toBe(from !== 'closed');
    for (const from of ALL) {
      expect(canTransition(from, 'closing'), from).toBe(!['idle', 'closing', 'closed'].includes(from));
    }
  });

  it('reaches connected only through authenticating, and never stays put', () => {
    expect(ALL.filter((from) => canTransition(from, 'connected'))).toEqual(['authenticating']);
    for (const s of ALL) expect(canTransition(s, s), s).toBe(false);
  });

  it('reconnects only from an open or opening connection, and reconnecting only leads to connecting or closing', () => {
    expect(ALL.filter((from) => canTransition(from, 'reconnecting'))).toEqual([
      'connecting',
      'authenticating',
      'connected',
    ]);
    expect(AMI_CLIENT_TRANSITIONS.reconnecting).toEqual(['connecting', 'closing', 'closed']);
    expect(AMI_CLIENT_TRANSITIONS.closed).toEqual(['connecting']);
  });
});
