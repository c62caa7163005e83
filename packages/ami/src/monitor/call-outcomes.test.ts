import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  dispositionOfDialStatus,
  dispositionOfHangupCause,
  failureOfDialStatus,
  failureOfOriginateReason,
} from './call-outcomes.js';

describe('call outcomes', () => {
  it('reads a DialStatus as a click-to-call failure and as a history disposition', () => {
    const statuses = ['BUSY', 'NOANSWER', 'CANCEL', 'CONGESTION', 'CHANUNAVAIL', 'ANSWER', 'DONTCALL'];
    expect(statuses.map(failureOfDialStatus)).toEqual([
      'busy',
      'no-answer',
      'cancelled',
      'congestion',
      'unavailable',
      'failed',
      'failed',
    ]);
    expect(statuses.map(dispositionOfDialStatus)).toEqual([
      'busy',
      'no-answer',
      'no-answer',
      'congestion',
      'failed',
      undefined,
      undefined,
    ]);
    expect(dispositionOfDialStatus(undefined)).toBeUndefined();
    expect(failureOfDialStatus(undefined)).toBe('failed');
  });

  it('reads Q.850 hangup causes and Originate reasons', () => {
    expect([17, 16, 18, 19, 34, 38, 42, 21, 0].map(dispositionOfHangupCause)).toEqual([
      'busy',
      'no-answer',
      'no-answer',
      'no-answer',
      'congestion',
      'congestion',
      'congestion',
      'failed',
      'failed',
    ]);
    expect(['0', '1', '3', '5', '8', '4', undefined].map(failureOfOriginateReason)).toEqual([
      'unavailable',
      'failed',
      'no-answer',
      'busy',
      'congestion',
      'failed',
      'failed',
    ]);
  });

  it('does not read a code that names an Object property as a known one', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(failureOfDialStatus(code)).toBe('failed');
      expect(dispositionOfDialStatus(code)).toBeUndefined();
      expect(failureOfOriginateReason(code)).toBe('failed');
    }
  });

  it('says what happened to the party in words', () => {
    expect(describeFailure('busy')).toBe('is busy');
    expect(describeFailure('unavailable')).toBe('is unavailable (not registered or unreachable)');
    expect(describeFailure('failed')).toBe('could not be reached');
  });
});
