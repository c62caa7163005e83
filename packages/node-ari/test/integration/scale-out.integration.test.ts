/**
 * Scale-out on infrastructure operators already run: Asterisk's per-call ARI outbound WebSockets
 * go through HAProxy from Debian, which round-robins them across two app processes (each an
 * AriServer). Every call is handled by exactly one of them, both take a share; when one instance
 * is killed mid-run its calls end cleanly and new calls go to the survivor.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import { runSipp } from '@aipbx/testbed/support/sipp.js';
import { Inbox, within } from '@aipbx/testbed/support/wait.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const USER = 'asterisk';
const PASSWORD = `lb-${randomBytes(12).toString('hex')}`;
const WORK = join(process.cwd(), 'node_modules/.cache/aipbx-test/scale-out');

/** What an app instance reported. */
interface Line {
  event: 'ready' | 'call' | 'end';
  name: string;
  id?: string;
  reason?: string;
  at: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const lines = new Inbox<Line>();
const children = new Map<string, ChildProcess>();
let bed: Testbed;
let haproxy: ChildProcess;

/** Starts an app instance on `port`; resolves once it listens. */
async function startApp(name: string, port: number, holdMs: number): Promise<void> {
  const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'testbed/support/outbound-app.ts'], {
    env: {
      ...process.env,
      AIPBX_APP_NAME: name,
      AIPBX_APP_PORT: String(port),
      AIPBX_APP_USER: USER,
      AIPBX_APP_PASSWORD: PASSWORD,
      AIPBX_STASIS_APP: 'aiPBXBot',
      AIPBX_HOLD_MS: String(holdMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.set(name, child);
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      // Not one of its report lines.
    }
  });
  await lines.next((l) => l.event === 'ready' && l.name === name, 20_000, `app instance ${name} to listen`);
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await within(exited, 10_000, 'a child process to exit').catch(() => child.kill('SIGKILL'));
}

let ports: { a: number; b: number; lb: number };

beforeAll(async () => {
  ports = { a: await freePort(), b: await freePort(), lb: await freePort() };
  await mkdir(WORK, { recursive: true });
  const config = join(WORK, 'haproxy.cfg');
  await writeFile(
    config,
    [
      'global',
      '  maxconn 2000',
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  timeout tunnel 1h',
      '  retries 3',
      '  option redispatch',
      'frontend ari',
      `  bind 127.0.0.1:${ports.lb}`,
      '  default_backend apps',
      'backend apps',
      '  balance roundrobin',
      `  server a 127.0.0.1:${ports.a} check inter 300 fall 1 rise 1`,
      `  server b 127.0.0.1:${ports.b} check inter 300 fall 1 rise 1`,
      '',
    ].join('\n'),
  );
  await Promise.all([startApp('a', ports.a, 600), startApp('b', ports.b, 600)]);
  haproxy = spawn('/usr/sbin/haproxy', ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const offset = Number(process.env.AIPBX_TESTBED_PORT_OFFSET ?? 0) + 70;
  bed = await startTestbed({
    name: `bed-scale-${offset}`,
    portOffset: offset,
    log: (line) => process.stderr.write(`${line}\n`),
    configure: (input) => ({
      ...input,
      ari: {
        outbound: {
          uri: `ws://127.0.0.1:${ports.lb}/`,
          username: USER,
          password: PASSWORD,
          reconnectAttempts: 5,
        },
      },
    }),
  });
});

afterAll(async () => {
  for (const child of children.values()) await stopChild(child);
  await stopChild(haproxy);
  await bed?.stop();
});

function handled(from: number): Line[] {
  return lines.all().filter((l) => l.event === 'call' && l.at >= from);
}

describe('per-call outbound WebSockets behind HAProxy, two app instances', () => {
  it('splits 40 calls across both instances, each call handled exactly once', async () => {
    const from = Date.now();
    const sipp = await runSipp(bed.info, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      calls: 40,
      rate: 10,
      timeoutSec: 60,
    });
    expect(sipp.code, `every call answered and hung up by an app: ${sipp.stderr}`).toBe(0);
    const calls = handled(from);
    const ids = calls.map((l) => l.id);
    expect(new Set(ids).size, 'each call once').toBe(ids.length);
    expect(ids).toHaveLength(40);
    const byA = calls.filter((l) => l.name === 'a').length;
    const byB = calls.filter((l) => l.name === 'b').length;
    expect(byA + byB).toBe(40);
    expect(byA, `a took ${byA}, b ${byB}`).toBeGreaterThanOrEqual(10);
    expect(byB, `a took ${byA}, b ${byB}`).toBeGreaterThanOrEqual(10);
  });

  it('one instance killed mid-run: its calls end cleanly, new calls go to the survivor', async () => {
    const from = Date.now();
    const sipp = runSipp(bed.info, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      calls: 30,
      rate: 10,
      timeoutSec: 60,
    });
    await lines.next(
      (l) => l.event === 'call' && l.name === 'a' && l.at >= from,
      10_000,
      'a call on instance a',
    );
    const a = children.get('a')!;
    const killed = new Promise((resolve) => a.once('exit', resolve));
    a.kill('SIGKILL');
    await within(killed, 5000, 'instance a to die');
    const killedAt = Date.now();
    const onA = handled(from).filter((l) => l.name === 'a');
    const endedOnA = new Set(
      lines
        .all()
        .filter((l) => l.event === 'end' && l.name === 'a')
        .map((l) => l.id),
    );
    const heldByA = onA.filter((l) => !endedOnA.has(l.id)).length;
    const result = await within(sipp, 60_000, 'sipp to finish');
    // Nothing hung: every call got a final answer or a BYE. The calls a held when it died were
    // hung up by the survivor once Asterisk re-opened their connection to it (a BYE, or a final
    // error answer for one not yet answered) — no caller is left in silence.
    expect(result.stderr).not.toMatch(/timeout/i);
    const failures = [...result.stderr.matchAll(/received 'SIP\/2\.0 (\d{3})/g)].map((m) => m[1]);
    expect(
      failures.every((code) => code === '603' || code === '503' || code === '480'),
      failures.join(','),
    ).toBe(true);
    expect(failures.length).toBeLessThanOrEqual(heldByA);
    const calls = handled(from);
    const ids = calls.map((l) => l.id);
    expect(new Set(ids).size, 'each call once').toBe(ids.length);
    // Calls that started after the kill were all the survivor's (a moment for HAProxy's check).
    const after = calls.filter((l) => l.at > killedAt + 1000);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((l) => l.name === 'b')).toBe(true);
  });
});
