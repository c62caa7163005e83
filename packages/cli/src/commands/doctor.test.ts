import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import type { DoctorReport } from '../doctor/check-result.js';
import { captureIo } from '../test-support/capture-io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aipbx-doctor-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Nothing listens on port 1 of loopback: both connections are refused at once.
const env = {
  ARI_URL: 'http://127.0.0.1:1',
  ARI_USERNAME: 'aipbx',
  ARI_PASSWORD: 'ari-secret-5c1e',
  YEASTAR_HOST: '127.0.0.1',
  YEASTAR_PORT: '1',
  YEASTAR_USERNAME: 'crm',
  YEASTAR_PASSWORD: 'ami-secret-77ab',
};

describe('aipbx doctor without a PBX', () => {
  it('fails ARI and AMI as refused, skips what depends on them, never prints a secret (exit 1)', async () => {
    const io = captureIo(env, dir);
    const code = await runCli(['doctor', '--json', '--assistant', 'support', '--timeout', '2000'], io);
    const report = JSON.parse(io.out) as DoctorReport;
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.ari?.status).toBe('fail');
    expect(byId.ari?.finding).toContain('connection refused');
    expect(byId['ami-login']?.status).toBe('fail');
    expect(byId['ami-login']?.finding).toContain('connection refused');
    expect(byId['ami-login']?.docs).toBe('docs/ami.md#troubleshooting');
    for (const id of ['stasis-app', 'test-call', 'ami-permissions', 'endpoints', 'wss-tls', 'recordings'])
      expect(byId[id]?.status, id).toBe('skipped');
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
    expect(io.err).toBe('');
    for (const secret of [env.ARI_PASSWORD, env.YEASTAR_PASSWORD])
      expect(io.out + io.err).not.toContain(secret);
  });

  it('checks the recordings folder: writable, or missing', async () => {
    const ok = captureIo({}, dir);
    await runCli(['doctor', '--json', '--recordings-dir', dir], ok);
    const okReport = JSON.parse(ok.out) as DoctorReport;
    expect(okReport.checks.find((c) => c.id === 'recordings')?.status).toBe('ok');
    const missing = captureIo({}, dir);
    await runCli(['doctor', '--json', '--recordings-dir', join(dir, 'none')], missing);
    const missingReport = JSON.parse(missing.out) as DoctorReport;
    const check = missingReport.checks.find((c) => c.id === 'recordings');
    expect(check?.status).toBe('fail');
    expect(check?.finding).toContain('missing');
    expect(check?.docs).toBe('docs/asterisk-setup.md#7-the-recordings-folder');
  });

  it('rejects a malformed AMI port as a usage error (exit 2)', async () => {
    const io = captureIo({ ...env, YEASTAR_PORT: 'x' }, dir);
    expect(await runCli(['doctor'], io)).toBe(2);
    expect(io.err).toContain('AMI port');
  });
});
