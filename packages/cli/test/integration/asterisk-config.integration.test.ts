import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { captureIo } from '../../src/test-support/capture-io.js';
import { bedConfigInput, bedEtc } from './bed-input.js';

const bed = inject('testbed');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aipbx-cli-bed-'));
  await writeFile(join(dir, 'pbx.json'), JSON.stringify(bedConfigInput(bed)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('aipbx asterisk-config against the bed', () => {
  it('writes exactly the files the bed’s Asterisk runs', async () => {
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'pbx.json', '--out', 'etc'], io)).toBe(0);
    for (const name of [
      'ari.conf',
      'http.conf',
      'pjsip.conf',
      'extensions.conf',
      'manager.conf',
      'websocket_client.conf',
    ]) {
      expect(await readFile(join(dir, 'etc', name), 'utf8'), name).toBe(
        await readFile(join(bedEtc(bed), name), 'utf8'),
      );
    }
  });

  it('--diff against the running configuration finds nothing to change', async () => {
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'pbx.json', '--diff', bedEtc(bed)], io)).toBe(0);
    expect(io.out).toContain('every file is up to date');
    for (const secret of [bed.ari.password, bed.ami.secret, bed.ami.monitor.secret])
      expect(io.out).not.toContain(secret);
  });
});
