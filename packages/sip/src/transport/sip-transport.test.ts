import * as dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import * as tls from 'node:tls';
import {
  ConnectionError,
  type Logger,
  noopLogger,
  ProtocolError,
  TimeoutError,
  ValidationError,
} from '@aipbx/core';
import { Registerer, RegistererState, StateTransitionError, TransportState, UserAgent } from 'sip.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeSipTransport, type NodeSipTransportOptions } from './sip-transport.js';

// Captured before any test fakes timers: waits in tests always run on real time.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** A self-signed certificate for localhost and 127.0.0.1, valid 2000–2999; test use only. */
const CERT = `-----BEGIN CERTIFICATE-----
MIIBWjCCAQGgAwIBAgIUW51O8hktPJmeGYlLWDiLw+Y3Wj0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTAwMDEwMTAwMDAwMFoYDzI5OTkxMjMx
MDAwMDAwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAT9bQ9LiwAZTh1mOl0z0JL+b2gY3Dp6BJ/4Re4UTbanUdxG3bdhliIW
xlxgabhCSnuFBbmBLlomSokDU7xeFfnLoy8wLTAaBgNVHREEEzARgglsb2NhbGhv
c3SHBH8AAAEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAzZJ0B
THKwT4R6RhuKZ1Z79/6PwnuirMwpUI9RoBGHWAIgdPmURaBfvWmtZSu3VDqfBO1n
eLoa74zUmMJdjSVpp6c=
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgiIdk8MxQP/4DxZTN
kPbiFdJ2kl9ez/ZiSLSwtxncR4WhRANCAAT9bQ9LiwAZTh1mOl0z0JL+b2gY3Dp6
BJ/4Re4UTbanUdxG3bdhliIWxlxgabhCSnuFBbmBLlomSokDU7xeFfnL
-----END PRIVATE KEY-----
`;

const CRLF = '\r\n';
const WAIT_MS = 3000;

/** Waits for `promise`, failing with `what` after WAIT_MS of real time. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = realSetTimeout(
      () => reject(new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}`)),
      WAIT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => realClearTimeout(timer));
}

/** Values arriving over time, taken one by one in order. */
class Inbox<T> {
  readonly #items: T[] = [];
  readonly #waiters: Array<(item: T) => void> = [];

  push = (item: T): void => {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(item);
    else this.#items.push(item);
  };

  next(what: string): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift()!);
    return within(new Promise<T>((resolve) => this.#waiters.push(resolve)), what);
  }

  get size(): number {
    return this.#items.length;
  }
}

function sipMessage(startLine: string, body = '', branch = 'z9hG4bK-1', cseq = '1 OPTIONS'): string {
  return [
    startLine,
    `Via: SIP/2.0/UDP 127.0.0.1:5060;branch=${branch}`,
    'From: <sip:100@pbx>;tag=a',
    'To: <sip:200@pbx>',
    'Call-ID: call-1@pbx',
    `CSeq: ${cseq}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join(CRLF);
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A transport whose callbacks feed inboxes, disconnected after the test. */
function makeTransport(options: NodeSipTransportOptions) {
  const transport = new NodeSipTransport(options);
  const messages = new Inbox<string>();
  const disconnects = new Inbox<Error | undefined>();
  const states: TransportState[] = [];
  let connects = 0;
  transport.onMessage = messages.push;
  transport.onDisconnect = (error?: Error) => disconnects.push(error);
  transport.onConnect = () => {
    connects++;
  };
  transport.stateChange.addListener((state) => states.push(state));
  cleanups.push(() => transport.dispose());
  return { transport, messages, disconnects, states, connects: () => connects };
}

async function udpPbx() {
  const socket = dgram.createSocket('udp4');
  const received = new Inbox<{ text: string; from: dgram.RemoteInfo }>();
  let answer: ((text: string, from: dgram.RemoteInfo) => void) | undefined;
  socket.on('message', (data, from) => {
    const text = data.toString('utf8');
    if (answer) answer(text, from);
    received.push({ text, from });
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return {
    port: socket.address().port,
    received,
    send: (text: string, to: { address: string; port: number }) =>
      new Promise<void>((resolve, reject) =>
        socket.send(text, to.port, to.address, (error) => (error ? reject(error) : resolve())),
      ),
    answerWith: (fn: (text: string, from: dgram.RemoteInfo) => void) => {
      answer = fn;
    },
  };
}

/** A TCP (or TLS) server handing out its connections, each with an inbox of what it received. */
async function streamPbx(kind: 'tcp' | 'tls' | 'silent' = 'tcp') {
  const connections = new Inbox<{ socket: net.Socket; data: Inbox<string>; closed: Promise<void> }>();
  const accept = (socket: net.Socket) => {
    const data = new Inbox<string>();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => data.push(chunk));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    connections.push({ socket, data, closed });
  };
  const server =
    kind === 'tls' ? tls.createServer({ cert: CERT, key: KEY }, accept) : net.createServer(accept);
  // A TLS server whose client is rejected sees a handshake error: not the test's concern.
  server.on('tlsClientError', () => undefined);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, connections };
}

/** Reads from a stream connection until `expected` characters have arrived. */
async function readText(data: Inbox<string>, length: number, what: string): Promise<string> {
  let text = '';
  while (text.length < length) text += await data.next(what);
  return text;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const result = await within(
    promise.then(
      () => undefined,
      (error: unknown) => error as Error,
    ),
    'the promise to settle',
  );
  if (!result) throw new Error('expected a rejection, but it resolved');
  return result;
}

describe('NodeSipTransport over UDP', () => {
  it('connects a socket to the server: local is the address the PBX sees, messages go both ways', async () => {
    const pbx = await udpPbx();
    const { transport, messages, states, connects } = makeTransport({
      protocol: 'udp',
      server: '127.0.0.1',
      port: pbx.port,
    });
    expect(transport.protocol).toBe('UDP');
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(transport.local).toBeUndefined();

    await within(transport.connect(), 'connect');
    expect(transport.isConnected()).toBe(true);
    expect(states).toEqual([TransportState.Connecting, TransportState.Connected]);
    expect(connects()).toBe(1);
    const local = transport.local!;
    expect(local.address).toBe('127.0.0.1');

    const out = sipMessage('OPTIONS sip:pbx SIP/2.0', 'Grüße 😀');
    await transport.send(out);
    const got = await pbx.received.next('the OPTIONS at the PBX');
    expect(got.text).toBe(out);
    expect(got.from.port).toBe(local.port);

    const reply = sipMessage('SIP/2.0 200 OK', 'Grüße 😀');
    await pbx.send('\r\n\r\n', local);
    await pbx.send(reply, local);
    expect(await messages.next('the 200 OK')).toBe(reply);
  });

  it('drops datagrams from anyone but the server', async () => {
    const pbx = await udpPbx();
    const { transport, messages } = makeTransport({ protocol: 'udp', server: '127.0.0.1', port: pbx.port });
    await within(transport.connect(), 'connect');
    const stranger = dgram.createSocket('udp4');
    cleanups.push(() => new Promise<void>((resolve) => stranger.close(() => resolve())));
    await new Promise<void>((resolve, reject) =>
      stranger.send(sipMessage('BYE sip:100@x SIP/2.0'), transport.local!.port, '127.0.0.1', (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    const fromPbx = sipMessage('NOTIFY sip:100@x SIP/2.0');
    await pbx.send(fromPbx, transport.local!);
    expect(await messages.next('the NOTIFY')).toBe(fromPbx);
    expect(messages.size).toBe(0);
  });

  it('disconnects on request: onDisconnect without error, sending is refused after', async () => {
    const pbx = await udpPbx();
    const { transport, disconnects, states } = makeTransport({
      protocol: 'udp',
      server: '127.0.0.1',
      port: pbx.port,
    });
    await within(transport.connect(), 'connect');
    const firstPort = transport.local?.port;
    await within(transport.disconnect(), 'disconnect');
    expect(states).toEqual([
      TransportState.Connecting,
      TransportState.Connected,
      TransportState.Disconnecting,
      TransportState.Disconnected,
    ]);
    expect(await disconnects.next('onDisconnect')).toBeUndefined();
    expect(transport.local).toBeUndefined();
    const error = await failureOf(transport.send(sipMessage('OPTIONS sip:pbx SIP/2.0')));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/Cannot send "OPTIONS sip:pbx SIP\/2\.0".*disconnected, not connected/);
    // Connecting again works, from the same port.
    await within(transport.connect(), 'reconnect');
    expect(transport.isConnected()).toBe(true);
    expect(transport.local?.port).toBe(firstPort);
  });

  it('retransmits over the socket until the answer, and leaves no timer after disconnect', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pbx = await udpPbx();
    const { transport, messages } = makeTransport({ protocol: 'udp', server: '127.0.0.1', port: pbx.port });
    await within(transport.connect(), 'connect');
    const local = transport.local!;

    // An outgoing request: again after T1, not after its response.
    const register = sipMessage('REGISTER sip:pbx SIP/2.0', '', 'z9hG4bK-reg', '1 REGISTER');
    await transport.send(register);
    expect((await pbx.received.next('the REGISTER')).text).toBe(register);
    vi.advanceTimersByTime(500);
    expect((await pbx.received.next('the REGISTER again')).text).toBe(register);
    await pbx.send(sipMessage('SIP/2.0 200 OK', '', 'z9hG4bK-reg', '1 REGISTER'), local);
    await messages.next('the 200 OK');

    // A busy answer to the PBX's INVITE: again after T1, not after the ACK.
    const busy = sipMessage('SIP/2.0 486 Busy Here', '', 'z9hG4bK-inv', '1 INVITE');
    await transport.send(busy);
    expect((await pbx.received.next('the 486')).text).toBe(busy);
    vi.advanceTimersByTime(500);
    expect((await pbx.received.next('the 486 again')).text).toBe(busy);
    await pbx.send(sipMessage('ACK sip:100@x SIP/2.0', '', 'z9hG4bK-inv', '1 ACK'), local);
    await messages.next('the ACK');

    vi.advanceTimersByTime(40_000);
    const marker = sipMessage('OPTIONS sip:marker SIP/2.0', '', 'z9hG4bK-marker');
    await transport.send(marker);
    expect((await pbx.received.next('the marker')).text).toBe(marker);

    await transport.send(sipMessage('INVITE sip:200@pbx SIP/2.0', '', 'z9hG4bK-out', '1 INVITE'));
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await within(transport.disconnect(), 'disconnect');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stays connected when the PBX port is unreachable (ICMP), logging it once', async () => {
    const closed = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const warnings = new Inbox<string>();
    const logger: Logger = { ...noopLogger, warn: (message) => warnings.push(message) };
    const { transport, disconnects } = makeTransport({ protocol: 'udp', server: '127.0.0.1', port, logger });
    await within(transport.connect(), 'connect');
    await transport.send(sipMessage('OPTIONS sip:pbx SIP/2.0'));
    expect(await warnings.next('the unreachable warning')).toMatch(/unreachable over UDP/);
    expect(transport.isConnected()).toBe(true);
    expect(disconnects.size).toBe(0);
  });

  it('rejects connect() naming the server when its name does not resolve', async () => {
    const { transport, states } = makeTransport({
      protocol: 'udp',
      server: 'no-such-pbx.invalid',
      port: 5060,
    });
    const error = await failureOf(transport.connect());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
    expect((error as ConnectionError).address).toBe('no-such-pbx.invalid:5060');
    expect(error.message).toMatch(
      /"no-such-pbx\.invalid" \((ENOTFOUND|EAI_AGAIN)\).*no-such-pbx\.invalid:5060/,
    );
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(states).toEqual([TransportState.Connecting, TransportState.Disconnected]);
  });
  it('rejects connect() naming localAddress when it is not an address of this host', async () => {
    const pbx = await udpPbx();
    const { transport } = makeTransport({
      protocol: 'udp',
      server: '127.0.0.1',
      port: pbx.port,
      localAddress: '192.0.2.1',
    });
    const error = await failureOf(transport.connect());
    expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
    expect(error.message).toMatch(/to localAddress 192\.0\.2\.1 \(EADDRNOTAVAIL\)/);
  });
});

describe('NodeSipTransport over TCP', () => {
  it('frames what the PBX sends and sends whole messages; local is the connection’s address', async () => {
    const pbx = await streamPbx();
    const { transport, messages } = makeTransport({ protocol: 'tcp', server: '127.0.0.1', port: pbx.port });
    expect(transport.protocol).toBe('TCP');
    await within(transport.connect(), 'connect');
    const conn = await pbx.connections.next('the connection');
    expect(transport.local).toEqual({ address: conn.socket.remoteAddress, port: conn.socket.remotePort });

    const a = sipMessage('OPTIONS sip:100@x SIP/2.0');
    const b = sipMessage('MESSAGE sip:100@x SIP/2.0', 'Grüße 😀');
    const c = sipMessage('NOTIFY sip:100@x SIP/2.0', 'ä'.repeat(50));
    conn.socket.write(`${a}\r\n\r\n${b}`);
    const cBytes = Buffer.from(c);
    conn.socket.write(cBytes.subarray(0, cBytes.length - 11)); // inside a two-byte character
    expect(await messages.next('a')).toBe(a);
    expect(await messages.next('b')).toBe(b);
    conn.socket.write(cBytes.subarray(cBytes.length - 11));
    expect(await messages.next('c')).toBe(c);

    const out = sipMessage('SIP/2.0 200 OK', 'Grüße');
    await transport.send(out);
    expect(await readText(conn.data, out.length, 'the 200 OK at the PBX')).toBe(out);
  });

  it('reports a connection the PBX closes through onDisconnect(error), and connects again', async () => {
    const pbx = await streamPbx();
    const { transport, disconnects, states } = makeTransport({
      protocol: 'tcp',
      server: '127.0.0.1',
      port: pbx.port,
    });
    await within(transport.connect(), 'connect');
    const firstPort = transport.local?.port;
    const conn = await pbx.connections.next('the connection');
    conn.socket.end();
    const error = await disconnects.next('onDisconnect');
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('CONNECTION_LOST');
    expect(error!.message).toMatch(/The PBX closed the SIP TCP connection from 127\.0\.0\.1:\d+/);
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(states.at(-1)).toBe(TransportState.Disconnected);
    expect(states).not.toContain(TransportState.Disconnecting);
    await expect(transport.send(sipMessage('OPTIONS sip:pbx SIP/2.0'))).rejects.toThrow(/not connected/);

    await within(transport.connect(), 'reconnect');
    await pbx.connections.next('the second connection');
    expect(transport.isConnected()).toBe(true);
    // From the same port: the Contact the PBX registered stays right.
    expect(transport.local?.port).toBe(firstPort);
  });

  it('drops the connection when the PBX breaks SIP framing, saying why', async () => {
    const pbx = await streamPbx();
    const { transport, disconnects } = makeTransport({
      protocol: 'tcp',
      server: '127.0.0.1',
      port: pbx.port,
    });
    await within(transport.connect(), 'connect');
    const conn = await pbx.connections.next('the connection');
    conn.socket.write(`NOTIFY sip:100@x SIP/2.0\r\nContent-Length: lots\r\n\r\n`);
    const error = await disconnects.next('onDisconnect');
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error!.message).toMatch(
      /Dropped the SIP TCP connection to 127\.0\.0\.1:\d+: .*malformed Content-Length "lots"/,
    );
    expect(error!.cause).toBeInstanceOf(ProtocolError);
    await within(conn.closed, 'the PBX to see the connection close');
  });

  it('disconnect() closes the connection, calling onDisconnect without error', async () => {
    const pbx = await streamPbx();
    const { transport, disconnects } = makeTransport({
      protocol: 'tcp',
      server: '127.0.0.1',
      port: pbx.port,
    });
    await within(transport.connect(), 'connect');
    const conn = await pbx.connections.next('the connection');
    await within(transport.disconnect(), 'disconnect');
    expect(await disconnects.next('onDisconnect')).toBeUndefined();
    await within(conn.closed, 'the PBX to see the connection close');
    expect(transport.state).toBe(TransportState.Disconnected);
  });

  it('rejects connect() naming server:port when the connection is refused', async () => {
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const { transport, disconnects } = makeTransport({ protocol: 'tcp', server: '127.0.0.1', port });
    const error = await failureOf(transport.connect());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/refused the SIP TCP connection \(ECONNREFUSED\)/);
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(disconnects.size).toBe(0);
  });

  it('refuses connect()/disconnect() called from a state-change callback', async () => {
    const pbx = await streamPbx();
    const { transport } = makeTransport({ protocol: 'tcp', server: '127.0.0.1', port: pbx.port });
    let looped: Promise<void> | undefined;
    transport.onConnect = () => {
      looped = transport.disconnect();
    };
    await within(transport.connect(), 'connect');
    expect(await failureOf(looped!)).toBeInstanceOf(StateTransitionError);
    expect(transport.isConnected()).toBe(true);
  });

  it('validates its options, naming each problem', () => {
    const bad = {
      protocol: 'ws',
      server: '',
      port: 0,
      localAddress: 'eth0',
    } as unknown as NodeSipTransportOptions;
    let error: ValidationError | undefined;
    try {
      new NodeSipTransport(bad);
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.problems.map((p) => p.field)).toEqual(['protocol', 'server', 'port', 'localAddress']);
  });
});

describe('NodeSipTransport over TLS', () => {
  it('connects with the PBX’s certificate as ca and carries messages', async () => {
    const pbx = await streamPbx('tls');
    const { transport, messages } = makeTransport({
      protocol: 'tls',
      server: 'localhost',
      port: pbx.port,
      tls: { ca: CERT },
    });
    expect(transport.protocol).toBe('TLS');
    await within(transport.connect(), 'connect');
    const conn = await pbx.connections.next('the connection');
    const out = sipMessage('REGISTER sip:pbx SIP/2.0');
    await transport.send(out);
    expect(await readText(conn.data, out.length, 'the REGISTER at the PBX')).toBe(out);
    const reply = sipMessage('SIP/2.0 200 OK');
    conn.socket.write(reply);
    expect(await messages.next('the 200 OK')).toBe(reply);
  });

  it('refuses an unverified certificate by default, naming the cause and the fix', async () => {
    const pbx = await streamPbx('tls');
    const { transport } = makeTransport({ protocol: 'tls', server: '127.0.0.1', port: pbx.port });
    const error = await failureOf(transport.connect());
    expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
    expect(error.message).toMatch(
      /TLS certificate at 127\.0\.0\.1:\d+ was not accepted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN): .*tls\.ca/,
    );
  });

  it('names a certificate made out to another name', async () => {
    const pbx = await streamPbx('tls');
    const { transport } = makeTransport({
      protocol: 'tls',
      server: '127.0.0.1',
      port: pbx.port,
      tls: { ca: CERT, servername: 'pbx.example.com' },
    });
    const error = await failureOf(transport.connect());
    expect(error.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID.*tls\.servername/);
  });

  it('connects to an unverified certificate when rejectUnauthorized is false', async () => {
    const pbx = await streamPbx('tls');
    const { transport } = makeTransport({
      protocol: 'tls',
      server: '127.0.0.1',
      port: pbx.port,
      tls: { rejectUnauthorized: false },
    });
    await within(transport.connect(), 'connect');
    expect(transport.isConnected()).toBe(true);
  });

  it('times out a handshake the server never answers', async () => {
    const pbx = await streamPbx('silent');
    const { transport } = makeTransport({
      protocol: 'tls',
      server: '127.0.0.1',
      port: pbx.port,
      connectTimeoutMs: 200,
    });
    const error = await failureOf(transport.connect());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('TIMEOUT');
    expect(error.message).toMatch(/SIP TLS connection to 127\.0\.0\.1:\d+ did not open within 200 ms/);
    const conn = await pbx.connections.next('the connection');
    await within(conn.closed, 'the abandoned connection to close');
    expect(transport.state).toBe(TransportState.Disconnected);
  });

  it('disconnect() while connecting cancels the attempt', async () => {
    const pbx = await streamPbx('silent');
    const { transport, states, disconnects } = makeTransport({
      protocol: 'tls',
      server: '127.0.0.1',
      port: pbx.port,
    });
    const connecting = transport.connect();
    const conn = await pbx.connections.next('the connection');
    await within(transport.disconnect(), 'disconnect');
    const error = await failureOf(connecting);
    expect(error.message).toMatch(
      /connect\(\) of the SIP transport to 127\.0\.0\.1:\d+ was cancelled by disconnect\(\)/,
    );
    expect(states).toEqual([
      TransportState.Connecting,
      TransportState.Disconnecting,
      TransportState.Disconnected,
    ]);
    expect(disconnects.size).toBe(0);
    await within(conn.closed, 'the abandoned connection to close');
  });
});

describe('NodeSipTransport under sip.js', () => {
  it('tells what is missing when UserAgent got no transportOptions', () => {
    expect(
      () =>
        new UserAgent({
          uri: UserAgent.makeURI('sip:100@127.0.0.1'),
          transportConstructor: NodeSipTransport,
          logBuiltinEnabled: false,
          logConfiguration: false,
        }),
    ).toThrow(/Invalid SIP transport options: protocol: must be udp, tcp or tls/);
  });

  it('is built by UserAgent from transportOptions and carries a registration over UDP', async () => {
    const pbx = await udpPbx();
    pbx.answerWith((text, from) => {
      if (!text.startsWith('REGISTER ')) return;
      const header = (name: string) => new RegExp(`^${name}: .*$`, 'im').exec(text)?.[0] ?? '';
      const contact = /^Contact: (.*)$/im.exec(text)?.[1] ?? '';
      const reply = [
        'SIP/2.0 200 OK',
        header('Via'),
        header('From'),
        `${header('To')};tag=pbx`,
        header('Call-ID'),
        header('CSeq'),
        `Contact: ${contact};expires=300`,
        'Content-Length: 0',
        '',
        '',
      ].join(CRLF);
      void pbx.send(reply, from);
    });
    const ua = new UserAgent({
      uri: UserAgent.makeURI('sip:100@127.0.0.1'),
      transportConstructor: NodeSipTransport,
      transportOptions: {
        protocol: 'udp',
        server: '127.0.0.1',
        port: pbx.port,
      } satisfies NodeSipTransportOptions,
      logBuiltinEnabled: false,
      logConfiguration: false,
    });
    cleanups.push(() => ua.stop());
    expect(ua.transport).toBeInstanceOf(NodeSipTransport);
    await within(ua.start(), 'the user agent to start');
    const registerer = new Registerer(ua);
    const registered = new Promise<void>((resolve) =>
      registerer.stateChange.addListener((state) => {
        if (state === RegistererState.Registered) resolve();
      }),
    );
    await registerer.register();
    const register = await pbx.received.next('the REGISTER');
    expect(register.text).toMatch(/^REGISTER sip:127\.0\.0\.1 SIP\/2\.0\r\n/);
    expect(register.text).toMatch(/^Via: SIP\/2\.0\/UDP /m);
    await within(registered, 'the registration');
  });
});
