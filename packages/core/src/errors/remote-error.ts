import { AipbxError, type AipbxErrorOptions } from './aipbx-error.js';

/**
 * The peer understood the request and refused it (`REMOTE`): an AMI `Response: Error`, an ARI 4xx/5xx.
 * `remoteMessage` is the peer's own text, with secrets redacted.
 */
export class RemoteError extends AipbxError {
  /** What the peer said, redacted. */
  readonly remoteMessage: string;
  /** HTTP status for ARI, undefined for AMI. */
  readonly status: number | undefined;

  constructor(message: string, remoteMessage: string, status?: number, options: AipbxErrorOptions = {}) {
    super('REMOTE', message, options);
    this.name = 'RemoteError';
    this.remoteMessage = remoteMessage;
    this.status = status;
  }
}
