import { createHash } from 'node:crypto';
import { AuthenticationError, noopLogger, ProtocolError, RemoteError, TimeoutError } from '@aipbx/core';
import { describe, expect, it, vi } from 'vitest';
import { AmiMessage } from '../parser/ami-message.js';
import type { AmiActionFields } from '../parser/encode-action.js';
import type { AmiResponse } from './ami-response.js';
import { type LoginOptions, login } from './login.js';

const base: LoginOptions = {
  username: 'app',
  secret: 's3cret',
  authType: 'auto',
  events: 'on',
  address: 'pbx.test:5038',
  tls: false,
  log: noopLogger,
};

/** A fake PBX answering Challenge and Login by `answer`; keeps every action it got. */
function pbx(answer: (fields: AmiActionFields) => Record<string, string | undefined> | Error) {
  const sent: AmiActionFields[] = [];
  const request = (fields: AmiActionFields): Promise<AmiResponse> => {
    sent.push(fields);
    const reply = answer(fields);
    if (reply instanceof Error) return Promise.reject(reply);
    return Promise.resolve({
      response: AmiMessage.from(
        Object.entries(reply).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      events: [],
      complete: undefined,
    });
  };
  return { sent, request };
}

const refused = (text: string) => new RemoteError(`failed: ${text}`, text);

describe('login', () => {
  it('answers the MD5 challenge with md5(challenge + secret), never sending the secret', async () => {
    const { sent, request } = pbx((f) =>
      f.Action === 'Challenge' ? { Response: 'Success', Challenge: '123456' } : { Response: 'Success' },
    );
    expect(await login(request, base)).toBe('md5');
    const key = createHash('md5').update('123456s3cret').digest('hex');
    expect(sent).toEqual([
      { Action: 'Challenge', AuthType: 'MD5' },
      { Action: 'Login', AuthType: 'MD5', Username: 'app', Key: key, Events: 'on' },
    ]);
  });

  it("with 'auto', falls back to a plain login with a warning when the PBX refuses the challenge", async () => {
    const warn = vi.fn();
    const { sent, request } = pbx((f) =>
      f.Action === 'Challenge' ? refused('Invalid/unknown command') : { Response: 'Success' },
    );
    expect(await login(request, { ...base, log: { ...noopLogger, warn } })).toBe('plain');
    expect(sent[1]).toEqual({ Action: 'Login', Username: 'app', Secret: 's3cret', Events: 'on' });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![1]).toMatchObject({ reason: 'Invalid/unknown command', tls: false });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('s3cret');
  });

  it("with 'md5', refuses a PBX without a challenge instead of falling back", async () => {
    const empty = pbx(() => ({ Response: 'Success' }));
    await expect(login(empty.request, { ...base, authType: 'md5' })).rejects.toBeInstanceOf(ProtocolError);
    const refusing = pbx(() => refused('Invalid/unknown command'));
    await expect(login(refusing.request, { ...base, authType: 'md5' })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(empty.sent).toHaveLength(1);
  });

  it("with 'plain', logs in with the secret without asking for a challenge", async () => {
    const { sent, request } = pbx(() => ({ Response: 'Success' }));
    expect(await login(request, { ...base, authType: 'plain', events: 'call,system' })).toBe('plain');
    expect(sent).toEqual([{ Action: 'Login', Username: 'app', Secret: 's3cret', Events: 'call,system' }]);
  });

  it('turns a refused login into AuthenticationError naming the user, the host and the method, not the secret', async () => {
    const { request } = pbx((f) =>
      f.Action === 'Challenge' ? { Response: 'Success', Challenge: '1' } : refused('Authentication failed'),
    );
    const error = (await login(request, base).catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(
      /^AMI login as "app" on pbx.test:5038 was refused \(Authentication failed\)/,
    );
    expect(error.message).toMatch(/MD5 \(authType 'auto' used MD5/);
    expect(error.message).not.toContain('s3cret');
    expect(error.cause).toBeInstanceOf(RemoteError);
  });

  it('passes other failures (a timeout, a lost connection) through unchanged', async () => {
    const timeout = new TimeoutError('no answer', 10);
    const { request } = pbx(() => timeout);
    await expect(login(request, base)).rejects.toBe(timeout);
  });
});
