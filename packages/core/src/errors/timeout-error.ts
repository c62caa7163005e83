import { AipbxError, type AipbxErrorOptions } from './aipbx-error.js';

/** The peer did not answer within `timeoutMs` (`TIMEOUT`). */
export class TimeoutError extends AipbxError {
  /** The limit that passed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: AipbxErrorOptions = {}) {
    super('TIMEOUT', message, options);
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}
