import { randomUUID } from 'node:crypto';
import {
  AbortError,
  CallFailedError,
  type CallFailureReason,
  type Logger,
  TimeoutError,
  TypedEmitter,
  ValidationError,
} from '@aipbx/core';
import { type CallMedia, DtmfCollector } from '@aipbx/media';
import type WebSocket from 'ws';
import type { AriApi, AriEvent, Channel, LiveRecording, Variable } from '../client/generated/ari-api.js';
import { ChannelGoneError } from '../errors/channel-gone-error.js';
import type { CallMediaOptions } from '../media/call-media-options.js';
import { openCallMedia } from '../media/open-call-media.js';
import type {
  BridgedLeg,
  BridgeToOptions,
  CallEndReason,
  CallEvents,
  Caller,
  CollectDtmfOptions,
  PlaybackResult,
  PlayOptions,
  RecordOptions,
  RecordResult,
} from './call-types.js';

/** What a call needs from its app. */
export interface CallHost {
  readonly api: AriApi;
  readonly appName: string;
  readonly ringTimeoutSeconds: number;
  readonly logger: Logger;
  /** The recording URL of a call, or undefined when the app has none. */
  recordingUrl(assistantId: string, uniqueId: string): string | undefined;
  /** Routes events of another channel (a leg, a snoop) to `call` until released. */
  adopt(channelId: string, call: Call): void;
  release(channelId: string): void;
  /** Opens a media WebSocket to Asterisk's `/media/<connection id>` (chan_websocket). */
  mediaSocket(connectionId: string): WebSocket;
  /** Runs `sweep` once more later (or when the app stops), for what Asterisk may still make. */
  sweepLater(sweep: () => Promise<void>): void;
}

/** The app's handle on a call: delivers its events, ends it, and rechecks it after a reconnect. */
export interface CallPort {
  handle(event: AriEvent): void;
  end(reason: CallEndReason): void;
  /** Asks Asterisk about what the call waits for, in case its events were lost with the socket. */
  recheck(): void;
  /** Settles once every media of the call opened so far is closed and its channel and bridge removed. */
  released(): Promise<void>;
}

/** A waiter for this call's events: playbacks, recordings, legs, digits. */
interface Waiter {
  onEvent(event: AriEvent): void;
  onEnd(reason: CallEndReason): void;
  /** After a reconnect: ask Asterisk whether the awaited thing is already over. */
  recheck?(): void;
}

const ports = new WeakMap<Call, CallPort>();
const RECORDING_NAME = /^[A-Za-z0-9_.-]{1,200}$/;
const PLAYBACK_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** What a Q.850 hangup cause of the other party means for a call that did not connect. */
function failureOf(cause: number | undefined): CallFailureReason {
  switch (cause) {
    case 17:
      return 'busy';
    case 18:
    case 19:
      return 'no-answer';
    case 34:
    case 38:
    case 42:
      return 'congestion';
    case 1:
    case 3:
    case 20:
    case 27:
      return 'unavailable';
    default:
      return 'failed';
  }
}

/** Creates a call and the port its app drives it through. */
export function createCall(
  host: CallHost,
  channel: Channel,
  args: readonly string[],
): { call: Call; port: CallPort } {
  const call = new Call(host, channel, args);
  return { call, port: ports.get(call)! };
}

/** The Q.850 cause of a hangup event, when it carries one. */
function causeOf(event: AriEvent): number | undefined {
  const cause = (event as { cause?: unknown }).cause;
  return typeof cause === 'number' ? cause : undefined;
}

/**
 * One call in a Stasis app: the caller's channel and what the app does with it. Made by the app for
 * every `StasisStart` of a new channel and handed to `onCall`.
 *
 * Every method is one or a few ARI requests on this channel; each waits for the events that say it
 * is over (a playback finished, a recording done, the other party answering), subscribing before it
 * asks, so nothing is missed. Events of this call reach this call only. When the call ends every
 * listener is removed and every pending wait settles.
 *
 * @event dtmf - a DTMF digit: `(digit, durationMs)`
 * @event hangup - the channel is hanging up: `(cause)`
 * @event end - the call ended: `(reason)`; its listeners are removed after this
 * @event event - any ARI event about this call
 */
export class Call extends TypedEmitter<CallEvents> {
  /** The channel id, which is also Asterisk's `${UNIQUEID}` of the call. */
  readonly id: string;
  /** The Stasis arguments: `Stasis(aiPBXBot,${ASSISTANTID})` gives `[assistantId]`. */
  readonly args: readonly string[];
  /** The first Stasis argument: the assistant the dialplan chose (`ASSISTANTID`). Empty when none. */
  readonly assistantId: string;

  readonly #host: CallHost;
  #channel: Channel;
  #ended: CallEndReason | undefined;
  readonly #waiters = new Set<Waiter>();
  /** Digits received and not yet taken by collectDtmf (type-ahead). */
  readonly #dtmf = new DtmfCollector();
  #recordings = 0;
  /** A hangup of this channel was requested: what fails from now on fails because of it. */
  #hangingUp = false;
  /** Playbacks stopped through stopPlayback, so their play() resolves `stopped`. */
  readonly #stopped = new Set<string>();
  /** Every `media()` opened (or opening), so the app can wait for their teardown when it stops. */
  readonly #media = new Set<Promise<CallMedia>>();

  /** @internal Made by the app; use `app.onCall`. */
  constructor(host: CallHost, channel: Channel, args: readonly string[]) {
    super();
    this.#host = host;
    this.#channel = channel;
    this.id = channel.id;
    this.args = Object.freeze([...args]);
    this.assistantId = args[0] ?? '';
    ports.set(this, {
      handle: (event) => this.#handle(event),
      end: (reason) => this.#end(reason),
      recheck: () => {
        for (const waiter of [...this.#waiters]) waiter.recheck?.();
      },
      released: async () => {
        await Promise.allSettled([...this.#media].map((opening) => opening.then((media) => media.close())));
      },
    });
  }

  /** The channel as Asterisk last described it (state, caller, dialplan location…). */
  get channel(): Channel {
    return this.#channel;
  }

  /** Who is calling. */
  get caller(): Caller {
    return { name: this.#channel.caller?.name ?? '', number: this.#channel.caller?.number ?? '' };
  }

  /**
   * The URL of the whole call's MixMonitor recording, in the publishing guide's form
   * `https://{pbxAddress}/records/{assistantId}/{uniqueId}.{format}`; undefined without an assistant
   * id or when the app was made with `recordings: false`. The file exists only where the dialplan
   * recorded the call (see the recordings quota in the Asterisk setup guide).
   */
  get recordingUrl(): string | undefined {
    if (!this.assistantId) return undefined;
    return this.#host.recordingUrl(this.assistantId, this.id);
  }

  /** Why the call ended, or undefined while it goes on. */
  get ended(): CallEndReason | undefined {
    return this.#ended;
  }

  /** Answers the call. */
  async answer(): Promise<void> {
    await this.#host.api.channels.answer({ channelId: this.id });
  }

  /** Indicates ringing to the caller. */
  async ring(): Promise<void> {
    await this.#host.api.channels.ring({ channelId: this.id });
  }

  /**
   * Plays `media` (`sound:hello-world`, `recording:name`, `digits:123`, `tone:ring`, a URL…) and
   * resolves when it is over: `done`, `failed` (e.g. no such sound), `stopped` (by
   * {@link Call.stopPlayback}) or `hangup`.
   *
   * @throws AbortError when `options.signal` aborts (the playback is stopped); ChannelGoneError when
   *   the call had already ended; AriHttpError for a request Asterisk refused
   */
  async play(media: string | readonly string[], options: PlayOptions = {}): Promise<PlaybackResult> {
    const { signal } = options;
    if (signal?.aborted)
      throw new AbortError('Playback aborted before it started.', { cause: signal.reason });
    const id = options.id ?? `aipbx-${randomUUID()}`;
    if (typeof id !== 'string' || !PLAYBACK_ID.test(id)) {
      throw new ValidationError('play options', [
        { field: 'id', message: 'must be 1–128 Latin letters, digits, "_", "-" or "."' },
      ]);
    }
    let stop: (() => void) | undefined;
    const finished = new Promise<PlaybackResult>((resolve, reject) => {
      const settle = (outcome: PlaybackResult['outcome']) => {
        this.#waiters.delete(waiter);
        cleanup();
        this.#stopped.delete(id);
        resolve({ id, outcome });
      };
      const waiter: Waiter = {
        onEvent: (event) => {
          if (event.type !== 'PlaybackFinished' || event.playback.id !== id) return;
          // Asterisk reports a playback cut off by a hangup as failed, right after the hangup request.
          const state = event.playback.state;
          settle(
            state === 'failed'
              ? this.#hangingUp
                ? 'hangup'
                : 'failed'
              : this.#stopped.has(id)
                ? 'stopped'
                : 'done',
          );
        },
        onEnd: () => settle('hangup'),
        recheck: () => {
          // A playback Asterisk no longer knows finished while the events socket was down.
          this.#host.api.playbacks.get({ playbackId: id }).then(
            () => undefined,
            (error: unknown) => {
              if ((error as { status?: number }).status === 404 && this.#waiters.has(waiter)) settle('done');
            },
          );
        },
      };
      const onAbort = () => {
        this.#waiters.delete(waiter);
        cleanup();
        this.#host.api.playbacks.stop({ playbackId: id }).catch(() => undefined);
        reject(new AbortError('Playback aborted; it was stopped.', { cause: signal?.reason }));
      };
      const cleanup = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      stop = () => {
        this.#waiters.delete(waiter);
        cleanup();
      };
      this.#waiters.add(waiter);
    });
    try {
      await this.#host.api.channels.playWithId({
        channelId: this.id,
        playbackId: id,
        media: typeof media === 'string' ? media : [...media],
        ...(options.lang ? { lang: options.lang } : {}),
      });
    } catch (error) {
      stop?.();
      throw error;
    }
    return finished;
  }

  /** Stops a playback started by {@link Call.play}; that `play` resolves with `stopped`. */
  async stopPlayback(playbackId: string): Promise<void> {
    this.#stopped.add(playbackId);
    await this.#host.api.playbacks.stop({ playbackId });
  }

  /**
   * Records the caller into a stored recording and resolves when the recording is over (its limit,
   * silence, the terminating key, or the caller hanging up).
   *
   * @throws AbortError when `options.signal` aborts (the recording is stopped and kept);
   *   ValidationError for a bad name; AriHttpError (e.g. 409 when the name exists and `ifExists` is `fail`)
   */
  async record(options: RecordOptions = {}): Promise<RecordResult> {
    const name = options.name ?? `aipbx-${this.id}-${++this.#recordings}`;
    if (!RECORDING_NAME.test(name)) {
      throw new ValidationError('recording', [
        {
          field: 'name',
          message: 'must be 1–200 Latin letters, digits, "_", "-" or "." (it becomes a file name)',
        },
      ]);
    }
    const format = options.format ?? 'wav';
    const { signal } = options;
    if (signal?.aborted)
      throw new AbortError('Recording aborted before it started.', { cause: signal.reason });
    let last: LiveRecording | undefined;
    let cancel: (() => void) | undefined;
    const result = (outcome: RecordResult['outcome']): RecordResult => ({
      name,
      format,
      outcome,
      durationSeconds: last?.duration,
      recording: last,
    });
    const finished = new Promise<RecordResult>((resolve, reject) => {
      const waiter: Waiter = {
        onEvent: (event) => {
          if (
            (event.type === 'RecordingStarted' ||
              event.type === 'RecordingFinished' ||
              event.type === 'RecordingFailed') &&
            event.recording.name === name
          ) {
            last = event.recording;
            if (event.type === 'RecordingStarted') return;
            this.#waiters.delete(waiter);
            done();
            const state = event.recording.state;
            resolve(result(state === 'failed' ? 'failed' : state === 'canceled' ? 'canceled' : 'done'));
          }
        },
        onEnd: () => {
          done();
          resolve(result('hangup'));
        },
        recheck: () => {
          // A recording that is no longer live finished while the events socket was down.
          this.#host.api.recordings.getLive({ recordingName: name }).then(
            (live) => {
              last = live;
            },
            (error: unknown) => {
              if ((error as { status?: number }).status !== 404 || !this.#waiters.has(waiter)) return;
              this.#waiters.delete(waiter);
              done();
              resolve(result('done'));
            },
          );
        },
      };
      const onAbort = () => {
        this.#waiters.delete(waiter);
        done();
        this.#host.api.recordings.stop({ recordingName: name }).catch(() => undefined);
        reject(new AbortError('Recording aborted; what was recorded is kept.', { cause: signal?.reason }));
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      cancel = () => {
        this.#waiters.delete(waiter);
        done();
      };
      this.#waiters.add(waiter);
    });
    try {
      await this.#host.api.channels.record({
        channelId: this.id,
        name,
        format,
        ...(options.maxDurationSeconds !== undefined
          ? { maxDurationSeconds: options.maxDurationSeconds }
          : {}),
        ...(options.maxSilenceSeconds !== undefined ? { maxSilenceSeconds: options.maxSilenceSeconds } : {}),
        ...(options.beep !== undefined ? { beep: options.beep } : {}),
        ...(options.terminateOn !== undefined ? { terminateOn: options.terminateOn } : {}),
        ...(options.ifExists !== undefined ? { ifExists: options.ifExists } : {}),
      });
    } catch (error) {
      cancel?.();
      throw error;
    }
    return finished;
  }

  /**
   * Collects DTMF digits and resolves with them (without the terminator): after `max` digits, at
   * the terminator, when `timeoutMs` (or `interDigitTimeoutMs` after a digit) passes, or when the
   * call ends — always with the digits so far. Digits pressed before the call to `collectDtmf`
   * (during a prompt, say) count first; {@link Call.clearDtmf} drops them.
   *
   * @throws ValidationError for bad options; AbortError when `options.signal` aborts
   */
  collectDtmf(options: CollectDtmfOptions = {}): Promise<string> {
    return this.#dtmf.collect(options);
  }

  /** Forgets digits pressed and not yet collected. */
  clearDtmf(): void {
    this.#dtmf.clear();
  }

  /** Hangs the call up. A call that is already gone is fine. */
  async hangup(
    reason: 'normal' | 'busy' | 'congestion' | 'no_answer' | 'answered_elsewhere' = 'normal',
  ): Promise<void> {
    try {
      await this.#host.api.channels.hangup({ channelId: this.id, reason });
    } catch (error) {
      if (!(error instanceof ChannelGoneError)) throw error;
    }
  }

  /** Sets a channel variable (or a function such as `CALLERID(name)`). */
  async setVariable(variable: string, value: string): Promise<void> {
    await this.#host.api.channels.setChannelVar({ channelId: this.id, variable, value });
  }

  /** Reads a channel variable (or a function); undefined when it is not set. */
  async getVariable(variable: string): Promise<string | undefined> {
    try {
      const result: Variable = await this.#host.api.channels.getChannelVar({ channelId: this.id, variable });
      return result.value;
    } catch (error) {
      if ((error as { status?: number }).status === 404 && !(error instanceof ChannelGoneError))
        return undefined;
      throw error;
    }
  }

  /**
   * Calls `endpoint` (`PJSIP/201`, `PJSIP/sip:ops@example.com`, `Local/201@aipbx-operators`…) and,
   * once it answers, bridges it with this call. Hanging up either side then ends the other.
   *
   * @throws CallFailedError (`CALL_FAILED`, `leg: 'to'`) when the endpoint is busy, does not answer
   *   (`no-answer`), cannot be reached (`unavailable`) or fails otherwise; `leg: 'from'`,
   *   `cancelled` when the caller leaves first; TimeoutError when Asterisk reports nothing within the
   *   ring time plus 5 s; AriHttpError when Asterisk refuses the request; AbortError when
   *   `options.signal` aborts. The attempt is hung up in every case.
   */
  async bridgeTo(endpoint: string, options: BridgeToOptions = {}): Promise<BridgedLeg> {
    if (typeof endpoint !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*\/[^\s&,]+$/.test(endpoint)) {
      throw new ValidationError('bridgeTo', [
        {
          field: 'endpoint',
          message: 'must be one endpoint, Tech/resource such as PJSIP/201 (no "&", "," or spaces)',
        },
      ]);
    }
    const ringSeconds = options.ringTimeoutSeconds ?? this.#host.ringTimeoutSeconds;
    const { api } = this.#host;
    const legId = `aipbx-leg-${randomUUID()}`;
    const bridgeId = `aipbx-bridge-${randomUUID()}`;
    const { signal } = options;
    if (signal?.aborted)
      throw new AbortError('bridgeTo aborted before it started.', { cause: signal.reason });

    // Listen for the leg before asking for it.
    this.#host.adopt(legId, this);
    let waiter: Waiter | undefined;
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          settle(new TimeoutError(`${endpoint} did not answer within ${ringSeconds} s.`, ringSeconds * 1000)),
        ringSeconds * 1000 + 5000,
      );
      const onAbort = () =>
        settle(new AbortError('bridgeTo aborted; the other party was hung up.', { cause: signal?.reason }));
      const settle = (error?: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (waiter) this.#waiters.delete(waiter);
        if (error) reject(error);
        else resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter = {
        onEvent: (event) => {
          const channel = (event as { channel?: Channel }).channel;
          if (channel?.id !== legId) return;
          if (event.type === 'StasisStart') settle();
          else if (event.type === 'ChannelDestroyed') {
            const reason = failureOf(event.cause);
            settle(
              new CallFailedError(reason, 'to', `${endpoint} did not connect: ${event.cause_txt || reason}.`),
            );
          }
        },
        onEnd: () =>
          settle(
            new CallFailedError('cancelled', 'from', 'The caller left before the other party answered.'),
          ),
      };
      this.#waiters.add(waiter);
    });
    answered.catch(() => undefined);
    try {
      await api.channels.originateWithId({
        channelId: legId,
        endpoint,
        app: this.#host.appName,
        appArgs: 'aipbx-leg',
        timeout: ringSeconds,
        // The leg joins the caller's call (its linkedid): AMI, CDRs and CEL see one call, not two.
        originator: this.id,
        ...(options.callerId !== undefined
          ? { callerId: options.callerId }
          : this.caller.number
            ? { callerId: `"${this.caller.name.replace(/["<>]/g, '')}" <${this.caller.number}>` }
            : {}),
      });
      await answered;
      await api.bridges.createWithId({ bridgeId, type: 'mixing' });
      await api.bridges.addChannel({ bridgeId, channel: [this.id, legId] });
    } catch (error) {
      if (waiter) this.#waiters.delete(waiter);
      await api.channels.hangup({ channelId: legId }).catch(() => undefined);
      await api.bridges.destroy({ bridgeId }).catch(() => undefined);
      this.#host.release(legId);
      throw error;
    }
    // When either side hangs up, end the other and the bridge.
    const partyGone = () => {
      this.#waiters.delete(link);
      this.#host.release(legId);
      void api.bridges.destroy({ bridgeId }).catch(() => undefined);
      void this.hangup().catch(() => undefined);
    };
    const link: Waiter = {
      onEvent: (event) => {
        const channel = (event as { channel?: Channel }).channel;
        if (event.type === 'ChannelDestroyed' && channel?.id === legId) partyGone();
      },
      recheck: () => {
        // The other party may have hung up while the events socket was down.
        api.channels.get({ channelId: legId }).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof ChannelGoneError && this.#waiters.has(link)) partyGone();
          },
        );
      },
      onEnd: (reason) => {
        this.#host.release(legId);
        // The caller hung up (or is gone): so does the other party. On `stopped`/`left` both stay.
        if (reason !== 'hangup' && reason !== 'lost') return;
        void api.channels.hangup({ channelId: legId }).catch(() => undefined);
        void api.bridges.destroy({ bridgeId }).catch(() => undefined);
      },
    };
    this.#waiters.add(link);
    return {
      channelId: legId,
      bridgeId,
      hangup: async () => {
        await api.channels.hangup({ channelId: legId }).catch((error: unknown) => {
          if (!(error instanceof ChannelGoneError)) throw error;
        });
      },
    };
  }

  /**
   * Hands the caller to `endpoint`: {@link Call.bridgeTo}, after which the two talk and hanging up
   * either side ends the other. The handler can return; the call stays until they hang up.
   */
  transfer(endpoint: string, options: BridgeToOptions = {}): Promise<BridgedLeg> {
    return this.bridgeTo(endpoint, options);
  }

  /**
   * Streams this call's audio to and from the app: makes an externalMedia channel, bridges it with
   * the call and returns a {@link CallMedia} — a `Duplex` whose readable side is the caller (whole
   * 20 ms frames) and whose writable side is the assistant (any chunk size, sent paced in 20 ms
   * frames; `flush()` for barge-in). It ends with the call, and `close()` ends it earlier; either
   * way the media channel, its bridge and the socket are removed.
   *
   * @example
   * ```ts
   * await call.answer();
   * const media = await call.media({ format: 'slin16' });
   * for await (const frame of media) ai.send(frame);
   * ```
   * @throws ValidationError for bad options; AriHttpError when Asterisk refuses the channel;
   *   TimeoutError / ProtocolError when the media connection does not start.
   */
  media(options?: CallMediaOptions): Promise<CallMedia> {
    const opening = openCallMedia(
      {
        api: this.#host.api,
        appName: this.#host.appName,
        callId: this.id,
        mediaSocket: (id) => this.#host.mediaSocket(id),
        sweepLater: (sweep) => this.#host.sweepLater(sweep),
        adopt: (id) => this.#host.adopt(id, this),
        release: (id) => this.#host.release(id),
        watch: (watcher) => {
          const waiter: Waiter = {
            onEvent: (e) => watcher.onEvent(e),
            onEnd: (reason) => watcher.onEnd(reason),
          };
          if (this.#ended) {
            watcher.onEnd(this.#ended);
            return () => undefined;
          }
          this.#waiters.add(waiter);
          return () => this.#waiters.delete(waiter);
        },
      },
      options,
    );
    this.#media.add(opening);
    opening.catch(() => this.#media.delete(opening));
    return opening;
  }

  /**
   * Starts a snoop channel on this call (for listening in or whispering), placed in this app with
   * Stasis args `['aipbx-snoop', <call id>]`. Resolves with the snoop channel once it exists.
   */
  async snoop(
    options: { spy?: 'none' | 'both' | 'out' | 'in'; whisper?: 'none' | 'both' | 'out' | 'in' } = {},
  ): Promise<Channel> {
    const snoopId = `aipbx-snoop-${randomUUID()}`;
    this.#host.adopt(snoopId, this);
    try {
      return await this.#host.api.channels.snoopChannelWithId({
        channelId: this.id,
        snoopId,
        app: this.#host.appName,
        appArgs: ['aipbx-snoop', this.id].join(','),
        spy: options.spy ?? 'in',
        whisper: options.whisper ?? 'none',
      });
    } catch (error) {
      this.#host.release(snoopId);
      throw error;
    }
  }

  #handle(event: AriEvent): void {
    const channel = (event as { channel?: Channel }).channel;
    if (channel?.id === this.id) this.#channel = channel;
    this.safeEmit('event', event);
    if (event.type === 'ChannelDtmfReceived' && channel?.id === this.id) {
      this.#dtmf.push(event.digit);
      this.safeEmit('dtmf', event.digit, event.duration_ms);
    } else if (event.type === 'ChannelHangupRequest' && channel?.id === this.id) {
      this.#hangingUp = true;
      this.safeEmit('hangup', causeOf(event));
    }
    for (const waiter of [...this.#waiters]) {
      if (event.type === 'ChannelDtmfReceived' && channel?.id !== this.id) continue;
      waiter.onEvent(event);
    }
  }

  #end(reason: CallEndReason): void {
    if (this.#ended) return;
    this.#ended = reason;
    this.#dtmf.end();
    for (const waiter of [...this.#waiters]) {
      this.#waiters.delete(waiter);
      waiter.onEnd(reason);
    }
    this.#host.logger.debug('call ended', { call: this.id, reason });
    this.safeEmit('end', reason);
    this.removeAllListeners();
  }
}
