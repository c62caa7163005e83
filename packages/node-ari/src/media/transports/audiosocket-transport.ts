import { createServer, type Server, type Socket } from 'node:net';
import { ProtocolError, TimeoutError, TypedEmitter } from '@aipbx/core';
import { bindInRange, type MediaListen, type MediaTransport, type MediaTransportEvents } from '@aipbx/media';
import { AudioSocketDecoder, AudioSocketKind, encodeAudioSocket, formatUuid } from '../audiosocket-frame.js';

/**
 * Asterisk's AudioSocket (`externalMedia` with transport `tcp`, encapsulation `audiosocket`):
 * Asterisk connects to a TCP port the app listens on (one per call, from the range it is given) and
 * says the call's UUID first; then audio messages both ways. Linear PCM only (`slin`, `slin16`).
 */
export class AudioSocketTransport extends TypedEmitter<MediaTransportEvents> implements MediaTransport {
  readonly kind = 'audiosocket';
  readonly #socket: Socket;
  readonly #audioKind: number;
  #closed = false;

  private constructor(socket: Socket, audioKind: number, decoder: AudioSocketDecoder) {
    super();
    this.#socket = socket;
    this.#audioKind = audioKind;
    socket.on('data', (chunk: Buffer) => decoder.write(chunk));
    socket.on('close', () => this.#onClose());
    socket.on('error', (error) => this.#onClose(error));
  }

  /**
   * Listens on a free port of the range for the call `uuid`. `accept()` then waits for Asterisk to
   * connect and name that UUID; the listening socket closes as soon as it has.
   */
  static async listen(
    listen: MediaListen,
    uuid: string,
    audioKind: number,
  ): Promise<{
    port: number;
    accept: (timeoutMs: number) => Promise<AudioSocketTransport>;
    cancel: () => void;
  }> {
    let server: Server | undefined;
    const port = await bindInRange(listen, (p) => {
      const s = createServer();
      return new Promise<number>((resolve, reject) => {
        s.once('error', reject);
        s.listen(p, listen.host, () => {
          s.off('error', reject);
          server = s;
          resolve(p);
        });
      });
    });
    const srv = server!;
    const cancel = () => srv.close();
    const accept = (timeoutMs: number) =>
      new Promise<AudioSocketTransport>((resolve, reject) => {
        const timer = setTimeout(() => {
          srv.close();
          reject(
            new TimeoutError(
              `Asterisk did not connect to the AudioSocket port ${port} within ${timeoutMs} ms.`,
              timeoutMs,
            ),
          );
        }, timeoutMs);
        srv.on('connection', (socket) => {
          let settled = false;
          let transport: AudioSocketTransport | undefined;
          const decoder = new AudioSocketDecoder({
            onMessage: (kind, payload) => {
              if (!settled) {
                if (kind !== AudioSocketKind.Uuid || formatUuid(payload) !== uuid.toLowerCase()) {
                  // Not the call this port waits for: refuse it and keep waiting.
                  socket.destroy();
                  return;
                }
                settled = true;
                clearTimeout(timer);
                srv.close();
                transport = new AudioSocketTransport(socket, audioKind, decoder);
                resolve(transport);
                return;
              }
              if (transport !== undefined) transport.#message(kind, payload);
            },
            onError: (error) => {
              if (transport !== undefined)
                transport.#onClose(new ProtocolError(error.message, { cause: error }));
              else socket.destroy();
            },
          });
          socket.on('data', (chunk: Buffer) => {
            if (!settled) decoder.write(chunk);
          });
        });
      });
    return { port, accept, cancel };
  }

  send(frame: Buffer): void {
    if (this.#closed) return;
    this.#socket.write(encodeAudioSocket(this.#audioKind, frame));
  }

  flush(): void {
    // Asterisk keeps no queue of AudioSocket audio: what the app has not sent is all there is.
  }

  close(): Promise<void> {
    if (this.#socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.end(encodeAudioSocket(AudioSocketKind.Hangup));
      setTimeout(() => this.#socket.destroy(), 1000).unref();
    });
  }

  #message(kind: number, payload: Uint8Array): void {
    if (kind === this.#audioKind) this.safeEmit('audio', Buffer.from(payload));
    else if (kind === AudioSocketKind.Hangup) this.#socket.end();
    else if (kind === AudioSocketKind.Error) {
      this.#onClose(new ProtocolError(`Asterisk reported AudioSocket error ${payload[0] ?? '?'}.`));
      this.#socket.destroy();
    }
  }

  #onClose(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.safeEmit('close', error);
  }
}
