import { ValidationError } from '@aipbx/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CallEngineOptions,
  DEFAULT_QUALITY_THRESHOLDS,
  resolveCallEngineOptions,
} from './call-engine-options.js';

const SERVER = 'wss://pbx.example.com:8089/ws';
const base: CallEngineOptions = { server: SERVER, target: 'pizza-order' };

/** Resolves `options`, which must be refused, and returns the ValidationError. */
function refusal(options: unknown): ValidationError {
  try {
    resolveCallEngineOptions(options as CallEngineOptions);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but the options were accepted');
}

const fieldsOf = (options: unknown) => refusal(options).problems.map((p) => p.field);

describe('resolveCallEngineOptions: defaults', () => {
  it('fills in every default from server and target alone', () => {
    const resolved = resolveCallEngineOptions(base);
    expect(resolved).toEqual({
      source: base,
      server: SERVER,
      targetUri: 'sip:pizza-order@pbx.example.com',
      fromUri: 'sip:anonymous@anonymous.invalid',
      headers: [],
      iceGatheringTimeoutMs: 2000,
      connectTimeoutMs: 10_000,
      answerTimeoutMs: 60_000,
      reconnectTimeoutMs: 20_000,
      dtmf: 'rfc2833',
      thresholds: { rttMs: 400, jitterMs: 30, lossPercent: 3, sustainSeconds: 3 },
    });
    expect(resolved.thresholds).toEqual(DEFAULT_QUALITY_THRESHOLDS);
  });

  it('keeps the values it is given', () => {
    const resolved = resolveCallEngineOptions({
      ...base,
      iceGatheringTimeoutMs: 0,
      connectTimeoutMs: 100,
      answerTimeoutMs: 600_000,
      reconnectTimeoutMs: 1000,
      dtmf: 'info',
      qualityThresholds: { rttMs: 250, sustainSeconds: 5 },
    });
    expect(resolved).toMatchObject({
      iceGatheringTimeoutMs: 0,
      connectTimeoutMs: 100,
      answerTimeoutMs: 600_000,
      reconnectTimeoutMs: 1000,
      dtmf: 'info',
      thresholds: { rttMs: 250, jitterMs: 30, lossPercent: 3, sustainSeconds: 5 },
    });
  });

  it('keeps the default of a threshold given as undefined instead of turning its warning off', () => {
    const resolved = resolveCallEngineOptions({
      ...base,
      qualityThresholds: { rttMs: undefined, jitterMs: 50 },
    });
    expect(resolved.thresholds).toEqual({ rttMs: 400, jitterMs: 50, lossPercent: 3, sustainSeconds: 3 });
  });

  it('does not share the default thresholds object', () => {
    const resolved = resolveCallEngineOptions(base);
    resolved.thresholds.rttMs = 1;
    expect(DEFAULT_QUALITY_THRESHOLDS.rttMs).toBe(400);
  });
});

describe('resolveCallEngineOptions: addresses', () => {
  it('keeps a SIP URI target as it is', () => {
    expect(resolveCallEngineOptions({ ...base, target: 'sip:x@host' }).targetUri).toBe('sip:x@host');
    expect(resolveCallEngineOptions({ ...base, target: 'sips:100@other.example.com' }).targetUri).toBe(
      'sips:100@other.example.com',
    );
  });

  it("calls a bare name or extension at the server's host", () => {
    expect(resolveCallEngineOptions({ ...base, target: '100' }).targetUri).toBe('sip:100@pbx.example.com');
    expect(resolveCallEngineOptions({ server: 'ws://127.0.0.1:8088/ws', target: 'support' }).targetUri).toBe(
      'sip:support@127.0.0.1',
    );
    expect(resolveCallEngineOptions({ server: 'wss://[::1]:8089/ws', target: 'support' }).targetUri).toBe(
      'sip:support@[::1]',
    );
  });

  it('calls from the widget user at the server host, or anonymously without one', () => {
    expect(resolveCallEngineOptions({ ...base, user: 'support-webrtc' }).fromUri).toBe(
      'sip:support-webrtc@pbx.example.com',
    );
    expect(resolveCallEngineOptions(base).fromUri).toBe('sip:anonymous@anonymous.invalid');
  });

  it('accepts ws:// for localhost, 127.0.0.1 and [::1] only', () => {
    for (const server of ['ws://localhost:8088/ws', 'ws://127.0.0.1:8088/ws', 'ws://[::1]:8088/ws']) {
      expect(resolveCallEngineOptions({ ...base, server }).server, server).toBe(server);
    }
    for (const server of [
      'ws://pbx.example.com/ws',
      'ws://192.168.1.10:8088/ws',
      'ws://localhost.evil.com/',
    ]) {
      const error = refusal({ ...base, server });
      expect(error.problems, server).toEqual([
        { field: 'server', message: expect.stringContaining('wss://') },
      ]);
      expect(error.problems[0]?.message).toContain('localhost');
    }
  });
});

describe('resolveCallEngineOptions: headers', () => {
  it('sends the assistant id as X-Assistant-Id, then the extra headers', () => {
    const resolved = resolveCallEngineOptions({
      ...base,
      assistantId: 'pizza-order',
      headers: { 'X-Campaign': 'spring', 'x-page': 'Главная / pricing' },
    });
    expect(resolved.headers).toEqual([
      'X-Assistant-Id: pizza-order',
      'X-Campaign: spring',
      'x-page: Главная / pricing',
    ]);
  });

  it('accepts X-Assistant-Id as a header when assistantId is not given', () => {
    expect(resolveCallEngineOptions({ ...base, headers: { 'X-Assistant-Id': 'support' } }).headers).toEqual([
      'X-Assistant-Id: support',
    ]);
  });

  it('refuses the assistant id given twice, whatever the header name case', () => {
    for (const name of ['X-Assistant-Id', 'x-assistant-id']) {
      expect(refusal({ ...base, assistantId: 'support', headers: { [name]: 'support' } }).problems).toEqual([
        { field: `headers.${name}`, message: expect.stringContaining('once') },
      ]);
    }
  });

  it('refuses header names that do not start with X- and values with line breaks or controls', () => {
    expect(fieldsOf({ ...base, headers: { Via: 'x', 'X-Ok': 'fine', 'X-': 'x', 'X-A b': 'x' } })).toEqual([
      'headers.Via',
      'headers.X-',
      'headers.X-A b',
    ]);
    for (const value of ['a\r\nVia: evil', 'a\nb', 'a\rb', 'nul\0', '', 'x'.repeat(257)]) {
      expect(fieldsOf({ ...base, headers: { 'X-Note': value } }), JSON.stringify(value)).toEqual([
        'headers.X-Note',
      ]);
    }
  });

  it('always refuses a header value containing CR or LF (no header injection)', () => {
    const withBreak = fc
      .tuple(fc.string({ maxLength: 40 }), fc.constantFrom('\r', '\n', '\r\n'), fc.string({ maxLength: 40 }))
      .map(([a, brk, b]) => `${a}${brk}${b}`);
    fc.assert(
      fc.property(withBreak, (value) => {
        const error = refusal({ ...base, headers: { 'X-Note': value } });
        expect(error.problems.map((p) => p.field)).toEqual(['headers.X-Note']);
      }),
    );
  });
});

describe('resolveCallEngineOptions: refusals', () => {
  it('lists every problem at once', () => {
    const error = refusal({
      server: 'https://pbx.example.com/ws',
      target: '',
      user: '_pattern',
      assistantId: '../etc',
      displayName: 'a\nb',
      credentials: { username: '', password: 'hunter2' },
      headers: { Route: 'x', 'X-Bad': 'a\r\nb' },
      iceServers: 'stun:stun.example.com',
      dtmf: 'inband',
      iceGatheringTimeoutMs: -1,
      connectTimeoutMs: 1.5,
      answerTimeoutMs: 600_001,
      reconnectTimeoutMs: Number.NaN,
      qualityThresholds: { lossPercent: 101, sustainSeconds: 0.5 },
    });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.problems.map((p) => p.field)).toEqual([
      'server',
      'target',
      'user',
      'assistantId',
      'displayName',
      'credentials',
      'headers.Route',
      'headers.X-Bad',
      'iceServers',
      'dtmf',
      'qualityThresholds.lossPercent',
      'qualityThresholds.sustainSeconds',
      'iceGatheringTimeoutMs',
      'connectTimeoutMs',
      'answerTimeoutMs',
      'reconnectTimeoutMs',
    ]);
    for (const p of error.problems) expect(p.message, p.field).not.toBe('');
    expect(error.message).toMatch(/^Invalid call engine options: server: /);
  });

  it('refuses non-WebSocket schemes, non-URLs and a missing server', () => {
    for (const server of [
      'https://pbx.example.com/ws',
      'sip:pbx.example.com',
      'pbx.example.com',
      '',
      undefined,
    ]) {
      expect(fieldsOf({ ...base, server }), String(server)).toEqual(['server']);
    }
  });

  it('refuses a user name or password in the server URL without repeating them', () => {
    const error = refusal({ ...base, server: 'wss://admin:s3cret-pw@pbx.example.com/ws' });
    expect(error.problems).toEqual([
      { field: 'server', message: expect.stringContaining('user name or password') },
    ]);
    expect(error.message).not.toContain('s3cret-pw');
    expect(fieldsOf({ ...base, server: 'wss://admin@pbx.example.com/ws' })).toEqual(['server']);
  });

  it('refuses a missing target and one with @ that is not a SIP URI', () => {
    for (const target of [
      undefined,
      '',
      'user@pbx.example.com',
      'sip:a b@host',
      'sip:@host',
      'sip:x@',
      'tel:+100',
    ]) {
      expect(fieldsOf({ ...base, target }), String(target)).toEqual(['target']);
    }
  });

  it('refuses an invalid user or assistant id', () => {
    expect(fieldsOf({ ...base, user: 'support webrtc' })).toEqual(['user']);
    expect(fieldsOf({ ...base, user: '' })).toEqual(['user']);
    expect(fieldsOf({ ...base, assistantId: 'pizza.order' })).toEqual(['assistantId']);
    expect(fieldsOf({ ...base, assistantId: 'a\r\nVia: evil' })).toEqual(['assistantId']);
  });

  it('refuses timeouts out of range or not whole milliseconds', () => {
    const cases: [keyof CallEngineOptions, unknown][] = [
      ['iceGatheringTimeoutMs', 30_001],
      ['iceGatheringTimeoutMs', '2000'],
      ['connectTimeoutMs', 99],
      ['connectTimeoutMs', Number.POSITIVE_INFINITY],
      ['answerTimeoutMs', 999],
      ['answerTimeoutMs', 1000.5],
      ['reconnectTimeoutMs', 300_001],
      ['reconnectTimeoutMs', null],
    ];
    for (const [field, value] of cases) {
      const error = refusal({ ...base, [field]: value });
      expect(error.problems, `${field} = ${String(value)}`).toEqual([
        { field, message: expect.stringContaining('whole number of milliseconds') },
      ]);
    }
  });

  it('refuses DTMF modes other than rfc2833 and info, and iceServers that are not an array', () => {
    expect(fieldsOf({ ...base, dtmf: 'inband' })).toEqual(['dtmf']);
    expect(fieldsOf({ ...base, iceServers: { urls: 'stun:stun.example.com' } })).toEqual(['iceServers']);
    expect(resolveCallEngineOptions({ ...base, iceServers: [] }).source.iceServers).toEqual([]);
  });

  it('refuses thresholds that are not numbers in range', () => {
    expect(fieldsOf({ ...base, qualityThresholds: 3 })).toEqual(['qualityThresholds']);
    expect(
      fieldsOf({
        ...base,
        qualityThresholds: { rttMs: -1, jitterMs: Number.NaN, lossPercent: '3', sustainSeconds: 0 },
      }),
    ).toEqual([
      'qualityThresholds.rttMs',
      'qualityThresholds.jitterMs',
      'qualityThresholds.lossPercent',
      'qualityThresholds.sustainSeconds',
    ]);
  });

  it('refuses incomplete credentials and never repeats the password', () => {
    const password = 'pw-Zq81!never-shown';
    for (const credentials of [
      { username: '', password },
      { username: 'op', password: '' },
      { password },
      null,
    ]) {
      const error = refusal({ ...base, server: 'ws://pbx.example.com/ws', credentials });
      expect(error.problems.map((p) => p.field)).toEqual(['server', 'credentials']);
      expect(error.message).not.toContain(password);
      for (const p of error.problems) expect(p.message).not.toContain(password);
    }
  });

  it('never repeats a password even when every other field is wrong too', () => {
    const password = 'pw-Zq81!never-shown';
    const error = refusal({
      server: `wss://op:${password}@pbx.example.com/ws`,
      target: `${password}@x`,
      user: password,
      credentials: { username: '', password },
      headers: { 'X-Note': `${password}\n` },
    });
    expect(error.problems.map((p) => p.field)).toEqual([
      'server',
      'target',
      'user',
      'credentials',
      'headers.X-Note',
    ]);
    expect(error.message).not.toContain(password);
  });

  it('refuses something that is not an object', () => {
    for (const options of [undefined, null, 'wss://pbx.example.com/ws']) {
      expect(fieldsOf(options), String(options)).toEqual(['options']);
    }
  });

  it('throws nothing but ValidationError, whatever the target', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.anything()), (target) => {
        try {
          const resolved = resolveCallEngineOptions({ ...base, target: target as string });
          expect(resolved.targetUri).toMatch(/^sips?:[^@\s]+@\S+$/);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    );
  });
});
