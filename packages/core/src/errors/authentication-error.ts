import { AipbxError, type AipbxErrorOptions } from './aipbx-error.js';

/** The PBX refused the credentials (`AUTH_FAILED`). The message names the user, never the secret. */
export class AuthenticationError extends AipbxError {
  constructor(message: string, options: AipbxErrorOptions = {}) {
    super('AUTH_FAILED', message, options);
    this.name = 'AuthenticationError';
  }
}
