import { TypedEmitter } from '@aipbx/core';
import {
  decodeAlaw,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  type MediaFormatInfo,
  type MediaTransport,
  type MediaTransportEvents,
} from '@aipbx/media';
import { Downsampler, Upsampler } from './resample.js';
import type { RtpSession } from './rtp-session.js';
import { pcm16leToSamples, samplesToPcm16le } from './wav.js';

/**
 * A SIP call's RTP as the transport of a `CallMedia`, in any of its formats: the session speaks
 * 8 kHz G.711 on the wire, and this converts to and from the media's format on the way.
 *
 * - `slin16` — 16 kHz PCM: decimated to 8 kHz on the way out, interpolated on the way in (see
 *   `resample.ts`; each direction keeps its own filter state).
 * - `slin` — 8 kHz PCM: as is.
 * - `ulaw`, `alaw` — G.711 bytes: decoded to linear for the session, encoded from it (whatever
 *   codec the call negotiated, so µ-law media works on an A-law call and the other way round).
 *
 * DTMF is not a transport event: listen to the session's `dtmf` and pass it on to the media.
 *
 * @example
 * ```ts
 * const media = new CallMedia({
 *   format: MEDIA_FORMATS.slin16,
 *   transport: new RtpMediaTransport(session, MEDIA_FORMATS.slin16),
 *   maxQueueMs: 2000, maxReadFrames: 50, sendSilence: true,
 *   teardown: async () => { await hangUp(); },
 * });
 * session.on('dtmf', (digit) => media.emit('dtmf', digit));
 * ```
 */
export class RtpMediaTransport extends TypedEmitter<MediaTransportEvents> implements MediaTransport {
  /** Always `rtp`. */
  readonly kind = 'rtp';
  readonly #session: RtpSession;
  readonly #format: MediaFormatInfo;
  readonly #down = new Downsampler();
  readonly #up = new Upsampler();

  readonly #ownsSession: boolean;
  #detached = false;
  readonly #onAudio = (samples: Int16Array) => this.safeEmit('audio', this.#fromSession(samples));
  readonly #onClose = (error?: Error) => this.#detach(error);

  /**
   * Carries `format` audio over `session`. With `ownsSession` (the default) closing this closes the
   * session; without, closing only lets go of it — a SIP call keeps its RTP when the app closes one
   * media stream, and may open another.
   */
  constructor(session: RtpSession, format: MediaFormatInfo, options: { ownsSession?: boolean } = {}) {
    super();
    this.#session = session;
    this.#format = format;
    this.#ownsSession = options.ownsSession ?? true;
    session.on('audio', this.#onAudio);
    session.on('close', this.#onClose);
    if (session.closed) queueMicrotask(() => this.#detach());
  }

  /** Sends one 20 ms frame in the media's format as one RTP packet. */
  send(frame: Buffer): void {
    if (!this.#detached) this.#session.sendFrame(this.#toSession(frame));
  }

  /** Nothing to do: RTP is played as it arrives, nothing waits on the far side. */
  flush(): void {}

  /** Closes the session (both sockets), or only lets go of it without `ownsSession`. Safe to call more than once. */
  close(): Promise<void> {
    if (this.#ownsSession) return this.#session.close();
    this.#detach();
    return Promise.resolve();
  }

  #detach(error?: Error): void {
    if (this.#detached) return;
    this.#detached = true;
    this.#session.off('audio', this.#onAudio);
    this.#session.off('close', this.#onClose);
    this.safeEmit('close', error);
  }

  #toSession(frame: Buffer): Int16Array {
    switch (this.#format.format) {
      case 'slin16':
        return this.#down.process(pcm16leToSamples(frame));
      case 'slin':
        return pcm16leToSamples(frame);
      case 'ulaw':
        return decodeUlaw(frame);
      case 'alaw':
        return decodeAlaw(frame);
    }
  }

  #fromSession(samples: Int16Array): Buffer {
    switch (this.#format.format) {
      case 'slin16':
        return samplesToPcm16le(this.#up.process(samples));
      case 'slin':
        return samplesToPcm16le(samples);
      case 'ulaw':
        return encodeUlaw(samples);
      case 'alaw':
        return encodeAlaw(samples);
    }
  }
}
