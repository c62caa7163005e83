import { describe, expect, it } from 'vitest';
import type { CallStateReason } from '../engine/call-state.js';
import { CALL_STRINGS, type CallStrings, stringsFor } from './strings.js';

/** Every reason a `failed` state can carry (see CallStateReason in call-state.ts). */
const FAILURE_REASONS: readonly CallStateReason[] = [
  'microphone-denied',
  'no-microphone',
  'microphone-unavailable',
  'insecure-context',
  'server-unreachable',
  'busy',
  'declined',
  'not-found',
  'unavailable',
  'timeout',
  'network-lost',
  'media-failed',
  'error',
];

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LANGUAGES = Object.entries(CALL_STRINGS) as [string, CallStrings][];

/** Every string of a language, as `path → text`. */
function flatten(strings: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
    } else {
      out.set(`${prefix}${key}`, value);
    }
  }
  return out;
}

describe('CALL_STRINGS', () => {
  it('has English and Russian', () => {
    expect(Object.keys(CALL_STRINGS).sort()).toEqual(['en', 'ru']);
  });

  it('has a message for every failure reason in every language', () => {
    for (const [lang, strings] of LANGUAGES) {
      for (const reason of FAILURE_REASONS) {
        const message = strings.errors[reason];
        expect(typeof message, `${lang} ${reason}`).toBe('string');
        expect(message?.trim(), `${lang} ${reason}`).not.toBe('');
      }
    }
  });

  it('has no error messages for reasons that are not failures', () => {
    for (const [lang, strings] of LANGUAGES) {
      expect(
        Object.keys(strings.errors).filter((r) => !FAILURE_REASONS.includes(r as CallStateReason)),
        lang,
      ).toEqual([]);
    }
  });

  it('has the same keys in both languages, none of them empty', () => {
    const en = flatten(CALL_STRINGS.en);
    const ru = flatten(CALL_STRINGS.ru);
    expect([...ru.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [lang, strings] of [
      ['en', en],
      ['ru', ru],
    ] as const) {
      for (const [key, text] of strings) {
        expect(typeof text, `${lang} ${key}`).toBe('string');
        expect((text as string).trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('writes Russian in Cyrillic and English without it', () => {
    for (const [key, text] of flatten(CALL_STRINGS.ru)) expect(text, `ru ${key}`).toMatch(CYRILLIC);
    for (const [key, text] of flatten(CALL_STRINGS.en)) expect(text, `en ${key}`).not.toMatch(CYRILLIC);
  });

  it('says what to do when the microphone is blocked, in both languages', () => {
    expect(CALL_STRINGS.en.errors['microphone-denied']).toMatch(/allow/i);
    expect(CALL_STRINGS.ru.errors['microphone-denied']).toMatch(/разрешите/i);
  });
});

describe('stringsFor', () => {
  it('picks Russian for ru and its regional tags, in any case', () => {
    for (const lang of ['ru', 'ru-RU', 'RU', 'ru-by']) expect(stringsFor(lang), lang).toBe(CALL_STRINGS.ru);
  });

  it('falls back to English for anything else', () => {
    for (const lang of [undefined, '', 'en', 'en-GB', 'de', 'uk', 'fr-CA']) {
      expect(stringsFor(lang), String(lang)).toBe(CALL_STRINGS.en);
    }
  });
});
