import { ConnectionError, ProtocolError, TimeoutError, TypedEmitter } from '@aipbx/core';
import type { MediaTransport, MediaTransportEvents } from '@aipbx/media';
import type WebSocket from 'ws';

/** What Asterisk says in `MEDIA_START`, the first message on the media WebSocket. */
export interface MediaStart {
  connectionId: string;
  channelId: string;
  format: string;
  optimalFrameSize: number;
  ptime: number;
}

/**
 * The media WebSocket of a chan_websocket channel (`externalMedia` with transport `websocket`), the
 * app connected to Asterisk's own HTTP server at `/media/<connection id>`: so no port opens on the
 * app's host and it works through NAT. BINARY frames carry raw audio both ways; TEXT frames carry
 * JSON control messages (`f(json)`): `MEDIA_START` first, `MEDIA_XOFF`/`MEDIA_XON` when Asterisk's
 * queue fills, and the app's `FLUSH_MEDIA` to drop what Asterisk has queued.
 */
export class WebSocketMediaTransport extends TypedEmitter<MediaTransportEvents> implements MediaTransport {
  readonly kind = 'websocket';
  readonly #ws: WebSocket;
  #closed = false;
  /** Asterisk said its queue is full (MEDIA_XOFF) and has not said MEDIA_XON since. */
  paused = false;
  /** Frames not sent because Asterisk's queue was full. */
  dropped = 0;

  private constructor(ws: WebSocket) {
    super();
    this.#ws = ws;
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        this.safeEmit('audio', toBuffer(data));
        return;
      }
      this.#control(String(data));
    });
    ws.on('close', () => this.#onClose());
    ws.on('error', (error) => this.#onClose(error));
  }

  /**
   * Waits for the socket to open and Asterisk's `MEDIA_START`, then returns the transport.
   *
   * @throws TimeoutError when that takes longer than `timeoutMs`; ProtocolError when the first
   *   message is not `MEDIA_START`; the socket's error when it fails to open.
   */
  static async connect(
    ws: WebSocket,
    timeoutMs: number,
  ): Promise<{ transport: WebSocketMediaTransport; start: MediaStart }> {
    const start = await new Promise<MediaStart>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new TimeoutError(`Asterisk did not start the media WebSocket within ${timeoutMs} ms.`, timeoutMs),
        );
      }, timeoutMs);
      const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return;
        cleanup();
        try {
          resolve(parseStart(String(data)));
        } catch (error) {
          reject(error);
        }
      };
      const onError = (error: Error) => {
        cleanup();
        reject(
          new ConnectionError(
            'CONNECTION_FAILED',
            'Asterisk media WebSocket',
            `The media WebSocket to Asterisk did not open (${error.message}): check that chan_websocket is loaded and the ARI user may reach /media.`,
            { cause: error },
          ),
        );
      };
      const onClose = (code: number) => {
        cleanup();
        reject(new ProtocolError(`The media WebSocket closed (${code}) before Asterisk started the media.`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        ws.off('message', onMessage).off('error', onError).off('close', onClose);
      };
      ws.on('message', onMessage).on('error', onError).on('close', onClose);
    });
    const transport = new WebSocketMediaTransport(ws);
    ws.send(JSON.stringify({ command: 'START_MEDIA_BUFFERING' }));
    return { transport, start };
  }

  send(frame: Buffer): void {
    if (this.#closed || this.#ws.readyState !== 1) return;
    if (this.paused) {
      this.dropped++;
      return;
    }
    this.#ws.send(frame, { binary: true });
  }

  flush(): void {
    if (this.#closed || this.#ws.readyState !== 1) return;
    this.#ws.send(JSON.stringify({ command: 'FLUSH_MEDIA' }));
  }

  close(): Promise<void> {
    if (this.#ws.readyState === 3) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once('close', () => resolve());
      this.#ws.close(1000);
    });
  }

  #control(text: string): void {
    let message: { event?: string };
    try {
      message = JSON.parse(text) as { event?: string };
    } catch {
      return;
    }
    if (message.event === 'MEDIA_XOFF') this.paused = true;
    else if (message.event === 'MEDIA_XON') this.paused = false;
  }

  #onClose(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.safeEmit('close', error);
  }
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function parseStart(text: string): MediaStart {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ProtocolError(
      `The media WebSocket's first message is not JSON (${text.slice(0, 80)}): the channel must be made with transport_data f(json).`,
    );
  }
  if (m.event !== 'MEDIA_START') {
    throw new ProtocolError(`Expected MEDIA_START on the media WebSocket, got ${String(m.event)}.`);
  }
  return {
    connectionId: String(m.connection_id ?? ''),
    channelId: String(m.channel_id ?? ''),
    format: String(m.format ?? ''),
    optimalFrameSize: Number(m.optimal_frame_size ?? 0),
    ptime: Number(m.ptime ?? 20),
  };
}
