/**
 * Fakes for the unit tests of @aipbx/node-ari:
 *
 * - {@link FakeAriServer}: a real protocol peer on 127.0.0.1 — a `node:http` (or `node:https`)
 *   server playing ARI REST and a `ws` server playing the `/ari/events` WebSocket, checking Basic
 *   credentials the way Asterisk does and recording everything it was sent.
 * - {@link FakeAriApi}: an in-memory `AriApi` whose every operation records its call and resolves
 *   (or does what a test tells it), for driving `Call` and `StasisApp` without a network.
 * - Small builders for ARI events, and bounded waits.
 */
import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { vi } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AriOperationSpec } from '../src/client/ari-operation.js';
import {
  ARI_OPERATIONS,
  type AriApi,
  type AriEventOf,
  type AriEventType,
  type Channel,
  type LiveRecording,
  type Playback,
} from '../src/client/generated/ari-api.js';

/** The PEM pair committed for the AMI TLS tests: CN=localhost, SAN DNS:localhost and IP:127.0.0.1. */
const TLS_DIR = new URL('../../ami/test/fixtures/tls/', import.meta.url);
export const TLS_CERT = readFileSync(new URL('server-cert.pem', TLS_DIR), 'utf8');
export const TLS_KEY = readFileSync(new URL('server-key.pem', TLS_DIR), 'utf8');

/** The ARI user the fake accepts by default. */
export const USER = 'aipbx';
/** Its password: distinctive, so a test can prove it never leaks into a URL, message or log. */
export const PASSWORD = 'S3cr3t-pa55w0rd-XYZZY';

/** One REST request as the fake server received it. */
export interface FakeRequest {
  method: string;
  /** The raw request target, exactly as sent: `/ari/channels/a%2Fb?media=x`. */
  url: string;
  /** The raw (still percent-encoded) path. */
  path: string;
  /** The decoded query. */
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The request body as text ('' when none). */
  body: string;
}

/** Answers one REST request; it may also never answer. */
export type RestHandler = (request: FakeRequest, response: ServerResponse) => void;

/** One WebSocket upgrade request as the fake server received it. */
export interface FakeUpgrade {
  /** The raw request target: `/ari/events?app=aiPBXBot`. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw TCP (or TLS) socket under the WebSocket. `pause()` it to play a frozen peer. */
  socket: Duplex;
}

/** One open events WebSocket, server side. */
export interface FakeEventsConnection extends FakeUpgrade {
  ws: WebSocket;
}

/**
 * Decides an upgrade the fake accepted the credentials of: call `accept()` to complete it, or
 * `refuse(status)` to answer with an HTTP status instead, or neither (a PBX that never answers).
 */
export type UpgradeHandler = (
  upgrade: FakeUpgrade,
  accept: () => void,
  refuse: (status: number) => void,
) => void;

/** Options of {@link FakeAriServer.start}. */
export interface FakeAriServerOptions {
  /** Serve HTTPS/WSS with the committed self-signed certificate. */
  tls?: boolean;
  /** Accepted users and passwords. Default `{ [USER]: PASSWORD }`. */
  users?: Readonly<Record<string, string>>;
}

/** Writes a JSON answer. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** The `Authorization` value Basic credentials give. */
export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * ARI on 127.0.0.1: REST requests go to {@link FakeAriServer.rest} (default: `200 {}`), the events
 * WebSocket is accepted at `/ari/events` (or decided by {@link FakeAriServer.upgrades}). Requests
 * and upgrades with wrong credentials get 401, as from Asterisk.
 */
export class FakeAriServer extends EventEmitter {
  /** Every REST request received, in order (including refused ones). */
  readonly requests: FakeRequest[] = [];
  /** Every upgrade request received, in order (including refused ones). */
  readonly upgradeRequests: FakeUpgrade[] = [];
  /** Every events WebSocket accepted, in order. */
  readonly connections: FakeEventsConnection[] = [];
  /** Answers REST requests with good credentials. */
  rest: RestHandler = (_request, response) => sendJson(response, 200, {});
  /** Decides upgrades with good credentials; default: accept. */
  upgrades: UpgradeHandler = (_upgrade, accept) => accept();
  /** `http://127.0.0.1:<port>` or `https://…`. */
  url = '';
  port = 0;

  readonly #server: Server;
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #users: Readonly<Record<string, string>>;
  readonly #raw = new Set<Duplex>();

  private constructor(options: FakeAriServerOptions) {
    super();
    this.#users = options.users ?? { [USER]: PASSWORD };
    this.#server = options.tls ? createHttpsServer({ cert: TLS_CERT, key: TLS_KEY }) : createHttpServer();
    this.#server.on('request', (req: IncomingMessage, res: ServerResponse) => this.#onRequest(req, res));
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#onUpgrade(req, socket, head),
    );
    // A client that goes away mid-answer is part of several tests; it is not the fake's failure.
    this.#server.on('clientError', (_error, socket: Duplex) => socket.destroy());
    this.#server.on('tlsClientError', () => undefined);
  }

  /** Starts a fake on an ephemeral port of 127.0.0.1. */
  static async start(options: FakeAriServerOptions = {}): Promise<FakeAriServer> {
    const fake = new FakeAriServer(options);
    fake.#server.listen(0, '127.0.0.1');
    await once(fake.#server, 'listening');
    fake.port = (fake.#server.address() as AddressInfo).port;
    fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${fake.port}`;
    return fake;
  }

  /** The most recent events connection. */
  get last(): FakeEventsConnection {
    const connection = this.connections.at(-1);
    if (!connection) throw new Error('fake ARI server: no events connection yet');
    return connection;
  }

  /** Sends `message` as JSON on `connection` (default: the most recent one). */
  send(message: unknown, connection: FakeEventsConnection = this.last): void {
    connection.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits for the next `event` (`request`, `upgrade`, `connection`, `ping`) passing `filter`. */
  async waitFor<T>(event: string, filter: (value: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
    const signal = AbortSignal.timeout(timeoutMs);
    for (;;) {
      try {
        const [value] = (await once(this, event, { signal })) as [T];
        if (filter(value)) return value;
      } catch (error) {
        if (signal.aborted) throw new Error(`fake ARI server: no "${event}" within ${timeoutMs} ms`);
        throw error;
      }
    }
  }

  /** Waits until `count` events connections have been accepted in all. */
  async waitForConnections(count: number, timeoutMs = 3000): Promise<FakeEventsConnection> {
    while (this.connections.length < count) await this.waitFor('connection', () => true, timeoutMs);
    return this.connections[count - 1]!;
  }

  /** Stops listening and ends every connection. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.ws.terminate();
    for (const socket of this.#raw) socket.destroy();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #authorized(headers: IncomingHttpHeaders): boolean {
    const header = headers.authorization ?? '';
    return Object.entries(this.#users).some(([user, password]) => header === basic(user, password));
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.url ?? '/';
      const parsed = new URL(target, 'http://fake');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        url: target,
        path: target.split('?')[0] ?? target,
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(request);
      this.emit('request', request);
      if (!this.#authorized(req.headers)) {
        sendJson(res, 401, { message: 'Authentication required' });
        return;
      }
      this.rest(request, res);
    });
  }

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#raw.add(socket);
    socket.on('close', () => this.#raw.delete(socket));
    socket.on('error', () => undefined);
    const upgrade: FakeUpgrade = { url: req.url ?? '/', headers: req.headers, socket };
    this.upgradeRequests.push(upgrade);
    this.emit('upgrade', upgrade);
    let decided = false;
    const refuse = (status: number) => {
      if (decided) return;
      decided = true;
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    const accept = () => {
      if (decided || socket.destroyed) return;
      decided = true;
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        const connection: FakeEventsConnection = { ...upgrade, ws };
        ws.on('error', () => undefined);
        ws.on('ping', () => this.emit('ping', connection));
        this.connections.push(connection);
        this.emit('connection', connection);
      });
    };
    if (!this.#authorized(req.headers)) {
      refuse(401);
      return;
    }
    if (new URL(upgrade.url, 'http://fake').pathname !== '/ari/events') {
      refuse(404);
      return;
    }
    this.upgrades(upgrade, accept, refuse);
  }
}

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---- An in-memory AriApi ------------------------------------------------------------------------

/** One operation called on a {@link FakeAriApi}. */
export interface ApiCall {
  /** `resource.nickname`, e.g. `channels.playWithId`. */
  operation: string;
  params: Record<string, unknown>;
}

/** What a {@link FakeAriApi} operation does; it may throw (the call rejects) or deliver events first. */
// biome-ignore lint/suspicious/noExplicitAny: a test double answering every operation's own parameter type
export type ApiHandler = (params: any) => unknown;

/**
 * Every operation of the ARI table, recording its call and resolving with what its handler returns
 * (`undefined` without one). Handlers run synchronously inside the call, before it resolves, so a
 * test can deliver an event "while the request is in flight".
 */
export class FakeAriApi {
  readonly calls: ApiCall[] = [];
  readonly api: AriApi & { readonly address: string };
  readonly #handlers = new Map<string, ApiHandler>();

  constructor(address = 'http://127.0.0.1:8088') {
    const api: Record<string, unknown> = { address };
    const table = ARI_OPERATIONS as unknown as Record<string, Record<string, AriOperationSpec>>;
    for (const [resource, operations] of Object.entries(table)) {
      const methods: Record<string, unknown> = {};
      for (const nickname of Object.keys(operations)) {
        const operation = `${resource}.${nickname}`;
        methods[nickname] = async (params?: Record<string, unknown>) => {
          const recorded = { operation, params: params ?? {} };
          this.calls.push(recorded);
          const handler = this.#handlers.get(operation);
          return handler ? await handler(recorded.params) : undefined;
        };
      }
      api[resource] = methods;
    }
    this.api = api as unknown as AriApi & { readonly address: string };
  }

  /** Sets what `operation` does. */
  handle(operation: string, handler: ApiHandler): this {
    this.#handlers.set(operation, handler);
    return this;
  }

  /** The parameters of every call of `operation`, in order. */
  paramsOf(operation: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.params);
  }

  /** The operations called, in order. */
  get operations(): string[] {
    return this.calls.map((c) => c.operation);
  }
}

// ---- ARI event builders -------------------------------------------------------------------------

export const APP = 'aiPBXBot';

/** A channel as ARI describes it. */
export function channel(id: string, overrides: Partial<Channel> = {}): Channel {
  return {
    id,
    protocol_id: '',
    name: `PJSIP/sipp-${id}`,
    state: 'Ring',
    caller: { name: 'Alice', number: '1001' },
    connected: { name: '', number: '' },
    accountcode: '',
    dialplan: { context: 'assistant-in', exten: '100', priority: 3, app_name: 'Stasis', app_data: APP },
    creationtime: '2025-01-31T12:00:00.000+0000',
    language: 'en',
    ...overrides,
  };
}

/** An event of `type` with the common fields filled in. */
export function ariEvent<T extends AriEventType>(
  type: T,
  fields: Omit<AriEventOf<T>, 'type' | 'application' | 'timestamp'>,
  application = APP,
): AriEventOf<T> {
  return { type, application, timestamp: '2025-01-31T12:00:01.000+0000', ...fields } as AriEventOf<T>;
}

/** A playback on a channel. */
export function playback(id: string, channelId: string, state: Playback['state'] = 'done'): Playback {
  return { id, media_uri: 'sound:hello-world', target_uri: `channel:${channelId}`, state };
}

/** A live recording on a channel. */
export function recording(
  name: string,
  channelId: string,
  state: LiveRecording['state'],
  overrides: Partial<LiveRecording> = {},
): LiveRecording {
  return { name, format: 'wav', target_uri: `channel:${channelId}`, state, ...overrides };
}

// ---- Bounded waits ------------------------------------------------------------------------------

/** Resolves with `promise`, or rejects naming `what` after `timeoutMs`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${what} did not happen within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `promise` rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: Error) => error,
  );
}

/** Lets every pending promise callback and I/O callback of this turn run (one macrotask turn). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Collects errors that listeners rethrow asynchronously, instead of letting them fail the run. */
export function captureRethrown(): unknown[] {
  const errors: unknown[] = [];
  const real = globalThis.queueMicrotask.bind(globalThis);
  vi.stubGlobal('queueMicrotask', (task: () => void) =>
    real(() => {
      try {
        task();
      } catch (error) {
        errors.push(error);
      }
    }),
  );
  return errors;
}
