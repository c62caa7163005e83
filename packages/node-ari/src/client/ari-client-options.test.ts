import { rootCertificates } from 'node:tls';
import { ValidationError } from '@aipbx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AriClientOptions, resolveAriClientOptions } from './ari-client-options.js';

const base: AriClientOptions = { url: 'https://pbx.example.com:8089', username: 'aipbx', password: 'secret' };

/** The ValidationError `options` give (fails the test when they are accepted). */
function problemsOf(options: unknown): ValidationError {
  try {
    resolveAriClientOptions(options as AriClientOptions);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const fields = (error: ValidationError) => error.problems.map((p) => p.field);

describe('resolveAriClientOptions', () => {
  it('applies every default', () => {
    const resolved = resolveAriClientOptions(base);
    expect(resolved).toMatchObject({
      username: 'aipbx',
      password: 'secret',
      ca: undefined,
      requestTimeoutMs: 10_000,
      connectTimeoutMs: 10_000,
      pingIntervalMs: 20_000,
      pingTimeoutMs: 10_000,
      reconnect: {},
      subscribeAll: false,
      maxSockets: 16,
    });
    expect(resolved.url).toBeInstanceOf(URL);
    expect(resolved.url.href).toBe('https://pbx.example.com:8089/');
    expect(typeof resolved.logger.debug).toBe('function');
  });

  it('keeps every valid value given', () => {
    const resolved = resolveAriClientOptions({
      ...base,
      url: 'http://127.0.0.1:8088',
      ca: 'PEM',
      requestTimeoutMs: 1,
      connectTimeoutMs: 2,
      pingIntervalMs: 0,
      pingTimeoutMs: 3,
      reconnect: false,
      subscribeAll: true,
      maxSockets: 4,
    });
    // The given certificates are trusted on top of Node's public CAs.
    expect(resolved.ca).toEqual([...rootCertificates, 'PEM']);
    expect(resolved).toMatchObject({
      requestTimeoutMs: 1,
      connectTimeoutMs: 2,
      pingIntervalMs: 0,
      pingTimeoutMs: 3,
      reconnect: false,
      subscribeAll: true,
      maxSockets: 4,
    });
    expect(resolved.url.origin).toBe('http://127.0.0.1:8088');
  });

  it.each([
    'https://pbx.example.com:8089/ari',
    'https://pbx.example.com:8089/ari/',
    'https://pbx.example.com:8089/',
    'https://pbx.example.com:8089//',
    'https://pbx.example.com:8089/ari//',
  ])('accepts %s and keeps only the server address', (url) => {
    expect(resolveAriClientOptions({ ...base, url }).url.href).toBe('https://pbx.example.com:8089/');
  });

  it('refuses a path other than /ari', () => {
    expect(fields(problemsOf({ ...base, url: 'https://pbx.example.com:8089/asterisk/ari' }))).toEqual([
      'url',
    ]);
  });

  it('refuses credentials in the URL without repeating them', () => {
    const error = problemsOf({ ...base, url: 'https://admin:hunter2-in-url@pbx.example.com:8089' });
    expect(fields(error)).toEqual(['url']);
    expect(error.problems[0]?.message).toMatch(/credentials/);
    expect(error.message).not.toContain('hunter2-in-url');
    expect(error.message).not.toContain('admin');
  });

  it.each(['https://pbx.example.com:8089/?app=x', 'https://pbx.example.com:8089/#ari'])(
    'refuses a query or fragment: %s',
    (url) => {
      const error = problemsOf({ ...base, url });
      expect(fields(error)).toEqual(['url']);
      expect(error.problems[0]?.message).toMatch(/query or fragment/);
    },
  );

  it.each(['ws://pbx.example.com:8088', 'ftp://pbx.example.com'])('refuses the scheme of %s', (url) => {
    expect(problemsOf({ ...base, url }).problems).toEqual([
      { field: 'url', message: expect.stringMatching(/https:\/\//) },
    ]);
  });

  it.each(['', 'https://', 'not a url'])('refuses %j as a URL', (url) => {
    expect(fields(problemsOf({ ...base, url }))).toEqual(['url']);
  });

  it('reports every problem at once, each with its field', () => {
    const error = problemsOf({
      url: 42,
      username: 'a:b',
      password: '',
      requestTimeoutMs: 0,
      connectTimeoutMs: Number.NaN,
      pingIntervalMs: -1,
      pingTimeoutMs: 0,
      maxSockets: 1.5,
      reconnect: 'always',
      subscribeAll: 'yes',
    });
    expect(error.code).toBe('INVALID_INPUT');
    expect(fields(error)).toEqual([
      'url',
      'username',
      'password',
      'requestTimeoutMs',
      'connectTimeoutMs',
      'pingIntervalMs',
      'pingTimeoutMs',
      'maxSockets',
      'reconnect',
      'subscribeAll',
    ]);
    for (const field of fields(error)) expect(error.message).toContain(`${field}:`);
  });

  it('reports a missing options object as every required field', () => {
    expect(fields(problemsOf(undefined))).toEqual(['url', 'username', 'password']);
  });

  it.each(['user name', 'user:name', 'tab\tuser', 'nul\u0000'])('refuses the username %j', (username) => {
    expect(fields(problemsOf({ ...base, username }))).toEqual(['username']);
  });

  it('refuses a password with control characters', () => {
    expect(fields(problemsOf({ ...base, password: 'line\nbreak' }))).toEqual(['password']);
  });

  it('accepts 0 for pingIntervalMs (ping deadline off) but not for the other limits', () => {
    expect(resolveAriClientOptions({ ...base, pingIntervalMs: 0 }).pingIntervalMs).toBe(0);
    expect(
      fields(problemsOf({ ...base, requestTimeoutMs: 0, connectTimeoutMs: 0, pingTimeoutMs: 0 })),
    ).toEqual(['requestTimeoutMs', 'connectTimeoutMs', 'pingTimeoutMs']);
  });

  it('reports bad reconnect options under reconnect.<field>', () => {
    const error = problemsOf({ ...base, reconnect: { initialDelayMs: -1, factor: 0.5 } });
    expect(fields(error)).toEqual(['reconnect.initialDelayMs', 'reconnect.factor']);
  });

  it('never puts the password in an error, whatever it is and whatever else is wrong', () => {
    const invalid = fc.record(
      {
        url: fc.constantFrom(undefined, '', 'ftp://x', 'https://pbx:8089/x?y', 'https://u:p@pbx:8089'),
        username: fc.constantFrom(undefined, '', 'a b', 'ok'),
        requestTimeoutMs: fc.constantFrom(undefined, -1, 0, Number.NaN),
        pingIntervalMs: fc.constantFrom(undefined, -5, 0),
        maxSockets: fc.constantFrom(undefined, 0, 2.5),
        reconnect: fc.constantFrom(undefined, false, 'x', { initialDelayMs: -1 }),
        subscribeAll: fc.constantFrom(undefined, true, 'no'),
        passwordInUrl: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    /** What the options give as error text: message, problems and string form, or '' when accepted. */
    const textOf = (options: Record<string, unknown>): string => {
      try {
        resolveAriClientOptions(options as unknown as AriClientOptions);
        return '';
      } catch (error) {
        const e = error as ValidationError;
        return [e.message, JSON.stringify(e.problems), String(e), JSON.stringify(e)].join('\n');
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
          fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 30 }),
        ),
        invalid,
        (password, combo) => {
          const { passwordInUrl, ...rest } = combo;
          const options: Record<string, unknown> = { ...base, ...rest, password };
          if (passwordInUrl)
            options.url = `https://aipbx:${encodeURIComponent(password)}@pbx.example.com:8089`;
          const text = textOf(options);
          // The same options with a stand-in of the same validity give the very same text: the
          // password does not shape the error at all…
          const standIn = /[\p{Cc}]/u.test(password) ? '\u0007' : 'x';
          const withStandIn: Record<string, unknown> = { ...options, password: standIn };
          if (passwordInUrl)
            withStandIn.url = `https://aipbx:${encodeURIComponent(standIn)}@pbx.example.com:8089`;
          expect(text).toBe(textOf(withStandIn));
          // …and, unless it is a word the fixed text happens to hold, it is not in it.
          if (password.length >= 3 && !textOf(withStandIn).includes(password))
            expect(text).not.toContain(password);
        },
      ),
      { numRuns: 300 },
    );
  });
});
