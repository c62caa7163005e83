import { rootCertificates } from 'node:tls';
import {
  type Logger,
  noopLogger,
  type ReconnectOptions,
  ReconnectPolicy,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';

/** Options of {@link AriClient}. */
export interface AriClientOptions {
  /**
   * Base URL of Asterisk's HTTP server: `https://pbx.example.com:8089` (or `http://127.0.0.1:8088`
   * on the PBX itself). A trailing `/ari` is accepted. No credentials, query or fragment in it.
   */
  url: string;
  /** The ARI user (a section of `ari.conf`). */
  username: string;
  /** Its password. Sent only in the `Authorization` header; never logged, never in an error. */
  password: string;
  /**
   * Extra trusted certificates (PEM) for a PBX whose certificate is self-signed or from a private
   * CA. Certificates are always verified; these are trusted in addition to Node's public CAs.
   */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Default limit of each REST request, in ms. Default 10,000. */
  requestTimeoutMs?: number;
  /** Limit of the events WebSocket handshake, in ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** How often the events socket pings Asterisk, in ms; `0` turns the deadline off. Default 20,000. */
  pingIntervalMs?: number;
  /** How long a pong may take before the socket is replaced, in ms. Default 10,000. */
  pingTimeoutMs?: number;
  /** Reconnecting the events socket after a loss. Default `{}`: forever, capped backoff with jitter. `false`: never. */
  reconnect?: ReconnectOptions | false;
  /** Receive every Asterisk event on the apps' socket, not only their own channels' and bridges'. Default false. */
  subscribeAll?: boolean;
  /** Most sockets kept open to Asterisk for REST requests. Default 16. */
  maxSockets?: number;
  /** Where the client logs; secrets are redacted. Default: silent. */
  logger?: Logger;
}

/** Options with every default applied and every value checked. */
export interface ResolvedAriClientOptions {
  url: URL;
  username: string;
  password: string;
  ca: string | Buffer | readonly (string | Buffer)[] | undefined;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  reconnect: ReconnectOptions | false;
  subscribeAll: boolean;
  maxSockets: number;
  logger: Logger;
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Applies defaults and checks every option, reporting every problem at once.
 *
 * @throws ValidationError (`INVALID_INPUT`) naming each bad option; never containing the password
 */
export function resolveAriClientOptions(options: AriClientOptions): ResolvedAriClientOptions {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const o = (options ?? {}) as Partial<AriClientOptions>;

  let url: URL | undefined;
  if (typeof o.url !== 'string' || o.url === '') {
    add('url', 'is required: the base URL of Asterisk’s HTTP server, e.g. https://pbx.example.com:8089');
  } else {
    try {
      url = new URL(o.url);
    } catch {
      add('url', 'is not a URL; write it like https://pbx.example.com:8089');
    }
    if (url) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        add('url', 'must start with https:// (or http:// on the PBX itself)');
      if (url.username || url.password)
        add('url', 'must not contain credentials; pass username and password as options');
      if (url.search || url.hash) add('url', 'must not have a query or fragment');
      url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/ari$/, '') || '/';
      if (url.pathname !== '/')
        add('url', 'must be the server’s address only (a path other than /ari is not supported)');
    }
  }
  if (typeof o.username !== 'string' || o.username === '')
    add('username', 'is required: the ARI user from ari.conf');
  else if (/[:\s\p{Cc}]/u.test(o.username))
    add('username', 'must not contain ":", spaces or control characters');
  if (typeof o.password !== 'string' || o.password === '') add('password', 'is required');
  else if (/[\p{Cc}]/u.test(o.password)) add('password', 'must not contain control characters');

  const number = (
    field: 'requestTimeoutMs' | 'connectTimeoutMs' | 'pingIntervalMs' | 'pingTimeoutMs' | 'maxSockets',
    fallback: number,
    allowZero = false,
  ): number => {
    const value: unknown = o[field];
    if (value === undefined) return fallback;
    if (!(positive(value) || (allowZero && value === 0))) {
      add(
        field,
        allowZero ? 'must be 0 (off) or a positive number of milliseconds' : 'must be a positive number',
      );
      return fallback;
    }
    return value;
  };
  const requestTimeoutMs = number('requestTimeoutMs', 10_000);
  const connectTimeoutMs = number('connectTimeoutMs', 10_000);
  const pingIntervalMs = number('pingIntervalMs', 20_000, true);
  const pingTimeoutMs = number('pingTimeoutMs', 10_000);
  const maxSockets = number('maxSockets', 16);
  if (!Number.isInteger(maxSockets)) add('maxSockets', 'must be a whole number');

  const reconnect = o.reconnect === undefined ? {} : o.reconnect;
  if (reconnect !== false) {
    if (typeof reconnect !== 'object' || reconnect === null)
      add('reconnect', 'must be reconnect options or false');
    else {
      try {
        new ReconnectPolicy(reconnect);
      } catch (error) {
        for (const p of (error as ValidationError).problems ?? []) add(`reconnect.${p.field}`, p.message);
      }
    }
  }
  if (o.subscribeAll !== undefined && typeof o.subscribeAll !== 'boolean')
    add('subscribeAll', 'must be true or false');

  if (problems.length > 0) throw new ValidationError('ARI client options', problems);
  return {
    url: url!,
    username: o.username!,
    password: o.password!,
    // Added to Node's public CAs (a bare `ca` option would replace them).
    ca: o.ca === undefined ? undefined : [...rootCertificates, ...(Array.isArray(o.ca) ? o.ca : [o.ca])],
    requestTimeoutMs,
    connectTimeoutMs,
    pingIntervalMs,
    pingTimeoutMs,
    reconnect,
    subscribeAll: o.subscribeAll ?? false,
    maxSockets,
    logger: (o.logger ?? noopLogger).child('ari'),
  };
}
