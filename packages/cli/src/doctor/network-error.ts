/**
 * Naming a network failure from an error and its causes: refused, not found, timed out, TLS, no TLS.
 *
 * @internal
 */

/** What went wrong, as the doctor reports it. */
export type NetworkFailure =
  | 'refused'
  | 'not-found'
  | 'timeout'
  | 'self-signed'
  | 'expired'
  | 'hostname'
  | 'untrusted'
  | 'not-tls'
  | 'other';

const TLS_CODES: Record<string, NetworkFailure> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  // The server answered something that is not TLS: plain HTTP on the port, or TLS not enabled.
  ERR_SSL_WRONG_VERSION_NUMBER: 'not-tls',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'not-tls',
  ERR_SSL_HTTP_REQUEST: 'not-tls',
};

/** Every `code` along the error's `cause` chain (and an AggregateError's errors). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown) => {
    if (typeof e !== 'object' || e === null || seen.has(e)) return;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    visit((e as { cause?: unknown }).cause);
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const inner of errors) visit(inner);
  };
  visit(error);
  return codes;
}

/** The kind of failure, from the codes along the chain. */
export function networkFailure(error: unknown): NetworkFailure {
  const codes = errorCodes(error);
  for (const code of codes) if (TLS_CODES[code] !== undefined) return TLS_CODES[code];
  if (codes.includes('ECONNREFUSED')) return 'refused';
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return 'not-found';
  if (codes.some((c) => c === 'ETIMEDOUT' || c === 'TIMEOUT' || c === 'UND_ERR_CONNECT_TIMEOUT'))
    return 'timeout';
  return 'other';
}

/** A short phrase for a failure: `connection refused`, `certificate is self-signed`… */
export function describeFailure(kind: NetworkFailure, error: unknown): string {
  switch (kind) {
    case 'refused':
      return 'connection refused (nothing listens on that port)';
    case 'not-found':
      return 'the host name does not resolve';
    case 'timeout':
      return 'no answer in time (a firewall dropping packets, or the wrong address)';
    case 'self-signed':
      return 'the certificate is self-signed, not trusted';
    case 'expired':
      return 'the certificate has expired (or is not valid yet)';
    case 'hostname':
      return 'the certificate does not name this host';
    case 'untrusted':
      return 'the certificate chain is incomplete or from an untrusted CA';
    case 'not-tls':
      return 'the port does not speak TLS (TLS is off, or this is the plain HTTP port)';
    default:
      return (error as Error)?.message?.split('\n')[0] ?? String(error);
  }
}
