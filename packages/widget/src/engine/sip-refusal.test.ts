import { describe, expect, it } from 'vitest';
import { q850Cause, sipRefusal } from './sip-refusal.js';

describe('sipRefusal', () => {
  it('reads the status code when there is no Q.850 cause', () => {
    expect(sipRefusal(486)).toBe('busy');
    expect(sipRefusal(603)).toBe('declined');
    expect(sipRefusal(404)).toBe('not-found');
    expect(sipRefusal(487)).toBe('no-answer');
    expect(sipRefusal(403)).toBe('refused');
    expect(sipRefusal(503)).toBe('unavailable');
    expect(sipRefusal(500)).toBe('failed');
  });

  it('believes Asterisk’s Q.850 cause over its status code', () => {
    // A callee who declined (603 to Asterisk) reaches the caller as 403 with cause 21.
    expect(sipRefusal(403, 'Q.850;cause=21')).toBe('declined');
    // Dial rang out unanswered, then Hangup(): 603 with cause 16.
    expect(sipRefusal(603, 'Q.850;cause=16')).toBe('no-answer');
    expect(sipRefusal(486, 'Q.850;cause=17')).toBe('busy');
    expect(sipRefusal(480, 'Q.850;cause=19;text="No Answer"')).toBe('no-answer');
    expect(sipRefusal(404, 'Q.850;cause=1')).toBe('not-found');
    expect(sipRefusal(503, 'Q.850;cause=34')).toBe('unavailable');
    // A cause that says nothing more leaves the status code in charge.
    expect(sipRefusal(403, 'Q.850;cause=16')).toBe('refused');
    expect(sipRefusal(486, 'Q.850;cause=99')).toBe('busy');
  });

  it('parses Reason headers, and ignores others (SIP causes, garbage)', () => {
    expect(q850Cause('Q.850;cause=21')).toBe(21);
    expect(q850Cause('q.850 ; cause = 17 ;text="busy"')).toBe(17);
    expect(q850Cause('SIP;cause=200;text="Call completed elsewhere", Q.850;cause=26')).toBe(26);
    expect(q850Cause('SIP;cause=486')).toBeUndefined();
    expect(q850Cause(undefined)).toBeUndefined();
    expect(q850Cause('Q.850;cause=abc')).toBeUndefined();
  });
});
