/**
 * `http`: Asterisk's HTTP server (http.conf).
 *
 * @internal
 */
import { isWholeNumber } from '../../rules/value-rules.js';
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

/** The most connections Asterisk's HTTP server may be told to hold at once. */
const MAX_SESSION_LIMIT = 100_000;

export function checkHttp({ http }: ResolvedConfig, problems: ConfigProblems): void {
  problems.bind('http.bindAddress', http.bindAddress);
  problems.bind('http.tlsBindAddress', http.tlsBindAddress);
  problems.port('http.port', http.port);
  problems.port('http.tlsPort', http.tlsPort);
  if (http.port === http.tlsPort) problems.add('http.tlsPort', 'must differ from http.port');
  problems.path('http.certFile', http.certFile);
  problems.path('http.keyFile', http.keyFile);
  if (!isWholeNumber(http.sessionLimit, 1, MAX_SESSION_LIMIT)) {
    problems.add(
      'http.sessionLimit',
      `must be a whole number from 1 to ${MAX_SESSION_LIMIT} (connections the HTTP server holds at once)`,
    );
  }
}
