import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmiClient } from '@aipbx/ami';
import { DEFAULT_CONTEXT } from '@aipbx/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DoctorReport, runCli } from '../../src/index.js';
import { captureIo } from '../../src/test-support/capture-io.js';
import { bedEnv } from './bed-input.js';

const bed = inject('testbed');
let dir: string;
let caFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aipbx-doctor-'));
  caFile = join(dir, 'bed.pem');
  await writeFile(caFile, bed.certPem);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `aipbx doctor --json` with the bed's environment; returns the code, the report and all output. */
async function doctor(env: Record<string, string>, args: string[] = []) {
  const io = captureIo(env, dir);
  const code = await runCli(
    [
      'doctor',
      '--json',
      '--wss',
      bed.wssUrl,
      '--ca',
      caFile,
      '--assistant',
      'pizza-order',
      '--timeout',
      '8000',
      ...args,
    ],
    io,
  );
  const report = JSON.parse(io.out) as DoctorReport;
  const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
  return { code, report, status, output: io.out + io.err };
}

/** Nothing the doctor printed contains a password or secret it was given. */
function expectNoSecrets(output: string, env: Record<string, string>) {
  for (const name of ['ARI_PASSWORD', 'AMI_SECRET']) {
    const secret = env[name];
    if (secret) expect(output).not.toContain(secret);
  }
}

describe('aipbx doctor against the bed', () => {
  it('finds a healthy PBX healthy (exit 0)', async () => {
    const env = bedEnv(bed);
    const { code, report, status, output } = await doctor(env, ['--recordings-dir', bed.recordingsDir]);
    expect(status).toEqual({
      ari: 'ok',
      'stasis-app': 'ok',
      'ami-login': 'ok',
      'test-call': 'ok',
      // The bed's test user has write = all (Command, UpdateConfig): more than the monitor needs.
      'ami-permissions': 'warn',
      endpoints: 'ok',
      'wss-tls': 'ok',
      'wss-upgrade': 'ok',
      recordings: 'ok',
    });
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === 'test-call')?.finding).toContain('assistant id "pizza-order"');
    expectNoSecrets(output, env);
  });

  it('with the least-privilege user, sees every class the CallMonitor needs', async () => {
    const env = bedEnv(bed, { AMI_USERNAME: bed.ami.monitor.username, AMI_SECRET: bed.ami.monitor.secret });
    const { code, status, report } = await doctor(env);
    expect(status['ami-permissions']).toBe('ok');
    expect(report.checks.find((c) => c.id === 'ami-permissions')?.finding).toContain(
      'call, dialplan, system seen',
    );
    // It cannot list endpoints (write class system): a warning, not a failure.
    expect(status.endpoints).toBe('warn');
    expect(code).toBe(0);
  });

  it('reports a wrong ARI password as 401, without printing it (exit 1)', async () => {
    const env = bedEnv(bed, { ARI_PASSWORD: 'wrong-ari-password-7f3a' });
    const { code, report, status, output } = await doctor(env);
    expect(status.ari).toBe('fail');
    expect(report.checks.find((c) => c.id === 'ari')?.finding).toContain('401');
    expect(status['stasis-app']).toBe('skipped');
    expect(status['test-call']).toBe('skipped');
    expect(code).toBe(1);
    expectNoSecrets(output, env);
  });

  it('reports ARI connection refused distinctly', async () => {
    const env = bedEnv(bed, { ARI_URL: 'http://127.0.0.1:1' });
    const { code, report, status } = await doctor(env);
    expect(status.ari).toBe('fail');
    expect(report.checks.find((c) => c.id === 'ari')?.finding).toContain('connection refused');
    expect(code).toBe(1);
  });

  it('reports a wrong AMI secret, without printing it (exit 1)', async () => {
    const env = bedEnv(bed, { AMI_SECRET: 'wrong-ami-secret-91bd' });
    const { code, report, status, output } = await doctor(env);
    expect(status['ami-login']).toBe('fail');
    expect(report.checks.find((c) => c.id === 'ami-login')?.finding).toContain('refused user');
    expect(status['ami-permissions']).toBe('skipped');
    expect(code).toBe(1);
    expectNoSecrets(output, env);
  });

  it('fails the test call at once, naming what is missing, for a context or an assistant the dialplan lacks', async () => {
    const env = bedEnv(bed);
    const { code, status, report } = await doctor(env, ['--context', 'no-such-context']);
    const call = report.checks.find((c) => c.id === 'test-call');
    expect(status['test-call']).toBe('fail');
    // Told by the dialplan, not by waiting out --timeout for a call that never comes.
    expect(call?.finding).toBe('the dialplan has no context "no-such-context"');
    expect(call?.docs).toMatch(/^docs\/asterisk-setup\.md#/);
    expect(code).toBe(1);
    const other = await doctor(env, ['--assistant', 'no-such-assistant']);
    expect(other.report.checks.find((c) => c.id === 'test-call')?.finding).toContain(
      'has no extension "no-such-assistant"',
    );
  });

  it('reports a toll-fraud risk when the context public endpoints enter can dial out (exit 1)', async () => {
    // The generator never writes such a context: add a Dial to the bed's assistant context at
    // runtime, the way a hand edit would, and take it out again afterwards.
    const ami = new AmiClient({
      host: bed.ami.host,
      port: bed.ami.port,
      username: bed.ami.username,
      secret: bed.ami.secret,
    });
    await ami.connect();
    const context = DEFAULT_CONTEXT; // the bed's assistant context, which its widget and trunk enter
    try {
      await ami.command(`dialplan add extension 7999,1,Dial(PJSIP/301) into ${context}`);
      const { code, report, status } = await doctor(bedEnv(bed));
      expect(status.endpoints).toBe('fail');
      const finding = report.checks.find((c) => c.id === 'endpoints')?.finding ?? '';
      expect(finding).toContain('toll-fraud risk');
      expect(finding).toContain(`enters context "${context}": it runs Dial()`);
      expect(code).toBe(1);
    } finally {
      await ami.command(`dialplan remove extension 7999@${context}`);
      await ami.close();
    }
    expect((await doctor(bedEnv(bed))).status.endpoints, 'confined again once the Dial is gone').toBe('ok');
  });

  it('fails TLS when the WebSocket port speaks plain HTTP (TLS off)', async () => {
    const plain = `wss://127.0.0.1:${bed.ports.http}/ws`;
    const { code, report, status } = await doctor(bedEnv(bed), ['--wss', plain]);
    expect(status['wss-tls']).toBe('fail');
    expect(report.checks.find((c) => c.id === 'wss-tls')?.finding).toBe(
      `no TLS at 127.0.0.1:${bed.ports.http}: the port does not speak TLS (TLS is off, or this is the plain HTTP port)`,
    );
    expect(code).toBe(1);
  });

  it('fails TLS for the bed’s self-signed certificate when it is not trusted', async () => {
    const io = captureIo(bedEnv(bed), dir);
    const code = await runCli(['doctor', '--json', '--wss', bed.wssUrl], io);
    const report = JSON.parse(io.out) as DoctorReport;
    const tls = report.checks.find((c) => c.id === 'wss-tls');
    expect(tls?.status).toBe('fail');
    expect(tls?.finding).toContain('self-signed');
    // The upgrade is still judged on its own.
    expect(report.checks.find((c) => c.id === 'wss-upgrade')?.status).toBe('ok');
    expect(code).toBe(1);
  });

  it('prints progress on stderr and a readable report without --json', async () => {
    const env = bedEnv(bed);
    const io = captureIo(env, dir);
    const code = await runCli(['doctor', '--wss', bed.wssUrl, '--ca', caFile], io);
    expect(io.err).toContain('checking ARI reachable');
    expect(io.out).toMatch(/^\[ok {2}\] ARI reachable/m);
    expect(io.out).toMatch(/\[skip\] test call/);
    expect(code).toBe(0);
    expectNoSecrets(io.out + io.err, env);
  });
});
