import { ValidationError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { AmiMessage } from './ami-message.js';

describe('AmiMessage', () => {
  it('takes its type from the first kind header', () => {
    expect(AmiMessage.from([['Response', 'Success']]).type).toBe('response');
    expect(AmiMessage.from([['event', 'Hangup']]).type).toBe('event');
    expect(AmiMessage.from([['Action', 'Ping']]).type).toBe('action');
    expect(AmiMessage.from([['Foo', 'bar']]).type).toBe('unknown');
    expect(AmiMessage.from([['Foo', 'bar']]).name).toBeUndefined();
  });

  it('looks headers up case-insensitively and keeps the first value for get()', () => {
    const m = AmiMessage.from([
      ['Event', 'VarSet'],
      ['actionid', 'a'],
      ['ActionID', 'b'],
    ]);
    expect(m.get('ACTIONID')).toBe('a');
    expect(m.actionId).toBe('a');
    expect(m.getAll('ActionId')).toEqual(['a', 'b']);
    expect(m.has('missing')).toBe(false);
    expect(m.fields).toEqual({ Event: 'VarSet', actionid: 'a' });
  });

  it('is safe with header names such as __proto__ and constructor', () => {
    const m = AmiMessage.from([
      ['Event', 'X'],
      ['__proto__', 'p'],
      ['__proto__', 'q'],
      ['Variable', '__proto__=v'],
      ['constructor', 'c'],
    ]);
    const obj = m.toObject();
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(obj, '__proto__')?.value).toEqual(['p', 'q']);
    expect(obj.constructor).toBe('c');
    expect(Object.getOwnPropertyDescriptor(m.variables, '__proto__')?.value).toBe('v');
    expect(m.fields.constructor).toBe('c');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('collects Output headers into output after any raw lines', () => {
    const m = new AmiMessage(['Response', 'Output', 'Output'], ['Success', 'a', 'b'], ['raw']);
    expect(m.output).toEqual(['raw', 'a', 'b']);
    expect(m.toString()).toBe('Response: Success\r\nOutput: a\r\nOutput: b\r\n\r\n');
  });

  it('parses variables with and without a value, ChanVariable(channel) included', () => {
    const m = AmiMessage.from([
      ['Event', 'Hangup'],
      ['ChanVariable(PJSIP/100-1)', 'A=1=2'],
      ['ChanVariable', 'EMPTY='],
      ['Variable', 'FLAG'],
      ['DestChanVariable', 'NOT=mine'],
    ]);
    expect({ ...m.variables }).toEqual({ A: '1=2', EMPTY: '', FLAG: '' });
  });

  it('refuses names and values of different lengths', () => {
    expect(() => new AmiMessage(['a'], [])).toThrow(ValidationError);
    expect(() => new AmiMessage(['a'], [])).toThrow(/one value per header name; got 1 names and 0 values/);
  });
});
