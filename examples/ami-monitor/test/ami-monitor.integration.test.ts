/**
 * The AMI monitor against the real Asterisk 22 of the test bed: sipp desk phones register and
 * call, the page's event stream shows it, the history survives a restart, click-to-call and
 * hang-up work through the HTTP API, and bad input and path tricks are refused.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPort, PHONE_IP, registerPhone, startPhone } from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AmiMonitorServer, startAmiMonitor } from '../src/monitor-server.js';
import { callAndStay } from './phones.js';
import { type EventStreamReader, openEventStream, type ReceivedEvent } from './sse-client.js';

const bed = inject('testbed');
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// The least-privilege user (@aipbx/core's default classes): docs/ami.md says they cover the
// monitor, click-to-call and hang-up.
const ami = {
  host: bed.ami.host,
  port: bed.ami.port,
  username: bed.ami.monitor.username,
  secret: bed.ami.monitor.secret,
};

let dir: string;
let dbFile: string;
let server: AmiMonitorServer | undefined;
const ports: Record<string, number> = {};
const logs: string[] = [];
const streams: EventStreamReader[] = [];

async function startServer(): Promise<AmiMonitorServer> {
  server = await within(
    startAmiMonitor({ ami, dbFile, log: (line) => logs.push(line), historyLimit: 20 }),
    20_000,
    'the monitor to start',
  );
  return server;
}

async function events(): Promise<EventStreamReader> {
  const stream = await openEventStream(`${server!.url}events`);
  streams.push(stream);
  expect(stream.status).toBe(200);
  return stream;
}

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await within(
    fetch(new URL(path, server!.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    60_000,
    `POST ${path}`,
  );
  return { status: res.status, body: (await res.json()) as { error?: string; [k: string]: unknown } };
}

async function getState() {
  const res = await within(fetch(new URL('/api/state', server!.url)), 10_000, 'GET /api/state');
  expect(res.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: the snapshot's JSON
  return (await res.json()) as any;
}

/** The first time `ext` is reported `state`, in a snapshot or an update. */
function extensionIs(stream: EventStreamReader, ext: string, state: string): Promise<ReceivedEvent> {
  return stream.events.next(
    (e) =>
      (e.event === 'extension:update' &&
        e.data.extension.extension === ext &&
        e.data.extension.state === state) ||
      (e.event === 'snapshot' &&
        e.data.extensions.some(
          (x: { extension: string; state: string }) => x.extension === ext && x.state === state,
        )),
    15_000,
    `extension ${ext} ${state} over /events`,
  );
}

/** A raw request: the path goes out byte for byte (fetch would normalise `..` away). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const url = new URL(server!.url);
  return within(
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    }),
    5000,
    `GET ${path}`,
  );
}

/** Every process below `pid` (Linux /proc). */
async function descendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    const tasks = await readdir(`/proc/${parent}/task`).catch(() => [] as string[]);
    for (const task of tasks) {
      const children = await readFile(`/proc/${parent}/task/${task}/children`, 'utf8').catch(() => '');
      for (const child of children.split(' ').filter(Boolean).map(Number)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** A process's arguments, the program first. */
function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ami-monitor-it-'));
  dbFile = join(dir, 'history.sqlite');
  for (const ext of ['301', '302']) ports[ext] = await freeUdpPort(PHONE_IP);
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  if (server) await within(server.close(), 15_000, 'the monitor to close');
  for (const ext of ['301', '302']) {
    await registerPhone(bed, ext, { contactPort: ports[ext]!, expires: 0 }).catch(() => {});
  }
  await rm(dir, { recursive: true, force: true });
});

describe('the AMI monitor against Asterisk 22', () => {
  it('shows a phone call live over /events, hangs it up, and keeps it in the history across a restart', async () => {
    await startServer();
    const stream = await events();
    const snapshot = await stream.events.next((e) => e.event === 'snapshot', 10_000, 'the snapshot');
    expect(snapshot.data).toMatchObject({ type: 'snapshot', ami: 'connected', calls: [], history: [] });
    expect(snapshot.data.extensions.map((x: { extension: string }) => x.extension)).toEqual(
      expect.arrayContaining(['201', '202', '301', '302']),
    );

    // Phones register: their extensions turn idle on the page.
    await registerPhone(bed, '301', { contactPort: ports['301']! });
    await registerPhone(bed, '302', { contactPort: ports['302']! });
    await extensionIs(stream, '301', 'idle');
    await extensionIs(stream, '302', 'idle');

    const callee = await startPhone(ports['302']!, 'answer.xml', 40);
    const caller = callAndStay(bed, dir, '301', '302');
    const started = await stream.events.next(
      (e) => e.event === 'call:start' && e.data.call.caller.number === '301',
      15_000,
      'call:start of 301 → 302',
    );
    const id = started.data.call.id as string;
    expect(started.data.call).toMatchObject({ origin: 'pbx', caller: { number: '301' } });
    const up = await stream.events.next(
      (e) => e.event === 'call:update' && e.data.call.id === id && e.data.call.state === 'up',
      15_000,
      'the call to be answered',
    );
    expect(up.data.call).toMatchObject({ callee: { number: '302' }, direction: 'internal' });
    expect(up.data.call.answeredAt).toEqual(expect.any(String));
    await extensionIs(stream, '302', 'in-use');

    const active = await getState();
    expect(active.calls).toEqual([expect.objectContaining({ id, state: 'up' })]);

    const hangup = await postJson(`/api/calls/${encodeURIComponent(id)}/hangup`, {});
    expect(hangup).toEqual({ status: 200, body: { ended: true, id } });
    const ended = await stream.events.next(
      (e) => e.event === 'call:end' && e.data.call.id === id,
      15_000,
      'call:end',
    );
    expect(ended.data.call).toMatchObject({ disposition: 'answered', hangupCause: 16 });
    const added = await stream.events.next(
      (e) => e.event === 'history:add' && e.data.row.id === id,
      15_000,
      'history:add',
    );
    const row = added.data.row;
    expect(row).toMatchObject({
      seq: 1,
      id,
      caller: { number: '301' },
      callee: { number: '302' },
      direction: 'internal',
      origin: 'pbx',
      disposition: 'answered',
      hangupCause: 16,
      endedWhileDisconnected: false,
    });
    expect(row.durationSec).toBeGreaterThanOrEqual(row.billableSec);
    expect(row.channels).toHaveLength(2);
    await extensionIs(stream, '302', 'idle');
    const [callerDone, calleeDone] = await Promise.all([
      within(caller, 20_000, 'the calling sipp to finish'),
      within(callee.done, 20_000, 'the answering sipp to finish'),
    ]);
    expect(callerDone.code, callerDone.stderr).toBe(0);
    expect(calleeDone.code, calleeDone.stderr).toBe(0);
    expect(await server!.history()).toEqual([row]);
    expect((await getState()).calls).toEqual([]);

    // Closing ends the event streams; a new server on the same file has the row.
    await within(server!.close(), 15_000, 'the monitor to close');
    await within(stream.ended, 5000, 'the event stream to end when the server closes');
    await startServer();
    const restarted = await getState();
    expect(restarted.history).toEqual([row]);
    const again = await events();
    const second = await again.events.next(
      (e) => e.event === 'snapshot',
      10_000,
      'the snapshot after restart',
    );
    expect(second.data.history).toEqual([row]);
  });

  it('places a click-to-call through POST /api/calls and hangs it up', async () => {
    const stream = await events();
    await extensionIs(stream, '301', 'idle');
    const phones = [
      await startPhone(ports['301']!, 'answer.xml', 40),
      await startPhone(ports['302']!, 'answer.xml', 40),
    ];
    const placed = await postJson('/api/calls', { from: '301', to: '302' });
    expect(placed.status, placed.body.error).toBe(201);
    const call = placed.body.call as { id: string };
    expect(call).toMatchObject({
      origin: 'click-to-call',
      state: 'up',
      caller: { number: '301' },
      callee: { number: '302' },
      direction: 'internal',
    });
    await stream.events.next(
      (e) => e.event === 'call:start' && e.data.call.id === call.id,
      10_000,
      'call:start of the click-to-call',
    );
    expect((await getState()).calls.map((c: { id: string }) => c.id)).toEqual([call.id]);

    const hangup = await postJson(`/api/calls/${encodeURIComponent(call.id)}/hangup`, {});
    expect(hangup.status).toBe(200);
    await stream.events.next((e) => e.event === 'call:end' && e.data.call.id === call.id, 15_000, 'call:end');
    const added = await stream.events.next(
      (e) => e.event === 'history:add' && e.data.row.id === call.id,
      15_000,
      'history:add of the click-to-call',
    );
    expect(added.data.row).toMatchObject({ origin: 'click-to-call', disposition: 'answered', seq: 2 });
    for (const phone of phones) {
      const result = await within(phone.done, 20_000, 'a sipp phone to finish');
      expect(result.code, result.stderr).toBe(0);
    }
    expect((await server!.history()).map((r) => r.id)).toEqual([call.id, expect.any(String)]);

    // The call is over: hanging it up again finds nothing.
    const gone = await postJson(`/api/calls/${encodeURIComponent(call.id)}/hangup`, {});
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe(`No call ${call.id} is in progress.`);
  });

  it('reports a click-to-call that does not connect, with the reason', async () => {
    const phones = [
      await startPhone(ports['301']!, 'answer.xml', 40),
      await startPhone(ports['302']!, 'busy.xml', 40),
    ];
    const busy = await postJson('/api/calls', { from: '301', to: '302' });
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatch(/302 .*busy/);
    for (const phone of phones) await within(phone.done, 20_000, 'a sipp phone to finish');
  });

  it('refuses bad input with 4xx and a clear message, places no call and stays up', async () => {
    const stream = await events();
    await stream.events.next((e) => e.event === 'snapshot', 10_000, 'the snapshot');
    const cases: [string, () => ReturnType<typeof postJson>, number, RegExp][] = [
      ['to with ";"', () => postJson('/api/calls', { from: '301', to: '1;2' }), 400, /to: must be a number/],
      [
        'a header injected into from',
        () => postJson('/api/calls', { from: '301\r\nAction: Originate\r\nChannel: Local/1', to: '302' }),
        400,
        /from: must be an extension/,
      ],
      [
        'a newline in to',
        () => postJson('/api/calls', { from: '301', to: '302\nApplication: System' }),
        400,
        /to:/,
      ],
      [
        'a dial string',
        () => postJson('/api/calls', { from: 'PJSIP/301&PJSIP/302', to: '302' }),
        400,
        /from:/,
      ],
      ['not JSON', () => postJson('/api/calls', '{"from": "301",'), 400, /not valid JSON/],
      [
        'a form post',
        () =>
          postJson('/api/calls', 'from=301&to=302', { 'Content-Type': 'application/x-www-form-urlencoded' }),
        415,
        /application\/json/,
      ],
      [
        'text/plain (what a cross-site fetch without preflight sends)',
        () => postJson('/api/calls', '{"from":"301","to":"302"}', { 'Content-Type': 'text/plain' }),
        415,
        /application\/json/,
      ],
      [
        'a huge body',
        () => postJson('/api/calls', { from: '301', to: '302', pad: 'x'.repeat(2 * 1024 * 1024) }),
        413,
        /larger than/,
      ],
      [
        'another site',
        () => postJson('/api/calls', { from: '301', to: '302' }, { Origin: 'https://evil.example' }),
        403,
        /Cross-site/,
      ],
      ['a bad call id', () => postJson('/api/calls/..%2F..%2Fetc/hangup', {}), 400, /call id/],
      ['an unknown call', () => postJson('/api/calls/1234.5/hangup', {}), 404, /No call 1234.5/],
    ];
    for (const [what, send, status, message] of cases) {
      const res = await send();
      expect(res.status, what).toBe(status);
      expect(res.body.error, what).toMatch(message);
      expect(JSON.stringify(res.body), what).not.toContain(ami.secret);
      expect(JSON.stringify(res.body), what).not.toMatch(/Action: Originate|Application: System/);
    }
    const state = await getState();
    expect(state.ami).toBe('connected');
    expect(state.calls).toEqual([]);
    expect(stream.events.all().filter((e) => e.event === 'call:start')).toEqual([]);
    expect(server!.monitor.calls).toEqual([]);
    expect(logs.join('\n')).not.toContain(ami.secret);
  });

  it('serves the page and nothing outside public/', async () => {
    const page = await rawGet('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>AMI monitor</title>');
    expect((await rawGet('/app.js')).status).toBe(200);
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json',
      '/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/public/../src/main.ts',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/....//....//etc/passwd',
      '/api/../package.json',
    ]) {
      const res = await rawGet(path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body, path).not.toMatch(/@aipbx\/example-ami-monitor|root:x:0/);
    }
  });

  it('refuses to start with a wrong secret, a corrupt database or a port in use, saying why', async () => {
    const wrong = 'wrong-secret-7f3a9c';
    const refused = await within(
      startAmiMonitor({
        ami: { ...ami, secret: wrong },
        dbFile: join(dir, 'refused.sqlite'),
        log: (line) => logs.push(line),
      }).catch((err: unknown) => err),
      20_000,
      'the refused start',
    );
    expect(refused).toMatchObject({ code: 'AUTH_FAILED' });
    expect((refused as Error).message).toContain(ami.username);
    expect((refused as Error).message).not.toContain(wrong);

    const corrupt = join(dir, 'corrupt.sqlite');
    await writeFile(corrupt, 'definitely not SQLite, just some bytes that are long enough for a header');
    const broken = await within(
      startAmiMonitor({ ami, dbFile: corrupt, log: (line) => logs.push(line) }).catch((err: unknown) => err),
      20_000,
      'the start on a corrupt database',
    );
    expect(broken).toMatchObject({ name: 'HistoryStoreError', file: corrupt });
    expect((broken as Error).message).toContain(corrupt);
    const port = Number(new URL(server!.url).port);
    const taken = await within(
      startAmiMonitor({
        ami,
        dbFile: join(dir, 'taken.sqlite'),
        listen: { port },
        log: (line) => logs.push(line),
      }).catch((err: unknown) => err),
      20_000,
      'the start on a port in use',
    );
    expect(taken).toMatchObject({ code: 'EADDRINUSE' });
    // The running server was not disturbed.
    expect((await getState()).ami).toBe('connected');
  });

  it('listens on the IPv6 loopback as well', async () => {
    const v6 = await within(
      startAmiMonitor({
        ami,
        dbFile: join(dir, 'v6.sqlite'),
        listen: { host: '::1' },
        log: (line) => logs.push(line),
      }),
      20_000,
      'the monitor to start on ::1',
    );
    try {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      const res = await within(fetch(`${v6.url}api/state`), 10_000, 'GET /api/state over IPv6');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { ami: string }).ami).toBe('connected');
    } finally {
      await within(v6.close(), 15_000, 'the IPv6 monitor to close');
    }
  });

  it('runs with npm start and stops on SIGTERM', async () => {
    const child: ChildProcess = spawn(
      'npm',
      [
        'start',
        '-w',
        '@aipbx/example-ami-monitor',
        '--',
        '--port',
        '0',
        '--db',
        join(dir, 'npm-start.sqlite'),
      ],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          AIPBX_ARI_URL: bed.ari.url,
          AIPBX_ARI_USERNAME: bed.ari.username,
          AIPBX_ARI_PASSWORD: bed.ari.password,
          AIPBX_AMI_HOST: bed.ami.host,
          AIPBX_AMI_PORT: String(bed.ami.port),
          AIPBX_AMI_USERNAME: ami.username,
          AIPBX_AMI_SECRET: ami.secret,
          AIPBX_WS_URL: bed.wsUrl,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let monitorPid: number | undefined;
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await within(
        new Promise<string>((resolve, reject) => {
          child.stdout?.on('data', (c: Buffer) => {
            stdout += c.toString();
            const match = /AMI monitor: (http:\/\/\S+\/)/.exec(stdout);
            if (match) resolve(match[1]!);
          });
          void exited.then((code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
        }),
        45_000,
        'npm start to print its URL',
      );
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await within(fetch(url), 10_000, 'the page from npm start');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>AMI monitor</title>');
      const script = await within(fetch(`${url}app.js`), 10_000, 'app.js from npm start');
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      const state = (await (await within(fetch(`${url}api/state`), 10_000, 'the state')).json()) as {
        ami: string;
      };
      expect(state.ami).toBe('connected');
    } finally {
      // npm runs the script through `sh -c`, which neither execs nor forwards signals, so a
      // SIGTERM to npm would leave the monitor running: stop the monitor's own process, as
      // Ctrl-C in a terminal does (that signal goes to the whole foreground group).
      monitorPid = (await descendants(child.pid!)).find((pid) => {
        const [program, script] = commandLine(pid);
        return /(^|\/)node$/.test(program ?? '') && script?.endsWith('run-ts.mjs');
      });
      if (monitorPid) process.kill(monitorPid, 'SIGTERM');
      else child.kill('SIGTERM');
    }
    const code = await within(exited, 20_000, 'npm start to stop after SIGTERM');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('SIGTERM, stopping');
    expect(monitorPid, 'the monitor process under npm').toBeDefined();
    expect(existsSync(`/proc/${monitorPid}`), 'the monitor process to be gone').toBe(false);
    expect(stdout + stderr).not.toContain(ami.secret);
  });
});
