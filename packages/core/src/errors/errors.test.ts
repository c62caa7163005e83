import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AipbxError,
  AuthenticationError,
  CallFailedError,
  ConnectionError,
  isAipbxError,
  ProtocolError,
  RemoteError,
  TimeoutError,
  ValidationError,
} from './index.js';

describe('errors', () => {
  const cases: [AipbxError, string, string][] = [
    [
      new ValidationError('PBX', [{ field: 'wssUrl', message: 'must start with wss://' }]),
      'ValidationError',
      'INVALID_INPUT',
    ],
    [
      new ConnectionError('CONNECTION_FAILED', '127.0.0.1:5038', 'refused'),
      'ConnectionError',
      'CONNECTION_FAILED',
    ],
    [
      new ConnectionError('CONNECTION_LOST', '127.0.0.1:5038', 'closed'),
      'ConnectionError',
      'CONNECTION_LOST',
    ],
    [new AuthenticationError('user app refused'), 'AuthenticationError', 'AUTH_FAILED'],
    [new TimeoutError('no answer', 5000), 'TimeoutError', 'TIMEOUT'],
    [new AbortError('aborted'), 'AbortError', 'ABORTED'],
    [new ProtocolError('frame too large'), 'ProtocolError', 'PROTOCOL'],
    [new RemoteError('refused', 'Permission denied', 403), 'RemoteError', 'REMOTE'],
    [new CallFailedError('busy', 'to', '302 is busy'), 'CallFailedError', 'CALL_FAILED'],
  ];

  it.each(cases)('%s has its name and stable code', (error, name, code) => {
    expect(error).toBeInstanceOf(AipbxError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(isAipbxError(error)).toBe(true);
    expect(isAipbxError(error, error.code)).toBe(true);
    expect(isAipbxError(error, code === 'TIMEOUT' ? 'REMOTE' : 'TIMEOUT')).toBe(false);
  });

  it('keeps the cause and the details', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new ConnectionError('CONNECTION_FAILED', 'pbx:5038', 'Could not connect', { cause });
    expect(error.cause).toBe(cause);
    expect(error.address).toBe('pbx:5038');
    expect(new TimeoutError('t', 42).timeoutMs).toBe(42);
    expect(new RemoteError('m', 'r', 404).status).toBe(404);
    expect(new CallFailedError('no-answer', 'from', 'm')).toMatchObject({ reason: 'no-answer', leg: 'from' });
  });

  it('lists every validation problem in the message', () => {
    const error = new ValidationError('widget', [
      { field: 'id', message: 'must not be empty' },
      { field: 'assistant', message: 'must not be empty' },
    ]);
    expect(error.message).toBe('Invalid widget: id: must not be empty; assistant: must not be empty');
    expect(error.problems).toHaveLength(2);
  });

  it('is not fooled by look-alikes', () => {
    expect(isAipbxError(new Error('x'))).toBe(false);
    expect(isAipbxError({ code: 'TIMEOUT', message: 'x' })).toBe(false);
  });
});
