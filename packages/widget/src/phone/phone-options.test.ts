import { ValidationError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { type PhoneOptions, resolvePhoneOptions } from './phone-options.js';

const base: PhoneOptions = {
  server: 'wss://pbx.example.com:8089/ws',
  extension: '201',
  password: 's3cret-Pa55',
};

function problems(options: unknown): { field: string; message: string }[] {
  try {
    resolvePhoneOptions(options as PhoneOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).problems];
  }
  throw new Error('expected a ValidationError');
}

describe('resolvePhoneOptions', () => {
  it('applies the defaults and addresses the extension at the server’s host', () => {
    expect(resolvePhoneOptions(base)).toMatchObject({
      aor: 'sip:201@pbx.example.com',
      domain: 'pbx.example.com',
      username: '201',
      registerExpiresSeconds: 300,
      connectTimeoutMs: 10_000,
      iceGatheringTimeoutMs: 2000,
      ringTimeoutMs: 60_000,
      reconnectTimeoutMs: 30_000,
      maxCalls: 2,
      dtmf: 'rfc2833',
    });
  });

  it('takes a domain and an authentication user of its own', () => {
    expect(resolvePhoneOptions({ ...base, domain: 'example.com', username: 'op-201' })).toMatchObject({
      aor: 'sip:201@example.com',
      username: 'op-201',
    });
  });

  it('reports every problem at once, naming each field', () => {
    const found = problems({
      server: 'http://pbx.example.com',
      extension: '20 1',
      password: '',
      registerExpiresSeconds: 10,
      maxCalls: 9,
      dtmf: 'inband',
      ringTimeoutMs: 5,
      displayName: 'two\nlines',
    });
    expect(found.map((p) => p.field).sort()).toEqual(
      [
        'displayName',
        'dtmf',
        'extension',
        'maxCalls',
        'password',
        'registerExpiresSeconds',
        'ringTimeoutMs',
        'server',
      ].sort(),
    );
  });

  it('refuses ws:// except on localhost, and credentials in the URL', () => {
    expect(problems({ ...base, server: 'ws://pbx.example.com/ws' })[0]?.message).toMatch(/wss:\/\//);
    expect(resolvePhoneOptions({ ...base, server: 'ws://127.0.0.1:8088/ws' }).domain).toBe('127.0.0.1');
    expect(problems({ ...base, server: 'wss://u:p@pbx.example.com/ws' })[0]?.message).toMatch(
      /user name or password/,
    );
  });

  it('never puts the password in a message', () => {
    const secret = 'hunter2-Very-Secret';
    const found = problems({ ...base, password: secret, extension: '', server: 'nope' });
    expect(JSON.stringify(found)).not.toContain(secret);
  });

  it('refuses something that is not an object', () => {
    expect(problems(null)[0]?.field).toBe('options');
  });
});
