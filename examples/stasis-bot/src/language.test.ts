import { describe, expect, it } from 'vitest';
import { parseLanguage, pickLanguage } from './language.js';

describe('parseLanguage', () => {
  it('takes language tags starting with en or ru, in any case', () => {
    for (const [value, language] of [
      ['ru', 'ru'],
      ['ru-RU', 'ru'],
      ['RU', 'ru'],
      [' en_GB ', 'en'],
      ['en-US', 'en'],
      ['en-Latn-US', 'en'],
    ] as const) {
      expect(parseLanguage(value), value).toBe(language);
    }
  });

  it('refuses anything else', () => {
    for (const value of [
      undefined,
      '',
      'fr',
      'russian',
      'english',
      'r',
      'ru;q=0.9',
      'ru,en',
      'ru\r\nX-Evil: 1',
      'ru-',
      'ru-RU-extraordinarily',
      `ru${'-x'.repeat(40)}`,
    ]) {
      expect(parseLanguage(value), String(value)).toBeUndefined();
    }
  });
});

describe('pickLanguage', () => {
  it('prefers the header, then the channel, then English', () => {
    expect(pickLanguage('ru-RU', 'en')).toBe('ru');
    expect(pickLanguage('de', 'ru')).toBe('ru');
    expect(pickLanguage(undefined, 'ru_RU')).toBe('ru');
    expect(pickLanguage('garbage', 'fr')).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
  });
});
