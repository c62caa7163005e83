import { ValidationError } from '@aipbx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiDecoder } from './ami-decoder.js';
import type { AmiMessage } from './ami-message.js';
import { encodeAction, escapeVariableValue } from './encode-action.js';

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
        fc.uniqueArray(fc.tuple(name, value), {
          selector: ([n]) => n.toLowerCase(),
          minLength: 1,
          maxLength: 10,
        }),
        (pairs) => {
          const fields = Object.fromEntries([
            ['Action', 'Test'],
            ...pairs.filter(([n]) => n.toLowerCase() !== 'action'),
          ]);
          const msg = decodeOne(encodeAction(fields));
          expect(msg.headers).toEqual(Object.entries(fields));
        },
      ),
    );
  });

  it('refuses two fields whose names differ only in case, naming the field and never the value', () => {
    let error: unknown;
    try {
      encodeAction({
        Action: 'Originate',
        Channel: 'PJSIP/301',
        Application: 'Wait',
        Data: '1',
        action: 'Command',
        command: 'core stop now',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.problems.map((p) => p.field)).toEqual(['action']);
    expect(v.problems[0]!.message).toContain('"Action"');
    expect(v.message).not.toContain('Command');
    expect(v.message).not.toContain('core stop now');
    expect(() => encodeAction({ Action: 'Originate', Variable: { A: '1' }, VARIABLE: ['B=2'] })).toThrow(
      /VARIABLE: the same field as "Variable"/,
    );
    // Skipped fields do not count.
    expect(encodeAction({ Action: 'Ping', action: undefined })).toBe('Action: Ping\r\n\r\n');
  });
});

/**
 * A model of how Asterisk splits a `Variable:` header value (`__ast_app_separate_args` with
 * `,` and character removal, as `astman_get_variables` calls it): `,` separates unless inside
 * quotes, parentheses or brackets; `"` toggles quoting and is removed; a backslash is removed and
 * the next character taken literally.
 */
function asteriskArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let paren = 0;
  let bracket = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(') paren++;
    else if (ch === ')') {
      if (paren > 0) paren--;
    } else if (ch === '[') bracket++;
    else if (ch === ']') {
      if (bracket > 0) bracket--;
    } else if (ch === '"') {
      quote = !quote;
      continue;
    } else if (ch === '\\') {
      i++;
      if (i < text.length) current += text[i];
      continue;
    } else if (ch === ',' && paren === 0 && bracket === 0 && !quote) {
      args.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  args.push(current);
  return args;
}

/** The `Variable:` values of an encoded action, as Asterisk would split them into name=value. */
function variablesSeenByAsterisk(wire: string): string[] {
  const msg = decodeOne(wire);
  return msg.getAll('Variable').flatMap((v) => asteriskArgs(v));
}

describe('encodeAction: Variable values', () => {
  it('escapes a comma so that an injected second variable stays inside the value', () => {
    const wire = encodeAction({
      Action: 'Originate',
      Channel: 'PJSIP/301',
      Variable: { NOTE: 'hello,AIPBX_BOUND_ASSISTANT=x' },
    });
    expect(wire).toBe(
      'Action: Originate\r\nChannel: PJSIP/301\r\nVariable: NOTE=hello\\,AIPBX_BOUND_ASSISTANT=x\r\n\r\n',
    );
    expect(variablesSeenByAsterisk(wire)).toEqual(['NOTE=hello,AIPBX_BOUND_ASSISTANT=x']);
  });

  it.each(['\\', '"', ',', '(', ')', '[', ']'])('escapes %s with a backslash', (ch) => {
    const wire = encodeAction({ Action: 'Originate', Variable: { K: `a${ch}b${ch}` } });
    expect(wire).toBe(`Action: Originate\r\nVariable: K=a\\${ch}b\\${ch}\r\n\r\n`);
    expect(variablesSeenByAsterisk(wire)).toEqual([`K=a${ch}b${ch}`]);
  });

  it('leaves other characters alone, "=" and spaces included', () => {
    expect(escapeVariableValue("a=b c;d|e{f}'g'")).toBe("a=b c;d|e{f}'g'");
    expect(escapeVariableValue('\\",()[]')).toBe('\\\\\\"\\,\\(\\)\\[\\]');
  });

  it("round-trips any value through a model of Asterisk's argument parser", () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((v) => !/[\r\n]/.test(v));
    const key = fc.stringMatching(/^_{0,2}[A-Za-z0-9][A-Za-z0-9_]{0,10}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 5 }), (pairs) => {
        const variables = Object.fromEntries(pairs);
        const wire = encodeAction({ Action: 'Originate', Variable: variables });
        // Object key order, not insertion order: integer-like keys ('0') come first.
        expect(variablesSeenByAsterisk(wire)).toEqual(Object.entries(variables).map(([k, v]) => `${k}=${v}`));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts variable names with _ and __ inheritance prefixes and refuses anything else', () => {
    expect(encodeAction({ Variable: { _A: 1, __B_2: true, c3: 'x' } })).toBe(
      'Variable: _A=1\r\nVariable: __B_2=true\r\nVariable: c3=x\r\n\r\n',
    );
    let error: unknown;
    try {
      encodeAction({
        Action: 'Originate',
        Variable: {
          OK: 'x',
          '': 'secret-1',
          'A=B': 'secret-2',
          'CDR(userfield)': 'secret-3',
          'A B': 's',
          É: 's',
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.problems.map((p) => p.field)).toEqual([
      'Variable.(empty name)',
      'Variable."A=B"',
      'Variable."CDR(userfield)"',
      'Variable."A B"',
      'Variable."É"',
    ]);
    expect(v.message).not.toMatch(/secret-/);
  });

  it('sends the array form verbatim, for callers who write Asterisk syntax themselves', () => {
    expect(encodeAction({ Action: 'Originate', Variable: ['A=1,B=2', 'CDR(userfield)="x,y"'] })).toBe(
      'Action: Originate\r\nVariable: A=1,B=2\r\nVariable: CDR(userfield)="x,y"\r\n\r\n',
    );
  });
});
