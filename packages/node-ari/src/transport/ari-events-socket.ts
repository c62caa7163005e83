import {
  AbortError,
  type AipbxError,
  AuthenticationError,
  ConnectionError,
  type Logger,
  ProtocolError,
  type ReconnectOptions,
  ReconnectPolicy,
  sleep,
  TimeoutError,
  TypedEmitter,
} from '@aipbx/core';
import WebSocket from 'ws';
import type { AriMessage } from '../client/generated/ari-api.js';
import { basicAuthorization, unreachable } from './ari-credentials.js';
import { canMove, type EventsSocketState } from './events-socket-state.js';

/** Largest event accepted; ARI's largest events (a bridge with many channels) are far smaller. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** What {@link AriEventsSocket} needs; {@link AriClient} resolves it from its options. */
export interface AriEventsSocketOptions {
  /** Base URL of Asterisk's HTTP server, without `/ari` (`http:`/`https:`; the socket uses `ws:`/`wss:`). */
  url: URL;
  username: string;
  password: string;
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** The Stasis applications this socket registers; at least one. */
  apps: readonly string[];
  /** Receive every Asterisk event, not only those of the apps' channels and bridges. */
  subscribeAll: boolean;
  /** Limit for the WebSocket handshake. */
  connectTimeoutMs: number;
  /** How often to ping Asterisk; `0` turns the ping deadline off. */
  pingIntervalMs: number;
  /** How long a pong may take before the socket counts as dead and is replaced. */
  pingTimeoutMs: number;
  /** How to wait between reconnection attempts; `false` stays closed after a loss. */
  reconnect: ReconnectOptions | false;
  logger: Logger;
}

/** Events of an {@link AriEventsSocket}. */
export interface AriEventsSocketEvents {
  /** One message from Asterisk: an event, or `MissingParams`. */
  message: (message: AriMessage) => void;
  /** The socket opened: the apps are registered. `reconnect` is true after a loss. */
  open: (info: { reconnect: boolean }) => void;
  /** The state changed. */
  state: (state: EventsSocketState, previous: EventsSocketState) => void;
  /** Something went wrong that no pending call will report: a lost socket, a malformed message, giving up. */
  error: (error: AipbxError) => void;
}

/**
 * The events half of the ARI transport: one WebSocket to `/ari/events` for one or more Stasis
 * apps, credentials in the `Authorization` header (never in the URL), a ping deadline that catches
 * a dead peer, and reconnection with `@aipbx/core`'s policy (forever by default). Messages are
 * parsed and handed to listeners in order; a listener that throws never breaks the socket (its
 * error is rethrown asynchronously).
 *
 * The state machine is drawn in {@link EventsSocketState}.
 */
export class AriEventsSocket extends TypedEmitter<AriEventsSocketEvents> {
  readonly #o: AriEventsSocketOptions;
  readonly #policy: ReconnectPolicy | undefined;
  #state: EventsSocketState = 'idle';
  #ws: WebSocket | undefined;
  #pinger: ReturnType<typeof setInterval> | undefined;
  #awaitingPong = false;
  /** Aborted by close(): stops a reconnect wait or attempt. */
  #stop = new AbortController();
  #closing: Promise<void> | undefined;

  constructor(options: AriEventsSocketOptions) {
    super();
    this.#o = options;
    this.#policy = options.reconnect === false ? undefined : new ReconnectPolicy(options.reconnect);
  }

  get state(): EventsSocketState {
    return this.#state;
  }

  /** `ws://…/ari/events?app=…`, without credentials. */
  get address(): string {
    return this.#url().toString();
  }

  /**
   * Opens the socket and registers the apps. Resolves once Asterisk accepted the WebSocket.
   *
   * @throws AuthenticationError (401); ConnectionError (refused, TLS, a non-101 answer);
   *   TimeoutError (no handshake in `connectTimeoutMs`). The socket is then `closed`: the first
   *   connection is never retried, so a wrong URL or password fails at once.
   */
  async connect(): Promise<void> {
    if (this.#state !== 'idle' && this.#state !== 'closed') {
      throw new ConnectionError(
        'CONNECTION_FAILED',
        this.address,
        `The ARI events socket is ${this.#state}; close() it before connecting again.`,
      );
    }
    this.#stop = new AbortController();
    const stop = this.#stop.signal;
    this.#move('connecting');
    let ws: WebSocket;
    try {
      ws = await this.#open();
    } catch (error) {
      if (!stop.aborted) this.#move('closed');
      throw error;
    }
    if (stop.aborted) {
      ws.terminate();
      throw new AbortError('The ARI events socket was closed while it was connecting.');
    }
    this.#attach(ws);
    this.#move('open');
    this.safeEmit('open', { reconnect: false });
  }

  /** Closes the socket (unregistering the apps) and stops reconnecting. Safe to call at any time. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    if (this.#state === 'closed' || this.#state === 'idle') {
      if (this.#state === 'idle') this.#move('closed');
      return Promise.resolve();
    }
    this.#move('closing');
    this.#stop.abort();
    const ws = this.#ws;
    this.#closing = new Promise<void>((resolve) => {
      if (!ws || ws.readyState === WebSocket.CLOSED) return resolve();
      // Asterisk answers the closing handshake; a dead peer does not, so end the socket after a grace.
      const timer = setTimeout(() => ws.terminate(), 2000);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1000);
    }).finally(() => {
      this.#detach();
      this.#move('closed');
      this.#closing = undefined;
    });
    return this.#closing;
  }

  #url(): URL {
    const url = new URL('/ari/events', this.#o.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('app', this.#o.apps.join(','));
    if (this.#o.subscribeAll) url.searchParams.set('subscribeAll', 'true');
    return url;
  }

  #move(next: EventsSocketState): void {
    const previous = this.#state;
    if (previous === next) return;
    if (!canMove(previous, next))
      throw new Error(`ARI events socket: ${previous} → ${next} is not a transition`);
    this.#state = next;
    this.#o.logger.debug('events socket state', { state: next, previous });
    this.safeEmit('state', next, previous);
  }

  /** Opens one WebSocket; resolves when it is open. */
  #open(): Promise<WebSocket> {
    const address = this.address;
    return new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(this.#url(), {
        headers: {
          authorization: basicAuthorization(this.#o.username, this.#o.password),
        },
        ca: this.#o.ca as string[] | undefined,
        handshakeTimeout: this.#o.connectTimeoutMs,
        maxPayload: MAX_EVENT_BYTES,
        perMessageDeflate: false,
      });
      let done = false;
      const fail = (error: AipbxError) => {
        if (done) return;
        done = true;
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(error);
      };
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        if (res.statusCode === 401) {
          fail(
            new AuthenticationError(
              `ARI at ${this.#o.url.origin} refused user "${this.#o.username}" for the events socket (401): check ari.conf.`,
            ),
          );
        } else {
          fail(
            new ConnectionError(
              'CONNECTION_FAILED',
              address,
              `The ARI events socket at ${address} was answered with HTTP ${res.statusCode} instead of a WebSocket: check that ARI is enabled (ari.conf) and the app names are valid.`,
            ),
          );
        }
      });
      ws.once('error', (error: NodeJS.ErrnoException) => {
        const message = error.message ?? '';
        if (/handshake has timed out/i.test(message)) {
          fail(
            new TimeoutError(
              `The ARI events socket at ${address} did not open within ${this.#o.connectTimeoutMs} ms.`,
              this.#o.connectTimeoutMs,
              { cause: error },
            ),
          );
          return;
        }
        fail(
          unreachable(
            'The ARI events socket',
            address,
            error,
            'check that Asterisk runs and the URL and port are right',
          ),
        );
      });
      ws.once('open', () => {
        if (done) return;
        done = true;
        ws.removeAllListeners();
        resolve(ws);
      });
    });
  }

  /** Takes an open socket into use: messages, the ping deadline, loss handling. */
  #attach(ws: WebSocket): void {
    this.#ws = ws;
    this.#awaitingPong = false;
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('pong', () => {
      this.#awaitingPong = false;
    });
    ws.on('error', (error) => this.#o.logger.debug('events socket error', { error: error.message }));
    ws.on('close', (code, reason) => this.#onClose(ws, code, reason.toString('utf8')));
    if (this.#o.pingIntervalMs > 0) {
      this.#pinger = setInterval(() => this.#ping(ws), this.#o.pingIntervalMs);
      this.#pinger.unref?.();
    }
  }

  #detach(): void {
    if (this.#pinger !== undefined) clearInterval(this.#pinger);
    this.#pinger = undefined;
    this.#ws?.removeAllListeners();
    this.#ws?.on('error', () => undefined);
    this.#ws = undefined;
  }

  #ping(ws: WebSocket): void {
    // One ping at a time: while an answer is due, the deadline below decides.
    if (this.#awaitingPong) return;
    this.#awaitingPong = true;
    ws.ping();
    const deadline = setTimeout(() => {
      if (!this.#awaitingPong || this.#ws !== ws) return;
      this.#o.logger.warn('events socket: no pong in time; replacing the connection', {
        pingTimeoutMs: this.#o.pingTimeoutMs,
      });
      ws.terminate();
    }, this.#o.pingTimeoutMs);
    deadline.unref?.();
  }

  #onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    let message: AriMessage;
    try {
      if (isBinary) throw new Error('binary frame');
      message = JSON.parse(data.toString()) as AriMessage;
      if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
        throw new Error('no "type"');
      }
    } catch (error) {
      this.safeEmit(
        'error',
        new ProtocolError(
          `The ARI events socket received a message that is not an ARI event; it was dropped.`,
          {
            cause: error,
          },
        ),
      );
      return;
    }
    this.safeEmit('message', message);
  }

  #onClose(ws: WebSocket, code: number, reason: string): void {
    if (this.#ws !== ws) return;
    this.#detach();
    if (this.#state !== 'open') return;
    const lost = new ConnectionError(
      'CONNECTION_LOST',
      this.address,
      `The ARI events socket to ${this.#o.url.origin} closed (code ${code}${reason ? `, ${reason}` : ''}).`,
    );
    this.#o.logger.warn('events socket lost', { code, reason });
    this.safeEmit('error', lost);
    if (!this.#policy) {
      this.#move('closed');
      return;
    }
    this.#move('reconnecting');
    void this.#reconnect(lost);
  }

  async #reconnect(firstError: AipbxError): Promise<void> {
    const policy = this.#policy!;
    const signal = this.#stop.signal;
    let error: unknown = firstError;
    for (;;) {
      const delay = policy.nextDelay(error);
      if (delay === null) {
        this.#o.logger.error('events socket: giving up reconnecting', {});
        this.#move('closed');
        this.safeEmit(
          'error',
          new ConnectionError(
            'CONNECTION_LOST',
            this.address,
            `Gave up reconnecting the ARI events socket to ${this.#o.url.origin}; start the app again to retry.`,
            { cause: error },
          ),
        );
        return;
      }
      try {
        await sleep(delay, signal);
      } catch {
        return; // close() was called
      }
      if (signal.aborted) return;
      this.#move('connecting');
      try {
        const ws = await this.#open();
        if (signal.aborted) {
          ws.terminate();
          return;
        }
        this.#attach(ws);
        policy.reset();
        this.#move('open');
        this.#o.logger.info('events socket reconnected', {});
        this.safeEmit('open', { reconnect: true });
        return;
      } catch (failure) {
        error = failure;
        if (signal.aborted) return;
        this.#o.logger.warn('events socket: reconnecting failed', { error: (failure as Error).message });
        if (failure instanceof AuthenticationError) {
          // The password was changed or the user removed: retrying will not help.
          this.#move('closed');
          this.safeEmit('error', failure);
          return;
        }
        this.#move('reconnecting');
      }
    }
  }
}
