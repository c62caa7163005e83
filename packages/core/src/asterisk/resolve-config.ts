/**
 * The generator's input with every default filled in, from the one table of defaults below. The
 * checks read it where they judge a resolved value, and the writers read nothing else. Internal to
 * the generator.
 *
 * @internal
 */
import { DEFAULT_DIALPLAN, DEFAULT_PORTS } from '../connection-modes/connection-modes.js';
import {
  type AmiOptions,
  type AmiUser,
  type AriOutboundOptions,
  type AsteriskConfigInput,
  type CallLimits,
  DEFAULT_AMI_READ,
  DEFAULT_AMI_WRITE,
  type DialplanOptions,
  type HttpOptions,
  type SipOptions,
  type SipTrunk,
} from './asterisk-config-options.js';

/** The context every assistant context jumps to: the one copy of the assistant dialplan. */
export const ASSISTANT_BODY_CONTEXT = 'aipbx-assistant';
/** An empty context: every endpoint's `message_context`, so SIP MESSAGE never runs the dialplan. */
export const NO_MESSAGES_CONTEXT = 'aipbx-no-messages';
/** Contexts the generator writes for itself; the input may not use these names. */
export const RESERVED_CONTEXTS = [ASSISTANT_BODY_CONTEXT, NO_MESSAGES_CONTEXT] as const;

/** What an AMI user gets for what it leaves out. */
type AmiUserDefaults = Required<Omit<AmiUser, 'username' | 'secret'>>;
/** What ARI outbound WebSockets get for what they leave out. */
type AriOutboundDefaults = Required<Omit<AriOutboundOptions, 'uri' | 'username' | 'password'>>;

/**
 * Every default of the generator's options, in one table. The option types' TSDoc
 * (`asterisk-config-options.ts`) states the same values for users: change both together.
 */
export const DEFAULTS: {
  readonly http: Readonly<Required<HttpOptions>>;
  readonly sip: Readonly<Required<SipOptions>>;
  readonly ami: Readonly<Required<Omit<AmiOptions, 'users'>>>;
  readonly amiUser: Readonly<AmiUserDefaults>;
  readonly dialplan: Readonly<Required<DialplanOptions>>;
  readonly limits: Readonly<Required<CallLimits>>;
  readonly ariOutbound: Readonly<AriOutboundDefaults>;
} = Object.freeze({
  http: Object.freeze({
    // Plain HTTP carries ARI's Basic credentials and SIP in clear text: it stays on the host.
    bindAddress: '127.0.0.1',
    tlsBindAddress: '0.0.0.0',
    port: DEFAULT_PORTS.ws,
    tlsPort: DEFAULT_PORTS.wss,
    certFile: '/etc/asterisk/keys/asterisk.pem',
    keyFile: '/etc/asterisk/keys/asterisk.key',
    sessionLimit: 1000,
  }),
  sip: Object.freeze({
    bindAddress: '0.0.0.0',
    udpPort: DEFAULT_PORTS.sipUdp,
    tcpPort: null,
    tlsPort: null,
    codecs: Object.freeze(['opus', 'ulaw', 'alaw']),
  }),
  ami: Object.freeze({ bindAddress: '127.0.0.1', port: DEFAULT_PORTS.ami, tlsPort: null }),
  amiUser: Object.freeze({
    permit: Object.freeze(['127.0.0.1/255.255.255.255', '::1/128']),
    read: DEFAULT_AMI_READ,
    write: DEFAULT_AMI_WRITE,
  }),
  dialplan: Object.freeze({
    stasisApp: DEFAULT_DIALPLAN.stasisApp,
    recordingsDir: '/usr/records/assistants',
    assistants: Object.freeze([]),
    assistantHeader: 'X-Assistant-Id',
    unavailableSound: 'im-sorry&all-circuits-busy-now&please-try-call-later',
    operatorContext: DEFAULT_DIALPLAN.operatorContext,
  }),
  limits: Object.freeze({
    widgetCalls: 10,
    sipUriCalls: 30,
    trunkCalls: 100,
    callSeconds: 1800,
    recordingsPerDay: 500,
  }),
  ariOutbound: Object.freeze({
    connection: 'per-call',
    verifyServer: true,
    connectTimeoutMs: 500,
    reconnectAttempts: 3,
  }),
});

/** An AMI user with every default applied. */
export interface ResolvedAmiUser extends AmiUserDefaults {
  username: string;
  secret: string;
}

/** A trunk with its context and call limit resolved. */
export interface ResolvedTrunk {
  name: string;
  match: readonly string[];
  /** The trunk's own context, else the PBX's. */
  context: string;
  assistant: string | undefined;
  /** The trunk's own limit, else {@link CallLimits.trunkCalls}; `null` for none. */
  maxCalls: number | null;
}

/** ARI outbound WebSockets with every default applied. */
export interface ResolvedAriOutbound extends AriOutboundDefaults {
  uri: string;
  username: string;
  password: string;
}

/** The input with every default filled in. */
export interface ResolvedConfig {
  input: AsteriskConfigInput;
  http: Required<HttpOptions>;
  sip: Required<SipOptions>;
  ami: (Required<Omit<AmiOptions, 'users'>> & { users: readonly ResolvedAmiUser[] }) | undefined;
  dialplan: Required<DialplanOptions>;
  limits: Required<CallLimits>;
  trunks: readonly ResolvedTrunk[];
  /** ARI outbound WebSockets; `undefined` when the app connects to Asterisk. */
  ariOutbound: ResolvedAriOutbound | undefined;
  /**
   * Every exact extension callers may dial by name, in first-seen order. Names starting with `_`
   * (Asterisk would read a pattern) and one-character names (Asterisk reserves `h`, `s`, `i`, `t`…)
   * are left out: such assistants are reached through their endpoint's binding or the header.
   */
  dialledNames: readonly string[];
}

/**
 * `given` over `defaults`, key by key. A key left out takes the default, and so does one set to
 * `null`, unless it is in `nullable`: options whose type allows `null`, where it turns something
 * off (a transport, recording, a limit).
 */
function withDefaults<T extends object>(
  defaults: Readonly<Required<T>>,
  given: T | null | undefined,
  nullable: readonly (keyof T)[] = [],
): Required<T> {
  const resolved = { ...defaults } as Required<T>;
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = given?.[key];
    if (value !== undefined && (value !== null || nullable.includes(key))) {
      resolved[key] = value as Required<T>[keyof T];
    }
  }
  return resolved;
}

/** Fills in every default. Never throws: checking is `checkConfig`'s job. */
export function resolveConfig(input: AsteriskConfigInput): ResolvedConfig {
  const a = input.ami;
  const o = input.ari?.outbound;
  const limits = withDefaults(
    DEFAULTS.limits,
    input.limits,
    Object.keys(DEFAULTS.limits) as (keyof CallLimits)[],
  );
  const dialplan = withDefaults(DEFAULTS.dialplan, input.dialplan, ['recordingsDir']);
  return {
    input,
    http: withDefaults(DEFAULTS.http, input.http),
    sip: withDefaults(DEFAULTS.sip, input.sip, ['udpPort', 'tcpPort', 'tlsPort']),
    ami: a
      ? {
          ...withDefaults(DEFAULTS.ami, a, ['tlsPort']),
          users: a.users.map((u) => ({
            username: u.username,
            secret: u.secret,
            ...withDefaults(DEFAULTS.amiUser, u),
          })),
        }
      : undefined,
    dialplan,
    limits,
    trunks: (input.trunks ?? []).map((t) => resolveTrunk(t, input, limits)),
    ariOutbound: o
      ? { uri: o.uri, username: o.username, password: o.password, ...withDefaults(DEFAULTS.ariOutbound, o) }
      : undefined,
    dialledNames: dialledNames(input, dialplan),
  };
}

function resolveTrunk(t: SipTrunk, input: AsteriskConfigInput, limits: Required<CallLimits>): ResolvedTrunk {
  return {
    name: t.name,
    match: t.match,
    context: t.context ?? input.pbx?.context,
    assistant: t.assistant,
    maxCalls: t.maxCalls === undefined ? limits.trunkCalls : t.maxCalls,
  };
}

function dialledNames(input: AsteriskConfigInput, dialplan: Required<DialplanOptions>): string[] {
  const names = [
    ...(input.widgets ?? []).map((w) => w.assistant),
    ...(input.sipUris ?? []).flatMap((u) => [u.id, u.assistant]),
    ...(input.trunks ?? []).flatMap((t) => (t.assistant ? [t.assistant] : [])),
    ...dialplan.assistants,
  ];
  return [...new Set(names)].filter((n) => typeof n === 'string' && n.length > 1 && !n.startsWith('_'));
}
