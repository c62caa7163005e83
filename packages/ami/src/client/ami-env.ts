import { DEFAULT_PORTS, ValidationError, type ValidationProblem } from '@aipbx/core';
import type { AmiClientOptions } from './ami-client-options.js';

/** Environment variables read by {@link amiOptionsFromEnv}; the `AMI_*` name wins over the `YEASTAR_*` one. */
export const AMI_ENV_VARIABLES = {
  host: ['AMI_HOST', 'YEASTAR_HOST'],
  port: ['AMI_PORT', 'YEASTAR_PORT'],
  username: ['AMI_USERNAME', 'YEASTAR_USERNAME'],
  secret: ['AMI_SECRET', 'YEASTAR_PASSWORD'],
} as const;

/** A read-only view of environment variables, such as `process.env`. */
export type AmiEnv = Readonly<Record<string, string | undefined>>;

function pick(env: AmiEnv, names: readonly string[]): [string, string] | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return [name, value];
  }
  return undefined;
}

/**
 * Reads AMI connection settings from environment variables, in the Yeastar form the Yeastar
 * integration guide uses (`YEASTAR_HOST`, `YEASTAR_PORT`, `YEASTAR_USERNAME`, `YEASTAR_PASSWORD`) or the `AMI_*` form
 * (`AMI_HOST`, `AMI_PORT`, `AMI_USERNAME`, `AMI_SECRET`), which wins when both are set.
 * The port is optional (5038).
 *
 * @param env - the variables; default `process.env`
 * @returns `host`, `port`, `username` and `secret`, ready for {@link AmiClientOptions}
 * @throws ValidationError (`INVALID_INPUT`) naming every missing or malformed variable; the
 *   secret's value never appears in it
 *
 * @example
 * ```ts
 * // YEASTAR_HOST=pbx.example.com YEASTAR_USERNAME=ami_user YEASTAR_PASSWORD=… node app.js
 * const client = new AmiClient({ ...amiOptionsFromEnv(), events: 'call,system' });
 * ```
 */
export function amiOptionsFromEnv(
  env: AmiEnv = process.env,
): Pick<AmiClientOptions, 'host' | 'port' | 'username' | 'secret'> {
  const problems: ValidationProblem[] = [];
  const required = (key: 'host' | 'username' | 'secret'): string => {
    const names = AMI_ENV_VARIABLES[key];
    const found = pick(env, names);
    if (found === undefined) {
      problems.push({ field: names[1], message: `not set; set ${names[0]} or ${names[1]}.` });
      return '';
    }
    return key === 'secret' ? found[1] : found[1].trim();
  };
  const host = required('host');
  const username = required('username');
  const secret = required('secret');
  let port: number | undefined;
  const rawPort = pick(env, AMI_ENV_VARIABLES.port);
  if (rawPort !== undefined) {
    const [name, value] = rawPort;
    const n = Number(value.trim());
    if (/^\d+$/.test(value.trim()) && n >= 1 && n <= 65535) port = n;
    else
      problems.push({
        field: name,
        message: `must be a port number from 1 to 65535, e.g. ${DEFAULT_PORTS.ami}; got "${value}".`,
      });
  }
  if (problems.length > 0) throw new ValidationError('AMI settings from the environment', problems);
  return port === undefined ? { host, username, secret } : { host, port, username, secret };
}
