import { type AipbxErrorOptions, RemoteError } from '@aipbx/core';

/** What an {@link AriHttpError} was about. */
export interface AriHttpErrorDetails {
  /** The operation, `resource.nickname`, e.g. `channels.play`. */
  operation: string;
  /** The HTTP status Asterisk answered with. */
  status: number;
  /** Asterisk's own message (its `{"message": …}` body), redacted; empty when it sent none. */
  remoteMessage: string;
  /** The ids in the request path (channel, bridge, playback…), e.g. `{ channelId: '1700000000.12' }`. */
  ids: Readonly<Record<string, string>>;
}

/**
 * Asterisk answered an ARI request with an error status (`REMOTE`). `status`, `operation`, `ids`
 * and `remoteMessage` say which request and why; the message never holds credentials.
 */
export class AriHttpError extends RemoteError {
  /** The operation, `resource.nickname`, e.g. `channels.play`. */
  readonly operation: string;
  /** The ids in the request path. */
  readonly ids: Readonly<Record<string, string>>;

  constructor(message: string, details: AriHttpErrorDetails, options: AipbxErrorOptions = {}) {
    super(message, details.remoteMessage, details.status, options);
    this.name = 'AriHttpError';
    this.operation = details.operation;
    this.ids = details.ids;
  }
}
