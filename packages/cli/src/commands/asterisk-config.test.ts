import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AsteriskConfigInput } from '@aipbx/core/asterisk';
import { generateAsteriskConfig } from '@aipbx/core/asterisk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { FIXTURE_INPUT, SECRETS } from '../test-support/fixture-input.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aipbx-cli-test-'));
  await writeFile(join(dir, 'pbx.json'), JSON.stringify(FIXTURE_INPUT));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const expected = () => generateAsteriskConfig(FIXTURE_INPUT as unknown as AsteriskConfigInput);

describe('aipbx asterisk-config', () => {
  it('writes the generated files into --out', async () => {
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'pbx.json', '--out', 'etc'], io)).toBe(0);
    const files = expected();
    expect((await readdir(join(dir, 'etc'))).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files))
      expect(await readFile(join(dir, 'etc', name), 'utf8')).toBe(text);
    for (const secret of SECRETS) expect(io.out + io.err).not.toContain(secret);
  });

  it('prints every problem with its field and exits 1 on invalid input', async () => {
    const bad = {
      ...FIXTURE_INPUT,
      pbx: { ...FIXTURE_INPUT.pbx, wssUrl: 'http://nope', ariUsername: 'bad user' },
      widgets: [{ id: 'x y', name: '', assistant: 'support', sipUri: 'support-webrtc' }],
    };
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'bad.json', '--out', 'etc'], io)).toBe(1);
    let problems: { field: string }[] = [];
    try {
      generateAsteriskConfig(bad as unknown as AsteriskConfigInput);
    } catch (error) {
      problems = (error as { problems: { field: string }[] }).problems;
    }
    expect(problems.length).toBeGreaterThan(2);
    for (const p of problems) expect(io.err).toContain(`  - ${p.field}: `);
    expect(io.err).toMatch(new RegExp(`^${problems.length} problems in `));
    await expect(readdir(join(dir, 'etc'))).rejects.toThrow();
    for (const secret of SECRETS) expect(io.err).not.toContain(secret);
  });

  it('reports a file that is not JSON without quoting it', async () => {
    await writeFile(join(dir, 'broken.json'), '{"pbx": {"ariPassword": "sekret-value"');
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'broken.json', '--out', 'etc'], io)).toBe(1);
    expect(io.err).toContain('is not valid JSON');
    expect(io.err).not.toContain('sekret-value');
  });

  it('--diff shows what would change, with secret values masked, and writes nothing', async () => {
    const etc = join(dir, 'etc');
    expect(await runCli(['asterisk-config', '--input', 'pbx.json', '--out', 'etc'], captureIo({}, dir))).toBe(
      0,
    );
    const changed = {
      ...FIXTURE_INPUT,
      ami: { users: [{ username: 'crm', secret: 'ami-secret-2', permit: ['10.0.0.6/32'] }] },
    };
    await writeFile(join(dir, 'changed.json'), JSON.stringify(changed));
    const before = await readFile(join(etc, 'manager.conf'), 'utf8');
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'changed.json', '--diff', etc], io)).toBe(0);
    expect(io.out).toContain(`--- ${join(etc, 'manager.conf')}`);
    expect(io.out).toMatch(/^-permit = 10\.0\.0\.5/m);
    expect(io.out).toMatch(/^\+permit = 10\.0\.0\.6/m);
    expect(io.out).toContain('1 of 6 files would change');
    for (const secret of [...SECRETS, 'ami-secret-2']) expect(io.out).not.toContain(secret);
    expect(await readFile(join(etc, 'manager.conf'), 'utf8')).toBe(before);
  });

  it('--diff says when only a secret changed, without showing it', async () => {
    const etc = join(dir, 'etc');
    await runCli(['asterisk-config', '--input', 'pbx.json', '--out', 'etc'], captureIo({}, dir));
    const changed = {
      ...FIXTURE_INPUT,
      ami: { users: [{ ...FIXTURE_INPUT.ami.users[0], secret: 'ami-secret-2' }] },
    };
    await writeFile(join(dir, 'changed.json'), JSON.stringify(changed));
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'changed.json', '--diff', etc], io)).toBe(0);
    expect(io.out).toContain('(only secret values differ)');
    expect(io.out).not.toContain('ami-secret');
  });

  it('--diff against an empty folder lists every file as new', async () => {
    const io = captureIo({}, dir);
    expect(await runCli(['asterisk-config', '--input', 'pbx.json', '--diff', join(dir, 'empty')], io)).toBe(
      0,
    );
    expect(io.out).toContain('6 of 6 files would change');
    expect(io.out).toContain('--- /dev/null');
    expect(io.out).toMatch(/^\+secret = \*\*\*$/m);
    for (const secret of SECRETS) expect(io.out).not.toContain(secret);
  });
});
