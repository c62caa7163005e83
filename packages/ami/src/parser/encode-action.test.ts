import { ValidationError } from '@aipbx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiDecoder } from './ami-decoder.js';
import type { AmiMessage } from './ami-message.js';
import { encodeAction } from './encode-action.js';

function decodeOne(text: string): AmiMessage {
  const out: AmiMessage[] = [];
  new AmiDecoder({ onMessage: (m) => out.push(m) }, { expectBanner: false }).write(Buffer.from(text));
  expect(out).toHaveLength(1);
  return out[0]!;
}

describe('encodeAction', () => {
  it('writes fields in order, repeats arrays, expands objects and skips undefined/null', () => {
    expect(
      encodeAction({
        Action: 'Originate',
        Channel: 'PJSIP/100',
        Priority: 1,
        Async: true,
        Variable: { FOO: 'bar', N: 2 },
        Codecs: undefined,
        Account: null,
        Header: ['a', 'b'],
      }),
    ).toBe(
      'Action: Originate\r\nChannel: PJSIP/100\r\nPriority: 1\r\nAsync: true\r\n' +
        'Variable: FOO=bar\r\nVariable: N=2\r\nHeader: a\r\nHeader: b\r\n\r\n',
    );
  });

  it('rejects CR or LF in names and values (header injection), listing every problem', () => {
    let error: unknown;
    try {
      encodeAction({
        Action: 'Command',
        Command: 'core show channels\r\nAction: Originate',
        'Bad\r\nName': 'x',
        Variable: { OK: 'fine', EVIL: 'a\nb' },
        List: ['ok', 'x\ry'],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.code).toBe('INVALID_INPUT');
    expect(v.problems.map((p) => p.field)).toEqual(['Command', '"Bad\\r\\nName"', 'Variable.EVIL', 'List.1']);
    expect(v.message).not.toContain('core show channels');
  });

  it('rejects empty names and names with spaces or colons', () => {
    expect(() => encodeAction({ '': 'x' })).toThrow(ValidationError);
    expect(() => encodeAction({ 'A B': 'x' })).toThrow(ValidationError);
    expect(() => encodeAction({ 'A:B': 'x' })).toThrow(ValidationError);
  });

  it('round-trips through the decoder for any safe fields', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,12}$/);
    const value = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((v) => !/[\r\n]/.test(v));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value), { selector: ([n]) => n, minLength: 1, maxLength: 10 }),
        (pairs) => {
          const fields = Object.fromEntries([['Action', 'Test'], ...pairs.filter(([n]) => n !== 'Action')]);
          const msg = decodeOne(encodeAction(fields));
          expect(msg.headers).toEqual(Object.entries(fields));
        },
      ),
    );
  });
});
