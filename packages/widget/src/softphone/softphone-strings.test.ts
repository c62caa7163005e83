import { describe, expect, it } from 'vitest';
import type { PhoneCallState } from '../phone/phone-call-state.js';
import {
  fill,
  type PhoneCallEnding,
  type RegistrationProblem,
  SOFTPHONE_STRINGS,
  type SoftphoneStrings,
  softphoneStringsFor,
} from './softphone-strings.js';

/** Every reason a call can end with (see PhoneCallReason in phone-call-state.ts). */
const ENDINGS: readonly PhoneCallEnding[] = [
  'local-hangup',
  'remote-hangup',
  'declined',
  'busy',
  'not-found',
  'no-answer',
  'cancelled',
  'missed',
  'transferred',
  'unavailable',
  'microphone-denied',
  'no-microphone',
  'microphone-unavailable',
  'network-lost',
  'media-failed',
  'stopped',
];

/** Every reason a registration can be lost or refused with (see RegistrationReason). */
const REGISTRATION_PROBLEMS: readonly RegistrationProblem[] = [
  'stopped',
  'connection-lost',
  'server-unreachable',
  'no-response',
  'refresh-failed',
  'auth-failed',
  'not-found',
  'refused',
];

/** Every state a live call can be in. */
const STATES: readonly Exclude<PhoneCallState, 'ended'>[] = [
  'dialing',
  'ringing',
  'incoming',
  'connecting',
  'active',
  'held',
];

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LANGUAGES = Object.entries(SOFTPHONE_STRINGS) as [string, SoftphoneStrings][];

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

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('SOFTPHONE_STRINGS', () => {
  it('has English and Russian', () => {
    expect(Object.keys(SOFTPHONE_STRINGS).sort()).toEqual(['en', 'ru']);
  });

  it('names every way a call can end, and nothing else, in every language', () => {
    for (const [lang, strings] of LANGUAGES) {
      expect(Object.keys(strings.outcomes).sort(), lang).toEqual([...ENDINGS].sort());
    }
  });

  it('says why for every lost or refused registration, and nothing else, in every language', () => {
    for (const [lang, strings] of LANGUAGES) {
      expect(Object.keys(strings.registrationReasons).sort(), lang).toEqual(
        [...REGISTRATION_PROBLEMS].sort(),
      );
    }
  });

  it('has a text for every state of a live call in every language', () => {
    for (const [lang, strings] of LANGUAGES) {
      expect(Object.keys(strings.states).sort(), lang).toEqual([...STATES].sort());
    }
  });

  it('has the same keys in both languages, none of them empty', () => {
    const en = flatten(SOFTPHONE_STRINGS.en);
    const ru = flatten(SOFTPHONE_STRINGS.ru);
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

  it('uses the same placeholders in both languages', () => {
    const ru = flatten(SOFTPHONE_STRINGS.ru);
    for (const [key, text] of flatten(SOFTPHONE_STRINGS.en)) {
      expect(placeholders(ru.get(key) as string), key).toEqual(placeholders(text as string));
    }
  });

  it('writes Russian in Cyrillic and English without it', () => {
    for (const [key, text] of flatten(SOFTPHONE_STRINGS.ru)) expect(text, `ru ${key}`).toMatch(CYRILLIC);
    for (const [key, text] of flatten(SOFTPHONE_STRINGS.en)) expect(text, `en ${key}`).not.toMatch(CYRILLIC);
  });

  it('leaves no Russian text the same as its English one', () => {
    const en = flatten(SOFTPHONE_STRINGS.en);
    for (const [key, text] of flatten(SOFTPHONE_STRINGS.ru)) expect(text, `ru ${key}`).not.toBe(en.get(key));
  });

  it('uses the operator’s words in Russian', () => {
    const ru = SOFTPHONE_STRINGS.ru;
    expect(ru.incomingCall).toBe('Входящий звонок');
    expect(ru.accept).toBe('Принять');
    expect(ru.decline).toBe('Отклонить');
    expect(ru.transfer).toBe('Перевести');
    expect(ru.recentCalls).toBe('Недавние звонки');
    expect(ru.missed).toBe('Пропущенный');
    expect(ru.registrationReasons['auth-failed']).toBe('неверный пароль');
  });

  it('tells the operator how to enable the ringtone, in both languages', () => {
    expect(SOFTPHONE_STRINGS.en.ringtoneHint).toBe('Click anywhere in the softphone to enable the ringtone');
    expect(SOFTPHONE_STRINGS.ru.ringtoneHint).toMatch(/щёлкните/i);
  });
});

describe('softphoneStringsFor', () => {
  it('picks Russian for ru and its regional tags, in any case', () => {
    for (const lang of ['ru', 'ru-RU', 'RU', 'ru-by']) {
      expect(softphoneStringsFor(lang), lang).toBe(SOFTPHONE_STRINGS.ru);
    }
  });

  it('falls back to English for anything else', () => {
    for (const lang of [undefined, '', 'en', 'en-GB', 'de', 'uk', 'rue', 'fr-CA']) {
      expect(softphoneStringsFor(lang), String(lang)).toBe(SOFTPHONE_STRINGS.en);
    }
  });
});

describe('fill', () => {
  it('puts each value in its placeholder, and leaves unknown ones as they are', () => {
    expect(fill(SOFTPHONE_STRINGS.en.failed, { why: 'wrong password' })).toBe(
      'Registration failed: wrong password',
    );
    expect(fill('{a} and {b}', { a: '1' })).toBe('1 and {b}');
  });

  it('does not read special replacement patterns in the values', () => {
    expect(fill('from {caller}', { caller: '$& $1 $$' })).toBe('from $& $1 $$');
  });
});
