import { AipbxError, type AipbxErrorOptions } from './aipbx-error.js';

/**
 * A connection could not be opened (`CONNECTION_FAILED`) or was lost (`CONNECTION_LOST`).
 * `address` is `host:port` or a URL with credentials stripped.
 */
export class ConnectionError extends AipbxError {
  /** Where the SDK tried to connect, without credentials. */
  readonly address: string;

  constructor(
    code: 'CONNECTION_FAILED' | 'CONNECTION_LOST',
    address: string,
    message: string,
    options: AipbxErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'ConnectionError';
    this.address = address;
  }
}
