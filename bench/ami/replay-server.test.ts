import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from './replay-server.js';
import { syntheticStream, until } from './test-support/synthetic-stream.js';

const BANNER = 'Asterisk Call Manager/11.0.0';
const credentials = { username: 'bench', secret: 's3cret-value' };

/** A bare client: collects every byte the server sends. */
async function openClient(server: ReplayServer) {
  const socket: Socket = connect({ host: server.host, port: server.port });
  const chunks: Buffer[] = [];
  let received = 0;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => received,
    text: () => Buffer.concat(chunks).toString('utf8'),
    bytes: () => Buffer.concat(chunks),
  };
}

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startReplayServer', () => {
  it('greets with the banner, answers the login with its ActionID, then sends the stream byte for byte', async () => {
    const { bytes } = syntheticStream(500);
    server = await startReplayServer({ stream: bytes, banner: BANNER, ...credentials, pauseAfterLoginMs: 0 });
    const client = await openClient(server);
    await until(() => client.text().startsWith(`${BANNER}\r\n`), 2000, 'the banner');
    client.socket.write(
      `Action: Login\r\nActionID: 42\r\nUsername: bench\r\nSecret: ${credentials.secret}\r\n\r\n`,
    );
    const head = `${BANNER}\r\nResponse: Success\r\nActionID: 42\r\nMessage: Authentication accepted\r\n\r\n`;
    await until(() => client.received() === Buffer.byteLength(head) + bytes.length, 5000, 'the whole stream');
    expect(client.text().slice(0, head.length)).toBe(head);
    expect(client.bytes().subarray(Buffer.byteLength(head)).equals(bytes)).toBe(true);
    const session = server.sessions[0];
    expect(session?.loggedIn).toBe(true);
    expect(session?.bytesWritten).toBe(bytes.length);
    await session?.finished;
    expect(session?.streamEndMs).toBeGreaterThanOrEqual(session?.streamStartMs ?? Number.POSITIVE_INFINITY);
  });

  it('matches header names case-insensitively, as asterisk-manager sends them', async () => {
    const { bytes } = syntheticStream(3);
    server = await startReplayServer({ stream: bytes, banner: BANNER, ...credentials, pauseAfterLoginMs: 0 });
    const client = await openClient(server);
    client.socket.write(
      `Action: login\r\nActionid: 7\r\nEvent: on\r\nSecret: ${credentials.secret}\r\nUsername: bench\r\n\r\n`,
    );
    await until(() => client.text().includes('Event: Newexten'), 2000, 'the stream after a lower-case login');
    expect(client.text()).toContain('Response: Success\r\nActionID: 7\r\n');
  });

  it('refuses a wrong secret and sends no stream', async () => {
    const { bytes } = syntheticStream(50);
    server = await startReplayServer({ stream: bytes, banner: BANNER, ...credentials, pauseAfterLoginMs: 0 });
    const client = await openClient(server);
    client.socket.write('Action: Login\r\nActionID: 1\r\nUsername: bench\r\nSecret: wrong\r\n\r\n');
    await until(() => client.text().includes('Response: Error'), 2000, 'the login refusal');
    client.socket.write('Action: Ping\r\nActionID: 2\r\n\r\n');
    await until(() => client.text().includes('ActionID: 2'), 2000, 'the answer to an action before login');
    expect(client.text()).not.toContain('Event:');
    expect(client.text()).not.toContain(credentials.secret);
    expect(server.sessions[0]?.loggedIn).toBe(false);
    expect(server.sessions[0]?.bytesWritten).toBe(0);
  });

  it('honours backpressure: stops writing while the client does not read, resumes when it does', async () => {
    // Far more than loopback socket buffers hold, so a paused reader must stall the writer.
    const { bytes } = syntheticStream(150_000);
    server = await startReplayServer({ stream: bytes, banner: BANNER, ...credentials, pauseAfterLoginMs: 0 });
    const client = await openClient(server);
    client.socket.write(`Action: Login\r\nUsername: bench\r\nSecret: ${credentials.secret}\r\n\r\n`);
    await until(() => client.received() > 0, 2000, 'the first bytes');
    client.socket.pause();
    const session = server.sessions[0];
    let last = -1;
    let stableChecks = 0;
    // Stalled: the count of bytes handed to the socket stops moving well before the end.
    await until(
      () => {
        const now = session?.bytesWritten ?? 0;
        stableChecks = now === last ? stableChecks + 1 : 0;
        last = now;
        return stableChecks >= 20;
      },
      10_000,
      'the server to stall while the client is paused',
    );
    expect(session?.bytesWritten).toBeLessThan(bytes.length);
    expect(session?.streamEndMs).toBeUndefined();
    client.socket.resume();
    await session?.finished;
    await until(() => client.bytes().includes(bytes.subarray(-200)), 10_000, 'the end of the stream');
    const received = client.bytes();
    expect(received.subarray(received.length - bytes.length).equals(bytes)).toBe(true);
  });

  it('answers Ping after the stream, and Logoff with Goodbye before ending the session', async () => {
    const { bytes } = syntheticStream(10);
    server = await startReplayServer({ stream: bytes, banner: BANNER, ...credentials, pauseAfterLoginMs: 0 });
    const client = await openClient(server);
    const ended = new Promise<void>((resolve) => client.socket.once('end', resolve));
    client.socket.write(`Action: Login\r\nUsername: bench\r\nSecret: ${credentials.secret}\r\n\r\n`);
    await server.sessions[0]?.finished;
    client.socket.write('Action: Ping\r\nActionID: p1\r\n\r\nAction: Logoff\r\nActionID: bye\r\n\r\n');
    await ended;
    expect(client.text()).toMatch(/Response: Success\r\nActionID: p1\r\nPing: Pong\r\n/);
    expect(client.text()).toMatch(/Response: Goodbye\r\nActionID: bye\r\n/);
  });
});
