import { AipbxError, type AipbxErrorOptions } from './aipbx-error.js';

/** The caller cancelled the operation through its `AbortSignal` (`ABORTED`). `cause` is the signal's reason. */
export class AbortError extends AipbxError {
  constructor(message: string, options: AipbxErrorOptions = {}) {
    super('ABORTED', message, options);
    this.name = 'AbortError';
  }
}
