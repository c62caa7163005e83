import type { TypedEmitter } from '@aipbx/core';

/** Events of a {@link MediaTransport}. */
export interface MediaTransportEvents {
  /** Audio from Asterisk (the caller), in any size the transport received; the media re-frames it. */
  audio: (data: Buffer) => void;
  /** The transport closed: Asterisk hung the media channel up, the socket dropped, or `close()`. */
  close: (error?: Error) => void;
}

/**
 * How audio travels between the app and the externalMedia channel: one implementation per
 * Asterisk transport (WebSocket, AudioSocket, RTP). `CallMedia` sees only this.
 */
export interface MediaTransport extends TypedEmitter<MediaTransportEvents> {
  /** Which one, for logs and stats. */
  readonly kind: 'websocket' | 'audiosocket' | 'rtp';
  /** Frames not sent because the far end said it was full (chan_websocket's MEDIA_XOFF). */
  readonly dropped?: number;
  /** Sends one whole frame to Asterisk. */
  send(frame: Buffer): void;
  /** Asks Asterisk to drop audio it has queued and not played yet (barge-in). */
  flush(): void;
  /** Closes the socket; resolves once it is closed. Safe to call more than once. */
  close(): Promise<void>;
}
