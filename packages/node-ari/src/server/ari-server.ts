import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ConnectionError, type Logger, noopLogger, TypedEmitter, ValidationError } from '@aipbx/core';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import type { Call } from '../app/call.js';
import { appPort, type CallHandler, StasisApp } from '../app/stasis-app.js';
import type { StasisAppOptions } from '../app/stasis-app-options.js';
import { resources } from '../client/ari-resources.js';
import type { AriMessage } from '../client/generated/ari-api.js';
import { basicAuthorization } from '../transport/ari-credentials.js';
import { AriWsRest } from '../transport/ari-ws-rest.js';
import { openMediaSocket } from '../transport/media-socket.js';

/** Options of an {@link AriServer}. */
export interface AriServerOptions {
  /** Port to listen on: the one `websocket_client.conf`'s `uri` names. `0` picks a free one. */
  port: number;
  /** Address to bind. Default `127.0.0.1`; `0.0.0.0` behind a load balancer on another host. */
  host?: string;
  /** The user and password Asterisk presents (`websocket_client.conf` `username`/`password`). */
  username: string;
  password: string;
  /**
   * Asterisk's HTTP server and an ARI user, for what the WebSocket cannot carry: the media
   * WebSocket of `call.media()` (chan_websocket's `/media/<id>`). Without it, `call.media()` fails.
   */
  asterisk?: { url: string; username: string; password: string; ca?: string | Buffer };
  /** Limit for each REST request over the WebSocket, ms. Default 10000. */
  requestTimeoutMs?: number;
  logger?: Logger;
}

/** Events of an {@link AriServer}. */
export interface AriServerEvents {
  /** Asterisk connected (a per-call connection, or a persistent one). */
  session: (info: { remote: string; sessions: number }) => void;
  /**
   * A connection was refused (wrong credentials) or failed, a call's handler threw (with the call),
   * or a call reached a Stasis app no `server.app()` names. Without a listener it is logged.
   */
  error: (error: Error, call?: Call) => void;
}

/** How long a re-opened per-call connection may go without its call's StasisStart. */
const ORPHAN_GRACE_MS = 3000;

/** One app name's handler and options, applied to every session's Stasis app of that name. */
interface AppEntry {
  handler: CallHandler | undefined;
  options: StasisAppOptions;
  /** Listeners for the per-session apps' events. */
  events: TypedEmitter<{ error: (error: Error, call?: Call) => void }>;
}

/** The part of an app name Asterisk adds for a per-call connection: `aiPBXBot:PJSIP/100-0000001a`. */
function baseName(application: string): string {
  const colon = application.indexOf(':');
  return colon === -1 ? application : application.slice(0, colon);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The app side of ARI outbound WebSockets (Asterisk 22.5+): Asterisk connects to the app —
 * persistently, or once per call (`connection_type = per_call_config`) — so several app processes
 * can sit behind an ordinary load balancer and each call is handled by exactly one of them.
 * Events arrive on that WebSocket and REST requests go back over it (ARI REST over WebSocket);
 * each call runs in the same {@link StasisApp} and `Call` as with {@link AriClient}.
 *
 * Asterisk must present the configured user and password (Basic); anything else is refused before
 * the WebSocket opens. `@aipbx/core`'s `generateAsteriskConfig({ ari: { outbound } })` writes the
 * matching `ari.conf` and `websocket_client.conf`.
 *
 * @example
 * ```ts
 * const server = new AriServer({ port: 8765, username: 'asterisk', password });
 * server.app('aiPBXBot').onCall(async (call) => { await call.answer(); await call.hangup(); });
 * await server.listen();
 * ```
 */
export class AriServer extends TypedEmitter<AriServerEvents> {
  readonly #o: Required<Omit<AriServerOptions, 'asterisk'>> & Pick<AriServerOptions, 'asterisk'>;
  readonly #apps = new Map<string, AppEntry>();
  readonly #sockets = new Set<WebSocket>();
  #http: Server | undefined;
  #wss: WebSocketServer | undefined;

  /** @throws ValidationError listing every bad option; never the password. */
  constructor(options: AriServerOptions) {
    super();
    const problems: { field: string; message: string }[] = [];
    if (!Number.isInteger(options?.port) || options.port < 0 || options.port > 65535) {
      problems.push({ field: 'port', message: 'must be a port number (0 picks a free one)' });
    }
    if (typeof options?.username !== 'string' || options.username === '') {
      problems.push({
        field: 'username',
        message: 'must be the user Asterisk presents (websocket_client.conf)',
      });
    }
    if (typeof options?.password !== 'string' || options.password.length < 8) {
      problems.push({
        field: 'password',
        message: 'must be the password Asterisk presents, at least 8 characters',
      });
    }
    if (problems.length > 0) throw new ValidationError('ARI server options', problems);
    this.#o = {
      host: '127.0.0.1',
      requestTimeoutMs: 10_000,
      logger: noopLogger,
      ...options,
    };
  }

  #report(error: Error, call?: Call): void {
    if (this.listenerCount('error') > 0) this.safeEmit('error', error, call);
    else this.#o.logger.error(error.message, call === undefined ? {} : { call: call.id });
  }

  /** WebSockets from Asterisk open now. */
  get sessions(): number {
    return this.#sockets.size;
  }

  /**
   * The handler for calls to the Stasis app `name` (the first argument of `Stasis()`); every
   * session's app of that name (per-call ones are `name:<channel>`) runs it.
   */
  app(
    name: string,
    options: StasisAppOptions = {},
  ): { onCall(handler: CallHandler): void; on(event: 'error', listener: (error: Error) => void): void } {
    let entry = this.#apps.get(name);
    if (entry === undefined) {
      entry = { handler: undefined, options, events: new TypedEmitter() };
      this.#apps.set(name, entry);
    }
    const e = entry;
    return {
      onCall: (handler) => {
        e.handler = handler;
      },
      on: (_event, listener) => {
        e.events.on('error', listener);
      },
    };
  }

  /** Starts listening; resolves with the port. */
  async listen(): Promise<number> {
    const http = createServer((_req, res) => res.writeHead(426, { connection: 'close' }).end());
    const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
    http.on('upgrade', (req, socket, head) => this.#upgrade(wss, req, socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.#o.port, this.#o.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    this.#http = http;
    this.#wss = wss;
    return (http.address() as AddressInfo).port;
  }

  /** Stops listening and closes every session (their calls end with `lost`). */
  async close(): Promise<void> {
    for (const ws of this.#sockets) ws.terminate();
    await new Promise<void>((resolve) => {
      if (this.#http === undefined) resolve();
      else this.#http.close(() => resolve());
      this.#http?.closeAllConnections();
    });
    this.#wss?.close();
  }

  #upgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const expected = basicAuthorization(this.#o.username, this.#o.password);
    const given = req.headers.authorization ?? '';
    if (!sameSecret(given, expected)) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="aipbx"\r\nConnection: close\r\n\r\n',
      );
      this.safeEmit(
        'error',
        new ConnectionError(
          'CONNECTION_FAILED',
          req.socket.remoteAddress ?? 'unknown',
          'Refused a WebSocket whose credentials are not the ones configured: check username/password in websocket_client.conf.',
        ),
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.#session(ws, req));
  }

  #session(ws: WebSocket, req: IncomingMessage): void {
    const host = req.socket.remoteAddress ?? 'unknown';
    const remote = host.includes(':')
      ? `[${host}]:${req.socket.remotePort}`
      : `${host}:${req.socket.remotePort}`;
    const log = this.#o.logger.child('session');
    this.#sockets.add(ws);
    const peer = { address: `ws://${remote}`, username: this.#o.username, password: this.#o.password };
    const rest = new AriWsRest(ws, peer, this.#o.requestTimeoutMs);
    // Where Asterisk is, for messages and the default recording host: its HTTP server when known
    // (behind a load balancer the peer address is not Asterisk's), else the WebSocket's peer.
    const address = this.#o.asterisk === undefined ? peer.address : new URL(this.#o.asterisk.url).origin;
    const api = Object.assign(resources(rest), { address });
    const apps = new Map<string, StasisApp>();
    /** Channels whose StasisStart came over this connection: the calls (and legs) known here. */
    const seen = new Set<string>();
    const adoptNothing = async (application: string) => {
      try {
        const info = await api.applications.get({ applicationName: application });
        for (const channelId of info.channel_ids.filter((id) => !seen.has(id))) {
          log.warn('hanging up a call whose instance went away', { channel: channelId });
          await api.channels.hangup({ channelId }).catch(() => undefined);
        }
      } catch (error) {
        log.warn('could not check a re-opened per-call connection', { error: (error as Error).message });
      }
    };
    const asterisk = this.#o.asterisk;
    const appFor = (application: string): StasisApp | undefined => {
      const existing = apps.get(application);
      if (existing !== undefined) return existing;
      const entry = this.#apps.get(baseName(application));
      if (entry === undefined) return undefined;
      const app = new StasisApp(api, application, entry.options, {
        attach: async () => undefined,
        detach: async () => undefined,
        mediaSocket: (connectionId) => {
          if (asterisk === undefined) {
            throw new ValidationError('ARI server options', [
              {
                field: 'asterisk',
                message: "call.media() needs Asterisk's HTTP URL and an ARI user to open the media WebSocket",
              },
            ]);
          }
          return openMediaSocket({ ...asterisk, handshakeTimeoutMs: 10_000 }, connectionId);
        },
        logger: log.child(application),
      });
      // Looked up per call, so a handler set after the session began is used.
      app.onCall(async (call) => {
        if (entry.handler === undefined) {
          this.#report(
            new ValidationError('ARI server', [
              { field: 'onCall', message: `no handler for ${baseName(application)}: the call was hung up` },
            ]),
            call,
          );
          await call.hangup();
          return;
        }
        await entry.handler(call);
      });
      app.on('error', (error, call) => {
        if (entry.events.listenerCount('error') > 0) entry.events.safeEmit('error', error, call);
        else this.#report(error, call);
      });
      apps.set(application, app);
      void app.start();
      return app;
    };
    ws.on('message', (data) => {
      let message: AriMessage & { type?: string; application?: string };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        log.warn('a message from Asterisk that is not JSON was dropped');
        return;
      }
      if (rest.receive(message)) return;
      const application = message.application;
      if (typeof application !== 'string') return;
      const channelId = (message as { channel?: { id?: string } }).channel?.id;
      if (message.type === 'StasisStart' && channelId !== undefined) seen.add(channelId);
      let app: StasisApp | undefined;
      try {
        app = appFor(application);
      } catch (error) {
        this.#report(error as Error);
      }
      if (app === undefined) {
        if (message.type === 'StasisStart' && channelId !== undefined) {
          this.#report(
            new ValidationError('ARI server', [
              { field: 'app', message: `no server.app() for ${baseName(application)}: the call was hung up` },
            ]),
          );
          void api.channels.hangup({ channelId }).catch(() => undefined);
        }
        return;
      }
      appPort(app).receive(message);
      if (message.type === 'ApplicationRegistered') {
        // A connection Asterisk (re-)opened: calls already in the app that this connection never
        // saw start belonged to an instance that went away. Nobody here knows them: hang them up
        // rather than leave the callers in silence.
        setTimeout(() => {
          if (ws.readyState === 1) void adoptNothing(application);
        }, ORPHAN_GRACE_MS);
      }
    });
    ws.on('close', () => {
      this.#sockets.delete(ws);
      rest.fail(new ConnectionError('CONNECTION_LOST', peer.address, 'The WebSocket from Asterisk closed.'));
      for (const app of apps.values()) appPort(app).closed();
    });
    ws.on('error', (error) => log.warn('WebSocket from Asterisk failed', { error: error.message }));
    this.safeEmit('session', { remote, sessions: this.#sockets.size });
  }
}
