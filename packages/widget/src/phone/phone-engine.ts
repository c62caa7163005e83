import {
  AipbxError,
  ReconnectPolicy,
  TypedEmitter,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import {
  type Core,
  type Invitation,
  Inviter,
  Registerer,
  RegistererState,
  type Session,
  UserAgent,
  type UserAgentOptions,
} from 'sip.js';
import type { SessionDescriptionHandlerOptions } from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { headerLines, targetUri } from '../engine/call-engine-options.js';
import { withDeadline } from '../engine/deadline.js';
import { browserUserAgentOptions } from '../engine/user-agent-options.js';
import { controlOf, PhoneCall, type PhoneCallHost } from './phone-call.js';
import type { PhoneCallChange, PhoneCallReason } from './phone-call-state.js';
import { type PhoneOptions, type ResolvedPhoneOptions, resolvePhoneOptions } from './phone-options.js';
import {
  REGISTRATION_TRANSITIONS,
  type RegistrationChange,
  type RegistrationReason,
  type RegistrationState,
} from './registration-state.js';

/** Events of a {@link PhoneEngine}. */
export interface PhoneEngineEvents {
  /** Every registration change, with its reason. */
  registration: (change: RegistrationChange) => void;
  /** A call rings here: show it, then `answer()` or `decline()` it. */
  incoming: (call: PhoneCall) => void;
  /** A call was answered (either direction). */
  'call-start': (call: PhoneCall) => void;
  /** A call ended; `change.reason` says how. */
  'call-end': (call: PhoneCall, change: PhoneCallChange) => void;
  /** Anything about the calls changed (a state, mute, hold, the recent list): re-render. */
  update: () => void;
}

/** An ended call of this session, for the recent-calls list. */
export interface RecentCall {
  readonly id: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly number: string;
  readonly displayName?: string;
  readonly startedAt: number;
  /** When it was answered, if it was. */
  readonly connectedAt?: number;
  readonly endedAt: number;
  /** Talking time in ms (0 when never answered). */
  readonly durationMs: number;
  /** How it ended (`missed`, `remote-hangup`, `busy`, `transferred`…). */
  readonly reason: PhoneCallReason;
}

/** Options of {@link PhoneEngine.call}. */
export interface PhoneCallOptions {
  /** Extra SIP headers on the INVITE. Names must start with `X-`. */
  headers?: Readonly<Record<string, string>>;
}

/** How many ended calls {@link PhoneEngine.recent} keeps. */
const RECENT_LIMIT = 20;
/** A REGISTER unanswered this long is given up and tried again (a PBX still starting drops it). */
const REGISTER_ANSWER_MS = 8000;

/**
 * An operator's softphone with no UI: registers an extension over SIP WebSocket with its
 * WebSocket password, keeps the registration up, rings for incoming calls, places calls, and
 * holds, mutes, transfers and hangs them up. `<aipbx-softphone>` is a view over it.
 *
 * The registration is renewed at half its lifetime; when the WebSocket drops it is re-established
 * with backoff (calls in progress keep their audio, and get a re-INVITE once it is back). A wrong
 * password or an unknown extension ends in `failed` with no retries. Several calls at once (up to
 * `maxCalls`): answering, dialing or resuming one puts the others on hold.
 *
 * @example
 * ```ts
 * const phone = new PhoneEngine({ server: 'wss://pbx.example.com:8089/ws', extension: '201', password });
 * phone.on('registration', ({ to, reason }) => console.log(to, reason));
 * phone.on('incoming', (call) => showRinging(call.remote.number, () => call.answer()));
 * await phone.start();
 * const call = phone.call('202');
 * await call.answered();
 * ```
 */
export class PhoneEngine extends TypedEmitter<PhoneEngineEvents> {
  readonly #options: ResolvedPhoneOptions;
  #registration: RegistrationChange = { from: 'unregistered', to: 'unregistered', reason: 'stopped' };
  #ua: UserAgent | undefined;
  #registerer: Registerer | undefined;
  #calls: PhoneCall[] = [];
  #recent: RecentCall[] = [];
  readonly #bySession = new WeakMap<Session, PhoneCall>();
  #running = false;
  #attempting = false;
  /** A final refusal of the current REGISTER, so its state change is not taken for a lost renewal. */
  #refused = false;
  readonly #policy = new ReconnectPolicy({ initialDelayMs: 500, maxDelayMs: 30_000 });
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #answerTimer: ReturnType<typeof setTimeout> | undefined;
  /** Since when the WebSocket is down with calls in progress. */
  #lostAt: number | undefined;
  #lostTimer: ReturnType<typeof setTimeout> | undefined;
  #startWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #audioContext: AudioContext | undefined;
  #disposed = false;
  readonly #host: PhoneCallHost;
  readonly #onOnline = (): void => {
    if (this.#running && this.#registration.to === 'unregistered') this.#retryNow();
  };

  /**
   * @throws ValidationError (`INVALID_INPUT`) listing every problem with `options`.
   */
  constructor(options: PhoneOptions) {
    super();
    this.#options = resolvePhoneOptions(options);
    this.#host = {
      options: this.#options,
      holdOthers: (call) => this.#holdOthers(call),
      audioContext: () => this.#context(),
      changed: (call, change) => this.#callChanged(call, change),
      uriFor: (target) => this.#uriFor(target),
    };
  }

  /** The extension this softphone registers. */
  get extension(): string {
    return this.#options.extension;
  }

  /** The registration's state; see {@link RegistrationState}. */
  get registration(): RegistrationState {
    return this.#registration.to;
  }

  /** The latest registration change: why it is in its state, and the error if any. */
  get registrationChange(): RegistrationChange {
    return this.#registration;
  }

  /** Calls in progress (ringing, dialing, active, held), oldest first. */
  get calls(): readonly PhoneCall[] {
    return this.#calls;
  }

  /** This session's ended calls, newest first (at most 20). */
  get recent(): readonly RecentCall[] {
    return this.#recent;
  }

  /**
   * Connects and registers the extension; keeps it registered until {@link PhoneEngine.stop}.
   * Resolves once registered. Called while a retry waits out its backoff, it tries at once (a
   * "reconnect" button); calls in progress are kept. Rejects with the first failure: an {@link AipbxError}
   * `AUTH_FAILED` for a wrong password (no retries follow), `CONNECTION_FAILED` when the PBX
   * cannot be reached (retries do follow, with backoff: watch `registration`).
   */
  start(): Promise<void> {
    this.#assertUsable();
    if (this.#running && this.#registration.to === 'registered') return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.#startWaiters.push({ resolve, reject }));
    if (!this.#running || this.#registration.to === 'failed') {
      if (!this.#running) globalThis.addEventListener?.('online', this.#onOnline);
      this.#running = true;
      this.#policy.reset();
      void this.#attempt('start');
    } else if (this.#registration.to === 'unregistered') {
      // A retry is waiting out its backoff: try now (calls in progress are kept).
      this.#retryNow();
    }
    return done;
  }

  /**
   * Hangs up every call, unregisters (bounded: 2 s) and closes the WebSocket. `start()` may be
   * called again later.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    globalThis.removeEventListener?.('online', this.#onOnline);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#answerTimer);
    clearTimeout(this.#lostTimer);
    this.#lostAt = undefined;
    await Promise.all(this.#calls.map((c) => controlOf(c).abandon('stopped')));
    const registerer = this.#registerer;
    this.#registerer = undefined;
    if (registerer?.state === RegistererState.Registered && this.#ua?.isConnected()) {
      const gone = new Promise<void>((resolve) => {
        registerer.stateChange.addListener((s) => {
          if (s !== RegistererState.Registered) resolve();
        });
      });
      await registerer.unregister().catch(() => undefined);
      await withDeadline(gone, 2000, 'unregister').catch(() => undefined);
    }
    await registerer?.dispose().catch(() => undefined);
    const ua = this.#ua;
    this.#ua = undefined;
    await ua?.stop().catch(() => undefined);
    this.#setRegistration('unregistered', 'stopped');
    this.#rejectStart(new AipbxError('CONNECTION_FAILED', 'The softphone was stopped before it registered.'));
  }

  /**
   * Calls a number, extension, assistant name or SIP URI (`sip:ops@pbx.example.com`). Call it
   * from a click: it opens the microphone. Other calls are put on hold first. The call is
   * returned at once; `call.answered()` resolves when it is answered, and its state changes say
   * what happened.
   *
   * @throws AipbxError (`INVALID_INPUT`) for a target that is not a number, name or SIP URI;
   *   (`CALL_FAILED`) when the softphone is not registered or already holds `maxCalls` calls.
   */
  call(target: string, options: PhoneCallOptions = {}): PhoneCall {
    this.#assertUsable();
    const uri = this.#uriFor(target);
    const headers = this.#headers(options.headers);
    const ua = this.#ua;
    if (ua === undefined || this.#registration.to !== 'registered') {
      throw new AipbxError(
        'CALL_FAILED',
        'The softphone is not registered: wait for it (or start() it) before calling.',
      );
    }
    if (this.#calls.length >= this.#options.maxCalls) {
      throw new AipbxError(
        'CALL_FAILED',
        `This softphone already has ${this.#calls.length} call(s), its maximum: hang one up first.`,
      );
    }
    this.#unlockAudio();
    const inviter = new Inviter(ua, uri, {
      sessionDescriptionHandlerOptions: {
        constraints: { audio: true, video: false },
        iceGatheringTimeout: this.#options.iceGatheringTimeoutMs,
      } as SessionDescriptionHandlerOptions,
    });
    const call = this.#adopt(inviter);
    void controlOf(call).dial(headers);
    return call;
  }

  /** Stops, and removes every listener. The engine cannot be used again. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    await this.stop();
    this.#disposed = true;
    await this.#audioContext?.close().catch(() => undefined);
    this.removeAllListeners();
  }

  #assertUsable(): void {
    if (this.#disposed)
      throw new AipbxError('CALL_FAILED', 'This PhoneEngine was disposed: create a new one.');
  }

  #uriFor(target: string): Core.URI {
    const problems: ValidationProblem[] = [];
    const text = targetUri(
      problems,
      typeof target === 'string' ? target.trim() : target,
      this.#options.domain,
      'number',
      'a number, extension or assistant name such as 202, or a SIP URI such as sip:ops@pbx.example.com',
    );
    const uri = problems.length === 0 ? UserAgent.makeURI(text) : undefined;
    if (uri === undefined)
      throw new ValidationError(
        'call target',
        problems.length ? problems : [{ field: 'number', message: 'number is not a valid SIP address' }],
      );
    return uri;
  }

  #headers(given: Readonly<Record<string, string>> | undefined): string[] {
    const problems: ValidationProblem[] = [];
    const headers = headerLines(problems, given);
    if (problems.length > 0) throw new ValidationError('call options', problems);
    return headers;
  }

  #userAgent(): UserAgent {
    if (this.#ua !== undefined) return this.#ua;
    const o = this.#options;
    const options: UserAgentOptions = {
      uri: UserAgent.makeURI(o.aor),
      displayName: o.source.displayName,
      authorizationUsername: o.username,
      authorizationPassword: o.password,
      ...browserUserAgentOptions({
        server: o.server,
        connectTimeoutMs: o.connectTimeoutMs,
        iceGatheringTimeoutMs: o.iceGatheringTimeoutMs,
        iceServers: o.source.iceServers,
        userAgentString: 'aipbx-softphone',
        // Each call sends its own microphone stream, opened when it is answered or placed.
        microphone: (session) => {
          const call = this.#bySession.get(session);
          return call === undefined ? undefined : controlOf(call).microphone();
        },
        delegate: {
          onInvite: (invitation) => this.#onInvite(invitation),
          onDisconnect: (error) => this.#onDisconnect(error),
        },
      }),
    };
    this.#ua = new UserAgent(options);
    return this.#ua;
  }

  async #attempt(reason: 'start' | 'retry'): Promise<void> {
    if (!this.#running || this.#attempting) return;
    this.#attempting = true;
    this.#refused = false;
    this.#setRegistration('registering', reason);
    const ua = this.#userAgent();
    try {
      try {
        if (ua.state !== 'Started') await ua.start();
        if (!ua.isConnected()) await ua.reconnect();
      } catch (error) {
        this.#retryLater(
          'server-unreachable',
          new AipbxError(
            'CONNECTION_FAILED',
            `Could not open the SIP WebSocket to ${new URL(this.#options.server).host}: check that the PBX is up, that its TLS certificate is valid for this host, and that the page may reach it.`,
            { cause: error },
          ),
        );
        return;
      }
      if (!this.#running) return;
      void this.#recoverCalls();
      this.#registerer ??= this.#newRegisterer(ua);
      const registerer = this.#registerer;
      this.#watchAnswer(registerer);
      await registerer.register({
        requestDelegate: {
          // Every failure of this REGISTER comes here: a final refusal, and sip.js's own 408 (no
          // answer) and 503 (the connection failed).
          onReject: (response) => {
            if (registerer !== this.#registerer) return;
            clearTimeout(this.#answerTimer);
            this.#refused = true;
            this.#onRefusal(response.message.statusCode ?? 0, response.message.reasonPhrase ?? '');
          },
        },
      });
    } catch (error) {
      this.#retryLater(
        'no-response',
        new AipbxError('CONNECTION_FAILED', `Could not register: ${(error as Error).message}`, {
          cause: error,
        }),
      );
    } finally {
      this.#attempting = false;
    }
  }

  #newRegisterer(ua: UserAgent): Registerer {
    const registerer = new Registerer(ua, {
      expires: this.#options.registerExpiresSeconds,
      // Renew at half the lifetime: a lost REGISTER still leaves time to try again.
      refreshFrequency: 50,
    });
    registerer.stateChange.addListener((state) => {
      if (!this.#running || registerer !== this.#registerer) return;
      if (state === RegistererState.Registered) {
        clearTimeout(this.#answerTimer);
        this.#policy.reset();
        if (this.#registration.to !== 'registered')
          this.#setRegistration('registered', 'registered', { statusCode: 200 });
        for (const waiter of this.#startWaiters.splice(0)) waiter.resolve();
      } else if (state === RegistererState.Unregistered) {
        // A refused REGISTER of ours is handled by its onReject, which sip.js calls right after
        // this change; what is left is a renewal sip.js sent by itself that failed.
        queueMicrotask(() => {
          if (this.#refused || this.#registration.to !== 'registered' || !this.#running) return;
          this.#retryLater(
            'refresh-failed',
            new AipbxError('CONNECTION_LOST', 'Renewing the registration failed; retrying.'),
          );
        });
      }
    });
    return registerer;
  }

  /**
   * A PBX that is starting can take the connection and drop the REGISTER; sip.js would wait 32 s
   * for an answer. Without one in 8 s the attempt is given up and the next starts afresh.
   */
  #watchAnswer(registerer: Registerer): void {
    clearTimeout(this.#answerTimer);
    this.#answerTimer = setTimeout(() => {
      if (!this.#running || registerer !== this.#registerer || this.#registration.to !== 'registering')
        return;
      this.#registerer = undefined;
      void registerer.dispose().catch(() => undefined);
      this.#retryLater(
        'no-response',
        new AipbxError(
          'CONNECTION_FAILED',
          `The PBX did not answer the registration within ${REGISTER_ANSWER_MS / 1000} s; retrying.`,
        ),
      );
    }, REGISTER_ANSWER_MS);
  }

  #onRefusal(code: number, phrase: string): void {
    const ext = this.#options.extension;
    if (code === 401 || code === 403 || code === 407) {
      this.#fail(
        'auth-failed',
        new AipbxError(
          'AUTH_FAILED',
          `Registration failed: the PBX refused extension ${ext}’s WebSocket password (${code} ${phrase}). Check the 5th field of its SIP_USERS entry.`,
        ),
        code,
      );
    } else if (code === 404) {
      this.#fail(
        'not-found',
        new AipbxError(
          'AUTH_FAILED',
          `Registration failed: the PBX has no extension ${ext} (404). Check SIP_USERS.`,
        ),
        code,
      );
    } else if (code === 408 || code === 503 || code >= 500) {
      this.#retryLater(
        code === 408 ? 'no-response' : 'server-unreachable',
        new AipbxError('CONNECTION_FAILED', `Registration failed (${code} ${phrase}); retrying.`),
        code,
      );
    } else {
      this.#fail('refused', new AipbxError('AUTH_FAILED', `Registration refused: ${code} ${phrase}.`), code);
    }
  }

  #fail(reason: RegistrationReason, error: AipbxError, statusCode: number): void {
    clearTimeout(this.#retryTimer);
    this.#setRegistration('failed', reason, { error, statusCode });
    this.#rejectStart(error);
  }

  #retryLater(reason: RegistrationReason, error: AipbxError, statusCode?: number): void {
    if (!this.#running) return;
    const delay = this.#policy.nextDelay(error) ?? 30_000;
    const retryAt = Date.now() + delay;
    this.#setRegistration('unregistered', reason, { error, retryAt, ...(statusCode ? { statusCode } : {}) });
    this.#rejectStart(error);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#attempt('retry'), delay);
  }

  #retryNow(): void {
    clearTimeout(this.#retryTimer);
    void this.#attempt('retry');
  }

  #rejectStart(error: Error): void {
    for (const waiter of this.#startWaiters.splice(0)) waiter.reject(error);
  }

  #setRegistration(
    to: RegistrationState,
    reason: RegistrationReason,
    extra: { error?: Error; statusCode?: number; retryAt?: number } = {},
  ): void {
    const from = this.#registration.to;
    if (from === to && to !== 'unregistered') return;
    if (!REGISTRATION_TRANSITIONS[from].includes(to)) return;
    this.#registration = { from, to, reason, ...extra };
    this.safeEmit('registration', this.#registration);
  }

  #onDisconnect(error: Error | undefined): void {
    if (error === undefined || !this.#running) return;
    clearTimeout(this.#answerTimer);
    // The registerer's transactions died with the socket: a new one registers afresh.
    const registerer = this.#registerer;
    this.#registerer = undefined;
    void registerer?.dispose().catch(() => undefined);
    if (this.#calls.some((c) => c.state === 'active' || c.state === 'held')) this.#watchLostCalls();
    this.#retryLater(
      'connection-lost',
      new AipbxError('CONNECTION_LOST', `The WebSocket to the PBX closed (${error.message}); reconnecting.`, {
        cause: error,
      }),
    );
  }

  /** Calls whose WebSocket does not come back in `reconnectTimeoutMs` are ended. */
  #watchLostCalls(): void {
    if (this.#lostAt !== undefined) return;
    this.#lostAt = Date.now();
    this.#lostTimer = setTimeout(() => {
      this.#lostAt = undefined;
      if (this.#ua?.isConnected()) return;
      for (const call of [...this.#calls]) void controlOf(call).abandon('network-lost');
    }, this.#options.reconnectTimeoutMs);
  }

  /** The WebSocket is back: every answered call sends a re-INVITE, so the PBX reaches it again. */
  async #recoverCalls(): Promise<void> {
    if (this.#lostAt === undefined) return;
    clearTimeout(this.#lostTimer);
    this.#lostAt = undefined;
    await Promise.all(
      this.#calls.map((c) =>
        controlOf(c)
          .recover()
          .catch(() => undefined),
      ),
    );
  }

  #onInvite(invitation: Invitation): void {
    if (!this.#running || this.#calls.length >= this.#options.maxCalls) {
      invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const call = this.#adopt(invitation);
    invitation.progress().catch(() => undefined);
    this.safeEmit('incoming', call);
  }

  #adopt(session: Session): PhoneCall {
    const call = new PhoneCall(this.#host, session);
    this.#bySession.set(session, call);
    this.#calls.push(call);
    this.safeEmit('update');
    return call;
  }

  async #holdOthers(call: PhoneCall): Promise<void> {
    await Promise.all(
      this.#calls
        .filter((c) => c !== call && c.state === 'active')
        .map((c) => c.hold().catch(() => undefined)),
    );
  }

  #callChanged(call: PhoneCall, change: PhoneCallChange | undefined): void {
    if (change?.to === 'active' && change.reason === 'answered') this.safeEmit('call-start', call);
    if (change?.to === 'ended') {
      this.#calls = this.#calls.filter((c) => c !== call);
      const connectedAt = call.connectedAt;
      const endedAt = call.endedAt ?? Date.now();
      this.#recent = [
        {
          id: call.id,
          direction: call.direction,
          number: call.remote.number,
          ...(call.remote.displayName ? { displayName: call.remote.displayName } : {}),
          startedAt: call.startedAt,
          ...(connectedAt === undefined ? {} : { connectedAt }),
          endedAt,
          durationMs: connectedAt === undefined ? 0 : endedAt - connectedAt,
          reason: change.reason,
        },
        ...this.#recent,
      ].slice(0, RECENT_LIMIT);
      this.safeEmit('call-end', call, change);
    }
    this.safeEmit('update');
  }

  #context(): AudioContext | undefined {
    const Context = globalThis.AudioContext;
    if (Context === undefined) return undefined;
    this.#audioContext ??= new Context();
    void this.#audioContext.resume().catch(() => undefined);
    return this.#audioContext;
  }

  /** Inside the operator's click: the moment browsers allow audio to start. */
  #unlockAudio(): void {
    this.#context();
  }
}
