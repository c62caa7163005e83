/**
 * What `aipbx doctor` checks, from flags, environment variables and an optional `--input` file,
 * in that order of precedence.
 */

import { AMI_ENV_VARIABLES } from '@aipbx/ami';
import { DEFAULT_DIALPLAN } from '@aipbx/core';
import type { EnvVarSpec } from '../command.js';

/** Environment variables of the ARI connection (the names the SDK's docs and examples use). */
export const ARI_ENV_VARIABLES = {
  url: 'ARI_URL',
  username: 'ARI_USERNAME',
  password: 'ARI_PASSWORD',
} as const;

/** Every environment variable `aipbx doctor` reads, for its `--help`. */
export const DOCTOR_ENV: readonly EnvVarSpec[] = [
  {
    name: ARI_ENV_VARIABLES.url,
    description: 'ARI base URL, e.g. https://pbx.example.com:8089 (or --ari-url)',
  },
  { name: ARI_ENV_VARIABLES.username, description: 'ARI user from ari.conf (or --ari-username)' },
  { name: ARI_ENV_VARIABLES.password, description: 'its password (environment only: never a flag)' },
  {
    name: `${AMI_ENV_VARIABLES.host[0]}, ${AMI_ENV_VARIABLES.host[1]}`,
    description: 'AMI host (or --ami-host); AMI checks are skipped without it',
  },
  {
    name: `${AMI_ENV_VARIABLES.port[0]}, ${AMI_ENV_VARIABLES.port[1]}`,
    description: 'AMI port, default 5038 (or --ami-port)',
  },
  {
    name: `${AMI_ENV_VARIABLES.username[0]}, ${AMI_ENV_VARIABLES.username[1]}`,
    description: 'AMI user (or --ami-username)',
  },
  {
    name: `${AMI_ENV_VARIABLES.secret[0]}, ${AMI_ENV_VARIABLES.secret[1]}`,
    description: 'its secret (environment only: never a flag)',
  },
  { name: 'AIPBX_CA_FILE', description: 'PEM file of extra trusted certificates (or --ca)' },
];

/** Everything the checks need; `undefined` where nothing was given. */
export interface DoctorOptions {
  ari: { url?: string; username?: string; password?: string };
  ami: { host?: string; port?: number; username?: string; secret?: string };
  /** `wss://host:port/path` of the SIP WebSocket. */
  wss?: string;
  /** Assistant id for the test call. */
  assistant?: string;
  /** The assistant context. Default `assistant-in`. */
  context: string;
  /** The Stasis app. Default `aiPBXBot`. */
  app: string;
  /** Extra trusted certificates (PEM text). */
  ca?: string;
  recordingsDir?: string;
  recordingUrl?: string;
  /** Bound of each wait, ms. */
  timeoutMs: number;
}

/** The PBX and dialplan parts of an `--input` file the doctor reads. */
export interface DoctorInputFile {
  pbx?: { ariUrl?: string; ariUsername?: string; ariPassword?: string; wssUrl?: string; context?: string };
  dialplan?: { stasisApp?: string; recordingsDir?: string | null };
}

function first(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v.trim() !== '');
}

function fromEnv(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): string | undefined {
  return first(...names.map((n) => env[n]));
}

/**
 * Combines flags, environment and input file.
 *
 * @throws Error naming a malformed flag (a port, a timeout); never a value that could be a secret
 */
export function resolveDoctorOptions(
  flags: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  file: DoctorInputFile = {},
  ca?: string,
): DoctorOptions {
  const flag = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const pbx = file.pbx ?? {};
  const portText = first(flag('ami-port'), fromEnv(env, AMI_ENV_VARIABLES.port));
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText.trim()) || port < 1 || port > 65535)
      throw new Error('the AMI port (--ami-port, AMI_PORT or YEASTAR_PORT) must be a number from 1 to 65535');
  }
  const timeoutText = flag('timeout');
  const timeoutMs = timeoutText === undefined ? 10_000 : Number(timeoutText);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new Error('--timeout must be a positive number of ms');
  const options: DoctorOptions = {
    ari: {
      url: first(flag('ari-url'), env[ARI_ENV_VARIABLES.url], str(pbx.ariUrl)),
      username: first(flag('ari-username'), env[ARI_ENV_VARIABLES.username], str(pbx.ariUsername)),
      password: first(env[ARI_ENV_VARIABLES.password], str(pbx.ariPassword)),
    },
    ami: {
      host: first(flag('ami-host'), fromEnv(env, AMI_ENV_VARIABLES.host)),
      port,
      username: first(flag('ami-username'), fromEnv(env, AMI_ENV_VARIABLES.username)),
      secret: fromEnv(env, AMI_ENV_VARIABLES.secret),
    },
    wss: first(flag('wss'), str(pbx.wssUrl)),
    assistant: flag('assistant'),
    context: first(flag('context'), str(pbx.context)) ?? 'assistant-in',
    app: first(flag('app'), str(file.dialplan?.stasisApp)) ?? DEFAULT_DIALPLAN.stasisApp,
    recordingsDir: flag('recordings-dir'),
    recordingUrl: flag('recording-url'),
    timeoutMs,
  };
  if (ca !== undefined) options.ca = ca;
  return options;
}

/** The secrets among the options, for scrubbing output. */
export function secretsOf(options: DoctorOptions): string[] {
  return [options.ari.password, options.ami.secret].filter((s): s is string => s !== undefined && s !== '');
}
