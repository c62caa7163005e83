import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  type Logger,
  type LogRecord,
  onceEvent,
  ProtocolError,
  RemoteError,
  TimeoutError,
  ValidationError,
} from '@aipbx/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeAmiServer, type FakeAmiServerOptions } from '../../test/fake-ami-server.js';
import type { AmiEvent } from '../parser/ami-event.js';
import type { AmiMessage } from '../parser/ami-message.js';
import { AmiClient } from './ami-client.js';
import type { AmiClientOptions } from './ami-client-options.js';
import type { AmiClientState } from './ami-client-state.js';

const WAIT = { timeoutMs: 3000 };
const servers: FakeAmiServer[] = [];
const clients: AmiClient[] = [];

afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(options: FakeAmiServerOptions = {}): Promise<FakeAmiServer> {
  const server = await FakeAmiServer.start(options);
  servers.push(server);
  return server;
}

function makeClient(server: FakeAmiServer, options: Partial<AmiClientOptions> = {}): AmiClient {
  const client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'admin',
    secret: 'amp111',
    pingIntervalMs: 0,
    reconnect: false,
    ...options,
  });
  clients.push(client);
  return client;
}

/** Connects and waits for the FullyBooted event that follows the login, so tests start from a quiet stream. */
async function connected(client: AmiClient): Promise<AmiClient> {
  const booted = onceEvent(client, 'FullyBooted', WAIT);
  await client.connect();
  await booted;
  return client;
}

const fastReconnect = { initialDelayMs: 5, maxDelayMs: 10, jitter: 'none' } as const;

/** Collects errors that listeners rethrow asynchronously, instead of letting them crash the run. */
function captureRethrown(): unknown[] {
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

/** A logger that keeps every record as given, unredacted, so a test can prove no secret was logged. */
function recordingLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const make = (scope: string): Logger => {
    const write =
      (level: LogRecord['level']) =>
      (message: string, fields?: Record<string, unknown>): void => {
        records.push({ level, message, time: Date.now(), scope, ...(fields ? { fields } : {}) });
      };
    return {
      level: 'debug',
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      child: (child: string) => make(`${scope}:${child}`),
    };
  };
  return { logger: make('test'), records };
}

describe('AmiClient login', () => {
  it('logs in with a plain secret, reads the banner version and walks the states in order', async () => {
    const server = await startServer();
    const client = makeClient(server, { events: 'call,system', authType: 'plain' });
    const states: Array<[AmiClientState, AmiClientState]> = [];
    client.on('state', (state, previous) => states.push([state, previous]));
    expect(client.state).toBe('idle');
    await client.connect();
    expect(client.state).toBe('connected');
    expect(client.version).toBe('11.0.0');
    expect(client.banner).toBe('Asterisk Call Manager/11.0.0');
    const login = server.actions.find((a) => a.get('Action') === 'Login')!;
    expect(login.get('Username')).toBe('admin');
    expect(login.get('Secret')).toBe('amp111');
    expect(login.get('Events')).toBe('call,system');
    expect(login.actionId).toMatch(/\S/);
    await client.close();
    expect(states).toEqual([
      ['connecting', 'idle'],
      ['authenticating', 'connecting'],
      ['connected', 'authenticating'],
      ['closing', 'connected'],
      ['closed', 'closing'],
    ]);
    expect(server.actions.at(-1)?.get('Action')).toBe('Logoff');
  });

  it('logs in with MD5: Challenge, then Key = md5(challenge + secret), never sending the secret', async () => {
    const server = await startServer();
    const client = makeClient(server, { authType: 'md5' });
    await client.connect();
    const [challenge, login] = server.actions;
    expect(challenge!.get('Action')).toBe('Challenge');
    expect(challenge!.get('AuthType')).toBe('MD5');
    expect(login!.get('AuthType')).toBe('MD5');
    const expected = createHash('md5').update(`${server.last.challenge}amp111`).digest('hex');
    expect(login!.get('Key')).toBe(expected);
    expect(login!.has('Secret')).toBe(false);
    expect(server.actions.some((a) => a.toString().includes('amp111'))).toBe(false);
  });

  it('by default (authType auto) logs in with MD5 when the PBX offers a challenge, without a warning', async () => {
    const server = await startServer();
    const { logger, records } = recordingLogger();
    const client = makeClient(server, { logger });
    await client.connect();
    expect(server.actions.map((a) => a.get('Action'))).toEqual(['Challenge', 'Login']);
    const login = server.actions[1]!;
    expect(login.get('AuthType')).toBe('MD5');
    expect(login.get('Key')).toBe(createHash('md5').update(`${server.last.challenge}amp111`).digest('hex'));
    expect(login.has('Secret')).toBe(false);
    expect(server.actions.some((a) => a.toString().includes('amp111'))).toBe(false);
    expect(records.filter((r) => r.level === 'warn')).toEqual([]);
    expect(records.find((r) => r.message === 'logged in')?.fields?.authType).toBe('md5');
  });

  it('authType auto falls back to a plain login, with a warning, when the PBX answers Challenge with an error', async () => {
    const server = await startServer();
    server.handler = (action, conn) => {
      if (action.get('Action') !== 'Challenge') return false;
      conn.respond(action, { Response: 'Error', Message: 'Must specify AuthType' });
      return true;
    };
    const { logger, records } = recordingLogger();
    const client = makeClient(server, { authType: 'auto', logger });
    await client.connect();
    expect(client.state).toBe('connected');
    expect(server.actions.map((a) => a.get('Action'))).toEqual(['Challenge', 'Login']);
    expect(server.actions[1]!.get('Secret')).toBe('amp111');
    const warnings = records.filter((r) => r.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/plain secret/);
    expect(warnings[0]!.fields?.reason).toBe('Must specify AuthType');
    expect(JSON.stringify(records)).not.toContain('amp111');

    const wrong = makeClient(server, { secret: 'wrong-secret-4711', authType: 'auto', logger });
    const error = (await wrong.connect().catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/fell back to it because the PBX offered no MD5 challenge/);
    expect(error.message).not.toContain('wrong-secret-4711');
    expect(JSON.stringify(records)).not.toContain('wrong-secret-4711');
  });

  it("authType 'md5' does not fall back when the PBX answers Challenge with an error", async () => {
    const server = await startServer();
    server.handler = (action, conn) => {
      if (action.get('Action') !== 'Challenge') return false;
      conn.respond(action, { Response: 'Error', Message: 'Must specify AuthType' });
      return true;
    };
    const client = makeClient(server, { authType: 'md5' });
    const error = await client.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.actions.map((a) => a.get('Action'))).toEqual(['Challenge']);
  });

  it.each(['plain', 'md5', 'auto'] as const)(
    'rejects a wrong %s secret with AuthenticationError naming user and host, not the secret',
    async (authType) => {
      const server = await startServer();
      const client = makeClient(server, { secret: 'wrong-secret-4711', authType });
      const error = await client.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      const auth = error as AuthenticationError;
      expect(auth.code).toBe('AUTH_FAILED');
      expect(auth.message).toContain('"admin"');
      expect(auth.message).toContain(`127.0.0.1:${server.port}`);
      expect(auth.message).not.toContain('wrong-secret-4711');
      expect(JSON.stringify(auth, Object.getOwnPropertyNames(auth))).not.toContain('wrong-secret-4711');
      expect(client.state).toBe('closed');
    },
  );

  it('reads an older Yeastar banner version', async () => {
    const server = await startServer({ banner: 'Asterisk Call Manager/1.1' });
    const client = makeClient(server);
    await client.connect();
    expect(client.version).toBe('1.1');
  });

  it('fails with CONNECTION_FAILED when nothing listens on the port', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = new AmiClient({
      host: '127.0.0.1',
      port,
      username: 'admin',
      secret: 'amp111',
      reconnect: false,
    });
    clients.push(client);
    const error = await client.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
    expect((error as ConnectionError).address).toBe(`127.0.0.1:${port}`);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(client.state).toBe('closed');
  });

  it('fails with CONNECTION_FAILED caused by a timeout when the server never sends a banner', async () => {
    const server = await startServer();
    server.muteNew = true;
    const client = makeClient(server, { connectTimeoutMs: 100 });
    const error = (await client.connect().catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/within 100 ms/);
    expect(client.state).toBe('closed');
  });

  it('connects over TLS with a trusted CA and refuses an unverified certificate by default', async () => {
    const dir = new URL('../../test/fixtures/tls/', import.meta.url);
    const cert = readFileSync(new URL('server-cert.pem', dir));
    const key = readFileSync(new URL('server-key.pem', dir));
    const server = await startServer({ tls: { cert, key } });
    const trusted = makeClient(server, { tls: { ca: cert } });
    await trusted.connect();
    expect(await trusted.command('core show version').catch((e: RemoteError) => e.code)).toBe('REMOTE');
    const untrusted = makeClient(server, { tls: true });
    const error = (await untrusted.connect().catch((e: unknown) => e)) as ConnectionError;
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).toMatch(/self[- ]signed/i);
  });

  it('defaults the TLS port to 5039 and the plain port to 5038', () => {
    const tls = new AmiClient({ host: 'pbx.example.com', username: 'u', secret: 's', tls: true });
    const plain = new AmiClient({ host: 'pbx.example.com', username: 'u', secret: 's' });
    expect(tls.address).toBe('pbx.example.com:5039');
    expect(plain.address).toBe('pbx.example.com:5038');
  });
});

describe('AmiClient actions', () => {
  it('correlates concurrent actions by ActionID with events interleaved', async () => {
    const server = await startServer();
    const held: Array<[AmiMessage, (typeof server)['last']]> = [];
    server.handler = (action, conn) => {
      if (action.get('Action') !== 'Getvar') return false;
      held.push([action, conn]);
      if (held.length === 2) {
        // Answer the second first, with events in between.
        const [[first], [second]] = held as [[AmiMessage, typeof conn], [AmiMessage, typeof conn]];
        conn.send({ Event: 'Newstate', Channel: 'PJSIP/100-1', ChannelState: '5' });
        conn.respond(second, { Response: 'Success', Variable: second.get('Variable')!, Value: 'two' });
        conn.send({ Event: 'Newstate', Channel: 'PJSIP/100-1', ChannelState: '6' });
        conn.respond(first, { Response: 'Success', Variable: first.get('Variable')!, Value: 'one' });
      }
      return true;
    };
    const client = makeClient(server);
    await client.connect();
    const seen: string[] = [];
    client.on('Newstate', (e) => seen.push(e.fields.ChannelState));
    const [a, b] = await Promise.all([
      client.action({ Action: 'Getvar', Variable: 'A' }),
      client.action({ Action: 'Getvar', Variable: 'B' }),
    ]);
    expect(a.response.get('Value')).toBe('one');
    expect(b.response.get('Value')).toBe('two');
    expect(a.response.actionId).not.toBe(b.response.actionId);
    expect(seen).toEqual(['5', '6']);
    expect(client.pendingActions).toBe(0);
  });

  it('resolves an event list with every item and the Complete event, unrelated events aside', async () => {
    const server = await startServer({ channels: ['PJSIP/100-1', 'PJSIP/200-2', 'PJSIP/300-3'] });
    const client = await connected(makeClient(server));
    const names: string[] = [];
    client.on('event', (e) => names.push(e.name));
    server.handler = (action, conn) => {
      if (action.get('Action') === 'CoreShowChannels') {
        conn.send({ Event: 'Newchannel', Channel: 'PJSIP/400-4' }); // before the response: not a list item
      }
      return false;
    };
    const { response, events, complete } = await client.action({ Action: 'CoreShowChannels' });
    expect(response.get('EventList')).toBe('start');
    expect(events.map((e) => e.get('Channel'))).toEqual(['PJSIP/100-1', 'PJSIP/200-2', 'PJSIP/300-3']);
    expect(complete?.name).toBe('CoreShowChannelsComplete');
    expect(complete?.get('ListItems')).toBe('3');
    expect(names).toEqual([
      'Newchannel',
      'CoreShowChannel',
      'CoreShowChannel',
      'CoreShowChannel',
      'CoreShowChannelsComplete',
    ]);
  });

  it('streams a long list through actionStream()', async () => {
    const channels = Array.from({ length: 50 }, (_, i) => `PJSIP/${1000 + i}-${i}`);
    const server = await startServer({ channels });
    const client = makeClient(server);
    await client.connect();
    const got: string[] = [];
    for await (const item of client.actionStream({ Action: 'CoreShowChannels' }))
      got.push(item.get('Channel')!);
    expect(got).toEqual(channels);
    const failing = client.actionStream({ Action: 'NoSuchList' });
    await expect(failing.next()).rejects.toBeInstanceOf(RemoteError);
  });

  it('returns command output from modern Output: lines', async () => {
    const lines = [
      'Channel              Location             State   Application(Data)',
      '0 active channels',
    ];
    const server = await startServer({ commands: { 'core show channels': lines } });
    const client = makeClient(server);
    await client.connect();
    expect(await client.command('core show channels')).toEqual(lines);
    const error = (await client.command('core show nothing').catch((e: unknown) => e)) as RemoteError;
    expect(error).toBeInstanceOf(RemoteError);
    expect(error.remoteMessage).toMatch(/No such command 'core show nothing'/);
  });

  it('returns command output from a legacy Response: Follows body', async () => {
    const lines = ['Channel   Location   State', '', '1 active channel'];
    const server = await startServer({ legacyCommand: true, commands: { 'core show channels': lines } });
    const client = makeClient(server);
    await client.connect();
    expect(await client.command('core show channels')).toEqual(lines);
  });

  it('rejects Response: Error with RemoteError carrying the message, secrets redacted', async () => {
    const server = await startServer();
    server.handler = (action, conn) => {
      if (action.get('Action') !== 'Redirect') return false;
      conn.respond(action, {
        Response: 'Error',
        Message: 'Channel not found (secret amp111 was in the dialplan)',
      });
      return true;
    };
    const client = makeClient(server);
    await client.connect();
    const error = (await client
      .action({ Action: 'Redirect', Channel: 'x' })
      .catch((e: unknown) => e)) as RemoteError;
    expect(error).toBeInstanceOf(RemoteError);
    expect(error.code).toBe('REMOTE');
    expect(error.message).toContain('Redirect');
    expect(error.remoteMessage).toContain('Channel not found');
    expect(error.message).not.toContain('amp111');
    expect(error.remoteMessage).not.toContain('amp111');
  });

  it('originates asynchronously and resolves with the matching OriginateResponse', async () => {
    const server = await startServer();
    const client = makeClient(server);
    await client.connect();
    const result = await client.originate({
      Channel: 'PJSIP/100',
      Context: 'from-internal',
      Exten: '200',
      Priority: 1,
    });
    expect(result.name).toBe('OriginateResponse');
    expect(result.fields.Response).toBe('Success');
    expect(result.fields.Channel).toBe('PJSIP/100');
    const sent = server.actions.find((a) => a.get('Action') === 'Originate')!;
    expect(sent.get('Async')).toBe('true');
    expect(sent.actionId).toBe(result.actionId);
  });

  it('rejects with TimeoutError when no answer comes, and with AbortError on abort', async () => {
    const server = await startServer();
    server.handler = (action) => action.get('Action') === 'Status';
    const client = makeClient(server);
    await client.connect();
    const timedOut = await client.action({ Action: 'Status' }, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect((timedOut as TimeoutError).timeoutMs).toBe(30);
    const controller = new AbortController();
    const aborted = client.action({ Action: 'Status' }, { signal: controller.signal });
    await server.waitForAction('Status');
    controller.abort(new Error('user left'));
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    expect(client.pendingActions).toBe(0);
  });

  it('refuses a timeoutMs that is not a positive number with a ValidationError, sending nothing', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = (await client
        .action({ Action: 'Status' }, { timeoutMs })
        .catch((e: unknown) => e)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.problems[0]!.field).toBe('timeoutMs');
    }
    expect(server.actions.filter((a) => a.get('Action') === 'Status')).toHaveLength(0);
  });

  it('writes actions in order through a full socket buffer, with no write queue of its own', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    const peer = server.last.socket;
    peer.pause(); // the PBX stops reading: the kernel's buffers fill, then net.Socket's own
    const accepted: boolean[] = [];
    const write = Socket.prototype.write;
    const spy = vi.spyOn(Socket.prototype, 'write').mockImplementation(function (this: Socket, ...args) {
      const ok = (write as (...a: unknown[]) => boolean).apply(this, args);
      if (typeof args[0] === 'string' && args[0].startsWith('Action: Ping')) accepted.push(ok);
      return ok;
    });
    const data = 'x'.repeat(32 * 1024);
    const pings = Array.from({ length: 200 }, (_, i) =>
      client.action({ Action: 'Ping', Seq: i, Data: data }),
    );
    spy.mockRestore();
    expect(accepted).toHaveLength(200);
    expect(accepted.at(-1)).toBe(false); // the socket buffered the rest itself
    await new Promise((resolve) => setTimeout(resolve, 50));
    peer.resume();
    await Promise.all(pings);
    const seqs = server.actions.filter((a) => a.get('Action') === 'Ping').map((a) => Number(a.get('Seq')));
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('refuses header injection and sends nothing', async () => {
    const server = await startServer();
    const client = makeClient(server);
    await client.connect();
    const before = server.actions.length;
    const error = await client
      .action({ Action: 'Command', Command: 'core show channels\r\nAction: Originate' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual(['Command']);
    await client.ping();
    expect(server.actions.slice(before).map((a) => a.get('Action'))).toEqual(['Ping']);
  });

  it('gives every action its own random ActionID: a UUID (122 random bits), no shared prefix across clients', async () => {
    const server = await startServer();
    const a = await connected(makeClient(server));
    const b = await connected(makeClient(server));
    for (let i = 0; i < 40; i++) await Promise.all([a.ping(), b.ping()]);
    const ids = server.actions.map((m) => m.actionId!);
    expect(ids.length).toBeGreaterThanOrEqual(84);
    for (const id of ids)
      expect(id).toMatch(/^aipbx-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Not sequential, not one prefix plus a counter: no two ids share even 8 random hex digits.
    const random = ids.map((id) => id.slice('aipbx-'.length));
    for (let i = 0; i < random.length; i++) {
      for (let j = i + 1; j < random.length; j++)
        expect(random[i]!.slice(0, 8)).not.toBe(random[j]!.slice(0, 8));
    }
  });

  it('keeps a caller-supplied ActionID, in any spelling, and refuses one given twice', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    const { response } = await client.action({ Action: 'Ping', ActionID: 'my-ping-1' });
    expect(response.actionId).toBe('my-ping-1');
    const lower = await client.action({ actionid: 'my-ping-2', Action: 'Ping' });
    expect(lower.response.actionId).toBe('my-ping-2');
    const sent = server.actions.at(-1)!;
    expect(sent.names).toEqual(['Action', 'ActionID']);
    expect(sent.actionId).toBe('my-ping-2');
    const twice = (await client
      .action({ Action: 'Ping', ActionID: 'a', actionid: 'b' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(twice).toBeInstanceOf(ValidationError);
    expect(twice.problems.map((p) => p.field)).toEqual(['actionid']);
  });

  it('always writes Action as the first line, whatever its place and case in the fields', async () => {
    const server = await startServer({ channels: ['PJSIP/100-1'] });
    const client = await connected(makeClient(server));
    await client.action({ Channel: 'x', Variable: 'A', Action: 'Getvar' }).catch(() => undefined);
    expect(server.actions.at(-1)!.names).toEqual(['Action', 'Channel', 'Variable', 'ActionID']);
    expect(server.actions.at(-1)!.get('Action')).toBe('Getvar');
    await client.action({ action: 'Ping' });
    expect(server.actions.at(-1)!.headers[0]).toEqual(['Action', 'Ping']);
    const items: AmiEvent[] = [];
    for await (const item of client.actionStream({ Filter: 'x', Action: 'CoreShowChannels' }))
      items.push(item);
    expect(items).toHaveLength(1);
    expect(server.actions.at(-1)!.names).toEqual(['Action', 'Filter', 'ActionID']);
    await client.originate({ Channel: 'PJSIP/100', Context: 'from-internal', Exten: '200', Priority: 1 });
    expect(server.actions.at(-1)!.names).toEqual([
      'Action',
      'Channel',
      'Context',
      'Exten',
      'Priority',
      'Async',
      'ActionID',
    ]);
    expect(server.actions.every((a) => a.names[0] === 'Action')).toBe(true);
  });

  it('refuses an action without Action, or with two fields equal ignoring case, and sends nothing', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    const before = server.actions.length;
    const missing = (await client.action({ Channel: 'x' }).catch((e: unknown) => e)) as ValidationError;
    expect(missing).toBeInstanceOf(ValidationError);
    expect(missing.problems.map((p) => p.field)).toEqual(['Action']);
    const twice = (await client
      .action({ Action: 'Ping', action: 'Command', Command: 'core stop now' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(twice).toBeInstanceOf(ValidationError);
    expect(twice.problems.map((p) => p.field)).toEqual(['action']);
    expect(twice.message).not.toContain('core stop now');
    const fields = (await client
      .action({ Action: 'Setvar', Variable: 'A', variable: 'B' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(fields.problems.map((p) => p.field)).toEqual(['variable']);
    await client.ping();
    expect(server.actions.slice(before).map((a) => a.get('Action'))).toEqual(['Ping']);
  });

  it('refuses Action and Async fields in originate(), the action: Command attack included, sending nothing', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    const before = server.actions.length;
    const error = (await client
      .originate({
        Channel: 'PJSIP/301',
        Application: 'Wait',
        Data: '1',
        action: 'Command',
        command: 'core stop now',
      })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.problems.map((p) => p.field)).toEqual(['action']);
    expect(error.message).toMatch(/originate\(\) sends Action: Originate/);
    expect(error.message).not.toContain('core stop now');
    for (const extra of [{ Action: 'Originate' }, { ASYNC: 'false' }, { async: true }]) {
      const refused = await client
        .originate({ Channel: 'PJSIP/301', Application: 'Wait', Data: '1', ...extra })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
    }
    await client.ping();
    expect(server.actions.slice(before).map((a) => a.get('Action'))).toEqual(['Ping']);
  });

  it('sends an escaped Variable so a comma cannot add a second variable to an Originate', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    await client.originate({
      Channel: 'PJSIP/100',
      Context: 'from-internal',
      Exten: '200',
      Priority: 1,
      Variable: { NOTE: 'hello,AIPBX_BOUND_ASSISTANT=x' },
    });
    const sent = server.actions.find((a) => a.get('Action') === 'Originate')!;
    expect(sent.getAll('Variable')).toEqual(['NOTE=hello\\,AIPBX_BOUND_ASSISTANT=x']);
  });

  it('rejects actions while not connected unless the offline queue is on', async () => {
    const server = await startServer();
    const client = makeClient(server);
    const error = (await client.action({ Action: 'Ping' }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toMatch(/Await connect\(\)/);
  });

  it('rejects pending actions with CONNECTION_LOST on close()', async () => {
    const server = await startServer();
    server.handler = (action) => action.get('Action') === 'Status';
    const client = makeClient(server);
    await client.connect();
    const outcome = client.action({ Action: 'Status' }).catch((e: unknown) => e);
    await server.waitForAction('Status');
    await client.close();
    const error = (await outcome) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(client.state).toBe('closed');
  });
});

describe('AmiClient events', () => {
  it('emits every event on `event` and by name, typed or generic', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    const all: string[] = [];
    const hangups: AmiEvent<'Hangup'>[] = [];
    const user: AmiEvent[] = [];
    client.on('event', (e) => all.push(e.name));
    client.on('Hangup', (e) => hangups.push(e));
    client.onEvent('UserEvent', (e) => user.push(e));
    server.broadcast({ Event: 'UserEvent', UserEvent: 'Ping' });
    server.broadcast({
      Event: 'Hangup',
      Channel: 'PJSIP/100-1',
      Cause: '16',
      'Cause-txt': 'Normal Clearing',
    });
    await onceEvent(client, 'Hangup', WAIT);
    expect(all).toEqual(['UserEvent', 'Hangup']);
    expect(hangups[0]!.fields['Cause-txt']).toBe('Normal Clearing');
    expect(user[0]!.get('userevent')).toBe('Ping');
    expect(() => client.onEvent('state', () => {})).toThrow(ValidationError);
  });

  it('survives a throwing listener: other listeners, later events and actions still work', async () => {
    const rethrown = captureRethrown();
    const server = await startServer();
    const client = makeClient(server);
    await client.connect();
    const seen: string[] = [];
    client.on('Newstate', () => {
      throw new Error('listener bug');
    });
    client.on('Newstate', (e) => seen.push(e.fields.ChannelState));
    server.broadcast({ Event: 'Newstate', ChannelState: '5' });
    server.broadcast({ Event: 'Newstate', ChannelState: '6' });
    await onceEvent(client, 'Newstate', { ...WAIT, filter: (e) => e.fields.ChannelState === '6' });
    expect(seen).toEqual(['5', '6']);
    await client.ping();
    expect(rethrown.map((e) => (e as Error).message)).toEqual(['listener bug', 'listener bug']);
  });

  it('reports an oversized frame as a ProtocolError and keeps going', async () => {
    const server = await startServer();
    const client = makeClient(server, { maxFrameLength: 200 });
    await client.connect();
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    server.broadcast({ Event: 'Huge', Data: 'x'.repeat(500) });
    server.broadcast({ Event: 'After' });
    await onceEvent(client, 'event', { ...WAIT, filter: (e) => e.name === 'After' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    await client.ping();
  });

  it('does not drop an error nobody listens for: logs it, or writes it with console.error without a logger', async () => {
    const server = await startServer();
    const { logger, records } = recordingLogger();
    const logged = makeClient(server, { maxFrameLength: 200, logger });
    await logged.connect();
    const bare = makeClient(server, { maxFrameLength: 200 });
    await bare.connect();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      server.broadcast({ Event: 'Huge', Data: 'x'.repeat(500) });
      server.broadcast({ Event: 'After' });
      await Promise.all(
        [logged, bare].map((c) => onceEvent(c, 'event', { ...WAIT, filter: (e) => e.name === 'After' })),
      );
      const errors = records.filter((r) => r.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.scope).toBe('test:ami');
      expect(errors[0]!.message).toMatch(
        /^unhandled error event: An AMI frame was longer than the frame length limit/,
      );
      expect(errors[0]!.fields).toEqual({ name: 'ProtocolError', code: 'PROTOCOL' });
      expect(records.some((r) => r.level === 'warn' && r.message === 'protocol error')).toBe(false);
      expect(consoleError).toHaveBeenCalledOnce();
      expect(consoleError.mock.calls[0]![0]).toMatch(/^\[aipbx:ami\] Unhandled error event/);
      expect(consoleError.mock.calls[0]![1]).toBeInstanceOf(ProtocolError);
    } finally {
      consoleError.mockRestore();
    }
  });

  it('pauses the socket for a lagging events() consumer and delivers everything in order', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server, { highWaterMark: 10 }));
    const stream = client.events();
    const paused = onceEvent(client, 'backpressure', { ...WAIT, filter: (p) => p });
    const total = 300;
    let burst = '';
    for (let i = 0; i < total; i++) burst += `Event: Tick\r\nSeq: ${i}\r\n\r\n`;
    server.last.sendRaw(burst);
    await paused;
    expect(client.paused).toBe(true);
    // An action still gets its answer while the consumer lags: no deadlock.
    expect(await client.ping()).toBeGreaterThanOrEqual(0);
    const got: number[] = [];
    for await (const e of stream) {
      if (e.name !== 'Tick') continue;
      got.push(Number(e.get('Seq')));
      if (got.length === total) break;
    }
    expect(got).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(client.paused).toBe(false);
  });

  it('refuses a second next() on an event stream while the first still waits', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    const stream = client.events();
    const first = stream.next();
    await expect(stream.next()).rejects.toBeInstanceOf(ValidationError);
    server.broadcast({ Event: 'Tick' });
    expect((await first).value?.name).toBe('Tick');
  });

  it('ends events() on close and on abort', async () => {
    const server = await startServer();
    const client = await connected(makeClient(server));
    const controller = new AbortController();
    const aborted = client.events({ signal: controller.signal });
    const closed = client.events();
    controller.abort();
    expect(await aborted.next()).toEqual({ value: undefined, done: true });
    const next = closed.next();
    await client.close();
    expect(await next).toEqual({ value: undefined, done: true });
  });
});

describe('AmiClient connection recovery', () => {
  it('reconnects after the PBX drops the connection, logs in again and emits resync', async () => {
    const server = await startServer();
    const client = makeClient(server, { reconnect: fastReconnect });
    await client.connect();
    const states: AmiClientState[] = [];
    client.on('state', (s) => states.push(s));
    const disconnected = onceEvent(client, 'disconnect', WAIT);
    const connected = onceEvent(client, 'connect', WAIT);
    const resync = onceEvent(client, 'resync', WAIT);
    server.dropAll();
    const [lost] = await disconnected;
    expect(lost.code).toBe('CONNECTION_LOST');
    const [info] = await connected;
    expect(info).toEqual({ version: '11.0.0', reconnect: true });
    await resync;
    expect(states).toEqual(['reconnecting', 'connecting', 'authenticating', 'connected']);
    expect(server.actions.filter((a) => a.get('Action') === 'Login')).toHaveLength(2);
    await client.ping();
  });

  it('rejects actions in flight when the connection is lost (no offline queue)', async () => {
    const server = await startServer();
    server.handler = (action) => action.get('Action') === 'Status';
    const client = makeClient(server, { reconnect: fastReconnect });
    await client.connect();
    const pending = client.action({ Action: 'Status' });
    await server.waitForAction('Status');
    server.dropAll();
    const error = (await pending.catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('CONNECTION_LOST');
    await onceEvent(client, 'resync', WAIT);
  });

  it('with offlineQueue, resends an action in flight after the reconnect and queues new ones', async () => {
    const server = await startServer();
    const first = { done: false };
    server.handler = (action, conn) => {
      if (action.get('Action') !== 'Status') return false;
      if (!first.done) {
        first.done = true;
        conn.socket.destroy();
        return true;
      }
      conn.respond(action, {
        Response: 'Success',
        Message: `answered on connection ${server.connections.length}`,
      });
      return true;
    };
    const client = makeClient(server, { reconnect: fastReconnect, offlineQueue: true });
    await client.connect();
    const reconnecting = onceEvent(client, 'reconnecting', WAIT);
    const inFlight = client.action({ Action: 'Status' });
    await reconnecting;
    const queued = client.action({ Action: 'Status' });
    const [a, b] = await Promise.all([inFlight, queued]);
    expect(a.response.get('Message')).toBe('answered on connection 2');
    expect(b.response.get('Message')).toBe('answered on connection 2');
  });

  it('detects a half-open connection with the Ping watchdog and reconnects', async () => {
    const server = await startServer();
    const client = makeClient(server, { pingIntervalMs: 30, pingTimeoutMs: 60, reconnect: fastReconnect });
    await client.connect();
    const disconnected = onceEvent(client, 'disconnect', WAIT);
    const resync = onceEvent(client, 'resync', WAIT);
    server.last.muted = true; // accepts bytes, never answers
    const [lost] = await disconnected;
    expect(lost.message).toMatch(/no answer to Ping within 60 ms/);
    await resync;
    expect(server.connections).toHaveLength(2);
    expect(client.state).toBe('connected');
  });

  it('stays closed after a loss when reconnect is false', async () => {
    const server = await startServer();
    const client = makeClient(server, { reconnect: false });
    await client.connect();
    const closed = onceEvent(client, 'close', WAIT);
    server.dropAll();
    await closed;
    expect(client.state).toBe('closed');
  });

  it('gives up when the reconnect policy says so and emits error', async () => {
    const server = await startServer();
    const client = makeClient(server, { reconnect: { ...fastReconnect, maxAttempts: 2 } });
    await client.connect();
    const errored = onceEvent(client, 'error', WAIT);
    const port = server.port;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const [error] = await errored;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/Gave up reconnecting/);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(client.state).toBe('closed');
  });

  it('stops reconnecting when close() is called while waiting', async () => {
    const server = await startServer();
    const client = makeClient(server, {
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 'none' },
    });
    await client.connect();
    const reconnecting = onceEvent(client, 'reconnecting', WAIT);
    server.dropAll();
    await reconnecting;
    await client.close();
    expect(client.state).toBe('closed');
    expect(server.connections).toHaveLength(1);
  });
});

describe('AmiClient options', () => {
  it('reports every invalid option at once without echoing the secret', () => {
    let error: unknown;
    try {
      new AmiClient({
        host: '',
        username: '',
        secret: 'line\r\nbreak-secret',
        port: 70000,
        authType: 'sha' as 'md5',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.problems.map((p) => p.field)).toEqual(['host', 'username', 'secret', 'port', 'authType']);
    expect(v.message).not.toContain('break-secret');
    expect(v.problems.at(-1)!.message).toMatch(/'auto'/);
  });

  it('builds from the environment with fromEnv()', () => {
    const client = AmiClient.fromEnv(
      {
        YEASTAR_HOST: 'pbx.example.com',
        YEASTAR_PORT: '5040',
        YEASTAR_USERNAME: 'ami_user',
        YEASTAR_PASSWORD: 'pw',
      },
      { authType: 'md5' },
    );
    expect(client.address).toBe('pbx.example.com:5040');
  });
});
