import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsOf } from './header-fields.js';

/** What `fields` is defined as: the first spelling of each name as `toLowerCase()` sees it, first value. */
function reference(names: readonly string[], values: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    fields[name] = values[i]!;
  });
  return fields;
}

const entries = (o: object) => Object.entries(o);

describe('fieldsOf', () => {
  it('keeps the first spelling and value of names equal ignoring case, in order', () => {
    const fields = fieldsOf(
      ['Event', 'ActionID', 'actionid', 'Channel', 'ACTIONID', 'Exten', 'Event'],
      ['Hangup', 'a', 'b', 'PJSIP/1', 'c', '100', 'again'],
    );
    expect(entries(fields)).toEqual([
      ['Event', 'Hangup'],
      ['ActionID', 'a'],
      ['Channel', 'PJSIP/1'],
      ['Exten', '100'],
    ]);
    expect(Object.isFrozen(fields)).toBe(true);
    expect(Object.getPrototypeOf(fields)).toBeNull();
  });

  it('compares names that are not ASCII as toLowerCase does, lengths that change included', () => {
    // "İ" lower-cases to two code units, so "İD" and "i̇d" are equal ignoring case.
    const names = ['İD', 'i̇d', 'Ключ', 'КЛЮЧ', 'Straße', 'STRASSE'];
    const values = ['1', '2', '3', '4', '5', '6'];
    expect(entries(fieldsOf(names, values))).toEqual(entries(reference(names, values)));
    expect(Object.keys(fieldsOf(names, values))).toEqual(['İD', 'Ключ', 'Straße', 'STRASSE']);
  });

  it('agrees with its definition on any names', () => {
    const name = fc.oneof(
      fc.constantFrom(
        'Event',
        'event',
        'EVENT',
        'Channel',
        'channel',
        'ActionID',
        'Uniqueid',
        '__proto__',
        'constructor',
      ),
      fc.stringMatching(/^[A-Za-z-]{1,6}$/),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.constantFrom('İ', 'i̇', 'ß', 'SS', 'Σ', 'σ', 'ς', 'K', 'k'),
    );
    fc.assert(
      fc.property(fc.array(name, { maxLength: 24 }), (names) => {
        const values = names.map((_, i) => `v${i}`);
        expect(entries(fieldsOf(names, values))).toEqual(entries(reference(names, values)));
      }),
      { numRuns: 1000 },
    );
  });
});
