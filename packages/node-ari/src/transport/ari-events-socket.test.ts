import {
  AbortError,
  type AipbxError,
  AuthenticationError,
  ConnectionError,
  noopLogger,
  onceEvent,
  ProtocolError,
  TimeoutError,
} from '@aipbx/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APP,
  ariEvent,
  basic,
  captureRethrown,
  channel,
  closedPort,
  FakeAriServer,
  type FakeEventsConnection,
  type FakeUpgrade,
  PASSWORD,
  rejectionOf,
  TLS_CERT,
  USER,
  within,
} from '../../test/fake-ari-server.js';
import type { AriMessage } from '../client/generated/ari-api.js';
import { AriEventsSocket, type AriEventsSocketOptions } from './ari-events-socket.js';
import { canMove, type EventsSocketState } from './events-socket-state.js';

const WAIT = { timeoutMs: 3000 };
const fastReconnect = { initialDelayMs: 10, maxDelayMs: 50 };
const cleanups: (() => unknown)[] = [];
/** Every state change of every socket made in a test, checked against the table after it. */
const journeys: { socket: AriEventsSocket; steps: [EventsSocketState, EventsSocketState][] }[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllGlobals();
  for (const { steps } of journeys.splice(0)) {
    let current: EventsSocketState = 'idle';
    for (const [state, previous] of steps) {
      expect(previous, `a state event continues from ${current}`).toBe(current);
      expect(canMove(previous, state), `${previous} → ${state} is a documented transition`).toBe(true);
      current = state;
    }
  }
});

async function fake(options: { tls?: boolean } = {}): Promise<FakeAriServer> {
  const server = await FakeAriServer.start(options);
  cleanups.push(() => server.close());
  return server;
}

function socketFor(
  server: FakeAriServer | string,
  options: Partial<AriEventsSocketOptions> = {},
): { socket: AriEventsSocket; states: EventsSocketState[]; errors: AipbxError[] } {
  const socket = new AriEventsSocket({
    url: new URL(typeof server === 'string' ? server : server.url),
    username: USER,
    password: PASSWORD,
    apps: [APP],
    subscribeAll: false,
    connectTimeoutMs: 2000,
    pingIntervalMs: 0,
    pingTimeoutMs: 1000,
    reconnect: fastReconnect,
    logger: noopLogger,
    ...options,
  });
  const steps: [EventsSocketState, EventsSocketState][] = [];
  const states: EventsSocketState[] = [];
  const errors: AipbxError[] = [];
  socket.on('state', (state, previous) => {
    steps.push([state, previous]);
    states.push(state);
  });
  socket.on('error', (error) => errors.push(error));
  journeys.push({ socket, steps });
  cleanups.push(() => socket.close());
  return { socket, states, errors };
}

/** Waits for the socket to reach `state`. */
function reach(socket: AriEventsSocket, state: EventsSocketState, timeoutMs = 3000): Promise<unknown> {
  if (socket.state === state) return Promise.resolve();
  return onceEvent(socket, 'state', { timeoutMs, filter: (s) => s === state });
}

/** Resolves once the server side of `connection` is closed. */
function closedOnServer(connection: FakeEventsConnection): Promise<unknown> {
  const { ws } = connection;
  return ws.readyState === ws.CLOSED
    ? Promise.resolve()
    : new Promise((resolve) => ws.once('close', resolve));
}

const start = (id: string) => ariEvent('StasisStart', { args: ['support-bot'], channel: channel(id) });

describe('AriEventsSocket connecting', () => {
  it('connects with the Authorization header and the app in the query, never the password in the URL', async () => {
    const server = await fake();
    const { socket, states } = socketFor(server);
    const opened = onceEvent(socket, 'open', WAIT);
    await socket.connect();
    expect(await opened).toEqual([{ reconnect: false }]);
    expect(socket.state).toBe('open');
    expect(states).toEqual(['connecting', 'open']);
    const [upgrade] = server.upgradeRequests;
    expect(upgrade?.headers.authorization).toBe(basic(USER, PASSWORD));
    expect(upgrade?.url).toBe(`/ari/events?app=${APP}`);
    expect(upgrade?.url).not.toContain(PASSWORD);
    expect(socket.address).toBe(`ws://127.0.0.1:${server.port}/ari/events?app=${APP}`);
    expect(socket.address).not.toContain(PASSWORD);
  });

  it('registers several apps at once and asks for every event with subscribeAll', async () => {
    const server = await fake();
    const { socket } = socketFor(server, { apps: ['one', 'two'], subscribeAll: true });
    await socket.connect();
    const query = new URL(server.upgradeRequests[0]!.url, 'http://x').searchParams;
    expect(query.get('app')).toBe('one,two');
    expect(query.get('subscribeAll')).toBe('true');
  });

  it('refuses to connect again while open', async () => {
    const server = await fake();
    const { socket } = socketFor(server);
    await socket.connect();
    await expect(socket.connect()).rejects.toBeInstanceOf(ConnectionError);
    expect(socket.state).toBe('open');
  });

  it('rejects a 401 on the upgrade with AuthenticationError naming the user, and ends closed', async () => {
    const server = await fake();
    const wrong = `wrong-${PASSWORD}`;
    const { socket, states } = socketFor(server, { password: wrong });
    const error = await rejectionOf(socket.connect());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain(`"${USER}"`);
    expect(error.message).not.toContain(wrong);
    expect(socket.state).toBe('closed');
    expect(states).toEqual(['connecting', 'closed']);
  });

  it('rejects another HTTP answer to the upgrade with ConnectionError naming the status', async () => {
    const server = await fake();
    server.upgrades = (_upgrade, _accept, refuse) => refuse(400);
    const { socket } = socketFor(server);
    const error = await rejectionOf(socket.connect());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(error.message).toContain('HTTP 400');
    expect(socket.state).toBe('closed');
  });

  it('does not retry a first connection that failed', async () => {
    const server = await fake();
    server.upgrades = (_upgrade, _accept, refuse) => refuse(503);
    const { socket, states } = socketFor(server);
    await expect(socket.connect()).rejects.toBeInstanceOf(ConnectionError);
    // A retry would come after at most maxDelayMs (50 ms); none may come in four times that.
    await expect(server.waitFor('upgrade', () => true, 200)).rejects.toThrow(/no "upgrade"/);
    expect(server.upgradeRequests).toHaveLength(1);
    expect(states).toEqual(['connecting', 'closed']);
  });

  it('rejects with ConnectionError CONNECTION_FAILED when nothing listens', async () => {
    const port = await closedPort();
    const { socket } = socketFor(`http://127.0.0.1:${port}`);
    const error = await rejectionOf(socket.connect());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(socket.state).toBe('closed');
  });

  it('rejects with TimeoutError when the handshake is never answered', async () => {
    const server = await fake();
    server.upgrades = () => undefined;
    const { socket } = socketFor(server, { connectTimeoutMs: 100 });
    const error = await within(rejectionOf(socket.connect()), 2000, 'the handshake timeout');
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100 });
    expect(socket.state).toBe('closed');
  });

  it('refuses a self-signed certificate without `ca`, saying to pass `ca`', async () => {
    const server = await fake({ tls: true });
    const { socket } = socketFor(server);
    const error = await rejectionOf(socket.connect());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('`ca`');
    expect(server.upgradeRequests).toEqual([]);
  });

  it('opens wss:// with the certificate given as `ca`', async () => {
    const server = await fake({ tls: true });
    const { socket } = socketFor(server, { ca: TLS_CERT });
    await socket.connect();
    expect(socket.address.startsWith('wss://127.0.0.1:')).toBe(true);
    const message = onceEvent(socket, 'message', WAIT);
    server.send(start('c-1'));
    expect((await message)[0]).toMatchObject({ type: 'StasisStart' });
  });

  it('ends closed, with no socket left open, when close() comes while the first connect is in flight', async () => {
    const server = await fake();
    let release: () => void = () => undefined;
    server.upgrades = (_upgrade, accept) => {
      release = accept;
    };
    const { socket } = socketFor(server);
    const connecting = socket.connect().catch((e: unknown) => e);
    await server.waitFor<FakeUpgrade>('upgrade');
    await socket.close();
    expect(socket.state).toBe('closed');
    const late = server.waitFor<FakeEventsConnection>('connection');
    release();
    const connection = await late;
    const outcome = await within(connecting, 2000, 'connect() to settle');
    // The upgrade completed after close(): the client must not keep (nor open) that socket.
    await within(closedOnServer(connection), 2000, 'the late WebSocket to be closed by the client');
    expect(socket.state).toBe('closed');
    expect(outcome).toBeInstanceOf(AbortError);
    expect(socket.state).toBe('closed');
  });
});

describe('AriEventsSocket messages', () => {
  it('hands each message to listeners in order, parsed', async () => {
    const server = await fake();
    const { socket } = socketFor(server);
    await socket.connect();
    const got: AriMessage[] = [];
    socket.on('message', (m) => got.push(m));
    const third = onceEvent(socket, 'message', { ...WAIT, filter: (m) => m.type === 'StasisEnd' });
    server.send(start('c-1'));
    server.send(ariEvent('ChannelDtmfReceived', { digit: '5', duration_ms: 80, channel: channel('c-1') }));
    server.send(ariEvent('StasisEnd', { channel: channel('c-1') }));
    await third;
    expect(got.map((m) => m.type)).toEqual(['StasisStart', 'ChannelDtmfReceived', 'StasisEnd']);
    expect(got[1]).toMatchObject({ digit: '5', channel: { id: 'c-1' } });
  });

  it.each([
    ['malformed JSON', '{"type": "StasisStart",'],
    ['JSON without type', '{"channel": {"id": "x"}}'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a type that is not text', '{"type": 7}'],
  ])('reports %s as a ProtocolError and still delivers the next good message', async (_what, text) => {
    const server = await fake();
    const { socket } = socketFor(server);
    await socket.connect();
    const got: AriMessage[] = [];
    socket.on('message', (m) => got.push(m));
    const reported = onceEvent(socket, 'error', WAIT);
    const next = onceEvent(socket, 'message', WAIT);
    server.send(text);
    server.send(start('c-2'));
    const [error] = await reported;
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.code).toBe('PROTOCOL');
    expect((await next)[0]).toMatchObject({ type: 'StasisStart', channel: { id: 'c-2' } });
    expect(got).toHaveLength(1);
    expect(socket.state).toBe('open');
  });

  it('reports a binary frame as a ProtocolError', async () => {
    const server = await fake();
    const { socket } = socketFor(server);
    await socket.connect();
    const reported = onceEvent(socket, 'error', WAIT);
    server.last.ws.send(Buffer.from(JSON.stringify(start('c-3'))), { binary: true });
    expect((await reported)[0]).toBeInstanceOf(ProtocolError);
  });

  it('keeps delivering after a listener throws, and rethrows that error asynchronously', async () => {
    const rethrown = captureRethrown();
    const server = await fake();
    const { socket } = socketFor(server);
    await socket.connect();
    const bug = new Error('listener bug');
    const seen: string[] = [];
    socket.on('message', (m) => {
      seen.push(`first ${m.type}`);
      if (m.type === 'StasisStart') throw bug;
    });
    socket.on('message', (m) => seen.push(`second ${m.type}`));
    const after = onceEvent(socket, 'message', { ...WAIT, filter: (m) => m.type === 'StasisEnd' });
    server.send(start('c-4'));
    server.send(ariEvent('StasisEnd', { channel: channel('c-4') }));
    await after;
    expect(seen).toEqual(['first StasisStart', 'second StasisStart', 'first StasisEnd', 'second StasisEnd']);
    expect(rethrown).toEqual([bug]);
    expect(socket.state).toBe('open');
  });
});

describe('AriEventsSocket losing the connection', () => {
  it('after an established connection drops, goes reconnecting → connecting → open with reconnect: true', async () => {
    const server = await fake();
    const { socket, states, errors } = socketFor(server);
    await socket.connect();
    const reopened = onceEvent(socket, 'open', WAIT);
    server.last.ws.terminate();
    expect(await reopened).toEqual([{ reconnect: true }]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
    expect(errors.map((e) => e.code)).toEqual(['CONNECTION_LOST']);
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect(server.connections).toHaveLength(2);
    expect(server.upgradeRequests[1]?.headers.authorization).toBe(basic(USER, PASSWORD));
    const message = onceEvent(socket, 'message', WAIT);
    server.send(start('c-5'));
    expect((await message)[0]).toMatchObject({ channel: { id: 'c-5' } });
  });

  it('reconnects after a clean close from the server too', async () => {
    const server = await fake();
    const { socket } = socketFor(server);
    await socket.connect();
    const reopened = onceEvent(socket, 'open', WAIT);
    server.last.ws.close(1001, 'shutting down');
    expect(await reopened).toEqual([{ reconnect: true }]);
  });

  it('keeps trying through failed attempts until the server accepts again', async () => {
    const server = await fake();
    const { socket, states } = socketFor(server);
    await socket.connect();
    let refusals = 2;
    server.upgrades = (_upgrade, accept, refuse) => {
      if (refusals-- > 0) refuse(503);
      else accept();
    };
    const reopened = onceEvent(socket, 'open', WAIT);
    server.last.ws.terminate();
    await reopened;
    expect(states).toEqual([
      'connecting',
      'open',
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'open',
    ]);
  });

  it('goes closed after a loss with reconnect: false', async () => {
    const server = await fake();
    const { socket, states, errors } = socketFor(server, { reconnect: false });
    await socket.connect();
    const closed = reach(socket, 'closed');
    server.last.ws.terminate();
    await closed;
    expect(states).toEqual(['connecting', 'open', 'closed']);
    expect(errors.map((e) => e.code)).toEqual(['CONNECTION_LOST']);
    await expect(server.waitFor('upgrade', () => true, 150)).rejects.toThrow(/no "upgrade"/);
  });

  it('gives up after maxAttempts with a CONNECTION_LOST error, and connect() works again after', async () => {
    const server = await fake();
    const { socket, states, errors } = socketFor(server, { reconnect: { ...fastReconnect, maxAttempts: 2 } });
    await socket.connect();
    server.upgrades = (_upgrade, _accept, refuse) => refuse(503);
    const closed = reach(socket, 'closed');
    server.last.ws.terminate();
    await closed;
    expect(states.slice(2)).toEqual([
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'reconnecting',
      'closed',
    ]);
    expect(errors.at(-1)).toBeInstanceOf(ConnectionError);
    expect(errors.at(-1)?.message).toMatch(/Gave up reconnecting/);
    server.upgrades = (_upgrade, accept) => accept();
    await socket.connect();
    expect(socket.state).toBe('open');
  });

  it('stays open while the server answers pings', async () => {
    const server = await fake();
    const { socket, states } = socketFor(server, { pingIntervalMs: 50, pingTimeoutMs: 50 });
    await socket.connect();
    for (let i = 0; i < 3; i++) await server.waitFor('ping');
    expect(socket.state).toBe('open');
    expect(states).toEqual(['connecting', 'open']);
    expect(server.connections).toHaveLength(1);
  });

  it('catches a peer that stops answering pings within pingIntervalMs + pingTimeoutMs, and replaces it', async () => {
    // `ws` answers pings by itself, so a frozen Asterisk is played by pausing the server side's
    // TCP socket: the ping is never read, no pong goes back, and no close frame either.
    const server = await fake();
    const pingIntervalMs = 100;
    const pingTimeoutMs = 100;
    const { socket } = socketFor(server, { pingIntervalMs, pingTimeoutMs });
    await socket.connect();
    const lost = reach(socket, 'reconnecting', pingIntervalMs + pingTimeoutMs + 200);
    const frozenAt = performance.now();
    server.last.socket.pause();
    await lost;
    // The next ping goes out within pingIntervalMs, its deadline passes pingTimeoutMs later; 200 ms
    // of slack for the event loop.
    expect(performance.now() - frozenAt).toBeLessThan(pingIntervalMs + pingTimeoutMs + 200);
    await reach(socket, 'open');
    expect(server.connections).toHaveLength(2);
  });

  it('gives a pong the whole pingTimeoutMs, even when that is longer than pingIntervalMs', async () => {
    // pingTimeoutMs is documented as "how long a pong may take before the socket is replaced". The
    // peer here is slow, not dead: it reads (and answers) the pings 200 ms late, well within the
    // 2,000 ms allowed, while pings go out every 30 ms.
    const server = await fake();
    const { socket, states } = socketFor(server, { pingIntervalMs: 30, pingTimeoutMs: 2000 });
    await socket.connect();
    const raw = server.last.socket;
    raw.pause();
    const resume = setTimeout(() => raw.resume(), 200);
    cleanups.push(() => clearTimeout(resume));
    await server.waitFor('ping', () => true, 2000);
    await server.waitFor('ping', () => true, 2000);
    expect(states).toEqual(['connecting', 'open']);
    expect(server.connections).toHaveLength(1);
  });

  it('stops for good when close() is called while reconnecting', async () => {
    const server = await fake();
    const { socket, states } = socketFor(server);
    await socket.connect();
    socket.on('state', (state) => {
      if (state === 'reconnecting') void socket.close();
    });
    const closed = reach(socket, 'closed');
    server.last.ws.terminate();
    await closed;
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'closing', 'closed']);
    // The reconnect delay is at most 50 ms: no attempt may come in four times that.
    await expect(server.waitFor('upgrade', () => true, 200)).rejects.toThrow(/no "upgrade"/);
    expect(socket.state).toBe('closed');
  });

  it('drops a reconnection that completes after close()', async () => {
    const server = await fake();
    const { socket, states } = socketFor(server);
    await socket.connect();
    let release: () => void = () => undefined;
    server.upgrades = (_upgrade, accept) => {
      release = accept;
    };
    const retrying = server.waitFor<FakeUpgrade>('upgrade');
    server.last.ws.terminate();
    await retrying;
    await socket.close();
    expect(socket.state).toBe('closed');
    const late = server.waitFor<FakeEventsConnection>('connection');
    release();
    const connection = await late;
    await within(closedOnServer(connection), 2000, 'the late WebSocket to be closed');
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'closing', 'closed']);
  });
});

describe('AriEventsSocket closing', () => {
  it('moves only along the documented transitions through a whole life (each test is checked the same way after it)', async () => {
    const server = await fake();
    const { socket } = socketFor(server, { reconnect: { ...fastReconnect, maxAttempts: 1 } });
    const pairs: [EventsSocketState, EventsSocketState][] = [];
    socket.on('state', (state, previous) => pairs.push([previous, state]));
    await socket.connect();
    server.last.ws.terminate();
    await onceEvent(socket, 'open', WAIT);
    server.upgrades = (_upgrade, _accept, refuse) => refuse(503);
    const gaveUp = reach(socket, 'closed');
    server.last.ws.terminate();
    await gaveUp;
    server.upgrades = (_upgrade, accept) => accept();
    await socket.connect();
    await socket.close();
    expect(pairs.map(([from, to]) => `${from}>${to}`)).toEqual([
      'idle>connecting',
      'connecting>open',
      'open>reconnecting',
      'reconnecting>connecting',
      'connecting>open',
      'open>reconnecting',
      'reconnecting>connecting',
      'connecting>reconnecting',
      'reconnecting>closed',
      'closed>connecting',
      'connecting>open',
      'open>closing',
      'closing>closed',
    ]);
    for (const [from, to] of pairs) expect(canMove(from, to), `${from} → ${to}`).toBe(true);
  });

  it('closes with a close frame and ends closed; close() again is harmless', async () => {
    const server = await fake();
    const { socket, states } = socketFor(server);
    await socket.connect();
    const serverSide = server.last.ws;
    const closedOnServer = new Promise<number>((resolve) =>
      serverSide.once('close', (code) => resolve(code)),
    );
    await socket.close();
    expect(await within(closedOnServer, 2000, 'the server to see the close')).toBe(1000);
    await socket.close();
    expect(states).toEqual(['connecting', 'open', 'closing', 'closed']);
  });

  it('goes from idle straight to closed when closed before connecting', async () => {
    const { socket, states } = socketFor('http://127.0.0.1:1');
    await socket.close();
    expect(states).toEqual(['closed']);
  });

  it('can connect again after close()', async () => {
    const server = await fake();
    const { socket, states } = socketFor(server);
    await socket.connect();
    await socket.close();
    await socket.connect();
    expect(socket.state).toBe('open');
    expect(states).toEqual(['connecting', 'open', 'closing', 'closed', 'connecting', 'open']);
  });
});
