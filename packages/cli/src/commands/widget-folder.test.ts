import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo } from '../test-support/capture-io.js';
import { FIXTURE_INPUT, SECRETS } from '../test-support/fixture-input.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aipbx-widget-test-'));
  await writeFile(join(dir, 'pbx.json'), JSON.stringify(FIXTURE_INPUT));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = [
  '--input',
  'pbx.json',
  '--widget',
  'widget-abc123',
  '--base-url',
  'https://www.example.com/widget/',
];

describe('aipbx widget-folder and embed', () => {
  it('writes the folder, lists the files and prints embed code whose hash is of {id}.js', async () => {
    const io = captureIo({}, dir);
    expect(await runCli(['widget-folder', ...base, '--out', 'site'], io)).toBe(0);
    const script = await readFile(join(dir, 'site', 'widget-abc123.js'));
    const integrity = `sha384-${createHash('sha384').update(script).digest('base64')}`;
    expect(io.out).toContain(`widget-abc123.js (${script.byteLength} bytes, ${integrity})`);
    expect(io.out).toContain(
      `<script src="https://www.example.com/widget/widget-abc123.js" integrity="${integrity}" crossorigin="anonymous"></script>`,
    );
    for (const secret of SECRETS) expect(io.out).not.toContain(secret);

    const embed = captureIo({}, dir);
    expect(await runCli(['embed', ...base], embed)).toBe(0);
    expect(embed.out).toBe(
      `<script src="https://www.example.com/widget/widget-abc123.js" integrity="${integrity}" crossorigin="anonymous"></script>\n`,
    );
  });

  it('names the widgets there are when --widget is not one of them (exit 1)', async () => {
    const io = captureIo({}, dir);
    expect(await runCli(['embed', '--input', 'pbx.json', '--widget', 'nope'], io)).toBe(1);
    expect(io.err).toContain('widgets: no widget with id "nope"; the input has "widget-abc123"');
  });

  it('lists every problem of a bad base URL or placement (exit 1)', async () => {
    const io = captureIo({}, dir);
    const args = [
      'embed',
      '--input',
      'pbx.json',
      '--widget',
      'widget-abc123',
      '--base-url',
      'ftp://x',
      '--placement',
      'top',
    ];
    expect(await runCli(args, io)).toBe(1);
    expect(io.err).toContain('placement');
    expect(io.err).toContain('baseUrl');
  });
});
