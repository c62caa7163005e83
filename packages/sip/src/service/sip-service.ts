import {
  AbortError,
  CallFailedError,
  type CallFailureReason,
  type Logger,
  TimeoutError,
  TypedEmitter,
  ValidationError,
} from '@aipbx/core';
import { type Invitation, Inviter, type InviterOptions, SessionState, UserAgent } from 'sip.js';
import { SipCall } from '../call/sip-call.js';
import type { SipCallEndReason } from '../call/sip-call-types.js';
import { negotiate, parseSdp } from '../media/sdp.js';
import { type RegistrationStatus, SipLine } from './sip-line.js';
import {
  type ResolvedSipServiceOptions,
  resolveSipServiceOptions,
  type SipServiceOptions,
  sipServiceOptionsFromEnv,
} from './sip-service-options.js';

/** What `onCall` receives and may return. */
export type SipCallHandler = (call: SipCall) => void | Promise<void>;

/** Events of a {@link SipService}. */
export interface SipServiceEvents {
  /** An extension's registration changed (registered, retrying, failed…). */
  registration: (status: RegistrationStatus) => void;
  /** A call arrived on one of the extensions (before `onCall`'s handler runs). */
  call: (call: SipCall) => void;
  /** A call ended. */
  callEnd: (call: SipCall, reason: SipCallEndReason) => void;
  /** An `onCall` handler threw, or something failed outside any caller's reach. */
  error: (error: Error, call?: SipCall) => void;
}

/** Options of {@link SipService.call}. */
export interface SipDialOptions {
  /** The extension that calls (one of `SIP_USERS`). Default: the first. */
  from?: string;
  /** Extra SIP headers of the INVITE, e.g. `{ 'X-Assistant-Id': 'support' }`. No CR or LF. */
  headers?: Readonly<Record<string, string>>;
  /** How long it may ring before the call is given up (CANCEL), ms. Default 30,000. */
  ringTimeoutMs?: number;
  /** Gives up (CANCEL) and rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * A SIP service for PBXs without ARI — the Yeastar guide's native mode: it registers as the
 * extensions of `SIP_USERS` (as desk phones would), answers the calls they get and places calls
 * through the PBX, and hands the audio to the app through the same `CallMedia` as
 * `@aipbx/node-ari`'s media bridge.
 *
 * @example
 * ```ts
 * const service = SipService.fromEnv();
 * service.onCall(async (call) => {
 *   await call.answer();
 *   const media = await call.media({ format: 'slin16' });
 *   for await (const frame of media) ai.send(frame);
 * });
 * await service.start();
 * ```
 */
export class SipService extends TypedEmitter<SipServiceEvents> {
  readonly #o: ResolvedSipServiceOptions;
  readonly #log: Logger;
  readonly #lines = new Map<string, SipLine>();
  readonly #calls = new Set<SipCall>();
  #handler: SipCallHandler | undefined;
  #running = false;

  /** @throws ValidationError listing every bad option at once */
  constructor(options: SipServiceOptions) {
    super();
    this.#o = resolveSipServiceOptions(options);
    this.#log = this.#o.logger;
  }

  /**
   * A service configured by the Yeastar guide's variables (`SIP_SERVER`, `SIP_PORT`,
   * `SIP_TRANSPORT`, `SIP_USERS`, `RTP_PORT_MIN`, `RTP_PORT_MAX`; `RTP_ADVERTISE` behind NAT).
   *
   * @throws ValidationError naming every bad or missing variable at once
   */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = process.env,
    overrides: Partial<SipServiceOptions> = {},
  ): SipService {
    return new SipService(sipServiceOptionsFromEnv(env, overrides));
  }

  /** The handler for calls to the service's extensions; a call nobody takes is refused (480). */
  onCall(handler: SipCallHandler): this {
    this.#handler = handler;
    return this;
  }

  /** Each extension's registration, by extension. */
  get registrations(): ReadonlyMap<string, RegistrationStatus> {
    return new Map([...this.#lines].map(([extension, line]) => [extension, line.status]));
  }

  /** Calls in progress. */
  get calls(): ReadonlySet<SipCall> {
    return this.#calls;
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Connects and registers every extension, and resolves once each is registered. Extensions keep
   * retrying in the background after a network failure; an extension the PBX refuses (a wrong
   * password, an unknown extension) is not retried.
   *
   * @param timeoutMs - how long to wait for every registration. Default 15,000.
   * @throws AuthenticationError / RemoteError when the PBX refuses an extension; the last
   *   ConnectionError (or a TimeoutError) when one is not registered in time — it keeps retrying
   *   until `stop()`.
   */
  async start(timeoutMs = 15_000): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    for (const user of this.#o.users) {
      const line = new SipLine(user, this.#o);
      this.#lines.set(user.extension, line);
      line.on('status', (status) => this.safeEmit('registration', status));
      line.on('invite', (invitation) => this.#incoming(line, invitation));
    }
    const outcomes = [...this.#lines.values()].map((line) => registered(line, timeoutMs));
    for (const line of this.#lines.values()) line.start();
    const results = await Promise.allSettled(outcomes);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw failed[0]?.reason;
    this.#log.info('registered', { extensions: [...this.#lines.keys()] });
  }

  /** Hangs up every call (`stopped`), unregisters every extension and closes the connections. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await Promise.allSettled([...this.#calls].map((call) => call.stop()));
    await Promise.allSettled([...this.#lines.values()].map((line) => line.stop()));
    this.#lines.clear();
  }

  /**
   * Calls `to` (an extension or a number the PBX routes) from one of the service's extensions and
   * resolves with the call once answered. Early media (183) plays into the call's media.
   *
   * @throws CallFailedError — `busy` (486/600), `unavailable` (404/480/604 and other 4xx–6xx),
   *   `no-answer` (408/487 or the ring timeout), `congestion` (503), `cancelled` (declined, 603);
   *   AbortError when `signal` aborts; ValidationError for a bad target or header
   */
  async call(to: string, options: SipDialOptions = {}): Promise<SipCall> {
    if (!this.#running)
      throw new CallFailedError('failed', 'to', 'The service is not started: call start() first.');
    const fromExtension = options.from ?? this.#o.users[0]?.extension;
    const line = fromExtension === undefined ? undefined : this.#lines.get(fromExtension);
    const problems = [];
    if (line === undefined)
      problems.push({
        field: 'from',
        message: `must be one of the service's extensions (${[...this.#lines.keys()].join(', ')})`,
      });
    if (!/^[A-Za-z0-9+*#._-]{1,64}$/.test(to))
      problems.push({ field: 'to', message: 'must be an extension or number: letters, digits, + * # . _ -' });
    for (const [name, value] of Object.entries(options.headers ?? {}))
      if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n]/.test(value))
        problems.push({
          field: `headers.${name}`,
          message: 'a header name is letters, digits and "-"; no CR or LF in values',
        });
    if (problems.length > 0 || line === undefined) throw new ValidationError('call', problems);
    if (options.signal?.aborted) throw new AbortError('The call was aborted before it was placed.');

    const host = this.#o.server.includes(':') ? `[${this.#o.server}]` : this.#o.server;
    const target = UserAgent.makeURI(`sip:${to}@${host}`);
    if (target === undefined)
      throw new ValidationError('call', [{ field: 'to', message: 'is not a valid SIP user' }]);
    const inviterOptions: InviterOptions = {
      earlyMedia: true,
      extraHeaders: Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    };
    const inviter = new Inviter(line.ua, target, inviterOptions);
    const call = this.#track(new SipCall(inviter, 'outbound', line.user.extension, this.#callHost()));
    const ringMs = options.ringTimeoutMs ?? 30_000;
    return new Promise<SipCall>((resolve, reject) => {
      let failure: Error | undefined;
      const timer = setTimeout(() => {
        failure = new CallFailedError('no-answer', 'to', `${to} did not answer within ${ringMs} ms.`);
        void call.hangup().catch(() => undefined);
      }, ringMs);
      const onAbort = () => {
        failure = new AbortError('The call was aborted while ringing.');
        void call.hangup().catch(() => undefined);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) {
          settle();
          call.attachMedia();
          resolve(call);
        } else if (state === SessionState.Terminated) {
          settle();
          // sip.js calls the request's onReject after this change: let it say why first.
          queueMicrotask(() =>
            reject(
              failure ??
                new CallFailedError('failed', 'to', `The call to ${to} ended before it was answered.`),
            ),
          );
        }
      });
      inviter
        .invite({
          requestDelegate: {
            onReject: (response) => {
              const { statusCode = 0, reasonPhrase = '' } = response.message;
              // A CANCEL of ours (timeout, abort) comes back as 487: the reason set then stays.
              failure ??= rejection(to, statusCode, reasonPhrase);
            },
            onProgress: () => call.attachMedia(),
          },
        })
        .catch((error: unknown) => {
          settle();
          call.fail();
          reject(error);
        });
    });
  }

  #incoming(line: SipLine, invitation: Invitation): void {
    const refusal = unacceptableOffer(invitation);
    if (refusal !== undefined) {
      this.#log.warn('refusing a call whose offer has no codec in common (488)', {
        extension: line.user.extension,
        reason: refusal,
      });
      void invitation.reject({ statusCode: 488 }).catch(() => undefined);
      return;
    }
    const call = this.#track(new SipCall(invitation, 'inbound', line.user.extension, this.#callHost()));
    invitation.stateChange.addListener((state) => {
      if (state === SessionState.Established) call.attachMedia();
    });
    this.#log.debug('call', { call: call.id, extension: line.user.extension, from: call.caller.number });
    if (!this.#running) {
      void invitation.reject({ statusCode: 480 }).catch(() => undefined);
      return;
    }
    this.safeEmit('call', call);
    const handler = this.#handler;
    if (handler === undefined) {
      if (this.listenerCount('call') === 0) {
        this.#log.warn('no onCall handler: refusing the call', { call: call.id });
        void invitation.reject({ statusCode: 480 }).catch(() => undefined);
      }
      return;
    }
    void (async () => {
      try {
        await handler(call);
      } catch (error) {
        if (call.ended !== undefined) return;
        this.#report(error instanceof Error ? error : new Error(String(error)), call);
        await call.hangup(500).catch(() => undefined);
      }
    })();
  }

  #track(call: SipCall): SipCall {
    this.#calls.add(call);
    return call;
  }

  #callHost() {
    return {
      logger: this.#log,
      ended: (call: SipCall, reason: SipCallEndReason) => {
        if (!this.#calls.delete(call)) return;
        this.safeEmit('callEnd', call, reason);
      },
    };
  }

  #report(error: Error, call?: SipCall): void {
    if (this.listenerCount('error') > 0) this.safeEmit('error', error, call);
    else this.#log.error(error.message, { call: call?.id, name: error.name });
  }
}

/** Why the INVITE's SDP offer cannot be answered (no G.711, SRTP only…), or undefined when it can or has none. */
function unacceptableOffer(invitation: Invitation): string | undefined {
  const { body } = invitation.request;
  if (body === undefined || body === '') return undefined;
  try {
    negotiate(parseSdp(body));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Resolves when the line is registered; rejects when it fails, or is not registered in time. */
function registered(line: SipLine, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      line.off('status', onStatus);
      reject(
        line.status.error ??
          new TimeoutError(
            `Extension ${line.user.extension} was not registered within ${timeoutMs} ms.`,
            timeoutMs,
          ),
      );
    }, timeoutMs);
    const onStatus = (status: RegistrationStatus) => {
      if (status.state === 'registered') {
        clearTimeout(timer);
        line.off('status', onStatus);
        resolve();
      } else if (status.state === 'failed') {
        clearTimeout(timer);
        line.off('status', onStatus);
        reject(status.error);
      }
    };
    line.on('status', onStatus);
  });
}

/** A final response to our INVITE as a CallFailedError with a stable reason. */
function rejection(to: string, status: number, phrase: string): CallFailedError {
  const reason: CallFailureReason =
    status === 486 || status === 600
      ? 'busy'
      : status === 603
        ? 'cancelled'
        : status === 408 || status === 487
          ? 'no-answer'
          : status === 503
            ? 'congestion'
            : 'unavailable';
  return new CallFailedError(reason, 'to', `The call to ${to} was refused: ${status} ${phrase}`.trim());
}
