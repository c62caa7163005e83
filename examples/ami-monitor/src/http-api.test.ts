import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmiClient, CallMonitor } from '@aipbx/ami';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStreamParser, openEventStream } from '../test/sse-client.js';
import { EventStreamHub, encodeEvent } from './event-stream.js';
import { createRequestHandler, hostName, isLoopbackHost, type MonitorBackend } from './http-api.js';
import type { MonitorSnapshot } from './monitor-views.js';
import { defaultPublicDir, listPublicFiles } from './public-files.js';

const SNAPSHOT: MonitorSnapshot = {
  ami: 'connected',
  calls: [],
  extensions: [
    {
      extension: '301',
      context: 'aipbx-operators',
      device: 'PJSIP/301',
      state: 'idle',
      stateText: 'Idle',
      updatedAt: '2026-01-01T12:00:00.000Z',
    },
  ],
  history: [],
};

/** A raw HTTP request: the path goes out byte for byte (fetch would normalise `..` away). */
function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return within(
    new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: options.method ?? 'GET',
          headers: options.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(options.body);
    }),
    5000,
    `${options.method ?? 'GET'} ${path}`,
  );
}

let server: Server;
let base: string;
let hub: EventStreamHub;
let logs: string[];
let backend: MonitorBackend;
let client: AmiClient;
let hangups: string[];

async function start(
  overrides: {
    publicDir?: string;
    heartbeatMs?: number;
    maxBufferedBytes?: number;
    frameAncestors?: string[];
  } = {},
) {
  hub = new EventStreamHub({
    heartbeatMs: overrides.heartbeatMs ?? 60_000,
    ...(overrides.maxBufferedBytes ? { maxBufferedBytes: overrides.maxBufferedBytes } : {}),
  });
  const files = await listPublicFiles(overrides.publicDir ?? defaultPublicDir());
  server = createServer(
    createRequestHandler({
      backend: {
        snapshot: () => backend.snapshot(),
        clickToCall: (r) => backend.clickToCall(r),
        hangup: (id) => backend.hangup(id),
      },
      hub,
      files,
      log: (line) => logs.push(line),
      isAllowedHost: isLoopbackHost,
      maxBodyBytes: 1024,
      ...(overrides.frameAncestors ? { frameAncestors: overrides.frameAncestors } : {}),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  logs = [];
  hangups = [];
  // A real call monitor on a client that never connects: its own validation runs, and a valid
  // request fails for want of a connection.
  client = new AmiClient({
    host: '127.0.0.1',
    port: 1,
    username: 'web',
    secret: 'not-this-one',
    reconnect: false,
  });
  const monitor = new CallMonitor(client);
  backend = {
    snapshot: () => SNAPSHOT,
    clickToCall: async (request) => {
      const call = await monitor.call({ ...request, timeoutMs: 1000 });
      return { ...SNAPSHOT, id: call.id } as never;
    },
    hangup: async (id) => {
      hangups.push(id);
      return id === '1795460373.0';
    },
  };
});

afterEach(async () => {
  hub.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await client.close();
});

describe('framing', () => {
  it('no page may frame the monitor by default', async () => {
    await start();
    const res = await raw(base, '/');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('the listed origins may, and only they', async () => {
    await start({ frameAncestors: ['http://127.0.0.1:4402', 'http://localhost:4402'] });
    const res = await raw(base, '/');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain(
      'frame-ancestors http://127.0.0.1:4402 http://localhost:4402',
    );
  });
});

describe('the page', () => {
  beforeEach(() => start());

  it('serves index.html, app.js and style.css with their content types and a strict policy', async () => {
    for (const [path, type, text] of [
      ['/', 'text/html; charset=utf-8', '<title>AMI monitor</title>'],
      ['/index.html', 'text/html; charset=utf-8', 'aria-live'],
      ['/app.js', 'text/javascript; charset=utf-8', "new EventSource('/events')"],
      ['/style.css', 'text/css; charset=utf-8', '.visually-hidden'],
    ] as const) {
      const res = await raw(base, path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toContain(text);
    }
    const head = await raw(base, '/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await raw(base, '/', { method: 'DELETE' })).status).toBe(405);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/..%2Fsrc%2Fmain.ts',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..\\package.json',
    '/..%5cpackage.json',
    '/public/../src/main.ts',
    '/./index.html/../../package.json',
    '//etc/passwd',
    '/index.html%00.js',
    '/%00',
    '/.%2e/package.json',
    '/src/main.ts',
    '/app.js/',
    '/APP.JS',
  ])('does not serve %s', async (path) => {
    const res = await raw(base, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('@aipbx/example-ami-monitor');
    expect(res.body).not.toContain('startAmiMonitor');
    expect(res.body).not.toContain('root:');
  });

  it('rejects a request target that is not a path', async () => {
    expect((await raw(base, 'http://127.0.0.1/../package.json')).status).toBe(400);
  });
});

describe('the page folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ami-monitor-public-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, '.env'), 'SECRET=1');
    await writeFile(join(dir, 'notes.md'), 'not a page file');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'inner.js'), 'inner');
    await symlink('/etc', join(dir, 'etc.js'));
    await start({ publicDir: dir });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serves only plain files directly inside it with a known extension', async () => {
    expect((await raw(base, '/')).status).toBe(200);
    for (const path of ['/.env', '/notes.md', '/sub/inner.js', '/sub', '/etc.js', '/etc.js/passwd']) {
      expect((await raw(base, path)).status, path).toBe(404);
    }
  });

  it('refuses a folder without index.html, naming it', async () => {
    await rm(join(dir, 'index.html'));
    await expect(listPublicFiles(dir)).rejects.toThrow(dir);
  });
});

describe('the JSON API', () => {
  beforeEach(() => start());

  const json = { 'Content-Type': 'application/json' };

  it('gives the snapshot at /api/state', async () => {
    const res = await raw(base, '/api/state?x=1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual(SNAPSHOT);
    expect((await raw(base, '/api/state', { method: 'POST', headers: json, body: '{}' })).status).toBe(405);
  });

  it.each([
    ['no content type', {}],
    ['text/plain', { 'Content-Type': 'text/plain' }],
    ['a form', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }],
    ['json look-alike', { 'Content-Type': 'application/jsonp' }],
  ])('refuses click-to-call sent as %s with 415', async (_, headers) => {
    const res = await raw(base, '/api/calls', { method: 'POST', headers, body: '{"from":"301","to":"302"}' });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error).toMatch(/Content-Type: application\/json/);
  });

  it('accepts application/json with a charset', async () => {
    const res = await raw(base, '/api/calls', {
      method: 'POST',
      headers: { 'Content-Type': 'Application/JSON; charset=utf-8' },
      body: '{"from":"301","to":"302"}',
    });
    // Valid, so it reaches the PBX, which is not connected here.
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body).error).toMatch(/not connected/);
    expect(res.body).not.toContain('not-this-one');
  });

  it.each([
    ['to with a semicolon', { from: '301', to: '1;2' }, 'to:'],
    ['from as a dial string', { from: 'PJSIP/301&PJSIP/302', to: '302' }, 'from:'],
    [
      'a header injected into from',
      { from: '301\r\nAction: Command\r\nCommand: core stop now', to: '302' },
      'from:',
    ],
    ['a newline in to', { from: '301', to: '302\nChannel: Local/1' }, 'to:'],
    ['a URL-encoded newline', { from: '301', to: '302%0AAction: Originate' }, 'to:'],
    ['numbers instead of strings', { from: 301, to: 302 }, 'from:'],
    ['missing fields', {}, 'to:'],
    ['a very long number', { from: '301', to: '1'.repeat(500) }, 'to:'],
  ])('refuses %s with 400 and the AMI package message', async (_, body, field) => {
    const res = await raw(base, '/api/calls', { method: 'POST', headers: json, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const error = JSON.parse(res.body).error as string;
    expect(error).toMatch(/^Invalid click-to-call request: /);
    expect(error).toContain(field);
    expect(error).not.toContain('Action:');
    expect(error).not.toContain('Channel:');
  });

  it('refuses bodies that are not one JSON object', async () => {
    for (const body of ['', '{', 'null', '[]', '"301"', '{"from":"301","to":"302"']) {
      const res = await raw(base, '/api/calls', { method: 'POST', headers: json, body });
      expect(res.status, body).toBe(400);
      expect(JSON.parse(res.body).error).toMatch(/JSON/);
    }
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ from: '301', to: '302', pad: 'x'.repeat(5000) });
    const declared = await raw(base, '/api/calls', { method: 'POST', headers: json, body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error).toMatch(/larger than 1024 bytes/);
    const chunked = await raw(base, '/api/calls', {
      method: 'POST',
      headers: { ...json, 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
    expect((await raw(base, '/api/state')).status).toBe(200);
  });

  it('refuses a cross-site Origin with 403, and accepts its own', async () => {
    const body = JSON.stringify({ from: '301', to: '1;2' });
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'file://']) {
      const res = await raw(base, '/api/calls', {
        method: 'POST',
        headers: { ...json, Origin: origin },
        body,
      });
      expect(res.status, origin).toBe(403);
    }
    const own = await raw(base, '/api/calls', { method: 'POST', headers: { ...json, Origin: base }, body });
    expect(own.status).toBe(400);
  });

  it('hangs up a call by id, and says when there is no such call', async () => {
    const ok = await raw(base, '/api/calls/1795460373.0/hangup', {
      method: 'POST',
      headers: json,
      body: '{}',
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ended: true, id: '1795460373.0' });
    const empty = await raw(base, '/api/calls/aipbx-c2c-1/hangup', { method: 'POST', headers: json });
    expect(empty.status).toBe(404);
    expect(JSON.parse(empty.body).error).toBe('No call aipbx-c2c-1 is in progress.');
    expect(hangups).toEqual(['1795460373.0', 'aipbx-c2c-1']);
  });

  it('refuses bad call ids, forms and other methods before hanging anything up', async () => {
    for (const id of [
      '..',
      '%2e%2e',
      '..%2f..%2fetc',
      '%0AAction:%20Command',
      '%ZZ',
      '',
      'a'.repeat(200),
      '-1',
      '1%20OR%201',
    ]) {
      const res = await raw(base, `/api/calls/${id}/hangup`, { method: 'POST', headers: json, body: '{}' });
      expect([400, 404], id).toContain(res.status);
    }
    const form = await raw(base, '/api/calls/1795460373.0/hangup', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(form.status).toBe(415);
    expect((await raw(base, '/api/calls/1795460373.0/hangup')).status).toBe(405);
    expect(hangups).toEqual([]);
  });

  it('answers 404 for unknown routes and 421 for a foreign Host', async () => {
    expect((await raw(base, '/api/nothing')).status).toBe(404);
    expect((await raw(base, '/api/calls/1/transfer', { method: 'POST', headers: json })).status).toBe(404);
    expect((await raw(base, '/nothing.html')).status).toBe(404);
    const rebound = await raw(base, '/api/state', { headers: { Host: 'attacker.example:4401' } });
    expect(rebound.status).toBe(421);
    for (const host of ['localhost:1', '127.0.0.1', '[::1]:4401', '127.1.2.3:80']) {
      expect((await raw(base, '/api/state', { headers: { Host: host } })).status, host).toBe(200);
    }
  });

  it('keeps serving after a backend failure, which it logs without the query string', async () => {
    backend.snapshot = () => {
      throw new Error('boom');
    };
    const res = await raw(base, '/api/state?secret=abc');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error).toMatch(/Internal error/);
    expect(logs.join('\n')).toContain('boom');
    expect(logs.join('\n')).not.toContain('secret=abc');
    backend.snapshot = () => SNAPSHOT;
    expect((await raw(base, '/api/state')).status).toBe(200);
  });
});

describe('isLoopbackHost', () => {
  it('accepts this machine only', () => {
    expect(isLoopbackHost('localhost:4401')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.0.0.1:4401')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
    expect(isLoopbackHost('[::1')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(hostName('[::1]:4401')).toBe('::1');
    expect(hostName('Monitor.Example.COM:443')).toBe('monitor.example.com');
  });
});

/** Resolves once the hub has `n` clients. */
function hubSize(n: number, what: string): Promise<void> {
  if (hub.size === n) return Promise.resolve();
  let listener: ((size: number) => void) | undefined;
  return within(
    new Promise<void>((resolve) => {
      listener = (size) => {
        if (size === n) resolve();
      };
      hub.on('clients', listener);
    }),
    5000,
    what,
  ).finally(() => {
    if (listener) hub.off('clients', listener);
  });
}

describe('the event stream', () => {
  it('sends the snapshot first, then every broadcast, and a heartbeat', async () => {
    await start({ heartbeatMs: 50 });
    const stream = await openEventStream(`${base}/events`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
      const first = await stream.events.next(() => true, 5000, 'the first event');
      expect(first).toEqual({ event: 'snapshot', data: { type: 'snapshot', ...SNAPSHOT } });
      expect(hub.size).toBe(1);
      hub.broadcast({ type: 'ami', state: 'reconnecting' } as never);
      const next = await stream.events.next((e) => e.event === 'ami', 5000, 'the ami event');
      expect(next.data).toEqual({ type: 'ami', state: 'reconnecting' });
      await stream.comments.next((c) => c === 'heartbeat', 5000, 'a heartbeat');
    } finally {
      stream.close();
    }
    await hubSize(0, 'the hub to drop the closed client');
  });

  it('drops a client that stops reading instead of buffering without bound', async () => {
    await start({ maxBufferedBytes: 256 * 1024 });
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    try {
      await within(once(socket, 'connect'), 5000, 'the connection');
      socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      socket.pause(); // and never read again
      await hubSize(1, 'the hub to count the client');
      const big = { type: 'call:update', pad: 'x'.repeat(64 * 1024) } as never;
      // The kernel's socket buffers take some megabytes first; then the hub's own limit applies.
      for (let i = 0; i < 4000 && hub.size > 0; i++) {
        hub.broadcast(big);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(hub.size).toBe(0);
    } finally {
      socket.destroy();
    }
  });

  it('ends every stream when the hub closes, and refuses new ones', async () => {
    await start();
    const stream = await openEventStream(`${base}/events`);
    await stream.events.next((e) => e.event === 'snapshot', 5000, 'the snapshot');
    hub.close();
    await within(stream.ended, 5000, 'the stream to end');
    expect((await raw(base, '/events')).status).toBe(503);
    expect((await raw(base, '/events', { method: 'POST' })).status).toBe(405);
  });

  it('encodes data on one line whatever it holds', () => {
    const text = encodeEvent({ type: 'call:start', name: 'a\nevent: forged\r\n\r\ndata: x' } as never);
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    const got: [string, string][] = [];
    const parser = new EventStreamParser((event, data) => got.push([event, data]));
    // Byte by byte, as a slow network delivers it.
    for (const ch of text) parser.push(ch);
    expect(got).toHaveLength(1);
    expect(got[0]?.[0]).toBe('call:start');
    expect(JSON.parse(got[0]?.[1] ?? '')).toMatchObject({ name: 'a\nevent: forged\r\n\r\ndata: x' });
  });
});
