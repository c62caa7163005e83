import type { ConnectionOptions } from 'node:tls';
import {
  DEFAULT_PORTS,
  type Logger,
  type ReconnectOptions,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';

/**
 * Options of an {@link AmiClient}. Only `host`, `username` and `secret` are required.
 *
 * @example
 * ```ts
 * const client = new AmiClient({ host: 'pbx.example.com', username: 'aipbx', secret: process.env.AMI_SECRET! });
 * ```
 */
export interface AmiClientOptions {
  /** PBX host name or IP address. */
  host: string;
  /** AMI port. Default 5038, or 5039 when `tls` is set (Asterisk's TLS default); @aipbx/core's `DEFAULT_PORTS`. */
  port?: number;
  /** The `[user]` section name in `manager.conf` (Yeastar: the AMI user name). */
  username: string;
  /** That user's `secret`. Never logged and never put in an error message. */
  secret: string;
  /**
   * Connect over TLS. `true` uses Node's defaults, certificate verification included; an object is
   * passed to `tls.connect` (e.g. `{ ca }` for a private CA). Verification stays on unless you set
   * `rejectUnauthorized: false` yourself.
   */
  tls?: boolean | ConnectionOptions;
  /**
   * How to log in. AMI over plain TCP is clear text: `'plain'` sends the secret itself in the
   * `Login` action, readable by anyone on the path. `'md5'` asks for a `Challenge` and sends only
   * `md5(challenge + secret)`; it fails if the PBX offers no challenge. `'auto'` asks for the
   * challenge and uses MD5 when the PBX offers it, and otherwise (a PBX that answers the
   * `Challenge` with an error) falls back to a plain login and logs a warning. Neither hides the
   * rest of the session: use `tls` for that. Default `'auto'`.
   */
  authType?: AmiAuthType;
  /** The login's `Events:` header: `'on'`, `'off'`, or a class mask such as `'call,system'`. Default `'on'`. */
  events?: 'on' | 'off' | (string & {});
  /** Limit for TCP/TLS connect, banner and login together, in ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** Default limit for an action's response, in ms. Default 10,000. */
  actionTimeoutMs?: number;
  /** How often the watchdog sends `Ping` while connected, in ms; `0` turns the watchdog off. Default 20,000. */
  pingIntervalMs?: number;
  /** How long the watchdog waits for the `Ping` answer before it drops the connection, in ms. Default 10,000 (at most `pingIntervalMs`). */
  pingTimeoutMs?: number;
  /** Reconnect after a lost connection with core's backoff policy, or `false` to stay closed. Default `{}` (policy defaults). */
  reconnect?: ReconnectOptions | false;
  /**
   * Where the client logs (connects, losses, reconnects, protocol errors), under the scope `ami`.
   * Default: no logging, except that an `error` event no listener takes (a dropped frame, the
   * reconnect policy giving up) is written with `console.error` rather than lost; with a logger it
   * is logged here at `error` level.
   */
  logger?: Logger;
  /**
   * When true, actions called while not connected wait for the next connection instead of failing,
   * and actions in flight when a connection is lost are sent again after the reconnect (beware:
   * an action the PBX had already run, such as an `Originate`, then runs twice). Their timeout
   * keeps running. Default false: such actions reject with `CONNECTION_LOST`.
   */
  offlineQueue?: boolean;
  /**
   * Events an async consumer ({@link AmiClient.events}, {@link AmiClient.actionStream}) may have
   * waiting before the client pauses reading from the socket. Default 1,000.
   */
  highWaterMark?: number;
  /** Largest AMI frame accepted, in characters. Default 1 MiB. */
  maxFrameLength?: number;
  /** Longest single line of a frame accepted, in characters. Default 64 KiB. */
  maxLineLength?: number;
}

/**
 * How an {@link AmiClient} logs in: `'auto'` (MD5 when the PBX offers a challenge, else plain),
 * `'md5'` (MD5 only) or `'plain'` (the secret in clear).
 */
export type AmiAuthType = 'auto' | 'plain' | 'md5';

/** Options after defaults and validation. */
export interface ResolvedAmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  tls: ConnectionOptions | undefined;
  authType: AmiAuthType;
  events: string;
  connectTimeoutMs: number;
  actionTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  reconnect: ReconnectOptions | false;
  logger: Logger | undefined;
  offlineQueue: boolean;
  highWaterMark: number;
  maxFrameLength: number | undefined;
  maxLineLength: number | undefined;
}

const BREAK = /[\r\n]/;

/**
 * Applies defaults and checks every option, reporting all problems at once.
 *
 * @throws ValidationError (`INVALID_INPUT`) naming each bad option; never echoing the secret
 */
export function resolveAmiClientOptions(options: AmiClientOptions): ResolvedAmiClientOptions {
  const problems: ValidationProblem[] = [];
  const o = (options ?? {}) as Partial<AmiClientOptions>;
  const text = (field: keyof AmiClientOptions, value: unknown, what: string): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ field, message: `${what} is required; pass a non-empty string.` });
      return '';
    }
    if (BREAK.test(value)) problems.push({ field, message: `${what} must not contain CR or LF.` });
    return value;
  };
  const host = text('host', o.host, 'the PBX host name or address');
  const username = text('username', o.username, 'the AMI user name (manager.conf section)');
  let secret = '';
  if (typeof o.secret !== 'string' || o.secret === '') {
    problems.push({ field: 'secret', message: 'the AMI secret is required; pass the manager.conf secret.' });
  } else if (BREAK.test(o.secret)) {
    problems.push({ field: 'secret', message: 'the secret must not contain CR or LF.' });
  } else secret = o.secret;

  const tls = o.tls === true ? {} : o.tls === false || o.tls === undefined ? undefined : o.tls;
  const port = o.port ?? (tls ? DEFAULT_PORTS.amiTls : DEFAULT_PORTS.ami);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push({
      field: 'port',
      message: `must be an integer from 1 to 65535 (AMI listens on ${DEFAULT_PORTS.ami}, TLS on ${DEFAULT_PORTS.amiTls}).`,
    });
  }
  const authType = o.authType ?? 'auto';
  if (authType !== 'auto' && authType !== 'plain' && authType !== 'md5') {
    problems.push({
      field: 'authType',
      message: "must be 'auto' (MD5 when the PBX offers it, the default), 'md5' or 'plain'.",
    });
  }
  const events = o.events ?? 'on';
  if (typeof events !== 'string' || events === '' || BREAK.test(events)) {
    problems.push({
      field: 'events',
      message: "must be 'on', 'off' or an event class mask such as 'call,system'.",
    });
  }
  const ms = (field: keyof AmiClientOptions, fallback: number, { allowZero = false } = {}): number => {
    const value = o[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      problems.push({
        field,
        message: allowZero
          ? 'must be a number of milliseconds, 0 or more.'
          : 'must be a positive number of milliseconds.',
      });
      return fallback;
    }
    return value;
  };
  const connectTimeoutMs = ms('connectTimeoutMs', 10_000);
  const actionTimeoutMs = ms('actionTimeoutMs', 10_000);
  const pingIntervalMs = ms('pingIntervalMs', 20_000, { allowZero: true });
  const pingTimeoutMs = ms('pingTimeoutMs', Math.min(10_000, pingIntervalMs || 10_000));
  const highWaterMark = ms('highWaterMark', 1000);
  for (const field of ['maxFrameLength', 'maxLineLength'] as const) {
    const value = o[field];
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      problems.push({ field, message: 'must be a positive integer.' });
    }
  }
  if (problems.length > 0) throw new ValidationError('AMI client options', problems);
  return {
    host,
    port,
    username,
    secret,
    tls,
    authType,
    events,
    connectTimeoutMs,
    actionTimeoutMs,
    pingIntervalMs,
    pingTimeoutMs,
    reconnect: o.reconnect ?? {},
    logger: o.logger,
    offlineQueue: o.offlineQueue ?? false,
    highWaterMark,
    maxFrameLength: o.maxFrameLength,
    maxLineLength: o.maxLineLength,
  };
}
