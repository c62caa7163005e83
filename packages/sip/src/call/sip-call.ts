import { readFile } from 'node:fs/promises';
import { CallFailedError, type Logger, TypedEmitter, ValidationError } from '@aipbx/core';
import {
  CallMedia,
  type CollectDtmfOptions,
  DtmfCollector,
  encodeAlaw,
  encodeUlaw,
  MEDIA_FORMATS,
  type MediaFormat,
} from '@aipbx/media';
import { Invitation, type Inviter, type Session, SessionState } from 'sip.js';
import { Downsampler, Upsampler } from '../media/resample.js';
import { RtpMediaTransport } from '../media/rtp-media-transport.js';
import type { RtpSession, RtpSessionStats } from '../media/rtp-session.js';
import { readWav, samplesToPcm16le, WavWriter } from '../media/wav.js';
import type { RtpDescriptionHandler } from './rtp-description-handler.js';
import type {
  PcmSource,
  SipCallDirection,
  SipCallEndReason,
  SipCallEvents,
  SipCallMediaOptions,
  SipParty,
  SipPlayOptions,
  SipPlayOutcome,
  SipRecordOptions,
  SipRecordResult,
} from './sip-call-types.js';

/** What a call needs from its service. */
export interface SipCallHost {
  readonly logger: Logger;
  /** The call ended: forget it. */
  ended(call: SipCall, reason: SipCallEndReason): void;
}

/**
 * One call of a {@link SipService} extension, inbound or outbound: the same surface as a call of
 * `@aipbx/node-ari` where it applies — `answer`, `play`, `collectDtmf`, `record`, `hangup` and
 * `media()` returning the same `CallMedia` — so an assistant runs on either.
 */
export class SipCall extends TypedEmitter<SipCallEvents> {
  /** The SIP Call-ID. */
  readonly id: string;
  readonly direction: SipCallDirection;
  /** The service's extension the call is on. */
  readonly extension: string;
  /** Who calls (From). */
  readonly caller: SipParty;
  /** Who is called (To): the extension for inbound calls, the number dialled for outbound ones. */
  readonly called: SipParty;
  readonly #session: Session;
  readonly #host: SipCallHost;
  readonly #dtmf = new DtmfCollector();
  #ended: SipCallEndReason | undefined;
  #media: CallMedia | undefined;
  #mediaOpening: Promise<CallMedia> | undefined;
  /** Listeners of the caller's audio (recordings), 8 kHz linear. */
  readonly #taps = new Set<(samples: Int16Array) => void>();

  /** @internal Made by the service. */
  constructor(session: Session, direction: SipCallDirection, extension: string, host: SipCallHost) {
    super();
    this.#session = session;
    this.#host = host;
    this.direction = direction;
    this.extension = extension;
    // Both an Invitation and an Inviter carry their INVITE.
    this.id = (session as Invitation | Inviter).request.callId;
    const remote: SipParty = {
      name: session.remoteIdentity.displayName ?? '',
      number: session.remoteIdentity.uri.user ?? '',
    };
    const self: SipParty = { name: '', number: extension };
    this.caller = direction === 'inbound' ? remote : self;
    this.called = direction === 'inbound' ? self : { ...remote, name: '' };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Terminated) this.#end(this.#ended ?? 'hangup');
    });
    session.delegate = {
      onInfo: (info) => {
        const digit = /Signal\s*=\s*([0-9A-D*#])/i.exec(info.request.body)?.[1];
        const duration = Number(/Duration\s*=\s*(\d+)/i.exec(info.request.body)?.[1] ?? 100);
        void info.accept().catch(() => undefined);
        if (digit !== undefined) this.#digit(digit.toUpperCase(), duration);
      },
    };
  }

  /** A SIP header of the INVITE (inbound calls), e.g. `X-Assistant-Id`; undefined when absent. */
  header(name: string): string | undefined {
    return this.#session instanceof Invitation ? this.#session.request.getHeader(name) : undefined;
  }

  /** Why the call ended, once it has. */
  get ended(): SipCallEndReason | undefined {
    return this.#ended;
  }

  /**
   * The call's RTP counters (packets sent, received, lost, late; jitter; the PBX's last RTCP report
   * on our stream), once media started; they stay readable after the call ended.
   */
  get rtpStats(): Readonly<RtpSessionStats> | undefined {
    return this.#rtpSession?.stats;
  }

  /** True while the PBX holds the call. */
  get held(): boolean {
    return this.#handler()?.held ?? false;
  }

  /** Answers an inbound call (200 OK with our SDP). Resolves once the call is established. */
  async answer(): Promise<void> {
    const session = this.#session;
    if (!(session instanceof Invitation)) return;
    if (session.state === SessionState.Established) return;
    this.#throwIfEnded('answer');
    await session.accept();
  }

  /**
   * Ends the call: BYE once answered, CANCEL for an outbound call still ringing, 486 Busy Here (or
   * `status`) for an inbound call not answered yet. A call already gone is fine.
   */
  async hangup(status = 486): Promise<void> {
    const session = this.#session;
    try {
      if (session.state === SessionState.Established) await session.bye();
      else if (session instanceof Invitation) {
        if (session.state === SessionState.Initial || session.state === SessionState.Establishing)
          await session.reject({ statusCode: status });
      } else if (session.state === SessionState.Initial || session.state === SessionState.Establishing)
        await (session as unknown as { cancel(): Promise<void> }).cancel();
    } catch (error) {
      if (this.#ended === undefined) throw error;
    }
  }

  /**
   * The call's audio as a {@link CallMedia}: read the caller in whole 20 ms frames of `format`,
   * write the assistant in any chunk size (paced, G.711 on the wire). One at a time: calling it
   * again returns the open stream. It ends with the call; `close()` (or leaving a `for await` loop
   * early) ends the stream and leaves the call up, and the next `media()` opens a new one.
   *
   * @throws ValidationError for bad options, or a format other than the open stream's
   */
  async media(options: SipCallMediaOptions = {}): Promise<CallMedia> {
    const format: MediaFormat = options.format ?? 'slin16';
    if (!Object.hasOwn(MEDIA_FORMATS, format))
      throw new ValidationError('call media options', [
        { field: 'format', message: "must be 'slin16', 'slin', 'ulaw' or 'alaw'" },
      ]);
    if (this.#mediaOpening) {
      const media = await this.#mediaOpening.catch(() => undefined);
      // A stream the app closed (or left with `break`) while the call goes on is replaced by a new one.
      if (media !== undefined && media.endReason === undefined) {
        if (media.format !== format)
          throw new ValidationError('call media options', [
            { field: 'format', message: `the call's media is already open as ${media.format}` },
          ]);
        return media;
      }
    }
    this.#throwIfEnded('media');
    this.#mediaOpening = this.#openMedia(format, options);
    return this.#mediaOpening;
  }

  async #openMedia(format: MediaFormat, options: SipCallMediaOptions): Promise<CallMedia> {
    const handler = this.#handler();
    if (handler === undefined)
      throw new CallFailedError('failed', 'from', 'The call has no media yet: answer it first.');
    const rtp = await handler.rtp();
    const transport = new RtpMediaTransport(rtp, MEDIA_FORMATS[format], { ownsSession: false });
    const media = new CallMedia({
      format: MEDIA_FORMATS[format],
      transport,
      maxQueueMs: options.maxQueueMs ?? 10_000,
      maxReadFrames: options.maxReadFrames ?? 250,
      sendSilence: options.sendSilence ?? true,
      // The RTP session belongs to the call: it closes when the call ends.
      teardown: async () => undefined,
    });
    this.#media = media;
    if (this.#ended !== undefined) void media.close('hangup');
    return media;
  }

  /**
   * Plays a WAV file (PCM16 mono 8/16 kHz, or G.711) or PCM to the caller and resolves when it has
   * been sent: `done`, `stopped` (the signal aborted) or `hangup`. It goes through the call's media
   * stream (opened in `slin16` when the app has not opened it), after what is already queued there.
   *
   * @throws ValidationError for a file this cannot play, naming what to convert it to
   */
  async play(source: string | PcmSource, options: SipPlayOptions = {}): Promise<SipPlayOutcome> {
    const audio =
      typeof source === 'string'
        ? readWav(await readFile(source))
        : {
            sampleRate: source.sampleRate,
            samples:
              source.pcm instanceof Int16Array
                ? source.pcm
                : new Int16Array(
                    source.pcm.buffer,
                    source.pcm.byteOffset,
                    Math.floor(source.pcm.byteLength / 2),
                  ),
          };
    const media = await this.media(this.#media ? { format: this.#media.format } : {});
    const pcm = toFormat(audio.samples, audio.sampleRate, media.format);
    const { signal } = options;
    if (signal?.aborted) return 'stopped';
    let stopped = false;
    const onAbort = () => {
      stopped = true;
      media.flush();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const frame = media.frameBytes * 10;
      for (let at = 0; at < pcm.length && !stopped && media.endReason === undefined; at += frame) {
        if (!media.write(pcm.subarray(at, at + frame)))
          await new Promise<void>((resolve) => {
            const done = () => {
              media.off('drain', done);
              media.off('ended', done);
              resolve();
            };
            media.on('drain', done);
            media.on('ended', done);
          });
      }
      // Sent once the queue is empty: checked each frame.
      while (!stopped && media.endReason === undefined && media.queuedMs > 0)
        await new Promise((resolve) => setTimeout(resolve, media.frameMs));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (stopped) return 'stopped';
    return media.endReason === undefined ? 'done' : 'hangup';
  }

  /**
   * Collects DTMF keys (RFC 4733 or SIP INFO) — the same options and result as `@aipbx/node-ari`'s.
   * Keys pressed before (during a prompt) count first.
   */
  collectDtmf(options: CollectDtmfOptions = {}): Promise<string> {
    return this.#dtmf.collect(options);
  }

  /** Forgets keys pressed and not yet collected. */
  clearDtmf(): void {
    this.#dtmf.clear();
  }

  /** Sends keys to the other side as RFC 4733 telephone-events. */
  async sendDtmf(digits: string): Promise<void> {
    if (!/^[0-9A-D*#]+$/i.test(digits))
      throw new ValidationError('sendDtmf', [
        { field: 'digits', message: 'must be DTMF keys: 0–9, A–D, * or #' },
      ]);
    const rtp = await this.#rtp();
    for (const digit of digits) {
      if (!(await rtp.sendDtmf(digit.toUpperCase(), 100)))
        throw new CallFailedError(
          'failed',
          'to',
          'DTMF could not be sent: the call has no telephone-event (RFC 4733) negotiated, or is on hold.',
        );
    }
  }

  /**
   * Records the caller to a WAV file (PCM16 mono, 8 kHz) until `maxDurationSeconds`, the signal, or
   * the end of the call; what was recorded is always kept.
   */
  async record(path: string, options: SipRecordOptions = {}): Promise<SipRecordResult> {
    const max = options.maxDurationSeconds ?? 0;
    if (!(typeof max === 'number' && max >= 0 && Number.isFinite(max)))
      throw new ValidationError('record options', [
        { field: 'maxDurationSeconds', message: 'must be 0 (no limit) or a positive number of seconds' },
      ]);
    this.#throwIfEnded('record');
    await this.#rtp();
    const writer = await WavWriter.open(path, 8000);
    let samples = 0;
    let failed: unknown;
    const limit = max > 0 ? Math.round(max * 8000) : Number.POSITIVE_INFINITY;
    const outcome = await new Promise<SipRecordResult['outcome']>((resolve) => {
      const finish = (how: SipRecordResult['outcome']) => {
        this.#taps.delete(tap);
        this.off('end', onEnd);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(how);
      };
      const tap = (chunk: Int16Array) => {
        const take = chunk.subarray(0, Math.min(chunk.length, limit - samples));
        samples += take.length;
        writer.write(take).catch((error: unknown) => {
          failed ??= error;
          finish('done');
        });
        if (samples >= limit) finish('done');
      };
      const onEnd = () => finish('hangup');
      const onAbort = () => finish('canceled');
      this.#taps.add(tap);
      this.on('end', onEnd);
      if (options.signal?.aborted) finish('canceled');
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    await writer.close();
    // A disk that fills up or goes away: what was written is kept, and the caller learns why it stopped.
    if (failed !== undefined) throw failed;
    return { path, outcome, durationSeconds: samples / 8000 };
  }

  #handler(): RtpDescriptionHandler | undefined {
    return this.#session.sessionDescriptionHandler as RtpDescriptionHandler | undefined;
  }

  async #rtp(): Promise<RtpSession> {
    const handler = this.#handler();
    if (handler === undefined)
      throw new CallFailedError('failed', 'from', 'The call has no media yet: answer it first.');
    return handler.rtp();
  }

  /** Wires the description handler's events once sip.js made it. @internal */
  attachMedia(): void {
    const handler = this.#handler();
    if (handler === undefined) return;
    handler.onHold = (held) => this.safeEmit(held ? 'hold' : 'resume');
    if (this.#attached) return;
    this.#attached = true;
    void handler.rtp().then((rtp) => {
      this.#rtpSession = rtp;
      rtp.on('dtmf', (digit, durationMs) => this.#digit(digit, durationMs));
      rtp.on('audio', (samples) => {
        for (const tap of this.#taps) tap(samples);
      });
    });
  }

  #digit(digit: string, durationMs: number): void {
    this.#dtmf.push(digit);
    // As on @aipbx/node-ari's media: an assistant that listens to its stream hears the keys too.
    this.#media?.emit('dtmf', digit);
    this.safeEmit('dtmf', digit, durationMs);
  }

  #throwIfEnded(what: string): void {
    if (this.#ended !== undefined)
      throw new CallFailedError('cancelled', 'from', `The call has ended (${this.#ended}): cannot ${what}.`);
  }

  /** @internal The service stops: hang up and end with `stopped`. */
  async stop(): Promise<void> {
    if (this.#ended !== undefined) return;
    this.#ended = 'stopped';
    await this.hangup(480).catch(() => undefined);
    this.#end('stopped');
  }

  /** @internal The call could not be set up. */
  fail(): void {
    this.#end('failed');
  }

  #end(reason: SipCallEndReason): void {
    if (this.#endedEmitted) return;
    this.#endedEmitted = true;
    this.#ended = reason;
    this.#dtmf.end();
    void this.#media?.close(reason === 'stopped' ? 'stopped' : 'hangup');
    this.#handler()?.close();
    this.#host.logger.debug('call ended', { call: this.id, reason });
    this.#host.ended(this, reason);
    this.safeEmit('end', reason);
    this.removeAllListeners();
  }

  #endedEmitted = false;
  #attached = false;
  #rtpSession: RtpSession | undefined;
}

/** Samples at `rate` as PCM of `format` (the media stream's). */
function toFormat(samples: Int16Array, rate: number, format: MediaFormat): Buffer {
  const target = MEDIA_FORMATS[format].sampleRate;
  let pcm = samples;
  if (rate === 8000 && target === 16_000) pcm = new Upsampler().process(samples);
  else if (rate === 16_000 && target === 8000) pcm = new Downsampler().process(samples);
  if (format === 'ulaw') return encodeUlaw(pcm);
  if (format === 'alaw') return encodeAlaw(pcm);
  return samplesToPcm16le(pcm);
}
