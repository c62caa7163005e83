/**
 * A stand-in AMI server on loopback that plays back a recorded stream: it sends the recorded
 * banner, answers the login, then writes the recording as fast as the client reads it.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { monotonicMs } from './clock.js';

/** What to replay and how. */
export interface ReplayServerOptions {
  /** The bytes Asterisk sent after its login response. */
  stream: Buffer;
  /** The banner line to greet with, without the line ending, e.g. `Asterisk Call Manager/11.0.0`. */
  banner: string;
  /** The only user the server accepts. */
  username: string;
  /** That user's secret (plain `Login` only). */
  secret: string;
  /** Size of each socket write. Default 64 KiB. */
  chunkBytes?: number;
  /**
   * Pause between the login response and the first byte of the stream, in ms. Default 20. Some
   * clients switch parsers once logged in and lose bytes that arrive in the same TCP read as the
   * login response; the pause keeps that handshake race out of the measurement (the clock starts
   * at the first stream byte, so the pause is never timed).
   */
  pauseAfterLoginMs?: number;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
}

/** One client connection and what the server did on it. */
export interface ReplaySession {
  /** True once the client logged in with the right user and secret. */
  readonly loggedIn: boolean;
  /** {@link monotonicMs} just before the first stream byte was written; undefined until then. */
  readonly streamStartMs: number | undefined;
  /** {@link monotonicMs} when the socket accepted the last stream byte; undefined until then. */
  readonly streamEndMs: number | undefined;
  /** Stream bytes handed to the socket so far. */
  readonly bytesWritten: number;
  /** Resolves once the whole stream was written or the client went away. */
  readonly finished: Promise<void>;
}

/** A running replay server. */
export interface ReplayServer {
  readonly host: string;
  readonly port: number;
  /** Every session so far, oldest first. */
  readonly sessions: readonly ReplaySession[];
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

interface MutableSession {
  loggedIn: boolean;
  streamStartMs: number | undefined;
  streamEndMs: number | undefined;
  bytesWritten: number;
  finished: Promise<void>;
}

/** Parses `Name: value` lines of one frame; header names are matched case-insensitively. */
function parseFrame(frame: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of frame.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Resolves on the socket's next `drain` or `close`, removing both listeners either way. */
function drainOrClose(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

function response(actionId: string | undefined, fields: Record<string, string>): string {
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`);
  if (actionId !== undefined) lines.splice(1, 0, `ActionID: ${actionId}\r\n`);
  return `${lines.join('')}\r\n`;
}

/**
 * Starts the server on an ephemeral port.
 *
 * Protocol: greets with the banner; answers `Login` (plain) with `Success` or `Error`, echoing the
 * `ActionID`; after a successful login pauses `pauseAfterLoginMs`, then writes the stream in
 * `chunkBytes` writes, waiting for `drain` whenever the socket buffer is full. The connection stays
 * open afterwards so no client starts reconnecting; actions sent while the stream plays are
 * answered once it is complete (`Ping` with `Pong`, `Logoff` with `Goodbye` and the end of the
 * session, as Asterisk does; anything else with a bare `Success`).
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const pauseMs = options.pauseAfterLoginMs ?? 20;
  const host = options.host ?? '127.0.0.1';
  const sessions: MutableSession[] = [];
  const sockets = new Set<Socket>();

  const pump = async (socket: Socket, session: MutableSession): Promise<void> => {
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const { stream } = options;
    session.streamStartMs = monotonicMs();
    let offset = 0;
    while (offset < stream.length) {
      if (socket.destroyed) return;
      const end = Math.min(offset + chunkBytes, stream.length);
      const more = socket.write(stream.subarray(offset, end));
      session.bytesWritten = end;
      offset = end;
      if (!more && offset < stream.length) {
        await drainOrClose(socket);
      }
    }
    session.streamEndMs = monotonicMs();
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let resolveFinished: () => void = () => {};
    const session: MutableSession = {
      loggedIn: false,
      streamStartMs: undefined,
      streamEndMs: undefined,
      bytesWritten: 0,
      finished: new Promise<void>((resolve) => {
        resolveFinished = resolve;
      }),
    };
    sessions.push(session);
    let streaming = false;
    let streamed = false;
    let loggedOff = false;
    const held: string[] = [];
    let input = '';
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      resolveFinished();
    });
    socket.write(`${options.banner}\r\n`);
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      input += text;
      for (let end = input.search(/\r?\n\r?\n/); end >= 0; end = input.search(/\r?\n\r?\n/)) {
        const frame = input.slice(0, end);
        input = input.slice(end).replace(/^\r?\n\r?\n/, '');
        const headers = parseFrame(frame);
        const action = headers.get('action')?.toLowerCase();
        const id = headers.get('actionid');
        if (action === undefined) continue;
        if (action === 'logoff') loggedOff = true;
        if (!session.loggedIn) {
          if (
            action === 'login' &&
            headers.get('username') === options.username &&
            headers.get('secret') === options.secret
          ) {
            session.loggedIn = true;
            socket.write(response(id, { Response: 'Success', Message: 'Authentication accepted' }));
            streaming = true;
            pump(socket, session).then(
              () => {
                streamed = true;
                for (const answer of held.splice(0)) socket.write(answer);
                if (loggedOff) socket.end();
                resolveFinished();
              },
              () => socket.destroy(),
            );
          } else {
            socket.write(response(id, { Response: 'Error', Message: 'Authentication failed' }));
          }
          continue;
        }
        const answer =
          action === 'ping'
            ? response(id, { Response: 'Success', Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) })
            : action === 'logoff'
              ? response(id, { Response: 'Goodbye', Message: 'Thanks for all the fish.' })
              : response(id, { Response: 'Success', Message: `${action} accepted by the replay server` });
        if (streaming && !streamed) held.push(answer);
        else socket.write(answer);
        // Asterisk ends the session after answering Logoff; so does the replay, once the stream is out.
        if (action === 'logoff' && streamed) socket.end();
      }
    });
  });
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The replay server has no TCP address.');
  return {
    host,
    port: address.port,
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
