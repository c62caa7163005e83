import { ConnectionError } from '@aipbx/core';

/** The `Authorization` header value for ARI's Basic credentials: the only place they travel. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

const TLS_TRUST = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/**
 * A `ConnectionError` (`CONNECTION_FAILED`) for a socket error while reaching the PBX: `what`
 * could not reach `address`, with the one hint that fits — pass `ca` for an untrusted
 * certificate, otherwise check that Asterisk runs at that address.
 */
export function unreachable(what: string, address: string, error: Error, checks: string): ConnectionError {
  const code = (error as NodeJS.ErrnoException).code;
  const hint = TLS_TRUST.test(code ?? '')
    ? 'the PBX certificate is not trusted: pass its certificate (or its CA) as the `ca` option'
    : checks;
  return new ConnectionError(
    'CONNECTION_FAILED',
    address,
    `${what} could not reach ${address} (${code ?? error.message}): ${hint}.`,
    { cause: error },
  );
}
