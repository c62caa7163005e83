import { createHash, randomUUID } from 'node:crypto';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import {
  AbortError,
  AipbxError,
  AuthenticationError,
  ConnectionError,
  type Logger,
  noopLogger,
  ProtocolError,
  ReconnectPolicy,
  RemoteError,
  redactText,
  rethrowAsync,
  sleep,
  TimeoutError,
  TypedEmitter,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import { AmiDecoder } from '../parser/ami-decoder.js';
import type { AmiMessage } from '../parser/ami-message.js';
import { type AmiActionFields, type AmiFieldValue, encodeAction } from '../parser/encode-action.js';
import { AMI_LIFECYCLE_EVENTS, type AmiClientEvents } from './ami-client-events.js';
import {
  type AmiClientOptions,
  type ResolvedAmiClientOptions,
  resolveAmiClientOptions,
} from './ami-client-options.js';
import { type AmiClientState, canTransition } from './ami-client-state.js';
import { type AmiEnv, amiOptionsFromEnv } from './ami-env.js';
import type { AmiEvent, KnownAmiEventName } from './ami-event.js';
import type { AmiActionOptions, AmiResponse } from './ami-response.js';
import { EventQueue } from './event-queue.js';

/**
 * Fields of an `Originate` action. `Channel` plus either `Context`/`Exten`/`Priority` or
 * `Application`/`Data`; any other Originate field may be added. `Action` and `Async` are not
 * fields you set: {@link AmiClient.originate} sends `Action: Originate` first and `Async: true`,
 * and refuses a field of either name in any case. `ActionID` works as in {@link AmiClient.action}.
 */
export interface AmiOriginateFields {
  /** What to call first, e.g. `PJSIP/100`. */
  Channel: string;
  /** Dialplan context to connect the answered channel to. */
  Context?: string;
  /** Extension in that context. */
  Exten?: string;
  /** Priority in that extension (usually 1). */
  Priority?: string | number;
  /** Or: an application to run on the answered channel. */
  Application?: string;
  /** That application's data. */
  Data?: string;
  /** How long `Channel` may ring, in ms (Asterisk's default 30,000). */
  Timeout?: number;
  /** Caller id shown to `Channel`, e.g. `"Shop" <200>`. */
  CallerID?: string;
  /**
   * Channel variables to set. Use the object form, e.g. `{ ASSISTANT: 'ab12' }`: keys must be
   * variable names (`[A-Za-z0-9_]+`, `_`/`__` prefixes for inheritance) and every value is escaped,
   * so a value such as `'a,B=1'` stays one variable holding exactly that text. The array form
   * (`['A=1', 'B=2']`) is sent verbatim, one `Variable:` line each: Asterisk splits those lines at
   * commas and interprets quotes, brackets and backslashes, so never put untrusted text in it.
   */
  Variable?: Readonly<Record<string, string | number | boolean>> | readonly string[];
  /** Any other Originate field (`Account`, `Codecs`, `ChannelId`, `EarlyMedia`…). */
  [field: string]: AmiFieldValue;
}

/** Options of {@link AmiClient.events}. */
export interface AmiEventStreamOptions {
  /** Ends the stream when aborted. */
  signal?: AbortSignal;
}

type Mode = 'auto' | 'originate' | 'stream';

interface Pending {
  id: string;
  action: string;
  /** Wire text, for (re)sending. */
  text: string;
  mode: Mode;
  internal: boolean;
  timeoutMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  response: AmiMessage | undefined;
  listStarted: boolean;
  events: AmiEvent[];
  stream: EventQueue<AmiEvent> | undefined;
  resolve: (result: AmiResponse) => void;
  reject: (error: unknown) => void;
}

/**
 * A client for the Asterisk Manager Interface (Asterisk and Yeastar PBXs): logs in (MD5 when the
 * PBX offers it, or as `authType` says), sends actions correlated by unguessable `ActionID`s,
 * streams events, watches the connection with `Ping`, and reconnects with backoff, signalling
 * `resync` so state can be rebuilt.
 *
 * The connection follows {@link AmiClientState}; every change is emitted as `state`.
 *
 * Listeners run synchronously in stream order. A listener that throws does not disturb the client
 * or the other listeners: its exception is rethrown asynchronously (it surfaces as an uncaught
 * exception) after the client has finished its own work.
 *
 * Backpressure: an async consumer ({@link AmiClient.events}, {@link AmiClient.actionStream}) that
 * falls more than `highWaterMark` events behind makes the client pause reading from the socket
 * until it has caught up to half of that; nothing is dropped or reordered. While an action is
 * waiting for its response the socket keeps reading (otherwise the response could never arrive),
 * so a consumer that awaits actions inside its loop cannot deadlock.
 *
 * @example
 * ```ts
 * const ami = new AmiClient({ host: '127.0.0.1', username: 'aipbx', secret, authType: 'md5' });
 * ami.on('Hangup', (e) => console.log('hung up', e.fields.Channel, e.fields['Cause-txt']));
 * await ami.connect();
 * console.log(await ami.command('core show channels'));
 * const { events } = await ami.action({ Action: 'CoreShowChannels' });
 * await ami.close();
 * ```
 */
export class AmiClient extends TypedEmitter<AmiClientEvents> {
  /**
   * Creates a client from environment variables — the seed's `YEASTAR_HOST`, `YEASTAR_PORT`,
   * `YEASTAR_USERNAME`, `YEASTAR_PASSWORD`, or `AMI_HOST`, `AMI_PORT`, `AMI_USERNAME`, `AMI_SECRET`
   * (which win) — plus any other options.
   *
   * @throws ValidationError naming every missing variable (never printing the secret)
   */
  static fromEnv(
    env: AmiEnv = process.env,
    options: Omit<Partial<AmiClientOptions>, 'host' | 'port' | 'username' | 'secret'> = {},
  ): AmiClient {
    return new AmiClient({ ...options, ...amiOptionsFromEnv(env) });
  }

  readonly #o: ResolvedAmiClientOptions;
  readonly #address: string;
  readonly #log: Logger;
  readonly #decoder: AmiDecoder;

  #state: AmiClientState = 'idle';
  #socket: Socket | undefined;
  #banner: string | undefined;
  #version: string | undefined;
  #bannerWaiter: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  readonly #pending = new Map<string, Pending>();
  #held: Pending[] = [];

  #outQueue: string[] = [];
  #writeBlocked = false;

  #connecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #reconnectAbort: AbortController | undefined;
  #policy: ReconnectPolicy | undefined;

  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pingInFlight = false;

  readonly #eventQueues = new Set<EventQueue<AmiEvent>>();
  readonly #streamQueues = new Set<EventQueue<AmiEvent>>();
  #paused = false;

  /**
   * @param options - see {@link AmiClientOptions}
   * @throws ValidationError listing every invalid option
   */
  constructor(options: AmiClientOptions) {
    super();
    this.#o = resolveAmiClientOptions(options);
    this.#address = `${this.#o.host}:${this.#o.port}`;
    this.#log = this.#o.logger?.child('ami') ?? noopLogger;
    if (this.#o.reconnect !== false) this.#policy = new ReconnectPolicy(this.#o.reconnect);
    this.#decoder = new AmiDecoder(
      {
        onBanner: (line) => this.#onBanner(line),
        onMessage: (message) => this.#onMessage(message),
        onError: (error) => this.#onProtocolError(error),
      },
      this.#o.maxFrameLength === undefined ? {} : { maxFrameLength: this.#o.maxFrameLength },
    );
  }

  /** Current connection state; see {@link AmiClientState}. */
  get state(): AmiClientState {
    return this.#state;
  }

  /** The AMI version from the banner (`11.0.0` on Asterisk 22), once connected. */
  get version(): string | undefined {
    return this.#version;
  }

  /** The whole banner line, e.g. `Asterisk Call Manager/11.0.0`, once connected. */
  get banner(): string | undefined {
    return this.#banner;
  }

  /** `host:port` this client connects to. */
  get address(): string {
    return this.#address;
  }

  /** True while reading from the socket is paused because an async event consumer is behind. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Actions sent and waiting for their response (not counting the offline queue). */
  get pendingActions(): number {
    return this.#pending.size;
  }

  /**
   * Opens the connection and logs in. Resolves once `connected`; resolves at once if already
   * connected; while a (re)connection is under way, resolves when it succeeds.
   *
   * The first attempt is not retried: if it fails the promise rejects and the client is `closed`
   * (call `connect()` again to retry). After a successful connection, losses are retried with the
   * reconnect policy.
   *
   * @throws ConnectionError `CONNECTION_FAILED` (unreachable, refused, TLS failure, no banner or
   *   login within `connectTimeoutMs`); AuthenticationError `AUTH_FAILED` (wrong user or secret,
   *   naming the user and host only)
   */
  connect(): Promise<void> {
    switch (this.#state) {
      case 'connected':
        return Promise.resolve();
      case 'closing':
        return Promise.reject(
          new ConnectionError(
            'CONNECTION_FAILED',
            this.#address,
            'The AMI client is closing; await close() before connecting again.',
          ),
        );
      case 'reconnecting':
      case 'connecting':
      case 'authenticating':
        if (this.#connecting !== undefined) return this.#connecting;
        return this.#untilConnected();
      default:
        break;
    }
    const attempt = (async () => {
      try {
        await this.#attempt();
      } catch (error) {
        if (this.#state !== 'closing' && this.#state !== 'closed') {
          this.#toClosed(error instanceof AipbxError ? error : undefined);
        }
        throw error;
      } finally {
        this.#connecting = undefined;
      }
      this.#onConnected(false);
    })();
    this.#connecting = attempt;
    return attempt;
  }

  /**
   * Logs off and closes the connection; stops reconnecting. Actions still pending (and queued
   * offline) reject with ConnectionError `CONNECTION_LOST`; event streams end. Safe to call twice.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    if (this.#state === 'closed') return Promise.resolve();
    if (this.#state === 'idle') {
      this.#toClosed(undefined);
      return Promise.resolve();
    }
    const wasConnected = this.#state === 'connected';
    this.#setState('closing');
    this.#closing = this.#doClose(wasConnected).finally(() => {
      this.#closing = undefined;
    });
    return this.#closing;
  }

  /**
   * Sends an action and resolves with its response. Event-list actions resolve once their
   * `…Complete` event arrived, with every item.
   *
   * `Action` is required and is always written as the first line, whatever its position (and
   * case) in `fields`. `ActionID` is added unless you set one: `aipbx-` and a random UUID, new for
   * every action, so a frame forged into the event stream cannot guess it and answer a pending
   * action. Field names must be unique ignoring case (Asterisk reads only the first of equal names).
   *
   * @param fields - the action, e.g. `{ Action: 'QueueStatus', Queue: 'support' }`
   * @throws ValidationError (no `Action`, bad or repeated field names, CR/LF injection, an
   *   `ActionID` already in use); RemoteError `REMOTE`
   *   (`Response: Error`, carrying Asterisk's message with secrets redacted); TimeoutError;
   *   AbortError; ConnectionError `CONNECTION_LOST` (not connected, or lost before the answer)
   */
  action(fields: AmiActionFields, options: AmiActionOptions = {}): Promise<AmiResponse> {
    return this.#request(fields, options, 'auto', false);
  }

  /**
   * Sends an event-list action and yields its list items as they arrive — for long lists
   * (thousands of channels or endpoints) that should not be held in memory at once. The iterator
   * throws what {@link AmiClient.action} would reject with. Breaking out of the loop early
   * discards the rest of the list.
   *
   * @example
   * ```ts
   * for await (const ep of ami.actionStream({ Action: 'PJSIPShowEndpoints' })) console.log(ep.get('ObjectName'));
   * ```
   */
  actionStream(fields: AmiActionFields, options: AmiActionOptions = {}): AsyncIterableIterator<AmiEvent> {
    const queue = new EventQueue<AmiEvent>(
      () => this.#onQueueConsumed(queue),
      () => {
        this.#streamQueues.delete(queue);
        this.#updateFlow();
      },
    );
    this.#streamQueues.add(queue);
    this.#request(fields, options, 'stream', false, queue).then(
      () => queue.end(),
      (error: unknown) => queue.end(error),
    );
    return queue;
  }

  /**
   * Originates a call asynchronously (`Async: true`) and resolves with the matching
   * `OriginateResponse` event — check `fields.Response` (`Success`/`Failure`) and `fields.Reason`
   * (e.g. 5 busy, 3 no answer, 8 congestion). The default timeout covers the ringing time
   * (`Timeout`, 30 s if unset) plus `actionTimeoutMs`.
   *
   * The frame starts with `Action: Originate` and carries `Async: true`; a field named `Action` or
   * `Async` in any case (`action`, `ASYNC`…) is refused with a `ValidationError` before anything
   * is sent, so caller-controlled fields can never turn the Originate into another action.
   *
   * @throws ValidationError for `Action`/`Async` fields, otherwise as {@link AmiClient.action}
   */
  async originate(
    fields: AmiOriginateFields,
    options: AmiActionOptions = {},
  ): Promise<AmiEvent<'OriginateResponse'>> {
    const reserved: ValidationProblem[] = [];
    for (const key of Object.keys(fields)) {
      const lower = key.toLowerCase();
      if (lower === 'action' || lower === 'async') {
        reserved.push({
          field: key,
          message:
            'originate() sends Action: Originate and Async: true itself; remove this field ' +
            '(to send another action, use action()).',
        });
      }
    }
    if (reserved.length > 0) throw new ValidationError('AMI Originate', reserved);
    const ring = typeof fields.Timeout === 'number' && fields.Timeout > 0 ? fields.Timeout : 30_000;
    const timeoutMs = options.timeoutMs ?? ring + this.#o.actionTimeoutMs;
    const result = await this.#request(
      { Action: 'Originate', ...fields, Async: 'true' },
      { ...options, timeoutMs },
      'originate',
      false,
    );
    return result.complete as AmiEvent<'OriginateResponse'>;
  }

  /**
   * Runs a CLI command (`Action: Command`) and resolves with its output lines — from modern
   * `Output:` headers (Asterisk 14+) or a legacy `Response: Follows` body (Asterisk ≤ 13, Yeastar).
   *
   * @example
   * ```ts
   * const lines = await ami.command('core show channels');
   * ```
   */
  async command(command: string, options: AmiActionOptions = {}): Promise<string[]> {
    const { response } = await this.action({ Action: 'Command', Command: command }, options);
    return [...response.output];
  }

  /** Sends `Ping` and resolves with the round-trip time in ms. */
  async ping(options: AmiActionOptions = {}): Promise<number> {
    const start = performance.now();
    await this.action({ Action: 'Ping' }, options);
    return performance.now() - start;
  }

  /**
   * Every AMI event as an async iterator. If the loop falls more than `highWaterMark` events
   * behind, the client pauses the socket until it catches up; nothing is dropped. Ends when the
   * client closes or `signal` aborts; throws if the client gives up reconnecting.
   *
   * @example
   * ```ts
   * for await (const e of ami.events()) if (e.name === 'Hangup') await saveToDb(e);
   * ```
   */
  events(options: AmiEventStreamOptions = {}): AsyncIterableIterator<AmiEvent> {
    const queue = new EventQueue<AmiEvent>(
      () => this.#onQueueConsumed(queue),
      () => {
        this.#eventQueues.delete(queue);
        this.#updateFlow();
      },
    );
    if (this.#state === 'closed' || options.signal?.aborted) {
      queue.end();
      return queue;
    }
    this.#eventQueues.add(queue);
    options.signal?.addEventListener(
      'abort',
      () => {
        void queue.return();
      },
      { once: true },
    );
    return queue;
  }

  /**
   * Listens to AMI event `name` — typed for the {@link KnownAmiEventName | events the call
   * monitor uses}, generic for any other name (`'QueueMemberStatus'`, `'UserEvent'`…).
   */
  onEvent<N extends KnownAmiEventName>(name: N, listener: (event: AmiEvent<N>) => void): this;
  /** Listens to any AMI event by name. */
  onEvent(name: string, listener: (event: AmiEvent) => void): this;
  onEvent(name: string, listener: (event: AmiEvent) => void): this {
    this.#checkEventName(name);
    return (this.on as unknown as (n: string, l: (event: AmiEvent) => void) => this).call(
      this,
      name,
      listener,
    );
  }

  /** Removes a listener added with {@link AmiClient.onEvent}. */
  offEvent(name: string, listener: (event: AmiEvent<never>) => void): this {
    return (this.off as unknown as (n: string, l: (event: AmiEvent<never>) => void) => this).call(
      this,
      name,
      listener,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // State

  #setState(next: AmiClientState): void {
    const previous = this.#state;
    if (previous === next) return;
    if (!canTransition(previous, next)) {
      throw new Error(`AMI client state machine bug: ${previous} → ${next} is not an allowed transition.`);
    }
    this.#state = next;
    this.#log.debug('state', { from: previous, to: next });
    this.safeEmit('state', next, previous);
  }

  #untilConnected(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onState = (state: AmiClientState): void => {
        if (state === 'connected') {
          this.off('state', onState);
          resolve();
        } else if (state === 'closed') {
          this.off('state', onState);
          reject(
            new ConnectionError(
              'CONNECTION_FAILED',
              this.#address,
              'The AMI client closed before it could connect.',
            ),
          );
        }
      };
      this.on('state', onState);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Connecting

  /** One connection attempt: socket, banner, login. Leaves the state at `authenticating` on success. */
  async #attempt(): Promise<void> {
    this.#setState('connecting');
    const socket = this.#openSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = Date.now() + this.#o.connectTimeoutMs;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new ConnectionError(
            'CONNECTION_FAILED',
            this.#address,
            `No AMI banner and login from ${this.#address} within ${this.#o.connectTimeoutMs} ms. Check that ` +
              'the host and port are right, that AMI is enabled (manager.conf: enabled = yes) and that ' +
              'this machine is allowed (permit=, or the Yeastar AMI IP allow-list).',
            { cause: new TimeoutError('AMI connect timed out.', this.#o.connectTimeoutMs) },
          ),
        );
      }, this.#o.connectTimeoutMs);
    });
    try {
      await Promise.race([this.#waitBanner(), timeout]);
      this.#setState('authenticating');
      await Promise.race([this.#login(Math.max(1, deadline - Date.now())), timeout]);
    } catch (error) {
      this.#dropSocket(socket);
      throw this.#asConnectError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  #openSocket(): Socket {
    const { host, port, tls } = this.#o;
    this.#decoder.reset();
    this.#banner = undefined;
    this.#version = undefined;
    this.#outQueue = [];
    this.#writeBlocked = false;
    this.#paused = false;
    const socket: Socket =
      tls === undefined
        ? netConnect({ host, port })
        : tlsConnect({ ...(isIP(host) === 0 ? { servername: host } : {}), ...tls, host, port });
    this.#socket = socket;
    socket.setNoDelay(true);
    let lastError: Error | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (this.#socket === socket) this.#decoder.write(chunk);
    });
    socket.on('error', (error) => {
      lastError = error;
    });
    socket.on('drain', () => {
      if (this.#socket === socket) this.#drainWrites(socket);
    });
    socket.on('close', () => this.#onSocketClose(socket, lastError));
    return socket;
  }

  #waitBanner(): Promise<void> {
    if (this.#banner !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#bannerWaiter = { resolve, reject };
    });
  }

  #onBanner(line: string): void {
    this.#banner = line;
    this.#version = /\/\s*(\S+)\s*$/.exec(line)?.[1];
    this.#log.debug('banner', { banner: line });
    const waiter = this.#bannerWaiter;
    this.#bannerWaiter = undefined;
    waiter?.resolve();
  }

  /**
   * Logs in as `authType` says. `'auto'` and `'md5'` first ask for a `Challenge`; `'auto'` falls
   * back to a plain login, with a warning, when the PBX has none to offer.
   */
  async #login(timeoutMs: number): Promise<void> {
    const { username, secret, authType, events } = this.#o;
    let method: 'plain' | 'md5' = authType === 'plain' ? 'plain' : 'md5';
    try {
      let challenge: string | undefined;
      let refusal: string | undefined;
      if (authType !== 'plain') {
        try {
          const { response } = await this.#request(
            { Action: 'Challenge', AuthType: 'MD5' },
            { timeoutMs },
            'auto',
            true,
          );
          challenge = response.get('Challenge');
        } catch (error) {
          if (authType !== 'auto' || !(error instanceof RemoteError)) throw error;
          refusal = error.remoteMessage;
        }
        if (challenge === undefined || challenge === '') {
          if (authType === 'md5') {
            throw new ProtocolError(
              `${this.#address} answered the MD5 Challenge without a challenge; use authType: 'auto' ` +
                "or 'plain' with this PBX.",
            );
          }
          method = 'plain';
          this.#log.warn(
            "the PBX offers no MD5 challenge; logging in with a plain secret, readable by anyone on the network path. Use TLS, or authType: 'md5' to refuse plain logins.",
            {
              address: this.#address,
              username,
              tls: this.#o.tls !== undefined,
              reason: refusal ?? 'no challenge',
            },
          );
        }
      }
      let fields: AmiActionFields;
      if (method === 'md5') {
        const key = createHash('md5')
          .update(challenge + secret)
          .digest('hex');
        fields = { Action: 'Login', AuthType: 'MD5', Username: username, Key: key, Events: events };
      } else {
        fields = { Action: 'Login', Username: username, Secret: secret, Events: events };
      }
      await this.#request(fields, { timeoutMs }, 'auto', true);
    } catch (error) {
      if (error instanceof RemoteError) {
        const how =
          method === 'md5'
            ? authType === 'auto'
              ? "MD5 (authType 'auto' used MD5 because the PBX offered a challenge)."
              : 'MD5.'
            : authType === 'auto'
              ? "a plain secret (authType 'auto' fell back to it because the PBX offered no MD5 challenge)."
              : "a plain secret (try authType: 'auto' or 'md5' if the PBX requires MD5).";
        throw new AuthenticationError(
          `AMI login as "${username}" on ${this.#address} was refused (${error.remoteMessage || 'no reason given'}). ` +
            `Check the secret of [${username}] in manager.conf (Yeastar: the AMI user's password), its ` +
            `permit/deny lists, and that this user may log in with ${how}`,
          { cause: error },
        );
      }
      throw error;
    }
    this.#log.info('logged in', {
      address: this.#address,
      username,
      version: this.#version,
      authType: method,
    });
  }

  #asConnectError(error: unknown): AipbxError {
    if (error instanceof AuthenticationError) return error;
    if (error instanceof ConnectionError && error.code === 'CONNECTION_FAILED') return error;
    if (this.#state === 'closing' || this.#state === 'closed') {
      return new ConnectionError(
        'CONNECTION_FAILED',
        this.#address,
        'close() was called before the AMI connection was established.',
        { cause: error },
      );
    }
    const root = error instanceof ConnectionError && error.cause instanceof Error ? error.cause : error;
    const reason = root instanceof Error ? root.message : String(root);
    return new ConnectionError(
      'CONNECTION_FAILED',
      this.#address,
      `Could not open an AMI session to ${this.#address}: ${this.#redact(reason)}. Check the host and port, ` +
        'that Asterisk is running with AMI enabled (manager.conf: enabled = yes, port = 5038) and that a ' +
        'firewall or the PBX allow-list does not block this machine.',
      { cause: error },
    );
  }

  #onConnected(reconnect: boolean): void {
    this.#policy?.reset();
    this.#setState('connected');
    this.#startWatchdog();
    const held = this.#held;
    this.#held = [];
    for (const entry of held) this.#send(entry);
    this.#updateFlow();
    this.safeEmit('connect', { version: this.#version, reconnect });
    if (reconnect) this.safeEmit('resync');
  }

  #onSocketClose(socket: Socket, cause: Error | undefined): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#stopWatchdog();
    this.#outQueue = [];
    this.#writeBlocked = false;
    if (this.#paused) {
      this.#paused = false;
      this.safeEmit('backpressure', false);
    }
    const detail = cause === undefined ? 'the PBX closed it' : this.#redact(cause.message);
    const lost = new ConnectionError(
      'CONNECTION_LOST',
      this.#address,
      `The AMI connection to ${this.#address} was lost (${detail}).` +
        (this.#o.reconnect === false ? ' Reconnecting is off; call connect() again.' : ' Reconnecting.'),
      { cause },
    );
    const waiter = this.#bannerWaiter;
    this.#bannerWaiter = undefined;
    waiter?.reject(lost);
    const state = this.#state;
    const willReconnect = state === 'connected' && this.#o.reconnect !== false;
    this.#flush(lost, willReconnect && this.#o.offlineQueue);
    if (state !== 'connected') return; // an attempt in progress fails on its own; closing is handled by close()
    this.#log.warn('connection lost', { address: this.#address, reason: detail });
    this.safeEmit('disconnect', lost);
    if (willReconnect) void this.#reconnectLoop(lost);
    else this.#toClosed(lost);
  }

  async #reconnectLoop(first: AipbxError): Promise<void> {
    const abort = new AbortController();
    this.#reconnectAbort = abort;
    const policy = this.#policy!;
    let error: AipbxError = first;
    try {
      for (;;) {
        let delayMs: number | null;
        try {
          delayMs = policy.nextDelay(error);
        } catch (strategyError) {
          delayMs = null;
          rethrowAsync(strategyError);
        }
        if (delayMs === null) {
          this.#giveUp(
            new ConnectionError(
              'CONNECTION_LOST',
              this.#address,
              `Gave up reconnecting to AMI at ${this.#address} after ${policy.attempt} attempts; ` +
                `the last error was: ${error.message} Call connect() to try again.`,
              { cause: error },
            ),
          );
          return;
        }
        this.#setState('reconnecting');
        this.#log.info('reconnecting', { address: this.#address, attempt: policy.attempt, delayMs });
        this.safeEmit('reconnecting', { attempt: policy.attempt, delayMs, error });
        try {
          await sleep(delayMs, abort.signal);
        } catch {
          return;
        }
        if (abort.signal.aborted) return;
        try {
          await this.#attempt();
        } catch (attemptError) {
          if (abort.signal.aborted) return;
          const e = attemptError instanceof AipbxError ? attemptError : this.#asConnectError(attemptError);
          if (e instanceof AuthenticationError) {
            this.#giveUp(e);
            return;
          }
          error = e;
          continue;
        }
        if (abort.signal.aborted) return;
        this.#log.info('reconnected', { address: this.#address });
        this.#onConnected(true);
        return;
      }
    } finally {
      if (this.#reconnectAbort === abort) this.#reconnectAbort = undefined;
    }
  }

  #giveUp(error: AipbxError): void {
    this.#log.error('stopped reconnecting', { address: this.#address, reason: error.message });
    this.#toClosed(error);
    this.safeEmit('error', error);
  }

  /** Goes to `closed`: rejects everything still waiting, ends the event streams. */
  #toClosed(error: AipbxError | undefined): void {
    this.#stopWatchdog();
    const reason =
      error ??
      new ConnectionError(
        'CONNECTION_LOST',
        this.#address,
        'The AMI client was closed; the action was not completed.',
      );
    this.#flush(reason, false);
    for (const entry of this.#held) this.#fail(entry, reason);
    this.#held = [];
    for (const queue of this.#eventQueues) queue.end(error);
    this.#eventQueues.clear();
    this.#setState('closed');
    this.safeEmit('close');
  }

  async #doClose(wasConnected: boolean): Promise<void> {
    this.#reconnectAbort?.abort();
    this.#stopWatchdog();
    const closed = new ConnectionError(
      'CONNECTION_LOST',
      this.#address,
      'The AMI client was closed by close(); the action was cancelled.',
    );
    this.#flush(closed, false);
    for (const entry of this.#held) this.#fail(entry, closed);
    this.#held = [];
    const socket = this.#socket;
    if (socket !== undefined) {
      if (wasConnected) {
        try {
          await this.#request({ Action: 'Logoff' }, { timeoutMs: 1000 }, 'auto', true);
        } catch {
          // The PBX may close the socket before or instead of answering; either way we are done.
        }
      }
      await new Promise<void>((resolve) => {
        if (socket.destroyed) {
          resolve();
          return;
        }
        const timer = setTimeout(() => socket.destroy(), 1000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      });
      if (this.#socket === socket) this.#socket = undefined;
    }
    this.#toClosed(undefined);
  }

  #dropSocket(socket: Socket): void {
    if (!socket.destroyed) socket.destroy();
    // The close handler runs asynchronously; detach now so a late close cannot touch a newer socket.
    if (this.#socket === socket) {
      this.#socket = undefined;
      this.#stopWatchdog();
      const lost = new ConnectionError(
        'CONNECTION_LOST',
        this.#address,
        'The AMI connection attempt was abandoned.',
      );
      this.#flush(lost, false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Actions

  #request(
    fields: AmiActionFields,
    options: AmiActionOptions,
    mode: Mode,
    internal: boolean,
    stream?: EventQueue<AmiEvent>,
  ): Promise<AmiResponse> {
    let prepared: { action: string; id: string; text: string };
    try {
      prepared = this.#prepare(fields);
    } catch (error) {
      return Promise.reject(error);
    }
    const { action, id, text } = prepared;
    const timeoutMs = options.timeoutMs ?? this.#o.actionTimeoutMs;
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      return Promise.reject(
        new RangeError(`timeoutMs must be a positive number of milliseconds; got ${String(timeoutMs)}.`),
      );
    }
    const signal = options.signal;
    if (signal?.aborted) {
      return Promise.reject(
        new AbortError(`AMI action ${action} was aborted before it was sent.`, { cause: signal.reason }),
      );
    }
    const state = this.#state;
    const canSend = internal ? this.#socket !== undefined : state === 'connected';
    const canHold =
      !internal && this.#o.offlineQueue && state !== 'closed' && state !== 'closing' && state !== 'idle';
    if (!canSend && !canHold) {
      return Promise.reject(
        new ConnectionError(
          'CONNECTION_LOST',
          this.#address,
          `AMI action ${action} was not sent: the client is ${state}, not connected. Await connect() first, ` +
            'or set offlineQueue: true to queue actions until the connection is back.',
        ),
      );
    }
    return new Promise<AmiResponse>((resolve, reject) => {
      const entry: Pending = {
        id,
        action,
        text,
        mode,
        internal,
        timeoutMs,
        timer: undefined,
        signal,
        onAbort: undefined,
        response: undefined,
        listStarted: false,
        events: [],
        stream,
        resolve,
        reject,
      };
      this.#armTimer(entry);
      if (signal !== undefined) {
        entry.onAbort = () =>
          this.#fail(entry, new AbortError(`AMI action ${action} was aborted.`, { cause: signal.reason }));
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      if (canSend) this.#send(entry);
      else this.#held.push(entry);
    });
  }

  /**
   * Checks `fields` and encodes them with `Action` first and `ActionID` (the caller's, or a new
   * random one) last.
   *
   * @throws ValidationError as described in {@link AmiClient.action}
   */
  #prepare(fields: AmiActionFields): { action: string; id: string; text: string } {
    let actionKey: string | undefined;
    let idKey: string | undefined;
    const problems: ValidationProblem[] = [];
    for (const key of Object.keys(fields)) {
      const lower = key.toLowerCase();
      if (lower !== 'action' && lower !== 'actionid') continue;
      const value = fields[key];
      if (value === undefined || value === null) continue;
      const first = lower === 'action' ? actionKey : idKey;
      if (first !== undefined) {
        problems.push({
          field: key,
          message: `the same field as "${first}" (AMI field names are case-insensitive); give it once.`,
        });
      } else if (lower === 'action') actionKey = key;
      else idKey = key;
    }
    const actionValue = actionKey === undefined ? undefined : fields[actionKey];
    const action = typeof actionValue === 'string' ? actionValue : String(actionValue ?? '');
    if (actionKey === undefined || action === '' || typeof actionValue === 'object') {
      problems.push({
        field: 'Action',
        message: "is required: name the action as a string, e.g. { Action: 'Ping' }.",
      });
    }
    let id: string | undefined;
    if (idKey !== undefined) {
      const value = fields[idKey];
      id = typeof value === 'object' ? '' : String(value);
      if (id === '') {
        problems.push({
          field: idKey,
          message: 'must be a non-empty string; leave ActionID out and the client picks a random one.',
        });
      } else if (this.#pending.has(id) || this.#held.some((e) => e.id === id)) {
        problems.push({
          field: idKey,
          message: 'already used by a pending action; leave ActionID out and the client picks a unique one.',
        });
      }
    }
    if (problems.length > 0) throw new ValidationError('AMI action', problems);
    id ??= `aipbx-${randomUUID()}`;
    const ordered: Record<string, AmiFieldValue> = Object.create(null);
    ordered.Action = action;
    for (const key of Object.keys(fields)) {
      if (key !== actionKey && key !== idKey) ordered[key] = fields[key];
    }
    ordered.ActionID = id;
    return { action, id, text: encodeAction(ordered) };
  }

  #send(entry: Pending): void {
    entry.response = undefined;
    entry.listStarted = false;
    entry.events = [];
    this.#pending.set(entry.id, entry);
    this.#write(entry.text);
    if (this.#paused) this.#updateFlow();
  }

  #armTimer(entry: Pending): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.#fail(
        entry,
        new TimeoutError(
          `AMI action ${entry.action} got no ${entry.response === undefined ? 'response' : 'further list items'} ` +
            `from ${this.#address} within ${entry.timeoutMs} ms. The PBX may be overloaded or the connection ` +
            'half-open; raise timeoutMs for slow actions.',
          entry.timeoutMs,
        ),
      );
    }, entry.timeoutMs);
  }

  /** Removes `entry` from wherever it waits and clears its timer and abort listener. */
  #detach(entry: Pending): boolean {
    const wasPending = this.#pending.get(entry.id) === entry;
    if (wasPending) this.#pending.delete(entry.id);
    const heldAt = this.#held.indexOf(entry);
    if (heldAt !== -1) this.#held.splice(heldAt, 1);
    if (!wasPending && heldAt === -1) return false;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.onAbort !== undefined) entry.signal?.removeEventListener('abort', entry.onAbort);
    if (this.#paused || this.#streamQueues.size > 0 || this.#eventQueues.size > 0) this.#updateFlow();
    return true;
  }

  #fail(entry: Pending, error: unknown): void {
    if (this.#detach(entry)) entry.reject(error);
  }

  #settle(entry: Pending, complete: AmiEvent | undefined): void {
    if (!this.#detach(entry)) return;
    entry.resolve({ response: entry.response!, events: entry.events, complete });
  }

  /**
   * Takes every pending action off the connection: rejects it with `error`, or (offline queue) moves
   * it to the held queue to be sent again after the reconnect. Streams and internal actions always reject.
   */
  #flush(error: AipbxError, hold: boolean): void {
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending.values()];
    for (const entry of entries) {
      if (hold && !entry.internal && entry.mode !== 'stream') {
        this.#pending.delete(entry.id);
        entry.response = undefined;
        entry.listStarted = false;
        entry.events = [];
        this.#held.push(entry);
      } else {
        this.#fail(entry, error);
      }
    }
  }

  #write(text: string): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    if (this.#writeBlocked) {
      this.#outQueue.push(text);
      return;
    }
    if (!socket.write(text)) this.#writeBlocked = true;
  }

  #drainWrites(socket: Socket): void {
    this.#writeBlocked = false;
    while (this.#outQueue.length > 0 && !this.#writeBlocked) {
      if (!socket.write(this.#outQueue.shift()!)) this.#writeBlocked = true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Incoming

  #onMessage(message: AmiMessage): void {
    try {
      if (message.type === 'event') this.#onEvent(message as AmiEvent);
      else if (message.type === 'response') this.#onResponse(message);
      else
        this.#log.debug('ignored a frame that is neither a response nor an event', {
          headers: message.names.length,
        });
    } catch (error) {
      rethrowAsync(error);
    }
  }

  #onResponse(message: AmiMessage): void {
    const id = message.actionId;
    const entry = id === undefined ? undefined : this.#pending.get(id);
    if (entry === undefined) {
      this.#log.debug('response for no pending action', { actionId: id });
      return;
    }
    const status = message.get('Response') ?? '';
    if (status.toLowerCase() === 'error') {
      this.#fail(entry, this.#remoteError(entry, message));
      return;
    }
    entry.response = message;
    this.#armTimer(entry);
    if (entry.mode === 'originate') return; // wait for OriginateResponse
    if (isListStart(message)) {
      entry.listStarted = true;
      return;
    }
    this.#settle(entry, undefined);
  }

  #onEvent(event: AmiEvent): void {
    const id = event.actionId;
    if (id !== undefined && this.#pending.size > 0) {
      const entry = this.#pending.get(id);
      if (entry !== undefined) this.#feed(entry, event);
    }
    const name = event.name;
    this.safeEmit('event', event);
    if (name !== undefined && !AMI_LIFECYCLE_EVENTS.has(name)) {
      (this.safeEmit as unknown as (n: string, e: AmiEvent) => boolean).call(this, name, event);
    }
    if (this.#eventQueues.size > 0) {
      const hwm = this.#o.highWaterMark;
      for (const queue of this.#eventQueues) {
        queue.push(event);
        if (queue.size === hwm + 1) this.#updateFlow();
      }
    }
  }

  #feed(entry: Pending, event: AmiEvent): void {
    if (entry.mode === 'originate') {
      if (event.name === 'OriginateResponse') {
        entry.response ??= event;
        this.#settle(entry, event);
      }
      return;
    }
    if (!entry.listStarted) return;
    if (isListComplete(event)) {
      this.#settle(entry, event);
      return;
    }
    this.#armTimer(entry);
    const stream = entry.stream;
    if (stream === undefined) {
      entry.events.push(event);
    } else if (!stream.ended) {
      stream.push(event);
      if (stream.size === this.#o.highWaterMark + 1) this.#updateFlow();
    }
  }

  #remoteError(entry: Pending, message: AmiMessage): RemoteError {
    let text = message.get('Message') ?? '';
    if (message.output.length > 0)
      text = text ? `${text}: ${message.output.join(' / ')}` : message.output.join(' / ');
    const remote = this.#redact(text || 'no message');
    return new RemoteError(`AMI action ${entry.action} failed on ${this.#address}: ${remote}`, remote);
  }

  #redact(text: string): string {
    return redactText(text, { secrets: [this.#o.secret] });
  }

  #onProtocolError(error: ProtocolError): void {
    this.#log.warn('protocol error', { address: this.#address, reason: error.message });
    this.safeEmit('error', error);
  }

  #checkEventName(name: string): void {
    if (AMI_LIFECYCLE_EVENTS.has(name)) {
      throw new RangeError(
        `"${name}" is one of the client's own events, not an AMI event; listen to it with on('${name}', …).`,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Watchdog and flow control

  #startWatchdog(): void {
    this.#stopWatchdog();
    if (this.#o.pingIntervalMs === 0) return;
    const timer = setInterval(() => this.#watchdogTick(), this.#o.pingIntervalMs);
    timer.unref?.();
    this.#pingTimer = timer;
  }

  #stopWatchdog(): void {
    if (this.#pingTimer !== undefined) clearInterval(this.#pingTimer);
    this.#pingTimer = undefined;
    this.#pingInFlight = false;
  }

  #watchdogTick(): void {
    const socket = this.#socket;
    if (this.#state !== 'connected' || socket === undefined || this.#pingInFlight || this.#paused) return;
    this.#pingInFlight = true;
    this.#request({ Action: 'Ping' }, { timeoutMs: this.#o.pingTimeoutMs }, 'auto', true).then(
      () => {
        if (this.#socket === socket) this.#pingInFlight = false;
      },
      (error: unknown) => {
        if (this.#socket === socket) this.#pingInFlight = false;
        if (error instanceof TimeoutError && this.#socket === socket) {
          this.#log.warn('watchdog: no answer to Ping', {
            address: this.#address,
            timeoutMs: this.#o.pingTimeoutMs,
          });
          socket.destroy(
            new Error(
              `no answer to Ping within ${this.#o.pingTimeoutMs} ms; the connection was half-open and the watchdog dropped it`,
            ),
          );
        }
      },
    );
  }

  #onQueueConsumed(queue: EventQueue<AmiEvent>): void {
    if (this.#paused && queue.size <= this.#o.highWaterMark / 2) this.#updateFlow();
  }

  /**
   * Pauses the socket when an async consumer lags and nothing else needs data; resumes otherwise.
   * While paused a consumer counts as lagging until it is down to half the high-water mark.
   */
  #updateFlow(): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    const hwm = this.#o.highWaterMark;
    const limit = this.#paused ? hwm / 2 : hwm;
    let lagging = false;
    for (const queue of this.#eventQueues) {
      if (queue.size > limit) {
        lagging = true;
        break;
      }
    }
    if (!lagging) {
      for (const queue of this.#streamQueues) {
        if (queue.size > limit) {
          lagging = true;
          break;
        }
      }
    }
    let shouldPause = lagging;
    if (shouldPause) {
      for (const entry of this.#pending.values()) {
        // An action waiting for its answer needs the socket read, unless it is a stream that is itself lagging.
        if (entry.stream === undefined || entry.stream.ended || entry.stream.size <= limit) {
          shouldPause = false;
          break;
        }
      }
    }
    if (shouldPause && !this.#paused) {
      this.#paused = true;
      socket.pause();
      this.#log.debug('paused reading: an event consumer is behind', { highWaterMark: hwm });
      this.safeEmit('backpressure', true);
    } else if (!shouldPause && this.#paused) {
      this.#paused = false;
      socket.resume();
      this.#log.debug('resumed reading', {});
      this.safeEmit('backpressure', false);
    }
  }
}

function isListStart(message: AmiMessage): boolean {
  const list = message.get('EventList');
  if (list !== undefined) return list.toLowerCase() === 'start';
  // Asterisk 1.8-era lists (and some Yeastar firmware) announce themselves only in the message.
  return /will follow/i.test(message.get('Message') ?? '');
}

function isListComplete(event: AmiEvent): boolean {
  const list = event.get('EventList');
  if (list !== undefined && list.toLowerCase() === 'complete') return true;
  return (event.name ?? '').endsWith('Complete');
}
