import { AipbxError, type AipbxErrorOptions } from './aipbx-error.js';

/** The peer sent something that cannot be parsed: a malformed or oversized frame (`PROTOCOL`). */
export class ProtocolError extends AipbxError {
  constructor(message: string, options: AipbxErrorOptions = {}) {
    super('PROTOCOL', message, options);
    this.name = 'ProtocolError';
  }
}
