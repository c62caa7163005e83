import {
  type AipbxError,
  AuthenticationError,
  ConnectionError,
  isAipbxError,
  type Logger,
  ReconnectPolicy,
  RemoteError,
  type SipUser,
  TypedEmitter,
} from '@aipbx/core';
import { type Invitation, type LogLevel, Registerer, RegistererState, UserAgent } from 'sip.js';
import { rtpDescriptionHandlerFactory } from '../call/rtp-description-handler.js';
import type { RtpSessionOptions } from '../media/rtp-session.js';
import { NodeSipTransport, type NodeSipTransportOptions } from '../transport/sip-transport.js';
import type { ResolvedSipServiceOptions } from './sip-service-options.js';

/**
 * Where one extension's registration stands:
 * - `registering` — a REGISTER is on its way (the first, or after a loss);
 * - `registered` — the PBX accepted it; renewed before it expires;
 * - `retrying` — the PBX or the network is unreachable, or the PBX answered with an error that may
 *   pass (5xx, 408); the next attempt comes after a backoff;
 * - `failed` — the PBX refused the credentials (401/403/407) or does not know the extension (404):
 *   not retried, since retrying cannot help; fix `SIP_USERS` and restart;
 * - `stopped` — `service.stop()`.
 */
export type RegistrationState = 'registering' | 'registered' | 'retrying' | 'failed' | 'stopped';

/** One extension's registration, as reported by `service.registrations` and its `'registration'` event. */
export interface RegistrationStatus {
  /** The extension (from `SIP_USERS`). */
  readonly extension: string;
  readonly state: RegistrationState;
  /** Why it is `retrying` or `failed`. Never contains the password. */
  readonly error?: AipbxError;
  /** Attempts since it was last registered (0 once registered). */
  readonly attempts: number;
  /** When the PBX last accepted the registration. */
  readonly registeredAt?: Date;
}

/** Events of a {@link SipLine}. */
export interface SipLineEvents {
  status: (status: RegistrationStatus) => void;
  invite: (invitation: Invitation) => void;
}

/** How long a REGISTER may go unanswered before the attempt is started over (retransmissions included). */
const REGISTER_ANSWER_MS = 8000;

/**
 * One extension of the service: its own sip.js UserAgent over its own connection to the PBX (as a
 * desk phone would have), its registration, and reconnecting after the PBX or the network went away.
 *
 * @internal
 */
export class SipLine extends TypedEmitter<SipLineEvents> {
  readonly user: SipUser;
  readonly ua: UserAgent;
  readonly #o: ResolvedSipServiceOptions;
  readonly #log: Logger;
  readonly #policy: ReconnectPolicy;
  #registerer: Registerer | undefined;
  #status: RegistrationStatus;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #connected = false;
  /** Set when the PBX's answer to the last REGISTER says why it failed. */
  #refusal: AipbxError | undefined;
  #busy = false;
  #answerTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(user: SipUser, o: ResolvedSipServiceOptions) {
    super();
    this.user = user;
    this.#o = o;
    this.#log = o.logger.child(`line ${user.extension}`);
    this.#policy = new ReconnectPolicy(o.reconnect);
    this.#status = { extension: user.extension, state: 'registering', attempts: 0 };
    const transportOptions: NodeSipTransportOptions = {
      protocol: o.transport,
      server: o.server,
      port: o.port,
      logger: this.#log,
      ...(o.ca === undefined ? {} : { tls: { ca: o.ca } }),
    };
    const uri = UserAgent.makeURI(`sip:${encodeURIComponent(user.extension)}@${hostForUri(o.server)}`);
    if (uri === undefined) throw new Error(`cannot make a SIP URI of extension ${user.extension}`);
    this.ua = new UserAgent({
      uri,
      transportConstructor: NodeSipTransport,
      transportOptions,
      authorizationUsername: user.username,
      authorizationPassword: user.password,
      displayName: user.displayName,
      contactName: user.extension,
      contactParams: { transport: o.transport },
      forceRport: true,
      sessionDescriptionHandlerFactory: rtpDescriptionHandlerFactory(() => this.#rtpListen(), this.#log),
      userAgentString: 'aipbx-sip',
      logBuiltinEnabled: false,
      logConfiguration: false,
      logLevel: 'warn',
      logConnector: (level: LogLevel, category: string, _label: string | undefined, content: string) => {
        // sip.js hands every level here whatever logLevel says; its debug and log levels carry
        // whole messages (digest responses among them), so only warnings and errors go on.
        if (level === 'error') this.#log.error(content, { category });
        else if (level === 'warn') this.#log.warn(content, { category });
      },
      delegate: {
        onInvite: (invitation) => this.emit('invite', invitation),
        onDisconnect: (error) => this.#lost(error),
      },
    });
  }

  /** The registration as it stands. */
  get status(): RegistrationStatus {
    return this.#status;
  }

  /** Connects and registers; keeps the registration up until {@link SipLine.stop}. */
  start(): void {
    this.#stopped = false;
    void this.#attempt();
  }

  /** Unregisters (best effort, bounded) and closes the connection. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#retry);
    clearTimeout(this.#answerTimer);
    const registerer = this.#registerer;
    this.#registerer = undefined;
    if (registerer && registerer.state === RegistererState.Registered) {
      const done = new Promise<void>((resolve) => {
        registerer.stateChange.addListener((s) => {
          if (s !== RegistererState.Registered) resolve();
        });
      });
      await registerer.unregister().catch(() => undefined);
      await Promise.race([done, new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    await registerer?.dispose().catch(() => undefined);
    await this.ua.stop().catch(() => undefined);
    this.#set({ state: 'stopped' });
  }

  async #attempt(): Promise<void> {
    if (this.#stopped || this.#busy) return;
    this.#busy = true;
    this.#refusal = undefined;
    this.#set({ state: 'registering' });
    try {
      if (!this.#connected) {
        await (this.ua.isConnected() ? Promise.resolve() : this.#connect());
      }
      this.#fixContact();
      this.#registerer ??= this.#newRegisterer();
      const registerer = this.#registerer;
      await registerer.register({
        requestDelegate: {
          // Every failure comes here: a final error response, and sip.js's own 408 (no answer in
          // 32 s) and 503 (the connection failed). The state may not change (already unregistered).
          onReject: (response) => {
            if (registerer !== this.#registerer) return; // an attempt given up on (see below)
            const { statusCode = 0, reasonPhrase = '' } = response.message;
            this.#refusal = refusal(this.user.extension, statusCode, reasonPhrase);
            this.#fail(this.#refusal);
          },
        },
      });
      this.#watchAnswer(registerer);
    } catch (error) {
      this.#fail(asError(error, `${this.#o.server}:${this.#o.port}`));
    } finally {
      this.#busy = false;
    }
  }

  /**
   * A PBX that is starting can take the connection and drop the REGISTER (its registrar not loaded
   * yet); sip.js would wait 32 s for an answer. Without one in REGISTER_ANSWER_MS the attempt is
   * given up and the next one starts with a fresh registration.
   */
  #watchAnswer(registerer: Registerer): void {
    clearTimeout(this.#answerTimer);
    this.#answerTimer = setTimeout(() => {
      if (this.#stopped || registerer !== this.#registerer || this.#status.state !== 'registering') return;
      this.#registerer = undefined;
      void registerer.dispose().catch(() => undefined);
      this.#fail(
        new ConnectionError(
          'CONNECTION_FAILED',
          `${this.#o.server}:${this.#o.port}`,
          `Extension ${this.user.extension}: the PBX did not answer the registration within ${REGISTER_ANSWER_MS / 1000} s; retrying.`,
        ),
      );
    }, REGISTER_ANSWER_MS);
    this.#answerTimer.unref();
  }

  async #connect(): Promise<void> {
    if (this.ua.state === 'Started') await this.ua.reconnect();
    else await this.ua.start();
    this.#connected = true;
  }

  #newRegisterer(): Registerer {
    const registerer = new Registerer(this.ua, {
      expires: this.#o.registerExpiresSeconds,
      // Renew at half the lifetime: a lost REGISTER still leaves time for the retransmissions.
      refreshFrequency: 50,
    });
    registerer.stateChange.addListener((state) => {
      if (this.#stopped || registerer !== this.#registerer) return;
      if (state === RegistererState.Registered) {
        this.#policy.reset();
        this.#set({ state: 'registered', attempts: 0, registeredAt: new Date() });
      } else if (state === RegistererState.Unregistered) {
        // A failed REGISTER of ours is handled by its onReject, which sip.js calls right after
        // this change; what is left is a renewal sip.js sent by itself that failed.
        queueMicrotask(() => {
          if (this.#refusal !== undefined || this.#status.state !== 'registered') return;
          this.#fail(
            new ConnectionError(
              'CONNECTION_LOST',
              `${this.#o.server}:${this.#o.port}`,
              `Extension ${this.user.extension}: renewing the registration failed; retrying.`,
            ),
          );
        });
      }
    });
    return registerer;
  }

  /**
   * Where calls of this line receive RTP. Bound to every address (`0.0.0.0`, `::`) without an
   * `advertise`, SDP names the address the SIP connection leaves from: the one the PBX reaches.
   */
  #rtpListen(): RtpSessionOptions {
    const { host, advertise, portMin, portMax } = this.#o.rtp;
    const local = (this.ua.transport as unknown as NodeSipTransport).local?.address;
    const unspecified = host === '0.0.0.0' || host === '::';
    return {
      host,
      portMin,
      portMax,
      ...((advertise ?? (unspecified ? local : undefined)) ? { advertise: advertise ?? local } : {}),
    };
  }

  /** The Contact must name the address and port the PBX can reach this line at. */
  #fixContact(): void {
    const transport = this.ua.transport as unknown as NodeSipTransport;
    const local = transport.local;
    if (local === undefined) return;
    const uri = this.ua.contact.uri;
    uri.host = this.#o.rtp.advertise ?? local.address;
    uri.port = local.port;
  }

  #lost(error: Error | undefined): void {
    this.#connected = false;
    if (this.#stopped) return;
    this.#log.warn('connection to the PBX lost', { error: error?.message });
    this.#fail(
      new ConnectionError(
        'CONNECTION_LOST',
        `${this.#o.server}:${this.#o.port}`,
        `Extension ${this.user.extension}: the connection to the PBX was lost${error ? ` (${error.message})` : ''}; reconnecting.`,
      ),
    );
  }

  #fail(error: AipbxError): void {
    if (this.#stopped) return;
    if (error instanceof AuthenticationError || (error instanceof RemoteError && error.status === 404)) {
      clearTimeout(this.#retry);
      this.#set({ state: 'failed', error });
      this.#log.error(error.message);
      return;
    }
    const attempts = this.#status.attempts + 1;
    const delay = this.#policy.nextDelay(error);
    if (delay === null) {
      this.#set({ state: 'failed', error, attempts });
      return;
    }
    this.#set({ state: 'retrying', error, attempts });
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.#attempt(), delay);
    this.#retry.unref();
  }

  #set(change: Partial<RegistrationStatus> & { state: RegistrationState }): void {
    const next: RegistrationStatus = {
      extension: this.user.extension,
      attempts: change.attempts ?? this.#status.attempts,
      state: change.state,
      ...(change.error ? { error: change.error } : {}),
      ...((change.registeredAt ?? this.#status.registeredAt)
        ? { registeredAt: change.registeredAt ?? this.#status.registeredAt }
        : {}),
    };
    const same =
      next.state === this.#status.state &&
      next.error === this.#status.error &&
      next.attempts === this.#status.attempts;
    this.#status = next;
    if (!same) this.emit('status', next);
  }
}

/** What a refused REGISTER means, as an error naming the extension and what to do. */
function refusal(extension: string, status: number, reason: string): AipbxError {
  const said = `${status} ${reason}`.trim();
  if (status === 401 || status === 403 || status === 407)
    return new AuthenticationError(
      `Extension ${extension}: the PBX refused the credentials (${said}). Check the password and user name in SIP_USERS.`,
    );
  if (status === 404)
    return new RemoteError(
      `Extension ${extension}: the PBX does not know this extension (${said}). Check SIP_USERS against the PBX's extensions.`,
      said,
      status,
    );
  // sip.js makes a 408 itself when nothing answered in 32 s, and a 503 when the connection failed.
  const what =
    status === 408
      ? 'the PBX did not answer the registration'
      : status === 503
        ? 'the PBX is unavailable or could not be reached'
        : 'the PBX refused the registration';
  return new RemoteError(`Extension ${extension}: ${what} (${said}); retrying.`, said, status);
}

/** Any error as an AipbxError for the status. */
function asError(error: unknown, address: string): AipbxError {
  if (isAipbxError(error)) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new ConnectionError('CONNECTION_FAILED', address, `Could not reach the PBX at ${address}: ${why}`, {
    cause: error,
  });
}

/** A host for a SIP URI: IPv6 in brackets. */
function hostForUri(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
