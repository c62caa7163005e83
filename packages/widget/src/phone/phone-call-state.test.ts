import { describe, expect, it } from 'vitest';
import { PHONE_CALL_TRANSITIONS, type PhoneCallState } from './phone-call-state.js';
import { REGISTRATION_TRANSITIONS } from './registration-state.js';

describe('call and registration state tables', () => {
  it('every call state can end, and nothing leaves ended', () => {
    for (const [from, to] of Object.entries(PHONE_CALL_TRANSITIONS) as [
      PhoneCallState,
      readonly PhoneCallState[],
    ][]) {
      if (from === 'ended') expect(to).toEqual([]);
      else expect(to, from).toContain('ended');
    }
  });

  it('only a talking call holds, only a held one resumes; an incoming call is answered before it talks', () => {
    expect(PHONE_CALL_TRANSITIONS.active).toContain('held');
    expect(PHONE_CALL_TRANSITIONS.held).toEqual(['active', 'ended']);
    expect(PHONE_CALL_TRANSITIONS.incoming).toEqual(['connecting', 'ended']);
  });

  it('a failed registration is left only by starting again or stopping', () => {
    expect(REGISTRATION_TRANSITIONS.failed).toEqual(['registering', 'unregistered']);
    expect(REGISTRATION_TRANSITIONS.unregistered).not.toContain('registered');
  });
});
