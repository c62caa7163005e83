import { Duplex } from 'node:stream';
import { FramePacer, type PacerClock, SYSTEM_CLOCK } from './frame-pacer.js';
import type { MediaFormat, MediaFormatInfo } from './media-format.js';
import type { MediaTransport } from './media-transport.js';

/** Frames kept queued in chan_websocket ahead of real time: 80 ms. */
const WEBSOCKET_LEAD_FRAMES = 4;

/**
 * Why a call's media ended: the call or the media channel hung up (`hangup`), the app closed it
 * (`closed`), the transport failed (`transport`, see `endError`), or the Stasis app stopped
 * (`stopped`).
 */
export type MediaEndReason = 'hangup' | 'closed' | 'transport' | 'stopped';

/** Counters of one call's media, for monitoring. */
export interface CallMediaStats {
  /** Frames of the caller's audio handed to the reader. */
  framesIn: number;
  /** Frames of the caller's audio dropped because the reader fell behind by more than `maxReadFrames`. */
  framesInDropped: number;
  /** Frames of the assistant's audio sent to Asterisk. */
  framesOut: number;
  /** Of those, frames dropped because Asterisk said its queue was full (WebSocket `MEDIA_XOFF`). */
  framesOutDropped: number;
  /** Ticks of the send clock that came more than a frame late (a busy event loop). */
  lateTicks: number;
  /** Bytes of the assistant's audio dropped by `flush()`. */
  bytesFlushed: number;
}

/** Internals {@link CallMedia} needs; made by `Call.media()`. */
export interface CallMediaInit {
  format: MediaFormatInfo;
  transport: MediaTransport;
  /** The assistant's audio queued beyond this (ms) holds `write()` back (backpressure). */
  maxQueueMs: number;
  /** The caller's frames kept for a reader that falls behind; older ones are dropped past it. */
  maxReadFrames: number;
  /** Keep the send clock running with silence when nothing is queued. */
  sendSilence: boolean;
  /** Tears the call's side down (media channel, bridge): called once, when the media closes. */
  teardown: () => Promise<void>;
  clock?: PacerClock;
}

/**
 * A call's audio as a Node `Duplex` stream of raw frames, whatever the transport underneath.
 *
 * - **Readable: the caller.** One `Buffer` per 20 ms frame (`frameBytes` long), in order
 *   (`for await (const frame of media)`). Live audio cannot wait for a slow reader: while more than
 *   `maxReadFrames` frames (1 s by default) wait unread, newly arriving frames are dropped and
 *   counted in `stats.framesInDropped`, so memory stays bounded; reading resumes with the next one.
 * - **Writable: the assistant.** Any chunk size; it goes out as 20 ms frames on a steady clock. More
 *   than `maxQueueMs` queued (2 s by default) makes `write()` return false until `'drain'`.
 *   `flush()` drops everything queued at once (barge-in). `end()` sends what is left (the last
 *   partial frame padded with silence) and `'finish'` fires once it has been played out. Writes after the call ended are dropped,
 *   never an error.
 * - **Ends** when the call hangs up, the transport closes, or the app calls `destroy()`/`close()`:
 *   the reader sees the end, the media channel and its bridge are removed, the socket closes.
 *
 * @event dtmf - a digit the caller pressed: `(digit)`
 * @event hangup - the call or its media channel hung up
 * @event ended - the media ended, whatever ended it: `(reason)` — fires once, read or not
 */
export class CallMedia extends Duplex {
  /** The audio format of both directions. */
  readonly format: MediaFormat;
  /** Samples per second. */
  readonly sampleRate: number;
  /** Frame length, ms (20). */
  readonly frameMs: number;
  /** Bytes in one frame. */
  readonly frameBytes: number;
  /** Which transport carries the audio. */
  readonly transport: MediaTransport['kind'];

  readonly #init: CallMediaInit;
  readonly #pacer: FramePacer;
  readonly #maxQueuedFrames: number;
  /** Frames kept queued at the far end ahead of real time (see WEBSOCKET_LEAD_FRAMES). */
  readonly #lead: number;
  /** A write held back until the queue shortens. */
  #pendingWrite: ((error?: Error | null) => void) | undefined;
  /** Bytes of writes buffered before a `flush()` that must be dropped when they reach `_write`. */
  #discard = 0;
  /** The caller's bytes that do not fill a frame yet. */
  #incoming: Buffer = Buffer.alloc(0);
  #ending: (() => void) | undefined;
  #endReason: MediaEndReason | undefined;
  #endError: Error | undefined;
  #teardown: Promise<void> | undefined;
  readonly #stats: CallMediaStats = {
    framesIn: 0,
    framesInDropped: 0,
    framesOut: 0,
    framesOutDropped: 0,
    lateTicks: 0,
    bytesFlushed: 0,
  };

  /** @internal Made by `Call.media()`. */
  constructor(init: CallMediaInit) {
    super({
      readableObjectMode: true,
      writableHighWaterMark: init.format.frameBytes * 10,
      allowHalfOpen: true,
    });
    this.#init = init;
    const { format } = init;
    this.format = format.format;
    this.sampleRate = format.sampleRate;
    this.frameMs = format.frameMs;
    this.frameBytes = format.frameBytes;
    this.transport = init.transport.kind;
    this.#maxQueuedFrames = Math.max(1, Math.ceil(init.maxQueueMs / format.frameMs));
    this.#lead = init.transport.kind === 'websocket' ? WEBSOCKET_LEAD_FRAMES : 0;
    this.#pacer = new FramePacer({
      frameBytes: format.frameBytes,
      frameMs: format.frameMs,
      send: (frame) => {
        this.#stats.framesOut++;
        init.transport.send(frame);
      },
      ...(init.sendSilence ? { silence: format.silence } : {}),
      ...(init.clock ? { clock: init.clock } : {}),
      // chan_websocket re-times what it receives: a few frames ahead ride out event-loop stalls
      // without gaps for the caller (flush() clears them there too). AudioSocket and RTP play
      // frames as they arrive, so they get none.
      leadFrames: this.#lead,
    });
    this.#pacer.onDequeue = () => this.#release();
    init.transport.on('audio', (data) => this.#receive(data));
    init.transport.on('close', (error) => void this.close('transport', error));
    if (init.sendSilence) this.#pacer.start();
  }

  /** Counters of this call's media so far. */
  get stats(): Readonly<CallMediaStats> {
    return {
      ...this.#stats,
      lateTicks: this.#pacer.lateTicks,
      framesOutDropped: this.#init.transport.dropped ?? 0,
    };
  }

  /** The assistant's audio waiting to be sent, ms. */
  get queuedMs(): number {
    return Math.round((this.#pacer.queuedBytes / this.frameBytes) * this.frameMs);
  }

  /** Why the media ended, once it has. */
  get endReason(): MediaEndReason | undefined {
    return this.#endReason;
  }

  /**
   * Drops the assistant's audio that is queued and not sent yet — here and in Asterisk — so the
   * caller stops hearing it within one frame (barge-in). Writes made after it play normally.
   * Returns the bytes dropped (queued ones and writes still buffered in the stream).
   */
  flush(): number {
    const pending = this.#pendingWrite;
    this.#pendingWrite = undefined;
    const dropped = this.#pacer.clear();
    // Writes still buffered in the stream were made before this flush: they go too.
    this.#discard = this.writableLength - (pending === undefined ? 0 : this.#lastWriteBytes);
    const total = dropped + Math.max(0, this.#discard);
    this.#stats.bytesFlushed += total;
    this.#init.transport.flush();
    pending?.();
    return total;
  }

  #lastWriteBytes = 0;

  /**
   * Ends the media: stops both directions, removes the media channel and its bridge, closes the
   * socket. The call itself goes on (hang it up separately if that is what you want). Resolves
   * when everything is released.
   */
  close(reason: MediaEndReason = 'closed', error?: Error): Promise<void> {
    if (this.#endReason === undefined) {
      this.#endReason = reason;
      this.#endError = error;
      if (reason === 'hangup') this.emit('hangup');
      this.emit('ended', reason);
      this.#pacer.stop();
      this.#pendingWrite?.();
      this.#pendingWrite = undefined;
      this.#ending?.();
      this.#teardown = Promise.allSettled([this.#init.transport.close(), this.#init.teardown()]).then(
        () => undefined,
      );
      // The reader sees the end after the frames it has not read yet (destroying the stream now
      // would end a `for await` loop with an error). The stream is not destroyed: writes from now
      // on are accepted and dropped, so an assistant still talking, or waiting for 'drain', never
      // gets an error or hangs.
      this.push(null);
    }
    return this.#teardown ?? Promise.resolve();
  }

  /** What closed the transport, when an error did. */
  get endError(): Error | undefined {
    return this.#endError;
  }

  override _read(): void {
    // Frames are pushed as they arrive: live audio cannot be pulled.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#endReason !== undefined) {
      callback();
      return;
    }
    if (this.#discard > 0) {
      this.#discard -= chunk.length;
      callback();
      return;
    }
    this.#pacer.push(chunk);
    if (this.#pacer.queuedFrames > this.#maxQueuedFrames) {
      this.#lastWriteBytes = chunk.length;
      this.#pendingWrite = callback;
    } else callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.#endReason !== undefined) {
      callback();
      return;
    }
    this.#pacer.finish(this.#init.format.silence[0]);
    // 'finish' once the caller has heard the last frame: after the queue here, and the lead kept
    // queued at the far end.
    const played = (): void => {
      if (this.#lead === 0 || this.#endReason !== undefined) {
        callback();
        return;
      }
      const clock = this.#init.clock ?? SYSTEM_CLOCK;
      clock.setTimeout(() => callback(), this.#lead * this.frameMs);
    };
    if (this.#pacer.queuedFrames === 0) {
      played();
      return;
    }
    this.#ending = () => {
      this.#ending = undefined;
      played();
    };
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#endReason === undefined) {
      void this.close('closed');
    }
    callback(error);
  }

  #release(): void {
    if (this.#pendingWrite !== undefined && this.#pacer.queuedFrames <= this.#maxQueuedFrames / 2) {
      const pending = this.#pendingWrite;
      this.#pendingWrite = undefined;
      pending();
    }
    if (this.#ending !== undefined && this.#pacer.queuedFrames === 0) this.#ending();
  }

  #receive(data: Buffer): void {
    if (this.#endReason !== undefined) return;
    const { frameBytes } = this;
    let bytes = this.#incoming.length === 0 ? data : Buffer.concat([this.#incoming, data]);
    while (bytes.length >= frameBytes) {
      const frame = Buffer.from(bytes.subarray(0, frameBytes));
      bytes = bytes.subarray(frameBytes);
      if (this.readableLength >= this.#init.maxReadFrames) {
        this.#stats.framesInDropped++;
        continue;
      }
      this.#stats.framesIn++;
      this.push(frame);
    }
    this.#incoming = Buffer.from(bytes);
  }
}
