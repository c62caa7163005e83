import { createHash, randomInt } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { AmiDecoder } from '../src/parser/ami-decoder.js';
import type { AmiMessage } from '../src/parser/ami-message.js';

/** Headers of a frame the fake server sends, in order. */
export type Frame = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;

/** Options of {@link FakeAmiServer.start}. */
export interface FakeAmiServerOptions {
  /** Banner line; default `Asterisk Call Manager/11.0.0`. `null` sends none. */
  banner?: string | null;
  /** Users and secrets; default `{ admin: 'amp111' }`. */
  users?: Record<string, string>;
  /** Answer `Command` the Asterisk ≤ 13 way (`Response: Follows` … `--END COMMAND--`). */
  legacyCommand?: boolean;
  /** CLI output per command. */
  commands?: Record<string, string[]>;
  /** Channels listed by `CoreShowChannels`. */
  channels?: string[];
  /** Serve TLS with these options. */
  tls?: TlsOptions;
}

/**
 * A handler for one action; return true when it answered (or deliberately ignored) the action,
 * false to fall through to the built-in behaviour.
 */
export type ActionHandler = (action: AmiMessage, conn: FakeAmiConnection) => boolean;

/** One client connection to the fake server. */
export class FakeAmiConnection {
  readonly socket: Socket;
  readonly server: FakeAmiServer;
  loggedIn = false;
  username: string | undefined;
  challenge: string | undefined;
  /** When true the connection accepts bytes but never answers (a half-open peer). */
  muted = false;

  constructor(socket: Socket, server: FakeAmiServer) {
    this.socket = socket;
    this.server = server;
  }

  /** Writes one frame (`Name: value` lines and a blank line). */
  send(frame: Frame): void {
    const entries = Array.isArray(frame) ? frame : Object.entries(frame);
    let text = '';
    for (const [name, value] of entries) text += `${name}: ${value}\r\n`;
    this.sendRaw(`${text}\r\n`);
  }

  /** Writes raw bytes. */
  sendRaw(text: string): boolean {
    if (this.socket.destroyed) return false;
    return this.socket.write(text);
  }

  /** Answers `action` with `frame`, adding its ActionID. */
  respond(action: AmiMessage, frame: Frame): void {
    const entries = Array.isArray(frame) ? [...frame] : Object.entries(frame);
    const id = action.actionId;
    if (id !== undefined) entries.splice(1, 0, ['ActionID', id]);
    this.send(entries);
  }
}

/** An in-process AMI server on 127.0.0.1 that speaks enough of the protocol for unit tests. */
export class FakeAmiServer extends EventEmitter {
  readonly options: FakeAmiServerOptions;
  readonly connections: FakeAmiConnection[] = [];
  /** Every action received, in order, on any connection. */
  readonly actions: AmiMessage[] = [];
  /** Tried before the built-in behaviour. */
  handler: ActionHandler | undefined;
  /** New connections start muted (accept, send nothing, answer nothing). */
  muteNew = false;
  #server: Server;
  port = 0;

  private constructor(options: FakeAmiServerOptions) {
    super();
    this.options = options;
    const onConnection = (socket: Socket): void => this.#accept(socket);
    this.#server = options.tls ? createTlsServer(options.tls, onConnection) : createServer(onConnection);
  }

  /** Starts a server on an ephemeral port. */
  static async start(options: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
    const server = new FakeAmiServer(options);
    server.#server.listen(0, '127.0.0.1');
    await once(server.#server, 'listening');
    const address = server.#server.address();
    if (address === null || typeof address === 'string') throw new Error('fake AMI server has no port');
    server.port = address.port;
    return server;
  }

  /** The most recent connection. */
  get last(): FakeAmiConnection {
    const conn = this.connections.at(-1);
    if (conn === undefined) throw new Error('fake AMI server: no connection yet');
    return conn;
  }

  /** Sends a frame to every open connection that is logged in. */
  broadcast(frame: Frame): void {
    for (const conn of this.connections) if (conn.loggedIn && !conn.socket.destroyed) conn.send(frame);
  }

  /** Destroys every open connection (the PBX went away). */
  dropAll(): void {
    for (const conn of this.connections) conn.socket.destroy();
  }

  /** Waits for the next emission of `event` that passes `filter`, at most `timeoutMs`. */
  async waitFor<T = unknown>(
    event: string,
    filter: (value: T) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<T> {
    const signal = AbortSignal.timeout(timeoutMs);
    for (;;) {
      try {
        const [value] = (await once(this, event, { signal })) as [T];
        if (filter(value)) return value;
      } catch (error) {
        if (signal.aborted) throw new Error(`fake AMI server: no "${event}" within ${timeoutMs} ms`);
        throw error;
      }
    }
  }

  /** Waits for an action named `name` (case-insensitive) to arrive. */
  waitForAction(name: string, timeoutMs = 3000): Promise<AmiMessage> {
    return this.waitFor<AmiMessage>(
      'action',
      (a) => a.get('Action')?.toLowerCase() === name.toLowerCase(),
      timeoutMs,
    );
  }

  /** Stops listening and destroys every connection. */
  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    const conn = new FakeAmiConnection(socket, this);
    conn.muted = this.muteNew;
    this.connections.push(conn);
    socket.on('error', () => {});
    const decoder = new AmiDecoder(
      {
        onMessage: (action) => {
          if (conn.muted) return;
          this.actions.push(action);
          this.emit('action', action, conn);
          if (this.handler?.(action, conn)) return;
          this.#builtIn(action, conn);
        },
      },
      { expectBanner: false },
    );
    socket.on('data', (chunk: Buffer) => decoder.write(chunk));
    socket.on('close', () => this.emit('disconnect', conn));
    if (!conn.muted && this.options.banner !== null) {
      conn.sendRaw(`${this.options.banner ?? 'Asterisk Call Manager/11.0.0'}\r\n`);
    }
    this.emit('connection', conn);
  }

  #builtIn(action: AmiMessage, conn: FakeAmiConnection): void {
    const name = (action.get('Action') ?? '').toLowerCase();
    const users = this.options.users ?? { admin: 'amp111' };
    if (name === 'challenge') {
      conn.challenge = String(randomInt(100_000_000, 999_999_999));
      conn.respond(action, [
        ['Response', 'Success'],
        ['Challenge', conn.challenge],
      ]);
      return;
    }
    if (name === 'login') {
      const user = action.get('Username') ?? '';
      const secret = users[user];
      let ok = false;
      if (secret !== undefined) {
        if ((action.get('AuthType') ?? '').toLowerCase() === 'md5') {
          const expected = createHash('md5')
            .update((conn.challenge ?? '') + secret)
            .digest('hex');
          ok = conn.challenge !== undefined && action.get('Key') === expected;
        } else {
          ok = action.get('Secret') === secret;
        }
      }
      if (!ok) {
        conn.respond(action, [
          ['Response', 'Error'],
          ['Message', 'Authentication failed'],
        ]);
        conn.socket.end();
        return;
      }
      conn.loggedIn = true;
      conn.username = user;
      conn.respond(action, [
        ['Response', 'Success'],
        ['Message', 'Authentication accepted'],
      ]);
      conn.send([
        ['Event', 'FullyBooted'],
        ['Privilege', 'system,all'],
        ['Uptime', '10'],
        ['LastReload', '10'],
        ['Status', 'Fully Booted'],
      ]);
      this.emit('login', conn);
      return;
    }
    if (!conn.loggedIn) {
      conn.respond(action, [
        ['Response', 'Error'],
        ['Message', 'Permission denied'],
      ]);
      return;
    }
    switch (name) {
      case 'ping':
        conn.respond(action, [
          ['Response', 'Success'],
          ['Ping', 'Pong'],
          ['Timestamp', '1731153601.123456'],
        ]);
        return;
      case 'logoff':
        conn.respond(action, [
          ['Response', 'Goodbye'],
          ['Message', 'Thanks for all the fish.'],
        ]);
        conn.socket.end();
        return;
      case 'command': {
        const command = action.get('Command') ?? '';
        const output = this.options.commands?.[command];
        if (this.options.legacyCommand) {
          const id = action.actionId === undefined ? '' : `ActionID: ${action.actionId}\r\n`;
          const body = output === undefined ? `No such command '${command}'\n` : `${output.join('\n')}\n`;
          conn.sendRaw(`Response: Follows\r\nPrivilege: Command\r\n${id}${body}--END COMMAND--\r\n\r\n`);
          return;
        }
        if (output === undefined) {
          conn.respond(action, [
            ['Response', 'Error'],
            ['Message', 'Command output follows'],
            [
              'Output',
              `No such command '${command}' (type 'core show help ${command}' for other possible commands)`,
            ],
          ]);
          return;
        }
        conn.respond(action, [
          ['Response', 'Success'],
          ['Message', 'Command output follows'],
          ...output.map((line) => ['Output', line] as const),
        ]);
        return;
      }
      case 'coreshowchannels': {
        const channels = this.options.channels ?? [];
        conn.respond(action, [
          ['Response', 'Success'],
          ['EventList', 'start'],
          ['Message', 'Channels will follow'],
        ]);
        channels.forEach((channel, i) => {
          conn.respond(action, [
            ['Event', 'CoreShowChannel'],
            ['Channel', channel],
            ['Uniqueid', `1731153601.${i}`],
            ['ChannelStateDesc', 'Up'],
          ]);
        });
        conn.respond(action, [
          ['Event', 'CoreShowChannelsComplete'],
          ['EventList', 'Complete'],
          ['ListItems', String(channels.length)],
        ]);
        return;
      }
      case 'originate':
        conn.respond(action, [
          ['Response', 'Success'],
          ['Message', 'Originate successfully queued'],
        ]);
        setImmediate(() =>
          conn.respond(action, [
            ['Event', 'OriginateResponse'],
            ['Response', 'Success'],
            ['Channel', action.get('Channel') ?? ''],
            ['Context', action.get('Context') ?? ''],
            ['Exten', action.get('Exten') ?? ''],
            ['Reason', '4'],
            ['Uniqueid', '1731153601.42'],
          ]),
        );
        return;
      default:
        conn.respond(action, [
          ['Response', 'Error'],
          ['Message', 'Invalid/unknown command'],
        ]);
    }
  }
}
