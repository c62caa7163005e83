import type { Socket } from 'node:net';
import {
  AbortError,
  AipbxError,
  AuthenticationError,
  ConnectionError,
  type Logger,
  noopLogger,
  type ProtocolError,
  ReconnectPolicy,
  redactText,
  rethrowAsync,
  sleep,
  TimeoutError,
  TypedEmitter,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import { reportError } from '../internal/report-error.js';
import { AmiDecoder } from '../parser/ami-decoder.js';
import type { AmiEvent, KnownAmiEventName } from '../parser/ami-event.js';
import type { AmiMessage } from '../parser/ami-message.js';
import type { AmiActionFields, AmiFieldValue } from '../parser/encode-action.js';
import { ActionCorrelator, type ActionMode, type PreparedAction } from './action-correlator.js';
import { AMI_LIFECYCLE_EVENTS, type AmiClientEvents } from './ami-client-events.js';
import {
  type AmiClientOptions,
  type ResolvedAmiClientOptions,
  resolveAmiClientOptions,
} from './ami-client-options.js';
import { type AmiClientState, canTransition } from './ami-client-state.js';
import { type AmiEnv, amiOptionsFromEnv } from './ami-env.js';
import type { AmiActionOptions, AmiResponse } from './ami-response.js';
import { connectDeadline, connectFailure, endSocket, openAmiSocket } from './ami-socket.js';
import { EventQueue } from './event-queue.js';
import { login } from './login.js';
import { PingWatchdog } from './ping-watchdog.js';

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

/** How `#request` handles an action (see the action correlator's `ActionMode` and `TrackOptions`). */
interface RequestHow {
  mode: ActionMode;
  internal: boolean;
  stream?: EventQueue<AmiEvent>;
}

/** Set by AmiClient's static block: reads a client's logger. */
let loggerOf: (client: AmiClient) => Logger | undefined = () => undefined;

/**
 * The logger an {@link AmiClient} was given (scoped `ami`), or `undefined` when it was given none
 * (or `client` is not an AmiClient). The call monitor's default logger.
 *
 * @internal
 */
export function clientLogger(client: AmiClient): Logger | undefined {
  return loggerOf(client);
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
  static {
    loggerOf = (client) => (#o in client && client.#o.logger !== undefined ? client.#log : undefined);
  }

  /**
   * Creates a client from environment variables — `YEASTAR_HOST`, `YEASTAR_PORT`,
   * `YEASTAR_USERNAME`, `YEASTAR_PASSWORD` as the Yeastar integration guide names them, or
   * `AMI_HOST`, `AMI_PORT`, `AMI_USERNAME`, `AMI_SECRET` (which win) — plus any other options.
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
  readonly #actions: ActionCorrelator;
  readonly #watchdog: PingWatchdog;
  readonly #policy: ReconnectPolicy | undefined;

  #state: AmiClientState = 'idle';
  #socket: Socket | undefined;
  #banner: string | undefined;
  #version: string | undefined;
  #bannerWaiter: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  #connecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #reconnectAbort: AbortController | undefined;

  readonly #eventQueues = new Set<EventQueue<AmiEvent>>();
  readonly #streamQueues = new Set<EventQueue<AmiEvent>>();
  #paused = false;

  /**
   * @param options - see {@link AmiClientOptions}
   * @throws ValidationError listing every invalid option
   */
  constructor(options: AmiClientOptions) {
    super();
    const o = resolveAmiClientOptions(options);
    this.#o = o;
    this.#address = `${o.host}:${o.port}`;
    this.#log = o.logger?.child('ami') ?? noopLogger;
    this.#policy = o.reconnect === false ? undefined : new ReconnectPolicy(o.reconnect);
    this.#decoder = new AmiDecoder(
      {
        onBanner: (line) => this.#onBanner(line),
        onMessage: (message) => this.#onMessage(message),
        onError: (error) => this.#onProtocolError(error),
      },
      {
        ...(o.maxFrameLength === undefined ? {} : { maxFrameLength: o.maxFrameLength }),
        ...(o.maxLineLength === undefined ? {} : { maxLineLength: o.maxLineLength }),
      },
    );
    // Writes go straight to the socket: net.Socket buffers what the kernel does not take yet, in
    // order, so the client keeps no write queue of its own.
    this.#actions = new ActionCorrelator({
      address: this.#address,
      highWaterMark: o.highWaterMark,
      write: (text) => {
        this.#socket?.write(text);
      },
      redact: (text) => this.#redact(text),
      onFlowChange: () => {
        if (this.#paused || this.#streamQueues.size > 0 || this.#eventQueues.size > 0) this.#updateFlow();
      },
    });
    this.#watchdog = new PingWatchdog({
      intervalMs: o.pingIntervalMs,
      timeoutMs: o.pingTimeoutMs,
      canPing: () => this.#state === 'connected' && this.#socket !== undefined && !this.#paused,
      ping: (timeoutMs) => this.#request({ Action: 'Ping' }, { timeoutMs }, { mode: 'auto', internal: true }),
      onDead: (error) => this.#onHalfOpen(error),
    });
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
    return this.#actions.size;
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
      this.#onConnected({ reconnect: false });
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
    const logoff = this.#state === 'connected';
    this.#setState('closing');
    this.#closing = this.#doClose({ logoff }).finally(() => {
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
   *   `ActionID` already in use, a `timeoutMs` that is not a positive number); RemoteError `REMOTE`
   *   (`Response: Error`, carrying Asterisk's message with secrets redacted); TimeoutError;
   *   AbortError; ConnectionError `CONNECTION_LOST` (not connected, or lost before the answer)
   */
  action(fields: AmiActionFields, options: AmiActionOptions = {}): Promise<AmiResponse> {
    return this.#request(fields, options, { mode: 'auto', internal: false });
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
    this.#request(fields, options, { mode: 'stream', internal: false, stream: queue }).then(
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
      { mode: 'originate', internal: false },
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
   *
   * @throws ValidationError when `name` is one of the client's own events (`state`, `error`…)
   */
  onEvent<N extends KnownAmiEventName>(name: N, listener: (event: AmiEvent<N>) => void): this;
  /** Listens to any AMI event by name. */
  onEvent(name: string, listener: (event: AmiEvent) => void): this;
  onEvent(name: string, listener: (event: AmiEvent) => void): this {
    if (AMI_LIFECYCLE_EVENTS.has(name)) {
      throw new ValidationError('AMI event name', [
        {
          field: 'name',
          message: `"${name}" is one of the client's own events, not an AMI event; listen to it with on('${name}', …).`,
        },
      ]);
    }
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
      // An invariant of this class, not something a caller can cause: reaching it is a bug here.
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
    const deadline = Date.now() + this.#o.connectTimeoutMs;
    const limit = connectDeadline(this.#address, this.#o.connectTimeoutMs);
    try {
      await Promise.race([this.#waitBanner(), limit.expired]);
      this.#setState('authenticating');
      await Promise.race([this.#login(Math.max(1, deadline - Date.now())), limit.expired]);
    } catch (error) {
      this.#dropSocket(socket);
      throw this.#connectFailure(error);
    } finally {
      limit.cancel();
    }
  }

  #openSocket(): Socket {
    this.#decoder.reset();
    this.#banner = undefined;
    this.#version = undefined;
    this.#paused = false;
    const socket = openAmiSocket(this.#o, {
      onData: (chunk) => {
        if (this.#socket === socket) this.#decoder.write(chunk);
      },
      onClose: (cause) => this.#onSocketClose(socket, cause),
    });
    this.#socket = socket;
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

  /** Logs in on the socket being opened; see {@link login}. */
  async #login(timeoutMs: number): Promise<void> {
    const { username, secret, authType, events } = this.#o;
    const method = await login(
      (fields) => this.#request(fields, { timeoutMs }, { mode: 'auto', internal: true }),
      {
        username,
        secret,
        authType,
        events,
        address: this.#address,
        tls: this.#o.tls !== undefined,
        log: this.#log,
      },
    );
    this.#log.info('logged in', {
      address: this.#address,
      username,
      version: this.#version,
      authType: method,
    });
  }

  #connectFailure(error: unknown): AipbxError {
    return connectFailure(error, {
      address: this.#address,
      closing: this.#state === 'closing' || this.#state === 'closed',
      redact: (text) => this.#redact(text),
    });
  }

  #onConnected({ reconnect }: { reconnect: boolean }): void {
    this.#policy?.reset();
    this.#setState('connected');
    this.#watchdog.start();
    this.#actions.sendHeld();
    this.#updateFlow();
    this.safeEmit('connect', { version: this.#version, reconnect });
    if (reconnect) this.safeEmit('resync');
  }

  /** The watchdog's Ping went unanswered: drop the half-open socket (its close starts the reconnect). */
  #onHalfOpen(error: TimeoutError): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    const timeoutMs = this.#o.pingTimeoutMs;
    this.#log.warn('watchdog: no answer to Ping', { address: this.#address, timeoutMs });
    socket.destroy(
      new TimeoutError(
        `no answer to Ping within ${timeoutMs} ms; the connection was half-open and the watchdog dropped it`,
        timeoutMs,
        { cause: error },
      ),
    );
  }

  #onSocketClose(socket: Socket, cause: Error | undefined): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#watchdog.stop();
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
    this.#actions.connectionLost(lost, { resend: willReconnect && this.#o.offlineQueue });
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
          const e = attemptError instanceof AipbxError ? attemptError : this.#connectFailure(attemptError);
          if (e instanceof AuthenticationError) {
            this.#giveUp(e);
            return;
          }
          error = e;
          continue;
        }
        if (abort.signal.aborted) return;
        this.#log.info('reconnected', { address: this.#address });
        this.#onConnected({ reconnect: true });
        return;
      }
    } finally {
      if (this.#reconnectAbort === abort) this.#reconnectAbort = undefined;
    }
  }

  #giveUp(error: AipbxError): void {
    this.#toClosed(error);
    this.#emitError(error, () =>
      this.#log.error('stopped reconnecting', { address: this.#address, reason: error.message }),
    );
  }

  /** Goes to `closed`: rejects everything still waiting, ends the event streams. */
  #toClosed(error: AipbxError | undefined): void {
    this.#watchdog.stop();
    this.#rejectAll(error);
    for (const queue of this.#eventQueues) queue.end(error);
    this.#eventQueues.clear();
    this.#setState('closed');
    this.safeEmit('close');
  }

  /**
   * Rejects every action still waiting, written or held: with `error`, or, when the client is
   * closed by close(), with one ConnectionError `CONNECTION_LOST` saying so.
   */
  #rejectAll(error: AipbxError | undefined): void {
    if (this.#actions.size === 0 && this.#actions.heldCount === 0) return;
    this.#actions.rejectAll(
      error ??
        new ConnectionError(
          'CONNECTION_LOST',
          this.#address,
          'The AMI client was closed by close(); the action was cancelled.',
        ),
    );
  }

  async #doClose({ logoff }: { logoff: boolean }): Promise<void> {
    this.#reconnectAbort?.abort();
    this.#watchdog.stop();
    this.#rejectAll(undefined);
    const socket = this.#socket;
    if (socket !== undefined) {
      if (logoff) {
        try {
          await this.#request({ Action: 'Logoff' }, { timeoutMs: 1000 }, { mode: 'auto', internal: true });
        } catch {
          // The PBX may close the socket before or instead of answering; either way we are done.
        }
      }
      await endSocket(socket, 1000);
      if (this.#socket === socket) this.#socket = undefined;
    }
    this.#toClosed(undefined);
  }

  #dropSocket(socket: Socket): void {
    if (!socket.destroyed) socket.destroy();
    // The close handler runs asynchronously; detach now so a late close cannot touch a newer socket.
    if (this.#socket === socket) {
      this.#socket = undefined;
      this.#watchdog.stop();
      this.#actions.connectionLost(
        new ConnectionError('CONNECTION_LOST', this.#address, 'The AMI connection attempt was abandoned.'),
        { resend: false },
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Actions

  #request(fields: AmiActionFields, options: AmiActionOptions, how: RequestHow): Promise<AmiResponse> {
    let prepared: PreparedAction;
    try {
      prepared = this.#actions.prepare(fields);
    } catch (error) {
      return Promise.reject(error);
    }
    const { action } = prepared;
    const timeoutMs = options.timeoutMs ?? this.#o.actionTimeoutMs;
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      return Promise.reject(
        new ValidationError(`options of AMI action ${action}`, [
          {
            field: 'timeoutMs',
            message: `must be a positive, finite number of milliseconds; got ${String(timeoutMs)}.`,
          },
        ]),
      );
    }
    const signal = options.signal;
    if (signal?.aborted) {
      return Promise.reject(
        new AbortError(`AMI action ${action} was aborted before it was sent.`, { cause: signal.reason }),
      );
    }
    const state = this.#state;
    const canSend = how.internal ? this.#socket !== undefined : state === 'connected';
    const canHold =
      !how.internal && this.#o.offlineQueue && state !== 'closed' && state !== 'closing' && state !== 'idle';
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
    return this.#actions.track(prepared, {
      mode: how.mode,
      internal: how.internal,
      timeoutMs,
      signal,
      stream: how.stream,
      send: canSend,
    });
  }

  #redact(text: string): string {
    return redactText(text, { secrets: [this.#o.secret] });
  }

  // ---------------------------------------------------------------------------------------------
  // Incoming

  #onMessage(message: AmiMessage): void {
    try {
      if (message.type === 'event') this.#onEvent(message as AmiEvent);
      else if (message.type === 'response') {
        if (!this.#actions.onResponse(message)) {
          this.#log.debug('response for no pending action', { actionId: message.actionId });
        }
      } else {
        this.#log.debug('ignored a frame that is neither a response nor an event', {
          headers: message.names.length,
        });
      }
    } catch (error) {
      rethrowAsync(error);
    }
  }

  #onEvent(event: AmiEvent): void {
    if (this.#actions.size > 0) this.#actions.onEvent(event);
    this.safeEmit('event', event);
    const name = event.name;
    // Most event names have no listener: that is checked first, before anything else per name.
    if (
      name !== undefined &&
      this.listenerCount(name as KnownAmiEventName) > 0 &&
      !AMI_LIFECYCLE_EVENTS.has(name)
    ) {
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

  #onProtocolError(error: ProtocolError): void {
    this.#emitError(error, () =>
      this.#log.warn('protocol error', { address: this.#address, reason: error.message }),
    );
  }

  /**
   * Emits `error` (after `logHandled`, which logs it as the case deserves); with no listener, the
   * error is logged at `error` level through the logger, or written with `console.error` when the
   * client has none, instead of being dropped.
   */
  #emitError(error: AipbxError, logHandled: () => void): void {
    if (this.listenerCount('error') > 0) logHandled();
    reportError(this, error, this.#o.logger === undefined ? undefined : this.#log, 'ami');
  }

  // ---------------------------------------------------------------------------------------------
  // Flow control

  #onQueueConsumed(queue: EventQueue<AmiEvent>): void {
    if (this.#paused && queue.size <= this.#o.highWaterMark / 2) this.#updateFlow();
  }

  /**
   * Pauses the socket when an async consumer lags and no action needs an answer; resumes otherwise.
   * While paused a consumer counts as lagging until it is down to half the high-water mark.
   */
  #updateFlow(): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    const hwm = this.#o.highWaterMark;
    const limit = this.#paused ? hwm / 2 : hwm;
    const shouldPause =
      (lagging(this.#eventQueues, limit) || lagging(this.#streamQueues, limit)) &&
      !this.#actions.needsReading(limit);
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

/** Whether one of `queues` holds more than `limit` events. */
function lagging(queues: ReadonlySet<EventQueue<AmiEvent>>, limit: number): boolean {
  for (const queue of queues) if (queue.size > limit) return true;
  return false;
}
