import type { AipbxErrorOptions } from '@aipbx/core';
import { AriHttpError, type AriHttpErrorDetails } from './ari-http-error.js';

/**
 * Asterisk answered 404 "Channel not found" to a request about a channel (`REMOTE`, status 404):
 * the channel hung up before the request arrived. A call's handler usually just stops here; test
 * for this type to ignore it deliberately rather than swallowing every error.
 *
 * @example
 * ```ts
 * try { await call.play('sound:hello-world'); }
 * catch (err) { if (!(err instanceof ChannelGoneError)) throw err; }
 * ```
 */
export class ChannelGoneError extends AriHttpError {
  /** The channel that was gone. */
  readonly channelId: string;

  constructor(
    message: string,
    details: AriHttpErrorDetails & { channelId: string },
    options: AipbxErrorOptions = {},
  ) {
    super(message, details, options);
    this.name = 'ChannelGoneError';
    this.channelId = details.channelId;
  }
}
