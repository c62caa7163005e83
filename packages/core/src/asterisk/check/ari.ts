/**
 * `ari.outbound`: the app's WebSocket URL and the credentials Asterisk presents to it.
 *
 * @internal
 */
import {
  ARI_USER_CHAR,
  CONF_VALUE_BREAKER,
  consistsOf,
  isWholeNumber,
  MAX_ID_LENGTH,
  parseUrl,
} from '../../rules/value-rules.js';
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

/** The shortest password Asterisk may present to the app. */
const MIN_PASSWORD_LENGTH = 12;

/** Checks the options as given: a `null` is refused here, not replaced by a default. */
export function checkAriOutbound({ input }: ResolvedConfig, problems: ConfigProblems): void {
  const outbound = input.ari?.outbound;
  if (outbound === undefined) return;
  const url = parseUrl(outbound.uri);
  if (url === undefined || (url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hostname === '') {
    problems.add(
      'ari.outbound.uri',
      "must be the app's ws:// or wss:// URL, such as wss://app.example.com:8765/",
    );
  } else if (url.username !== '' || url.password !== '') {
    problems.add('ari.outbound.uri', 'must not carry credentials: give them as username and password');
  } else if (/[\s;]/.test(outbound.uri)) {
    problems.add('ari.outbound.uri', 'must not contain spaces or ";"');
  }
  if (
    typeof outbound.username !== 'string' ||
    !consistsOf(outbound.username, ARI_USER_CHAR, 1, MAX_ID_LENGTH)
  ) {
    problems.add('ari.outbound.username', 'must be 1–64 Latin letters, digits, "_", ".", "@" or "-"');
  }
  if (
    typeof outbound.password !== 'string' ||
    outbound.password.length < MIN_PASSWORD_LENGTH ||
    CONF_VALUE_BREAKER.test(outbound.password)
  ) {
    problems.add(
      'ari.outbound.password',
      `must be at least ${MIN_PASSWORD_LENGTH} characters with no spaces, ";", "#" or control characters`,
    );
  }
  if (
    outbound.connection !== undefined &&
    outbound.connection !== 'per-call' &&
    outbound.connection !== 'persistent'
  ) {
    problems.add('ari.outbound.connection', "must be 'per-call' or 'persistent'");
  }
  for (const [field, value, min, max] of [
    ['connectTimeoutMs', outbound.connectTimeoutMs, 100, 60_000],
    ['reconnectAttempts', outbound.reconnectAttempts, 0, 100],
  ] as const) {
    if (value !== undefined && !isWholeNumber(value, min, max)) {
      problems.add(`ari.outbound.${field}`, `must be a whole number from ${min} to ${max}`);
    }
  }
}
