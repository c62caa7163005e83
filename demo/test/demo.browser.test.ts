/**
 * `npm run demo` as a newcomer runs it: `--check` places a real call through Chromium and must
 * report every step ok; Ctrl-C (SIGINT to the whole process group, as a terminal sends it) must
 * leave no process and no port behind. Each run starts its own Asterisk at port offset 90, with a
 * fresh demo state folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterEach, describe, expect, inject, test } from 'vitest';
import type { CheckReport } from '../src/demo-check.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OFFSET = 90;
const WEB_PORTS = [4400 + OFFSET, 4401 + OFFSET, 4402 + OFFSET];
const PBX_PORTS = [8088 + OFFSET, 8089 + OFFSET, 5038 + OFFSET];

let dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  dirs = [];
});

function startDemo(
  args: string[],
  stateDir: string,
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['scripts/demo.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, AIPBX_DEMO_DIR: stateDir, AIPBX_DEMO_PORT_OFFSET: String(OFFSET), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, like a terminal's foreground job: Ctrl-C goes to all of it.
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** PIDs whose process group is `pgid`, from /proc. */
async function processGroup(pgid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces, in parentheses): state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once the demo has printed `text`; fails at once if it exits first. */
function printed(demo: ReturnType<typeof startDemo>, text: string, what: string): Promise<void> {
  return within(
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (demo.output().includes(text)) resolve();
      };
      demo.child.stdout?.on('data', check);
      demo.exited.then((code) => reject(new Error(`the demo exited (${code}) first:\n${demo.output()}`)));
      check();
    }),
    240_000,
    what,
  );
}

/** No process of the demo's group and none of its ports are left. */
async function expectNothingLeft(demo: ReturnType<typeof startDemo>, pgid: number): Promise<void> {
  expect(demo.output()).toMatch(/Stopped; nothing left running\./);
  expect(await processGroup(pgid), 'processes left in the demo process group').toEqual([]);
  for (const port of [...WEB_PORTS, ...PBX_PORTS]) expect(await portOpen(port), `port ${port}`).toBe(false);
}

describe('npm run demo', () => {
  test('--check places a call through the whole product and reports every step', async () => {
    const state = await mkdtemp(join(tmpdir(), 'aipbx-demo-'));
    dirs.push(state);
    const reportFile = join(state, 'report.json');
    const demo = startDemo(['--check', '--report', reportFile], state);
    const code = await within(demo.exited, 300_000, 'npm run demo -- --check to finish');
    expect(code, demo.output()).toBe(0);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as CheckReport;
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.name, s.ok])).toEqual(
      [
        'set-up',
        'call set-up',
        'click → audio',
        'echo',
        'audio from page',
        'recording',
        'audio to page',
        'goodbye',
        'AMI monitor',
      ].map((name) => [name, true]),
    );
    expect(report.callSetupMs).toBeGreaterThan(0);
    expect(report.clickToAudioMs).toBeGreaterThanOrEqual(report.callSetupMs ?? 0);
    expect(report.language).toBe('en');
    expect(report.levelToPage).toBeGreaterThan(0.01);
    expect(report.rmsFromPage).toBeGreaterThan(30);
    expect(report.recording?.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${4402 + OFFSET}/messages/`));
    expect(report.recording?.seconds).toBeGreaterThan(0.5);
    expect(report.monitor?.disposition).toBe('answered');
    expect(report.monitor?.callee).toBe('demo-assistant');
    // The printed report, as a newcomer sees it.
    expect(demo.output()).toMatch(/All 9 checks passed\./);
    // It stopped what it started.
    for (const port of [...WEB_PORTS, ...PBX_PORTS]) expect(await portOpen(port), `port ${port}`).toBe(false);
  }, 320_000);

  test('Ctrl-C stops everything it started and leaves no process or port behind', async () => {
    const state = await mkdtemp(join(tmpdir(), 'aipbx-demo-'));
    dirs.push(state);
    const demo = startDemo([], state);
    const pgid = demo.child.pid as number;
    try {
      await printed(demo, 'Ctrl-C stops everything.', 'the demo to print its URLs');
      // Everything it printed answers.
      for (const port of WEB_PORTS) {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) });
        expect(res.status, `http://127.0.0.1:${port}/`).toBe(200);
      }
      for (const port of PBX_PORTS) expect(await portOpen(port), `port ${port}`).toBe(true);
      // Asterisk runs in the demo's process group (under chroot), as a terminal would see it.
      expect((await processGroup(pgid)).length).toBeGreaterThan(1);

      process.kill(-pgid, 'SIGINT');
      expect(await within(demo.exited, 60_000, 'the demo to stop after SIGINT'), demo.output()).toBe(0);
      await expectNothingLeft(demo, pgid);
    } finally {
      if ((await processGroup(pgid)).length > 0) process.kill(-pgid, 'SIGKILL');
    }
  }, 320_000);

  test('Ctrl-C in the middle of --check stops the call, Chromium and Asterisk too', async () => {
    const state = await mkdtemp(join(tmpdir(), 'aipbx-demo-'));
    dirs.push(state);
    const demo = startDemo(['--check'], state);
    const pgid = demo.child.pid as number;
    try {
      await printed(demo, 'check: ✔ click → audio', 'the check to be in the call');
      process.kill(-pgid, 'SIGINT');
      // The check did not finish: not a pass.
      expect(await within(demo.exited, 60_000, 'the demo to stop after SIGINT'), demo.output()).toBe(1);
      expect(demo.output()).toMatch(/✖ .* interrupted/);
      await expectNothingLeft(demo, pgid);
    } finally {
      if ((await processGroup(pgid)).length > 0) process.kill(-pgid, 'SIGKILL');
    }
  }, 320_000);

  test('--check against an existing Asterisk named by AIPBX_* variables starts no Asterisk of its own', async () => {
    const bed = inject('testbed');
    const state = await mkdtemp(join(tmpdir(), 'aipbx-demo-'));
    dirs.push(state);
    const reportFile = join(state, 'report.json');
    const operator = bed.operators.find((op) => op.wsPassword !== undefined);
    const demo = startDemo(['--check', '--report', reportFile], state, {
      AIPBX_ARI_URL: bed.ari.url,
      AIPBX_ARI_USERNAME: bed.ari.username,
      AIPBX_ARI_PASSWORD: bed.ari.password,
      AIPBX_ARI_APP: bed.ari.app,
      AIPBX_AMI_HOST: bed.ami.host,
      AIPBX_AMI_PORT: String(bed.ami.port),
      AIPBX_AMI_USERNAME: bed.ami.username,
      AIPBX_AMI_SECRET: bed.ami.secret,
      AIPBX_WS_URL: bed.wsUrl,
      AIPBX_WIDGET_USER: bed.widget.sipUri,
      AIPBX_WIDGET_TARGET: bed.widget.assistant,
      AIPBX_ASSISTANT_ID: bed.widget.assistant,
      AIPBX_OPERATORS: `${operator?.extension}:${operator?.wsPassword}`,
      AIPBX_SOUNDS_DIR: join(bed.chroot, 'usr/share/asterisk/sounds'),
    });
    const code = await within(demo.exited, 300_000, 'npm run demo -- --check to finish');
    expect(code, demo.output()).toBe(0);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as CheckReport;
    expect(report.ok).toBe(true);
    expect(report.monitor?.callee).toBe(bed.widget.assistant);
    expect(demo.output()).toMatch(
      new RegExp(`pbx: the existing Asterisk at ${bed.ari.url.replace(/\./g, '\\.')}`),
    );
    expect(demo.output()).not.toMatch(/pbx: Asterisk 22.* up/);
    // No secret reaches the terminal.
    for (const secret of [bed.ari.password, bed.ami.secret, operator?.wsPassword ?? '']) {
      expect(demo.output()).not.toContain(secret);
    }
  }, 320_000);
});
