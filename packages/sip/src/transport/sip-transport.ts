import * as dgram from 'node:dgram';
import { promises as dns, type LookupAddress } from 'node:dns';
import * as net from 'node:net';
import * as tls from 'node:tls';
import {
  type AipbxError,
  ConnectionError,
  type Logger,
  noopLogger,
  type ProtocolError,
  rethrowAsync,
  TimeoutError,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import {
  type Core,
  type Emitter,
  EmitterImpl,
  StateTransitionError,
  type Transport,
  TransportState,
} from 'sip.js';
import { datagramMessage, SipFramer } from './sip-framer.js';
import { UdpRetransmitter } from './udp-retransmitter.js';

/** How SIP reaches the PBX. */
export type SipTransportProtocol = 'udp' | 'tcp' | 'tls';

/** TLS settings of a {@link NodeSipTransport}. */
export interface NodeSipTransportTlsOptions {
  /**
   * Trusted certificates (PEM) instead of Node's public CAs: the PBX's own certificate when it is
   * self-signed, or its private CA.
   */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Verify the PBX's certificate. Default true; false only for a test bench. */
  rejectUnauthorized?: boolean;
  /** The name the certificate must carry, and the SNI name, when it is not `server`. */
  servername?: string;
}

/** Options of a {@link NodeSipTransport}. */
export interface NodeSipTransportOptions {
  /** `udp`, `tcp` or `tls`. */
  protocol: SipTransportProtocol;
  /** The PBX's host name or IP address: every request and response goes there. */
  server: string;
  /** The PBX's SIP port. */
  port: number;
  /**
   * Local address to bind to. Default: `0.0.0.0` (`::` when the server is IPv6) for UDP; the
   * operating system's choice for TCP and TLS.
   */
  localAddress?: string;
  /** TLS settings; used only when `protocol` is `tls`. */
  tls?: NodeSipTransportTlsOptions;
  /** Limit for resolving the server's name and opening the connection (with TLS, the handshake). Default 10000. */
  connectTimeoutMs?: number;
  /** Where the transport logs: state changes, and start lines at debug level (never headers). Default: silent. */
  logger?: Logger;
}

/** An address and port. */
export interface SocketAddress {
  /** IP address, IPv6 without brackets. */
  address: string;
  /** Port number. */
  port: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const PROTOCOLS: readonly SipTransportProtocol[] = ['udp', 'tcp', 'tls'];
/** How long a closing TCP/TLS connection may take to flush before it is destroyed. */
const CLOSE_GRACE_MS = 2000;
/** UDP socket errors that report an ICMP error for an earlier datagram, not a broken socket. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/** What sip.js's UserAgent hands to `transportConstructor`: its logger for the transport. */
type SipJsLogger = Core.Logger;

/**
 * sip.js's {@link Transport} for Node: SIP over UDP, TCP or TLS to one server, the PBX that is both
 * registrar and outbound proxy. Every request and response is sent there, whatever its Request-URI
 * or Via says.
 *
 * - **UDP**: one socket, `connect()`ed to the server, so {@link NodeSipTransport.local} is the
 *   address and port the PBX sees, and datagrams from anyone else are dropped. sip.js does not
 *   retransmit requests on its own, so a {@link UdpRetransmitter} does (RFC 3261 §17). An ICMP
 *   "unreachable" (the PBX restarting) is logged and does not disconnect: sip.js's transaction
 *   timers report the silence.
 * - **TCP/TLS**: one connection, split into messages by a {@link SipFramer}. When the PBX closes
 *   it, or it fails, or the PBX sends something that is not SIP, sip.js's `onDisconnect` gets a
 *   {@link ConnectionError} (`CONNECTION_LOST`) and the application reconnects.
 *
 * It follows sip.js's transport state machine: `Disconnected → Connecting → Connected →
 * Disconnecting → Disconnected`, `onConnect` on entering Connected, `onDisconnect` on leaving it
 * (with an error unless `disconnect()` was called), and no reconnecting of its own.
 *
 * @example
 * ```ts
 * const ua = new UserAgent({
 *   uri: UserAgent.makeURI('sip:100@pbx.example.com'),
 *   transportConstructor: NodeSipTransport,
 *   transportOptions: { protocol: 'udp', server: 'pbx.example.com', port: 5060 } satisfies NodeSipTransportOptions,
 * });
 * ```
 */
export class NodeSipTransport implements Transport {
  /** `UDP`, `TCP` or `TLS`, as sip.js writes it into Via (`SIP/2.0/UDP`). */
  readonly protocol: 'UDP' | 'TCP' | 'TLS';
  /** Called on entering `Connected`; set by sip.js's UserAgent. */
  onConnect: (() => void) | undefined;
  /** Called on leaving `Connected`, with an error unless `disconnect()` caused it; set by sip.js's UserAgent. */
  onDisconnect: ((error?: Error) => void) | undefined;
  /** Called with each SIP message received while `Connected`; set by sip.js's UserAgent. */
  onMessage: ((message: string) => void) | undefined;

  readonly #o: ResolvedOptions;
  readonly #stateChange = new EmitterImpl<TransportState>();
  #state: TransportState = TransportState.Disconnected;
  /** True while a transition runs its callbacks: connect()/disconnect() from them is a loop. */
  #transitioning = false;
  #connecting: Deferred | undefined;
  #disconnecting: Deferred | undefined;
  /** The connection attempt under way, abortable by disconnect(). */
  #attempt: { controller: AbortController; done: Promise<unknown> } | undefined;
  #link: Link | undefined;
  /** The local port of the last connection, asked for again on the next. */
  #lastPort: number | undefined;
  #retransmitter: UdpRetransmitter | undefined;
  #disposed = false;

  /**
   * Options alone, for direct use.
   *
   * @throws ValidationError (`INVALID_INPUT`) naming every bad option.
   */
  constructor(options: NodeSipTransportOptions);
  /** How sip.js's UserAgent calls `transportConstructor`: its logger (unused), then `transportOptions`. */
  constructor(logger: SipJsLogger, options: NodeSipTransportOptions);
  constructor(first: NodeSipTransportOptions | SipJsLogger, second?: NodeSipTransportOptions) {
    this.#o = resolveOptions(second ?? first);
    this.protocol = this.#o.protocol.toUpperCase() as NodeSipTransport['protocol'];
  }

  /** `host:port` of the server (IPv6 in brackets). */
  get address(): string {
    return this.#o.address;
  }

  /** Transport state. */
  get state(): TransportState {
    return this.#state;
  }

  /** Emits each new state. */
  get stateChange(): Emitter<TransportState> {
    return this.#stateChange;
  }

  /**
   * The local address and port the PBX sees this transport come from, for the Contact header
   * (IPv6 without brackets). Undefined unless connected.
   */
  get local(): SocketAddress | undefined {
    const link = this.#link;
    return link ? { ...link.local } : undefined;
  }

  /** True when the state is `Connected`. */
  isConnected(): boolean {
    return this.#state === TransportState.Connected;
  }

  /**
   * Resolves the server's name, opens the socket or connection, and resolves once `Connected`.
   *
   * @throws ConnectionError (`CONNECTION_FAILED`) naming server:port and the cause: an unknown
   *   name, a refused connection, a rejected TLS certificate. TimeoutError (`TIMEOUT`) after
   *   `connectTimeoutMs`. StateTransitionError when called from a state-change callback. The
   *   state is then `Disconnected` (or `Disconnecting`, when `disconnect()` cut the attempt short).
   */
  connect(): Promise<void> {
    if (this.#transitioning) return Promise.reject(this.#loop(TransportState.Connecting));
    switch (this.#state) {
      case TransportState.Connected:
        return Promise.resolve();
      case TransportState.Connecting:
        return this.#connecting!.promise;
      default:
        return this.#startConnecting();
    }
  }

  /**
   * Closes the socket or connection and resolves once `Disconnected`. Stops every retransmission.
   * Safe to call in any state.
   *
   * @throws StateTransitionError when called from a state-change callback.
   */
  disconnect(): Promise<void> {
    if (this.#transitioning) return Promise.reject(this.#loop(TransportState.Disconnecting));
    switch (this.#state) {
      case TransportState.Disconnected:
        return Promise.resolve();
      case TransportState.Disconnecting:
        return this.#disconnecting!.promise;
      default:
        return this.#startDisconnecting();
    }
  }

  /** Disconnects for good: sip.js's UserAgent calls it when it is stopped; `connect()` fails afterwards. */
  dispose(): Promise<void> {
    this.#disposed = true;
    return this.disconnect();
  }

  /**
   * Sends one SIP message to the server. Resolves once it is handed to the operating system.
   *
   * @throws ConnectionError (`CONNECTION_LOST`) when not connected or the socket refuses it.
   */
  send(message: string): Promise<void> {
    const link = this.#link;
    const startLine = firstLine(message);
    if (this.#state !== TransportState.Connected || !link) {
      return Promise.reject(
        new ConnectionError(
          'CONNECTION_LOST',
          this.address,
          `Cannot send "${startLine}": the SIP ${this.protocol} transport to ${this.address} is ${this.#state.toLowerCase()}, not connected. Connect it first (sip.js: userAgent.start() or reconnect()).`,
        ),
      );
    }
    this.#o.logger.debug('sip send', { startLine });
    const retransmitter = this.#retransmitter;
    // Noted before sending, so an answer arriving before the send completes still stops it.
    retransmitter?.sent(message);
    return link.send(message).catch((error: unknown) => {
      retransmitter?.cancel(message);
      throw error;
    });
  }

  #startConnecting(): Promise<void> {
    if (this.#disposed) {
      return Promise.reject(
        new ConnectionError(
          'CONNECTION_FAILED',
          this.address,
          'This SIP transport was disposed (its UserAgent was stopped); make a new one to connect again.',
        ),
      );
    }
    const connecting = deferred();
    this.#connecting = connecting;
    this.#transition(TransportState.Connecting);
    this.#o.logger.debug('sip transport connecting', { protocol: this.protocol, server: this.address });
    const controller = new AbortController();
    const handlers: LinkHandlers = {
      message: (link, text) => this.#received(link, text),
      lost: (link, error) => this.#lost(link, error),
      logger: this.#o.logger,
    };
    // The port of the last connection, when there was one: reconnecting from it keeps the Contact
    // the PBX knows, so a restart or a dropped connection does not leave a dead binding behind.
    const done = openLink(this.#o, handlers, controller.signal, this.#lastPort).then(
      (link) => this.#opened(controller, link),
      (error: unknown) => this.#failed(controller, error as Error),
    );
    this.#attempt = { controller, done };
    return connecting.promise;
  }

  #opened(controller: AbortController, link: Link): Promise<void> | undefined {
    if (controller.signal.aborted) return link.close();
    this.#attempt = undefined;
    this.#link = link;
    this.#lastPort = link.local.port;
    if (this.#o.protocol === 'udp') {
      this.#retransmitter = new UdpRetransmitter({ send: (m) => link.send(m), logger: this.#o.logger });
    }
    this.#o.logger.info('sip transport connected', {
      protocol: this.protocol,
      server: this.address,
      local: formatAddress(link.local.address, link.local.port),
    });
    this.#transition(TransportState.Connected);
    return undefined;
  }

  #failed(controller: AbortController, error: Error): void {
    if (controller.signal.aborted) return;
    this.#attempt = undefined;
    this.#o.logger.warn('sip transport could not connect', { server: this.address, error: error.message });
    this.#transition(TransportState.Disconnected, error);
  }

  #startDisconnecting(): Promise<void> {
    const disconnecting = deferred();
    this.#disconnecting = disconnecting;
    const link = this.#detach();
    const attempt = this.#attempt;
    this.#attempt = undefined;
    attempt?.controller.abort();
    this.#transition(TransportState.Disconnecting);
    void Promise.allSettled([attempt?.done, link?.close()]).then(() => {
      if (this.#disconnecting !== disconnecting || this.#state !== TransportState.Disconnecting) return;
      this.#o.logger.info('sip transport disconnected', { server: this.address });
      this.#transition(TransportState.Disconnected);
    });
    return disconnecting.promise;
  }

  /** Takes the link out of use and stops retransmitting; returns it for closing. */
  #detach(): Link | undefined {
    const link = this.#link;
    this.#link = undefined;
    this.#retransmitter?.stop();
    this.#retransmitter = undefined;
    return link;
  }

  #received(link: Link, message: string): void {
    if (link !== this.#link || this.#state !== TransportState.Connected) return;
    this.#o.logger.debug('sip received', { startLine: firstLine(message) });
    this.#retransmitter?.received(message);
    if (!this.onMessage) return;
    try {
      this.onMessage(message);
    } catch (error) {
      this.#o.logger.error('sip.js failed on a received message', { startLine: firstLine(message) });
      rethrowAsync(error);
    }
  }

  #lost(link: Link, error: AipbxError): void {
    if (link !== this.#link) return;
    this.#detach();
    this.#o.logger.warn('sip transport lost', { server: this.address, error: error.message });
    this.#transition(TransportState.Disconnected, error);
  }

  /** Moves to `next`, runs the callbacks, settles connect()/disconnect() (like sip.js's own transport). */
  #transition(next: TransportState, error?: Error): void {
    const previous = this.#state;
    if (!canMove(previous, next)) throw new Error(`SIP transport: ${previous} → ${next} is not a transition`);
    this.#transitioning = true;
    try {
      this.#state = next;
      const connecting = previous === TransportState.Connecting ? this.#connecting : undefined;
      const disconnecting = previous === TransportState.Disconnecting ? this.#disconnecting : undefined;
      if (connecting) this.#connecting = undefined;
      if (disconnecting) this.#disconnecting = undefined;
      this.#o.logger.debug('sip transport state', { state: next, previous });
      guard(() => this.#stateChange.emit(next), this.#o.logger, 'stateChange listener');
      if (next === TransportState.Connected) guard(() => this.onConnect?.(), this.#o.logger, 'onConnect');
      if (previous === TransportState.Connected) {
        guard(
          () => (error ? this.onDisconnect?.(error) : this.onDisconnect?.()),
          this.#o.logger,
          'onDisconnect',
        );
      }
      if (connecting) {
        if (next === TransportState.Connected) connecting.resolve();
        else connecting.reject(error ?? this.#cancelled('connect()', 'disconnect()'));
      }
      if (disconnecting) {
        if (next === TransportState.Disconnected) disconnecting.resolve();
        else disconnecting.reject(error ?? this.#cancelled('disconnect()', 'connect()'));
      }
    } finally {
      this.#transitioning = false;
    }
  }

  #cancelled(what: string, by: string): ConnectionError {
    return new ConnectionError(
      'CONNECTION_FAILED',
      this.address,
      `${what} of the SIP transport to ${this.address} was cancelled by ${by}.`,
    );
  }

  #loop(next: TransportState): StateTransitionError {
    this.#o.logger.error('sip transport: connect()/disconnect() called from a state-change callback', {
      state: this.#state,
      next,
    });
    return new StateTransitionError(
      `The SIP transport is moving to ${this.#state} and cannot move to ${next} from inside that transition: call connect()/disconnect() asynchronously (e.g. in a Promise callback), not from onConnect, onDisconnect or a stateChange listener.`,
    );
  }
}

/** `NodeSipTransportOptions` with every default applied. */
interface ResolvedOptions {
  protocol: SipTransportProtocol;
  server: string;
  port: number;
  /** `server:port`, IPv6 in brackets. */
  address: string;
  localAddress: string | undefined;
  tls: NodeSipTransportTlsOptions;
  connectTimeoutMs: number;
  logger: Logger;
}

function resolveOptions(input: unknown): ResolvedOptions {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Partial<NodeSipTransportOptions>;
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (o.protocol === undefined && o.server === undefined && 'log' in o) {
    add('options', 'are missing: give them to sip.js as UserAgentOptions.transportOptions');
  } else {
    if (!PROTOCOLS.includes(o.protocol as SipTransportProtocol))
      add('protocol', `must be udp, tcp or tls, not ${JSON.stringify(o.protocol)}`);
    if (typeof o.server !== 'string' || o.server.trim() === '')
      add('server', 'is required: the PBX’s host name or IP address');
    if (!Number.isInteger(o.port) || (o.port as number) < 1 || (o.port as number) > 65_535)
      add('port', 'must be a whole number from 1 to 65535');
    if (o.localAddress !== undefined && net.isIP(o.localAddress) === 0)
      add('localAddress', `must be an IP address of this host, not ${JSON.stringify(o.localAddress)}`);
    if (
      o.connectTimeoutMs !== undefined &&
      (!Number.isFinite(o.connectTimeoutMs) || (o.connectTimeoutMs as number) <= 0)
    )
      add('connectTimeoutMs', 'must be a positive number of milliseconds');
  }
  if (problems.length > 0) throw new ValidationError('SIP transport options', problems);
  const server = o.server!.trim();
  return {
    protocol: o.protocol!,
    server,
    port: o.port!,
    address: formatAddress(server, o.port!),
    localAddress: o.localAddress,
    tls: o.tls ?? {},
    connectTimeoutMs: o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    logger: o.logger ?? noopLogger,
  };
}

const MOVES: Record<TransportState, readonly TransportState[]> = {
  [TransportState.Disconnected]: [TransportState.Connecting],
  [TransportState.Connecting]: [
    TransportState.Connected,
    TransportState.Disconnecting,
    TransportState.Disconnected,
  ],
  [TransportState.Connected]: [TransportState.Disconnecting, TransportState.Disconnected],
  [TransportState.Disconnecting]: [TransportState.Connecting, TransportState.Disconnected],
};

function canMove(from: TransportState, to: TransportState): boolean {
  return MOVES[from].includes(to);
}

/** Runs a callback of the application (or sip.js); an exception is logged and rethrown asynchronously. */
function guard(callback: () => void, logger: Logger, what: string): void {
  try {
    callback();
  } catch (error) {
    logger.error(`sip transport: ${what} threw`, {
      error: error instanceof Error ? error.message : String(error),
    });
    rethrowAsync(error);
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The caller may drop the promise (sip.js does, on reconnect); a rejection must not go unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function firstLine(message: string): string {
  const end = message.indexOf('\r\n');
  return (end === -1 ? message : message.slice(0, end)).slice(0, 200);
}

function formatAddress(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

// ---------------------------------------------------------------------------------------------
// Links: one open socket or connection.

/** One open UDP socket or TCP/TLS connection to the server. */
interface Link {
  readonly local: SocketAddress;
  send(message: string): Promise<void>;
  /** Closes it; `lost` is not called for this. */
  close(): Promise<void>;
}

interface LinkHandlers {
  message(link: Link, message: string): void;
  /** The link closed or failed by itself; it is already released. */
  lost(link: Link, error: AipbxError): void;
  logger: Logger;
}

/** Opens a link within `connectTimeoutMs`; `signal` aborts the attempt and releases what it holds. */
function openLink(
  o: ResolvedOptions,
  handlers: LinkHandlers,
  signal: AbortSignal,
  preferredPort: number | undefined,
): Promise<Link> {
  return new Promise<Link>((resolve, reject) => {
    const attempt = new AbortController();
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const timer = setTimeout(() => {
      if (!finish()) return;
      const error = new TimeoutError(
        `The SIP ${o.protocol.toUpperCase()} ${o.protocol === 'udp' ? 'socket' : 'connection'} to ${o.address} did not open within ${o.connectTimeoutMs} ms: check that the PBX is reachable (firewall, address, port)${o.protocol === 'tls' ? ' and answers TLS on that port' : ''}.`,
        o.connectTimeoutMs,
      );
      attempt.abort(error);
      reject(error);
    }, o.connectTimeoutMs);
    const onAbort = () => {
      if (!finish()) return;
      attempt.abort(signal.reason);
      reject(
        new ConnectionError('CONNECTION_FAILED', o.address, `Connecting to ${o.address} was cancelled.`),
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const open = o.protocol === 'udp' ? openUdp : openStream;
    // The preferred port may be taken (by now someone else's, or TIME_WAIT): then any port.
    const retry = (error: unknown): Promise<Link> =>
      preferredPort !== undefined && isPortTaken(error) && !attempt.signal.aborted
        ? open(o, handlers, attempt.signal, undefined)
        : Promise.reject(error);
    open(o, handlers, attempt.signal, preferredPort)
      .catch(retry)
      .then(
        (link) => {
          if (finish()) resolve(link);
          else void link.close();
        },
        (error: unknown) => {
          if (finish()) reject(error);
        },
      );
  });
}

/** The local port asked for is in use. */
function isPortTaken(error: unknown): boolean {
  const code =
    (error as { cause?: NodeJS.ErrnoException; code?: string }).cause?.code ??
    (error as NodeJS.ErrnoException).code;
  return code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL';
}

async function openUdp(
  o: ResolvedOptions,
  handlers: LinkHandlers,
  signal: AbortSignal,
  port = 0,
): Promise<Link> {
  let remote: LookupAddress;
  try {
    remote = await dns.lookup(o.server);
  } catch (error) {
    throw connectFailure(o, error as NodeJS.ErrnoException);
  }
  signal.throwIfAborted();
  const socket = dgram.createSocket({ type: remote.family === 6 ? 'udp6' : 'udp4' });
  const release = () => closeQuietly(socket);
  signal.addEventListener('abort', release, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port, address: o.localAddress ?? (remote.family === 6 ? '::' : '0.0.0.0') }, () => {
        socket.connect(o.port, remote.address, (error?: Error) => {
          socket.off('error', reject);
          if (error) reject(error);
          else resolve();
        });
      });
    });
  } catch (error) {
    if (!signal.aborted) closeQuietly(socket);
    throw connectFailure(o, error as NodeJS.ErrnoException);
  } finally {
    signal.removeEventListener('abort', release);
  }
  return new UdpLink(socket, o, handlers);
}

function closeQuietly(socket: dgram.Socket, done?: () => void): void {
  try {
    socket.close(done);
  } catch {
    done?.(); // already closed
  }
}

/** A UDP socket `connect()`ed to the server. */
class UdpLink implements Link {
  readonly local: SocketAddress;
  readonly #socket: dgram.Socket;
  readonly #o: ResolvedOptions;
  readonly #remote: SocketAddress;
  #closed = false;
  /** An ICMP error was logged; the next one is not until a datagram arrives again. */
  #unreachableLogged = false;

  constructor(socket: dgram.Socket, o: ResolvedOptions, handlers: LinkHandlers) {
    this.#socket = socket;
    this.#o = o;
    const local = socket.address();
    this.local = { address: local.address, port: local.port };
    const remote = socket.remoteAddress();
    this.#remote = { address: remote.address, port: remote.port };
    socket.on('message', (datagram, from) => {
      if (from.address !== this.#remote.address || from.port !== this.#remote.port) {
        handlers.logger.debug('sip: datagram from another source dropped', {
          from: formatAddress(from.address, from.port),
        });
        return;
      }
      this.#unreachableLogged = false;
      const message = datagramMessage(datagram);
      if (message !== undefined) handlers.message(this, message);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (UNREACHABLE.has(error.code ?? '')) {
        if (!this.#unreachableLogged) {
          handlers.logger.warn('sip: the PBX is unreachable over UDP (ICMP error); still waiting for it', {
            server: o.address,
            code: error.code,
          });
        }
        this.#unreachableLogged = true;
        return;
      }
      void this.close();
      handlers.lost(
        this,
        new ConnectionError(
          'CONNECTION_LOST',
          o.address,
          `The SIP UDP socket to ${o.address} failed (${error.code ?? error.message}); reconnect the transport.`,
          { cause: error },
        ),
      );
    });
  }

  send(message: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.#closed) {
        reject(new ConnectionError('CONNECTION_LOST', this.#o.address, 'The SIP UDP socket is closed.'));
        return;
      }
      this.#socket.send(Buffer.from(message, 'utf8'), (error) => {
        if (!error) return resolve();
        const code = (error as NodeJS.ErrnoException).code ?? error.message;
        const hint = code === 'EMSGSIZE' ? ': the message is too large for a datagram; use TCP' : '';
        reject(
          new ConnectionError(
            'CONNECTION_LOST',
            this.#o.address,
            `Sending "${firstLine(message)}" to ${this.#o.address} over UDP failed (${code})${hint}.`,
            { cause: error },
          ),
        );
      });
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise<void>((resolve) => closeQuietly(this.#socket, resolve));
  }
}

function openStream(
  o: ResolvedOptions,
  handlers: LinkHandlers,
  signal: AbortSignal,
  localPort?: number,
): Promise<Link> {
  return new Promise<Link>((resolve, reject) => {
    const socket =
      o.protocol === 'tls'
        ? tls.connect({
            host: o.server,
            port: o.port,
            ...(o.localAddress === undefined ? {} : { localAddress: o.localAddress }),
            ...(localPort === undefined ? {} : { localPort }),
            ...(o.tls.ca === undefined ? {} : { ca: o.tls.ca as string | Buffer | (string | Buffer)[] }),
            ...(o.tls.servername === undefined ? {} : { servername: o.tls.servername }),
            rejectUnauthorized: o.tls.rejectUnauthorized ?? true,
          })
        : net.connect({
            host: o.server,
            port: o.port,
            ...(o.localAddress === undefined ? {} : { localAddress: o.localAddress }),
            ...(localPort === undefined ? {} : { localPort }),
          });
    const connectEvent = o.protocol === 'tls' ? 'secureConnect' : 'connect';
    // Only this function's listeners are removed: net.Socket relies on listeners of its own.
    const detach = () => {
      signal.removeEventListener('abort', release);
      socket.off('error', onError);
      socket.off(connectEvent, onConnect);
    };
    const release = () => {
      detach();
      socket.on('error', () => undefined);
      socket.destroy();
    };
    const onError = (error: NodeJS.ErrnoException) => {
      release();
      reject(connectFailure(o, error));
    };
    const onConnect = () => {
      detach();
      resolve(new StreamLink(socket, o, handlers));
    };
    signal.addEventListener('abort', release, { once: true });
    socket.once('error', onError);
    socket.once(connectEvent, onConnect);
  });
}

/** A TCP or TLS connection to the server. */
class StreamLink implements Link {
  readonly local: SocketAddress;
  readonly #socket: net.Socket;
  readonly #o: ResolvedOptions;
  readonly #framer = new SipFramer();
  #closing: Promise<void> | undefined;
  /** Why the connection is going down, when it was not closed by us. */
  #failure: AipbxError | undefined;

  constructor(socket: net.Socket, o: ResolvedOptions, handlers: LinkHandlers) {
    this.#socket = socket;
    this.#o = o;
    this.local = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => this.#data(chunk, handlers));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#failure ??= new ConnectionError(
        'CONNECTION_LOST',
        o.address,
        `The SIP ${o.protocol.toUpperCase()} connection to ${o.address} failed (${error.code ?? error.message}); reconnect the transport.`,
        { cause: error },
      );
    });
    socket.on('close', () => {
      if (this.#closing) return;
      this.#closing = Promise.resolve();
      handlers.lost(
        this,
        this.#failure ??
          new ConnectionError(
            'CONNECTION_LOST',
            o.address,
            `The PBX closed the SIP ${o.protocol.toUpperCase()} connection from ${o.address}; registrations on it are gone until the transport reconnects.`,
          ),
      );
    });
  }

  #data(chunk: Buffer, handlers: LinkHandlers): void {
    let messages: string[];
    try {
      messages = this.#framer.push(chunk);
    } catch (error) {
      const protocolError = error as ProtocolError;
      this.#failure ??= new ConnectionError(
        'CONNECTION_LOST',
        this.#o.address,
        `Dropped the SIP ${this.#o.protocol.toUpperCase()} connection to ${this.#o.address}: ${protocolError.message}`,
        { cause: protocolError },
      );
      this.#socket.destroy();
      return;
    }
    for (const message of messages) {
      if (this.#closing) return;
      handlers.message(this, message);
    }
  }

  send(message: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (cause?: Error) =>
        reject(
          new ConnectionError(
            'CONNECTION_LOST',
            this.#o.address,
            `Sending "${firstLine(message)}" to ${this.#o.address} failed: the ${this.#o.protocol.toUpperCase()} connection is ${cause ? `broken (${(cause as NodeJS.ErrnoException).code ?? cause.message})` : 'closed'}.`,
            cause ? { cause } : {},
          ),
        );
      if (this.#closing || !this.#socket.writable) return fail();
      this.#socket.write(message, 'utf8', (error) => (error ? fail(error) : resolve()));
    });
  }

  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    const socket = this.#socket;
    this.#closing = new Promise<void>((resolve) => {
      if (socket.destroyed) return resolve();
      // Flush what was written, then go; a peer that stops reading gets the grace, not forever.
      const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end(() => socket.destroy());
    });
    return this.#closing;
  }
}

const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME/;

/** A ConnectionError for a failed connect, naming server:port, the cause and what to check. */
function connectFailure(o: ResolvedOptions, error: NodeJS.ErrnoException): ConnectionError {
  const code = error.code ?? '';
  const proto = o.protocol.toUpperCase();
  let message: string;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    message = `Could not resolve the PBX's name "${o.server}" (${code}) for SIP to ${o.address}: check the server name and this host's DNS.`;
  } else if (code === 'ECONNREFUSED') {
    message = `The PBX at ${o.address} refused the SIP ${proto} connection (ECONNREFUSED): check the port and that the PBX has a ${proto} transport enabled.`;
  } else if (CERTIFICATE_ERROR.test(code)) {
    const hint = /ALTNAME|HOSTNAME/.test(code)
      ? `connect by the name in the certificate, or set tls.servername to it`
      : `give the PBX's certificate or its CA as tls.ca`;
    message = `The PBX's TLS certificate at ${o.address} was not accepted (${code}: ${error.message}): ${hint}.`;
  } else if ((code === 'EADDRNOTAVAIL' || code === 'EADDRINUSE') && o.localAddress !== undefined) {
    message = `Could not bind the SIP ${proto} ${o.protocol === 'udp' ? 'socket' : 'connection'} for ${o.address} to localAddress ${o.localAddress} (${code}): give an address of this host, or leave localAddress out.`;
  } else {
    message = `Could not open the SIP ${proto} ${o.protocol === 'udp' ? 'socket' : 'connection'} to ${o.address}: ${code ? `${code} ` : ''}(${error.message}).`;
  }
  return new ConnectionError('CONNECTION_FAILED', o.address, message, { cause: error });
}
