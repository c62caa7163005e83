import {
  AipbxError,
  CallFailedError,
  type CallFailureReason,
  ReconnectPolicy,
  sleep,
  TypedEmitter,
} from '@aipbx/core';
import { type Core, Inviter, type Session, SessionState, UserAgent, type UserAgentOptions } from 'sip.js';
import type {
  SessionDescriptionHandler,
  SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { claimPage, releasePage } from './active-call.js';
import { AudioLevel } from './audio-level.js';
import {
  type CallEngineOptions,
  type ResolvedCallEngineOptions,
  resolveCallEngineOptions,
} from './call-engine-options.js';
import {
  type CallQuality,
  type QualityCounters,
  type QualityWarning,
  QualityWatch,
  readQuality,
} from './call-quality.js';
import {
  type CallState,
  type CallStateChange,
  type CallStateReason,
  canTransition,
  isCallActive,
} from './call-state.js';
import { withDeadline } from './deadline.js';
import { microphoneError, microphoneReason, openMicrophone } from './microphone.js';
import { assertDtmf, peerConnectionOf, reinvite, sendDtmfTones } from './session-tools.js';
import { type SipRefusal, sipRefusal } from './sip-refusal.js';
import { browserUserAgentOptions } from './user-agent-options.js';

/** Events of a {@link CallEngine}. */
export interface CallEngineEvents {
  /** Every state change, with its reason. */
  'state-change': (change: CallStateChange) => void;
  /** A quality sample, once a second while in a call. */
  quality: (quality: CallQuality) => void;
  /** A quality metric stayed past its threshold (`active`), or recovered. */
  'quality-warning': (warning: QualityWarning) => void;
  /** Microphones or speakers were plugged in or out. */
  'devices-change': () => void;
}

/** Input (microphone) and output (the assistant) levels, 0–1. */
export interface CallLevels {
  input: number;
  output: number;
}

/** How long a WebSocket opened by `prepare()` stays open without a call. */
const PREPARED_IDLE_MS = 60_000;

/** A state-machine violation: a bug in the engine, never expected at runtime. */
class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
}

/**
 * One browser call to an assistant over WebRTC (sip.js, SIP over WebSocket), with no UI: the
 * `<aipbx-call>` element is a view over it, and an app can drive it directly.
 *
 * The microphone is requested only in {@link CallEngine.call} (call it from a click), while the
 * WebSocket opens in parallel; {@link CallEngine.prepare} can open the WebSocket earlier (on hover)
 * so the call starts faster. One call at a time per page, across every engine and element.
 *
 * If the network drops mid-call the engine reconnects the WebSocket and restarts ICE with a
 * re-INVITE (`reconnecting`); if that does not succeed within `reconnectTimeoutMs` the call fails
 * with `network-lost`. Quality is sampled each second (`quality`) and sustained trouble raised as
 * `quality-warning`.
 *
 * @example
 * ```ts
 * const engine = new CallEngine({
 *   server: 'wss://pbx.example.com:8089/ws',
 *   target: 'support',
 *   user: 'support-webrtc',
 *   assistantId: 'support',
 * });
 * engine.on('state-change', ({ to, reason }) => console.log(to, reason));
 * button.onclick = () => engine.call().catch((e) => console.warn(e.message));
 * ```
 */
export class CallEngine extends TypedEmitter<CallEngineEvents> {
  readonly #options: ResolvedCallEngineOptions;
  #state: CallState = 'idle';
  #ua: UserAgent | undefined;
  #starting: Promise<void> | undefined;
  #session: Inviter | undefined;
  #microphone: MediaStream | undefined;
  #audio: HTMLAudioElement | undefined;
  #audioContext: AudioContext | undefined;
  #inputLevel: AudioLevel | undefined;
  #outputLevel: AudioLevel | undefined;
  #qualityTimer: ReturnType<typeof setInterval> | undefined;
  #qualityCounters: QualityCounters = { received: 0, lost: 0 };
  #qualityWatch: QualityWatch | undefined;
  #quality: CallQuality | undefined;
  #answerTimer: ReturnType<typeof setTimeout> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #muted = false;
  #connectedAt: number | undefined;
  #inputDeviceId: string | undefined;
  /** Aborted when the current call ends: stops its waits (recovery, microphone, connect). */
  #callAbort: AbortController | undefined;
  #settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #disposed = false;
  readonly #onOffline = (): void => {
    if (this.#state === 'in-call') void this.#recover('offline');
  };
  readonly #onOnline = (): void => {
    this.#onlineWaiter?.();
  };
  #onlineWaiter: (() => void) | undefined;
  readonly #onDeviceChange = (): void => {
    this.safeEmit('devices-change');
  };

  /**
   * @throws ValidationError (`INVALID_INPUT`) listing every problem with `options`.
   */
  constructor(options: CallEngineOptions) {
    super();
    this.#options = resolveCallEngineOptions(options);
    this.#inputDeviceId = options.inputDeviceId;
    globalThis.navigator?.mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
  }

  /** The current state; see {@link CallState}. */
  get state(): CallState {
    return this.#state;
  }

  /** Whether the microphone is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  /** When the current or last call was answered (`Date.now()` ms), if it was. */
  get connectedAt(): number | undefined {
    return this.#connectedAt;
  }

  /** The latest quality sample of the current call. */
  get quality(): CallQuality | undefined {
    return this.#quality;
  }

  /** The SIP URI this engine calls. */
  get targetUri(): string {
    return this.#options.targetUri;
  }

  /**
   * Opens the WebSocket to the PBX ahead of a call, without touching the microphone (call it on
   * hover or focus). Resolves when connected; rejects with a `ConnectionError`-coded
   * {@link AipbxError} (`CONNECTION_FAILED`) when the PBX cannot be reached. Safe to call often.
   */
  prepare(): Promise<void> {
    this.#assertUsable();
    if (!isCallActive(this.#state)) {
      // A WebSocket opened for a call that never comes is closed again after a minute.
      clearTimeout(this.#idleTimer);
      this.#idleTimer = setTimeout(() => {
        if (!isCallActive(this.#state)) void this.#stopUserAgent();
      }, PREPARED_IDLE_MS);
    }
    if (this.#ua?.isConnected()) return Promise.resolve();
    this.#starting ??= this.#start().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  /**
   * Places the call: asks for the microphone (call this from a user gesture), connects, sends the
   * INVITE. Resolves once answered (`in-call`); rejects when the call fails or ends before that,
   * with a {@link CallFailedError} (busy, declined, not found, unavailable, no answer) or an
   * {@link AipbxError} whose message says what to do. The `state-change` events carry the same
   * reasons, so a UI may ignore the promise.
   *
   * @throws AipbxError (`CALL_FAILED`, synchronously as a rejection) when a call is already in
   *   progress on this page, from this engine or another.
   */
  call(): Promise<void> {
    this.#assertUsable();
    if (isCallActive(this.#state)) {
      return Promise.reject(
        new AipbxError('CALL_FAILED', 'A call is already in progress: hang it up before calling again.'),
      );
    }
    if (!claimPage(this)) {
      return Promise.reject(
        new AipbxError(
          'CALL_FAILED',
          'Another call is already in progress on this page: only one call at a time; hang it up first.',
        ),
      );
    }
    const done = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.#callAbort = new AbortController();
    clearTimeout(this.#idleTimer);
    this.#muted = false;
    this.#connectedAt = undefined;
    this.#quality = undefined;
    this.#transition('connecting', 'dialing');
    // Inside the click: the only moment some browsers allow playback to start.
    this.#unlockAudio();
    void this.#dial(this.#callAbort.signal);
    return done;
  }

  /** Ends the call (cancels it if not answered yet). Resolves once it is over; does nothing when idle. */
  async hangup(): Promise<void> {
    if (!isCallActive(this.#state)) return;
    const reason: CallStateReason =
      this.#state === 'in-call' || this.#state === 'reconnecting' ? 'local-hangup' : 'cancelled';
    await this.#end('ended', reason);
  }

  /** Stops sending the microphone (the track is disabled, so the PBX receives silence). */
  mute(): void {
    this.#muted = true;
    this.#applyMute();
  }

  /** Sends the microphone again. */
  unmute(): void {
    this.#muted = false;
    this.#applyMute();
  }

  /**
   * Sends DTMF digits (`0-9`, `*`, `#`, `A-D`) in the call, as RFC 2833 events or SIP INFO per
   * the `dtmf` option.
   *
   * @throws AipbxError (`INVALID_INPUT`) for other characters; (`CALL_FAILED`) when not in a call.
   */
  async sendDtmf(tones: string): Promise<void> {
    const session = this.#session;
    if (this.#state !== 'in-call' || session === undefined) {
      assertDtmf(tones);
      throw new AipbxError('CALL_FAILED', 'DTMF can be sent only during a call.');
    }
    await sendDtmfTones(session, tones, this.#options.dtmf);
  }

  /** Current microphone and assistant levels, 0–1 (zero outside a call). Cheap: call it per frame. */
  levels(): CallLevels {
    return {
      input: this.#muted ? 0 : (this.#inputLevel?.read() ?? 0),
      output: this.#outputLevel?.read() ?? 0,
    };
  }

  /** Microphones and speakers the visitor has (labels only once the microphone was allowed). */
  async devices(): Promise<MediaDeviceInfo[]> {
    const all = (await globalThis.navigator?.mediaDevices?.enumerateDevices()) ?? [];
    return all.filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput');
  }

  /** Switches the microphone, mid-call too (the new track replaces the old one without a re-INVITE). */
  async setInputDevice(deviceId: string | undefined): Promise<void> {
    this.#inputDeviceId = deviceId;
    if (this.#microphone === undefined || !isCallActive(this.#state)) return;
    const next = await this.#openMicrophone();
    const [track] = next.getAudioTracks();
    const pc = this.#peerConnection();
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'audio');
    if (track !== undefined && sender !== undefined) await sender.replaceTrack(track);
    for (const t of this.#microphone.getTracks()) t.stop();
    this.#microphone = next;
    this.#applyMute();
    this.#watchMicrophone(next);
    this.#inputLevel?.dispose();
    if (this.#audioContext !== undefined) this.#inputLevel = new AudioLevel(this.#audioContext, next);
  }

  /** Plays the call on another speaker, where the browser supports `setSinkId`. */
  async setOutputDevice(deviceId: string): Promise<void> {
    const audio = this.#audio as
      | (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> })
      | undefined;
    if (audio?.setSinkId === undefined) {
      throw new AipbxError('INVALID_INPUT', 'This browser cannot choose the speaker (no setSinkId).');
    }
    await audio.setSinkId(deviceId);
  }

  /** Hangs up, closes the WebSocket and removes every listener. The engine cannot be used again. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    if (isCallActive(this.#state)) await this.#end('ended', 'disposed');
    this.#disposed = true;
    clearTimeout(this.#idleTimer);
    globalThis.navigator?.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
    await this.#stopUserAgent();
    this.removeAllListeners();
  }

  /** Reads the state afresh (after an await, where TypeScript would keep a stale narrowing). */
  #stateIs(state: CallState): boolean {
    return this.#state === state;
  }

  #assertUsable(): void {
    if (this.#disposed)
      throw new AipbxError('CALL_FAILED', 'This CallEngine was disposed: create a new one.');
  }

  #transition(
    to: CallState,
    reason: CallStateReason,
    extra: { error?: Error; statusCode?: number } = {},
  ): void {
    const from = this.#state;
    if (!canTransition(from, to)) throw new IllegalTransitionError(`call state ${from} → ${to} (${reason})`);
    this.#state = to;
    this.safeEmit('state-change', { from, to, reason, ...extra });
  }

  async #start(): Promise<void> {
    const o = this.#options;
    if (this.#ua === undefined) {
      const uaOptions: UserAgentOptions = {
        uri: UserAgent.makeURI(o.fromUri),
        displayName: o.source.displayName,
        authorizationUsername: o.source.credentials?.username,
        authorizationPassword: o.source.credentials?.password,
        ...browserUserAgentOptions({
          server: o.server,
          connectTimeoutMs: o.connectTimeoutMs,
          iceGatheringTimeoutMs: o.iceGatheringTimeoutMs,
          iceServers: o.source.iceServers,
          userAgentString: 'aipbx-widget',
          microphone: () => this.#microphone,
          delegate: { onDisconnect: (error) => this.#onDisconnect(error) },
        }),
      };
      this.#ua = new UserAgent(uaOptions);
    }
    try {
      await this.#ua.start();
      if (!this.#ua.isConnected()) await this.#ua.reconnect();
    } catch (error) {
      throw new AipbxError(
        'CONNECTION_FAILED',
        `Could not open the SIP WebSocket to ${new URL(o.server).host}: check that the PBX is up, that its TLS certificate is valid for this host, and that the page may reach it.`,
        { cause: error },
      );
    }
  }

  async #stopUserAgent(): Promise<void> {
    const ua = this.#ua;
    this.#ua = undefined;
    this.#starting = undefined;
    try {
      await ua?.stop();
    } catch {
      // Already stopped or never connected.
    }
  }

  /**
   * Ends this side of the dialog — BYE once answered, CANCEL before — while the WebSocket is still
   * there to carry it, then closes the WebSocket: nothing stays open between calls.
   */
  async #release(session: Inviter | undefined): Promise<void> {
    const ua = this.#ua;
    try {
      if (session?.state === SessionState.Established && ua?.isConnected()) await session.bye();
      else if (session?.state === SessionState.Establishing || session?.state === SessionState.Initial) {
        await session.cancel();
      }
    } catch {
      // The call is over on this side either way; the PBX ends its half on its own timers.
    }
    // Not awaited: stopping waits out the INVITE transaction's timers (up to 32 s after a CANCEL).
    if (this.#ua === ua && !isCallActive(this.#state)) void this.#stopUserAgent();
  }

  async #dial(signal: AbortSignal): Promise<void> {
    const o = this.#options;
    if (globalThis.isSecureContext === false) {
      this.#fail(
        'insecure-context',
        new AipbxError(
          'CALL_FAILED',
          'Calls need a secure page: serve this page over https:// (or localhost).',
        ),
      );
      return;
    }
    const microphone = this.#openMicrophone().then(
      (stream) => stream,
      (error: unknown) => error as Error,
    );
    const connected = this.prepare().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    const stream = await microphone;
    if (signal.aborted) {
      if (stream instanceof MediaStream) for (const t of stream.getTracks()) t.stop();
      return;
    }
    if (!(stream instanceof MediaStream)) {
      this.#fail(microphoneReason(stream), microphoneError(stream));
      return;
    }
    this.#microphone = stream;
    this.#applyMute();
    this.#watchMicrophone(stream);
    const connectError = await connected;
    if (signal.aborted) return;
    if (connectError !== undefined) {
      this.#fail('server-unreachable', connectError);
      return;
    }
    const ua = this.#ua;
    const target = UserAgent.makeURI(o.targetUri);
    if (ua === undefined || target === undefined) {
      this.#fail('error', new AipbxError('CALL_FAILED', `Cannot call ${o.targetUri}: not a valid SIP URI.`));
      return;
    }
    const session = new Inviter(ua, target, {
      extraHeaders: [...o.headers],
      sessionDescriptionHandlerOptions: {
        constraints: { audio: true, video: false },
      } as SessionDescriptionHandlerOptions,
    });
    this.#session = session;
    session.stateChange.addListener((state) => this.#onSessionState(session, state));
    this.#answerTimer = setTimeout(() => {
      if (this.#session !== session || (this.#state !== 'connecting' && this.#state !== 'ringing')) return;
      this.#fail(
        'timeout',
        new CallFailedError(
          'no-answer',
          'to',
          `No answer from ${o.targetUri} within ${o.answerTimeoutMs} ms.`,
        ),
      );
    }, o.answerTimeoutMs);
    try {
      await session.invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode;
            if (this.#session === session && this.#state === 'connecting' && (code === 180 || code === 183)) {
              this.#transition('ringing', code === 180 ? 'ringing' : 'early-media', { statusCode: code });
            }
          },
          onReject: (response) => this.#onReject(session, response),
        },
      });
    } catch (error) {
      if (this.#session === session && isCallActive(this.#state) && this.#state !== 'in-call') {
        this.#fail(
          'media-failed',
          new AipbxError('CALL_FAILED', `Could not set up the call’s audio: ${(error as Error).message}`, {
            cause: error,
          }),
        );
      }
    }
  }

  #onReject(session: Session, response: Core.IncomingResponse): void {
    if (this.#session !== session || !isCallActive(this.#state)) return;
    const code = response.message.statusCode ?? 0;
    const [reason, failure, what] = rejectionOf(code, response.message.getHeader('Reason'));
    const phrase = response.message.reasonPhrase ?? '';
    this.#fail(
      reason,
      new CallFailedError(
        failure,
        'to',
        `${what} (${code}${phrase ? ` ${phrase}` : ''} from ${this.#options.targetUri}).`,
      ),
      code,
    );
  }

  #onSessionState(session: Inviter, state: SessionState): void {
    if (this.#session !== session) return;
    if (state === SessionState.Established && (this.#state === 'connecting' || this.#state === 'ringing')) {
      clearTimeout(this.#answerTimer);
      this.#connectedAt = Date.now();
      this.#attachMedia(session);
      this.#transition('in-call', 'answered', { statusCode: 200 });
      this.#settle?.resolve();
      this.#settle = undefined;
      return;
    }
    if (state === SessionState.Terminated && isCallActive(this.#state)) {
      const answered = this.#state === 'in-call' || this.#state === 'reconnecting';
      if (answered) {
        void this.#end('ended', 'remote-hangup');
        return;
      }
      // sip.js terminates the session before it hands the final response to onReject: let that
      // name the reason (404, 486…) first; this is the fallback for an end with no response.
      queueMicrotask(() => {
        if (this.#session !== session) return;
        this.#fail(
          'unavailable',
          new CallFailedError(
            'failed',
            'to',
            `The call to ${this.#options.targetUri} ended before it was answered.`,
          ),
        );
      });
    }
  }

  #attachMedia(session: Session): void {
    const sdh = session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    const remote = sdh?.remoteMediaStream;
    if (this.#audio !== undefined && remote !== undefined) {
      this.#audio.srcObject = remote;
      this.#audio.play().catch(() => undefined);
    }
    const pc = sdh?.peerConnection;
    if (pc !== undefined) {
      pc.addEventListener('iceconnectionstatechange', () => {
        if (pc.iceConnectionState === 'failed' && this.#state === 'in-call' && this.#session === session) {
          void this.#recover('ice-failed');
        }
      });
    }
    const Context = globalThis.AudioContext;
    if (Context !== undefined) {
      this.#audioContext ??= new Context();
      void this.#audioContext.resume().catch(() => undefined);
      if (this.#microphone !== undefined)
        this.#inputLevel = new AudioLevel(this.#audioContext, this.#microphone);
      if (remote !== undefined && remote.getAudioTracks().length > 0) {
        this.#outputLevel = new AudioLevel(this.#audioContext, remote);
      }
    }
    globalThis.addEventListener?.('offline', this.#onOffline);
    globalThis.addEventListener?.('online', this.#onOnline);
    this.#qualityCounters = { received: 0, lost: 0 };
    this.#qualityWatch = new QualityWatch(this.#options.thresholds);
    this.#qualityTimer = setInterval(() => void this.#sampleQuality(), 1000);
  }

  async #sampleQuality(): Promise<void> {
    const pc = this.#peerConnection();
    if (pc === undefined || this.#state !== 'in-call') return;
    let report: RTCStatsReport;
    try {
      report = await pc.getStats();
    } catch {
      return;
    }
    if (this.#state !== 'in-call') return;
    const { quality, counters } = readQuality(report, this.#qualityCounters);
    this.#qualityCounters = counters;
    this.#quality = quality;
    this.safeEmit('quality', quality);
    for (const warning of this.#qualityWatch?.sample(quality) ?? [])
      this.safeEmit('quality-warning', warning);
  }

  #onDisconnect(error: Error | undefined): void {
    if (error === undefined) return;
    if (this.#state === 'in-call') void this.#recover('connection-lost');
    else if (this.#state === 'connecting' || this.#state === 'ringing') {
      if (this.#session !== undefined) {
        this.#fail(
          'network-lost',
          new AipbxError(
            'CONNECTION_LOST',
            'The connection to the PBX closed before the call was answered: try again.',
            { cause: error },
          ),
        );
      }
    }
  }

  /**
   * Brings a call back after the network dropped: waits until the browser is online, reconnects
   * the WebSocket, and sends a re-INVITE that restarts ICE, retrying with backoff until
   * `reconnectTimeoutMs` has passed.
   */
  async #recover(reason: 'connection-lost' | 'offline' | 'ice-failed'): Promise<void> {
    const session = this.#session;
    const signal = this.#callAbort?.signal;
    if (this.#state !== 'in-call' || session === undefined || signal === undefined) return;
    this.#transition('reconnecting', reason);
    const deadline = Date.now() + this.#options.reconnectTimeoutMs;
    const policy = new ReconnectPolicy({ initialDelayMs: 250, maxDelayMs: 2000 });
    const left = () => deadline - Date.now();
    let lastError: unknown;
    while (left() > 0 && this.#stateIs('reconnecting') && !signal.aborted) {
      try {
        if (globalThis.navigator?.onLine === false) await this.#waitOnline(left(), signal);
        const ua = this.#ua;
        if (ua === undefined) break;
        if (reason === 'offline' && ua.isConnected()) {
          // The socket may look open but be dead after a network change: start afresh.
          await ua.transport.disconnect();
        }
        if (!ua.isConnected()) await withDeadline(ua.reconnect(), left(), 'WebSocket reconnect');
        await withDeadline(this.#restartIce(session), left(), 're-INVITE');
        if (this.#stateIs('reconnecting') && this.#session === session) {
          this.#transition('in-call', 'recovered');
        }
        return;
      } catch (error) {
        lastError = error;
        if (session.state === SessionState.Terminated) break;
        const delay = Math.min(policy.nextDelay(error) ?? 1000, Math.max(0, left()));
        try {
          await sleep(delay, signal);
        } catch {
          return;
        }
      }
    }
    if (this.#stateIs('reconnecting') && this.#session === session) {
      this.#fail(
        'network-lost',
        new AipbxError(
          'CONNECTION_LOST',
          `The network dropped and the call could not be recovered within ${Math.round(this.#options.reconnectTimeoutMs / 1000)} s.`,
          { cause: lastError },
        ),
      );
    }
  }

  #restartIce(session: Session): Promise<void> {
    return reinvite(session, {
      offerOptions: { iceRestart: true },
      iceGatheringTimeout: this.#options.iceGatheringTimeoutMs,
    } as SessionDescriptionHandlerOptions);
  }

  #waitOnline(ms: number, signal: AbortSignal): Promise<void> {
    return withDeadline(
      new Promise<void>((resolve, reject) => {
        this.#onlineWaiter = resolve;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }).finally(() => {
        this.#onlineWaiter = undefined;
      }),
      ms,
      'the browser to go online',
    );
  }

  #peerConnection(): RTCPeerConnection | undefined {
    return peerConnectionOf(this.#session);
  }

  #openMicrophone(): Promise<MediaStream> {
    return openMicrophone(this.#inputDeviceId);
  }

  /** A microphone unplugged mid-call: carry on with the system's default one. */
  #watchMicrophone(stream: MediaStream): void {
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => {
        if (this.#microphone !== stream || !isCallActive(this.#state)) return;
        this.setInputDevice(undefined).catch(() => undefined);
      });
    }
  }

  #applyMute(): void {
    for (const t of this.#microphone?.getAudioTracks() ?? []) t.enabled = !this.#muted;
  }

  #unlockAudio(): void {
    const Audio = globalThis.Audio;
    if (this.#audio === undefined)
      this.#audio = this.#options.source.audioElement ?? (Audio === undefined ? undefined : new Audio());
    const audio = this.#audio;
    if (audio === undefined) return;
    audio.autoplay = true;
    const sink = this.#options.source.outputDeviceId;
    if (sink !== undefined) this.setOutputDevice(sink).catch(() => undefined);
    // Starting playback inside the user's click lets the assistant's voice play later.
    audio.srcObject = new MediaStream();
    audio.play().catch(() => undefined);
  }

  #fail(reason: CallStateReason, error: Error, statusCode?: number): void {
    if (!isCallActive(this.#state)) return;
    void this.#end('failed', reason, error, statusCode);
  }

  /** Leaves the call: one place that moves to ended/failed, releases everything, settles `call()`. */
  #end(to: 'ended' | 'failed', reason: CallStateReason, error?: Error, statusCode?: number): Promise<void> {
    const session = this.#session;
    this.#callAbort?.abort();
    clearTimeout(this.#answerTimer);
    clearInterval(this.#qualityTimer);
    this.#qualityTimer = undefined;
    globalThis.removeEventListener?.('offline', this.#onOffline);
    globalThis.removeEventListener?.('online', this.#onOnline);
    for (const t of this.#microphone?.getTracks() ?? []) t.stop();
    this.#microphone = undefined;
    this.#inputLevel?.dispose();
    this.#outputLevel?.dispose();
    this.#inputLevel = undefined;
    this.#outputLevel = undefined;
    if (this.#audio !== undefined) this.#audio.srcObject = null;
    this.#session = undefined;
    releasePage(this);
    const settle = this.#settle;
    this.#settle = undefined;
    this.#transition(to, reason, {
      ...(error === undefined ? {} : { error }),
      ...(statusCode === undefined ? {} : { statusCode }),
    });
    if (settle !== undefined) {
      if (to === 'failed' && error !== undefined) settle.reject(error);
      else
        settle.reject(new CallFailedError('cancelled', 'to', 'The call was hung up before it was answered.'));
    }
    return this.#release(session);
  }
}

/** A final SIP response → the state reason, the `CallFailedError` reason and a sentence. */
function rejectionOf(code: number, q850?: string): [CallStateReason, CallFailureReason, string] {
  const words: Record<SipRefusal, [CallStateReason, CallFailureReason, string]> = {
    busy: ['busy', 'busy', 'The assistant is busy: try again in a minute'],
    declined: ['declined', 'busy', 'The call was declined'],
    'not-found': ['not-found', 'unavailable', 'This assistant does not exist on the PBX: check the target'],
    'no-answer': ['timeout', 'no-answer', 'The assistant did not answer'],
    refused: [
      'unavailable',
      'failed',
      'The PBX refused the call: check the widget’s SIP user and that the PBX allows it',
    ],
    unavailable: ['unavailable', 'unavailable', 'The assistant is not available right now'],
    failed: ['unavailable', 'failed', 'The PBX could not connect the call'],
  };
  return words[sipRefusal(code, q850)];
}
