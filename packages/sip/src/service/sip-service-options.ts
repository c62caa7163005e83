import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import {
  DEFAULT_PORTS,
  type Logger,
  noopLogger,
  parseSipUsers,
  type ReconnectOptions,
  ReconnectPolicy,
  SIP_TRANSPORTS,
  type SipUser,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';

/** SIP transports a {@link SipService} can use to reach the PBX (WebSocket is the browser's). */
export type SipServiceTransport = 'udp' | 'tcp' | 'tls';

/** Where call audio (RTP) is received. */
export interface RtpOptions {
  /** Address RTP sockets bind to. Default `0.0.0.0`. */
  host?: string;
  /**
   * The address the PBX reaches this host at, when it differs from `host` (behind NAT, or `host` is
   * `0.0.0.0`): written into SDP for RTP, and into the registration's Contact. Default: the address
   * the SIP connection leaves from.
   */
  advertise?: string;
  /** First port of the range (`RTP_PORT_MIN`). Default 5700. */
  portMin?: number;
  /**
   * Last port of the range, inclusive (`RTP_PORT_MAX`). Default 5750. Each call takes two ports
   * (RTP on an even port, RTCP on the next), so 5700–5750 carries 25 calls at once.
   */
  portMax?: number;
}

/** Options of {@link SipService}. */
export interface SipServiceOptions {
  /** The PBX's host name or address (`SIP_SERVER`). */
  server: string;
  /** Its SIP port (`SIP_PORT`). Default 5060, or 5061 over TLS. */
  port?: number;
  /** `udp` (default), `tcp` or `tls` (`SIP_TRANSPORT`). */
  transport?: SipServiceTransport;
  /** The extensions to register (`SIP_USERS`, parsed by `parseSipUsers` of @aipbx/core). At least one. */
  users: readonly SipUser[];
  /** Call audio. */
  rtp?: RtpOptions;
  /**
   * Extra trusted certificates (PEM) for a PBX whose TLS certificate is self-signed or from a
   * private CA; added to Node's public CAs. Certificates are always verified.
   */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Registration lifetime asked of the PBX, seconds; renewed before it ends. Default 300. */
  registerExpiresSeconds?: number;
  /**
   * Reconnecting and re-registering after the PBX or the network goes away. Default `{}`: forever,
   * capped backoff with jitter. A refused password is never retried in a loop: see the registration guide.
   */
  reconnect?: ReconnectOptions;
  /** Where the service logs; passwords are never written. Default: silent. */
  logger?: Logger;
}

/** Options with every default applied and every value checked. */
export interface ResolvedSipServiceOptions {
  server: string;
  port: number;
  transport: SipServiceTransport;
  users: readonly SipUser[];
  rtp: { host: string; advertise: string | undefined; portMin: number; portMax: number };
  ca: readonly (string | Buffer)[] | undefined;
  registerExpiresSeconds: number;
  reconnect: ReconnectOptions;
  logger: Logger;
}

const TRANSPORTS: readonly SipServiceTransport[] = ['udp', 'tcp', 'tls'];
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

const isPort = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65_535;

/**
 * Applies defaults and checks every option, reporting every problem at once.
 *
 * @throws ValidationError (`INVALID_INPUT`) naming each bad option; never containing a password
 */
export function resolveSipServiceOptions(options: SipServiceOptions): ResolvedSipServiceOptions {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const o = (options ?? {}) as Partial<SipServiceOptions>;

  if (typeof o.server !== 'string' || o.server === '')
    add('server', 'is required: the PBX’s host name or IP address, e.g. pbx.example.com');
  else if (isIP(o.server) === 0 && !HOST_NAME.test(o.server))
    add(
      'server',
      `"${o.server}" is neither an IP address nor a host name; write only the host, without sip: or a port`,
    );

  const transport = o.transport ?? 'udp';
  if (!TRANSPORTS.includes(transport))
    add('transport', `must be udp, tcp or tls, not ${JSON.stringify(transport)}`);
  const fallbackPort = SIP_TRANSPORTS[TRANSPORTS.includes(transport) ? transport : 'udp'].defaultPort;
  const port = o.port ?? fallbackPort;
  if (!isPort(port)) add('port', 'must be a whole number from 1 to 65535');

  const users = o.users ?? [];
  if (!Array.isArray(users) || users.length === 0)
    add('users', 'needs at least one extension (SIP_USERS: extension:password:username:Display Name)');
  else {
    const seen = new Set<string>();
    users.forEach((u, i) => {
      if (typeof u?.extension !== 'string' || u.extension === '') add(`users[${i}].extension`, 'is required');
      if (typeof u?.username !== 'string' || u.username === '') add(`users[${i}].username`, 'is required');
      if (typeof u?.password !== 'string' || u.password === '') add(`users[${i}].password`, 'is required');
      if (seen.has(u?.extension)) add(`users[${i}].extension`, `${u.extension} is listed twice`);
      seen.add(u?.extension);
    });
  }

  const r = o.rtp ?? {};
  const host = r.host ?? '0.0.0.0';
  if (isIP(host) === 0) add('rtp.host', `must be an IP address to bind, e.g. 0.0.0.0, not "${host}"`);
  if (r.advertise !== undefined && isIP(r.advertise) === 0)
    add('rtp.advertise', `must be the IP address the PBX reaches this host at, not "${r.advertise}"`);
  const portMin = r.portMin ?? DEFAULT_PORTS.rtp.min;
  const portMax = r.portMax ?? DEFAULT_PORTS.rtp.max;
  if (!isPort(portMin) || portMin < 1024) add('rtp.portMin', 'must be a whole number from 1024 to 65535');
  if (!isPort(portMax) || portMax < 1024) add('rtp.portMax', 'must be a whole number from 1024 to 65535');
  else if (isPort(portMin) && portMax < portMin + (portMin % 2) + 1)
    add(
      'rtp.portMax',
      `leaves no even port with the next one free above rtp.portMin (${portMin}): each call needs two ports, RTP on an even one and RTCP on the next`,
    );

  const expires = o.registerExpiresSeconds ?? 300;
  if (!Number.isInteger(expires) || expires < 30 || expires > 86_400)
    add('registerExpiresSeconds', 'must be a whole number of seconds from 30 to 86400');

  const reconnect = o.reconnect ?? {};
  try {
    new ReconnectPolicy(reconnect);
  } catch (error) {
    for (const p of (error as ValidationError).problems ?? []) add(`reconnect.${p.field}`, p.message);
  }

  if (problems.length > 0) throw new ValidationError('SIP service options', problems);
  return {
    server: o.server as string,
    port,
    transport,
    users: users.map((u) => ({ ...u })),
    rtp: { host, advertise: r.advertise, portMin, portMax },
    // Added to Node's public CAs (a bare `ca` option would replace them).
    ca: o.ca === undefined ? undefined : [...rootCertificates, ...(Array.isArray(o.ca) ? o.ca : [o.ca])],
    registerExpiresSeconds: expires,
    reconnect,
    logger: (o.logger ?? noopLogger).child('sip'),
  };
}

/** The environment variables {@link sipServiceOptionsFromEnv} reads (the Yeastar guide's names). */
export const SIP_ENV = [
  'SIP_SERVER',
  'SIP_PORT',
  'SIP_TRANSPORT',
  'SIP_USERS',
  'RTP_PORT_MIN',
  'RTP_PORT_MAX',
  'RTP_ADVERTISE',
] as const;

/**
 * Reads the Yeastar guide's variables: `SIP_SERVER`, `SIP_PORT`, `SIP_TRANSPORT` (UDP | TCP | TLS),
 * `SIP_USERS` (`extension:password:username:Display Name`, comma-separated), `RTP_PORT_MIN`,
 * `RTP_PORT_MAX`; plus `RTP_ADVERTISE` (the address written into SDP behind NAT). `overrides`
 * are applied on top (a logger, a CA…).
 *
 * @throws ValidationError listing every bad or missing variable at once, by its variable name
 */
export function sipServiceOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: Partial<SipServiceOptions> = {},
): SipServiceOptions {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const whole = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (!/^\d{1,5}$/.test(value)) {
      add(name, `must be a port number, not "${value}"`);
      return undefined;
    }
    return Number(value);
  };

  const server = text('SIP_SERVER');
  if (server === undefined) add('SIP_SERVER', 'is not set: the PBX’s host name or IP address');
  const port = whole('SIP_PORT');
  const rawTransport = text('SIP_TRANSPORT');
  let transport: SipServiceTransport | undefined;
  if (rawTransport !== undefined) {
    const lower = rawTransport.toLowerCase();
    if ((TRANSPORTS as readonly string[]).includes(lower)) transport = lower as SipServiceTransport;
    else
      add(
        'SIP_TRANSPORT',
        `must be UDP, TCP or TLS, not "${rawTransport}"${lower === 'ws' || lower === 'wss' ? ' (WebSocket is for browsers: use the widget or softphone)' : ''}`,
      );
  }
  let users: SipUser[] = [];
  const rawUsers = env.SIP_USERS;
  if (rawUsers === undefined || rawUsers.trim() === '')
    add('SIP_USERS', 'is not set: extension:password:username:Display Name, comma-separated');
  else {
    try {
      users = parseSipUsers(rawUsers);
    } catch (error) {
      for (const p of (error as ValidationError).problems ?? []) add(p.field, p.message);
    }
  }
  const portMin = whole('RTP_PORT_MIN');
  const portMax = whole('RTP_PORT_MAX');
  const advertise = text('RTP_ADVERTISE');

  const options: SipServiceOptions = {
    server: server ?? '',
    users,
    ...(port === undefined ? {} : { port }),
    ...(transport === undefined ? {} : { transport }),
    rtp: {
      ...(portMin === undefined ? {} : { portMin }),
      ...(portMax === undefined ? {} : { portMax }),
      ...(advertise === undefined ? {} : { advertise }),
    },
    ...overrides,
  };
  // The values that parsed are checked as options too, so every problem is reported in one go and
  // named by its variable (a variable already reported is not reported twice).
  const rename: Record<string, string> = {
    server: 'SIP_SERVER',
    port: 'SIP_PORT',
    transport: 'SIP_TRANSPORT',
    users: 'SIP_USERS',
    'rtp.portMin': 'RTP_PORT_MIN',
    'rtp.portMax': 'RTP_PORT_MAX',
    'rtp.advertise': 'RTP_ADVERTISE',
  };
  try {
    resolveSipServiceOptions(options);
  } catch (error) {
    const reported = new Set(problems.map((p) => p.field.replace(/\[.*$/, '')));
    for (const p of (error as ValidationError).problems) {
      const field = rename[p.field] ?? p.field;
      if (reported.has(field)) continue;
      // Messages name other options by their dotted names (rtp.portMin): those become variables too.
      const message = Object.entries(rename)
        .filter(([from]) => from.includes('.'))
        .reduce((m, [from, to]) => m.replaceAll(from, to), p.message);
      problems.push({ field, message });
    }
  }
  if (problems.length > 0) throw new ValidationError('SIP service environment', problems);
  return options;
}
