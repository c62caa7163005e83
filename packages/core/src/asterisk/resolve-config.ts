/**
 * The generator's input with every default filled in. Internal to the generator.
 *
 * @internal
 */
import {
  type AmiOptions,
  type AsteriskConfigInput,
  type CallLimits,
  DEFAULT_AMI_READ,
  DEFAULT_AMI_WRITE,
  type DialplanOptions,
  type HttpOptions,
  type SipOptions,
} from './asterisk-config-options.js';

/** The context every assistant context jumps to: the one copy of the assistant dialplan. */
export const ASSISTANT_BODY_CONTEXT = 'aipbx-assistant';
/** An empty context: every endpoint's `message_context`, so SIP MESSAGE never runs the dialplan. */
export const NO_MESSAGES_CONTEXT = 'aipbx-no-messages';
/** Contexts the generator writes for itself; the input may not use these names. */
export const RESERVED_CONTEXTS = [ASSISTANT_BODY_CONTEXT, NO_MESSAGES_CONTEXT] as const;

/** An AMI user with every default applied. */
export interface ResolvedAmiUser {
  username: string;
  secret: string;
  permit: readonly string[];
  read: string;
  write: string;
}

/** The input with every default filled in. */
export interface ResolvedConfig {
  input: AsteriskConfigInput;
  http: Required<HttpOptions>;
  sip: Required<SipOptions>;
  ami: (Required<Omit<AmiOptions, 'users'>> & { users: readonly ResolvedAmiUser[] }) | undefined;
  dialplan: Required<DialplanOptions>;
  limits: Required<CallLimits>;
}

const DEFAULT_LIMITS: Required<CallLimits> = {
  widgetCalls: 10,
  sipUriCalls: 30,
  trunkCalls: 100,
  callSeconds: 1800,
  recordingsPerDay: 500,
};

/** Fills in every default. Never throws: checking is {@link checkConfig}'s job. */
export function resolveConfig(input: AsteriskConfigInput): ResolvedConfig {
  const h = input.http ?? {};
  const s = input.sip ?? {};
  const d = input.dialplan ?? {};
  const a = input.ami;
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof CallLimits)[]) {
    const value = input.limits?.[key];
    if (value !== undefined) limits[key] = value;
  }
  return {
    input,
    http: {
      bindAddress: h.bindAddress ?? '127.0.0.1',
      tlsBindAddress: h.tlsBindAddress ?? '0.0.0.0',
      port: h.port ?? 8088,
      tlsPort: h.tlsPort ?? 8089,
      certFile: h.certFile ?? '/etc/asterisk/keys/asterisk.pem',
      keyFile: h.keyFile ?? '/etc/asterisk/keys/asterisk.key',
      sessionLimit: h.sessionLimit ?? 1000,
    },
    sip: {
      bindAddress: s.bindAddress ?? '0.0.0.0',
      udpPort: s.udpPort === undefined ? 5060 : s.udpPort,
      tcpPort: s.tcpPort ?? null,
      tlsPort: s.tlsPort ?? null,
      codecs: s.codecs ?? ['opus', 'ulaw', 'alaw'],
    },
    ami: a && {
      bindAddress: a.bindAddress ?? '127.0.0.1',
      port: a.port ?? 5038,
      tlsPort: a.tlsPort ?? null,
      users: a.users.map((u) => ({
        username: u.username,
        secret: u.secret,
        permit: u.permit ?? ['127.0.0.1/255.255.255.255', '::1/128'],
        read: u.read ?? DEFAULT_AMI_READ,
        write: u.write ?? DEFAULT_AMI_WRITE,
      })),
    },
    dialplan: {
      stasisApp: d.stasisApp ?? 'aiPBXBot',
      recordingsDir: d.recordingsDir === undefined ? '/usr/records/assistants' : d.recordingsDir,
      assistants: d.assistants ?? [],
      assistantHeader: d.assistantHeader ?? 'X-Assistant-Id',
      unavailableSound: d.unavailableSound ?? 'im-sorry&all-circuits-busy-now&please-try-call-later',
      operatorContext: d.operatorContext ?? 'aipbx-operators',
    },
    limits,
  };
}
