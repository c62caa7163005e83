import { createHash } from 'node:crypto';
import { AuthenticationError, type Logger, ProtocolError, RemoteError } from '@aipbx/core';
import type { AmiActionFields } from '../parser/encode-action.js';
import type { AmiAuthType } from './ami-client-options.js';
import type { AmiResponse } from './ami-response.js';

/** Who logs in, and how. */
export interface LoginOptions {
  /** The `[user]` of `manager.conf`. */
  username: string;
  /** Its secret; never logged and never put in an error. */
  secret: string;
  /** See {@link AmiAuthType}. */
  authType: AmiAuthType;
  /** The login's `Events:` header. */
  events: string;
  /** `host:port`, for messages. */
  address: string;
  /** Whether the connection is TLS (said in the plain-login warning). */
  tls: boolean;
  /** Where the plain-login fallback warning goes. */
  log: Logger;
}

/** Sends one action on the connection being logged in and resolves with its response. */
export type LoginRequest = (fields: AmiActionFields) => Promise<AmiResponse>;

/**
 * Logs in as `authType` says. `'auto'` and `'md5'` first ask for a `Challenge` and send
 * `md5(challenge + secret)`; `'auto'` falls back to a plain login, with a warning, when the PBX
 * has no challenge to offer (it answers `Challenge` with an error, or with none).
 *
 * @returns the method used
 * @throws AuthenticationError `AUTH_FAILED` when the PBX refuses the login (naming the user and
 *   host, never the secret); ProtocolError when `'md5'` gets no challenge; whatever `request`
 *   rejects with otherwise (a timeout, a lost connection)
 */
export async function login(request: LoginRequest, options: LoginOptions): Promise<'md5' | 'plain'> {
  const { username, secret, authType, events, address } = options;
  let method: 'plain' | 'md5' = authType === 'plain' ? 'plain' : 'md5';
  try {
    let challenge: string | undefined;
    if (authType !== 'plain') {
      let refusal: string | undefined;
      try {
        const { response } = await request({ Action: 'Challenge', AuthType: 'MD5' });
        challenge = response.get('Challenge');
      } catch (error) {
        if (authType !== 'auto' || !(error instanceof RemoteError)) throw error;
        refusal = error.remoteMessage;
      }
      if (challenge === undefined || challenge === '') {
        if (authType === 'md5') {
          throw new ProtocolError(
            `${address} answered the MD5 Challenge without a challenge; use authType: 'auto' ` +
              "or 'plain' with this PBX.",
          );
        }
        method = 'plain';
        options.log.warn(
          "the PBX offers no MD5 challenge; logging in with a plain secret, readable by anyone on the network path. Use TLS, or authType: 'md5' to refuse plain logins.",
          { address, username, tls: options.tls, reason: refusal ?? 'no challenge' },
        );
      }
    }
    let fields: AmiActionFields;
    if (method === 'md5') {
      const key = createHash('md5')
        .update(challenge + secret)
        .digest('hex');
      fields = { Action: 'Login', AuthType: 'MD5', Username: username, Key: key, Events: events };
    } else {
      fields = { Action: 'Login', Username: username, Secret: secret, Events: events };
    }
    await request(fields);
  } catch (error) {
    if (error instanceof RemoteError) throw refused(error, method, options);
    throw error;
  }
  return method;
}

function refused(error: RemoteError, method: 'plain' | 'md5', options: LoginOptions): AuthenticationError {
  const { username, authType, address } = options;
  const how =
    method === 'md5'
      ? authType === 'auto'
        ? "MD5 (authType 'auto' used MD5 because the PBX offered a challenge)."
        : 'MD5.'
      : authType === 'auto'
        ? "a plain secret (authType 'auto' fell back to it because the PBX offered no MD5 challenge)."
        : "a plain secret (try authType: 'auto' or 'md5' if the PBX requires MD5).";
  return new AuthenticationError(
    `AMI login as "${username}" on ${address} was refused (${error.remoteMessage || 'no reason given'}). ` +
      `Check the secret of [${username}] in manager.conf (Yeastar: the AMI user's password), its ` +
      `permit/deny lists, and that this user may log in with ${how}`,
    { cause: error },
  );
}
