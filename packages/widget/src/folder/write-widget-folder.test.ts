import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { createWidget, ValidationError, widgetEmbedCode } from '@aipbx/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_CONFIG_MARKER, type EmbedConfig } from '../embed/embed-config.js';
import { type WidgetFolderOptions, writeWidgetFolder } from './write-widget-folder.js';

const BROWSER_DIR = fileURLToPath(new URL('../../dist/browser/', import.meta.url));

const widget = createWidget({
  id: 'widget-abc123',
  name: 'Виджет для сайта',
  assistant: 'support',
  sipUri: 'support-webrtc',
});
const pbx = { wssUrl: 'wss://pbx.example.com:8089/ws' };

interface Manifest {
  loader: string;
  files: Record<string, { integrity: string }>;
}

let manifest: Manifest;
let loader: string;
let outDir: string;

beforeAll(async () => {
  if (!existsSync(join(BROWSER_DIR, 'manifest.json'))) {
    throw new Error(
      `The widget's browser files are missing from ${BROWSER_DIR}: run npm run build at the repository root first.`,
    );
  }
  manifest = JSON.parse(await readFile(join(BROWSER_DIR, 'manifest.json'), 'utf8')) as Manifest;
  loader = await readFile(join(BROWSER_DIR, manifest.loader), 'utf8');
});

beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'aipbx-widget-folder-'));
});

afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const write = (over: Partial<WidgetFolderOptions> = {}) =>
  writeWidgetFolder({ widget, pbx, outDir, ...over });

const sha384 = (data: Buffer | string) => `sha384-${createHash('sha384').update(data).digest('base64')}`;

/**
 * The configuration built into a written `{id}.js`: the string literal that took the marker's
 * place, evaluated as JavaScript (so quoting is checked too) and parsed as JSON.
 */
function builtInConfig(written: string): EmbedConfig {
  const marker = `"${BUILT_IN_CONFIG_MARKER}"`;
  const at = loader.indexOf(marker);
  expect(at, 'the built loader holds the marker').toBeGreaterThan(0);
  const before = loader.slice(0, at);
  const after = loader.slice(at + marker.length).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  expect(written.startsWith(before)).toBe(true);
  expect(written.endsWith(after)).toBe(true);
  const literal = written.slice(before.length, written.length - after.length);
  const value = new Function(`return ${literal};`)() as unknown;
  expect(typeof value).toBe('string');
  return JSON.parse(value as string) as EmbedConfig;
}

/** Runs `writeWidgetFolder`, which must be refused, and returns the ValidationError. */
async function refusal(options: unknown): Promise<ValidationError> {
  try {
    await writeWidgetFolder(options as WidgetFolderOptions);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but the folder was written');
}

describe('writeWidgetFolder', () => {
  it("writes {id}.js with the widget's PBX, SIP user and assistant built in", async () => {
    await write();
    const written = await readFile(join(outDir, 'widget-abc123.js'), 'utf8');
    expect(written).not.toContain(BUILT_IN_CONFIG_MARKER);
    expect(builtInConfig(written)).toEqual({
      server: 'wss://pbx.example.com:8089/ws',
      target: 'support',
      user: 'support-webrtc',
      assistantId: 'support',
      placement: 'bottom-right',
    });
  });

  it('builds in the label, language, placement and ICE servers when given', async () => {
    const iceServers = [{ urls: 'turn:turn.example.com:3478', username: 'u', credential: 'c' }];
    await write({ label: 'Позвонить нам', lang: 'ru', placement: 'inline', iceServers });
    const config = builtInConfig(await readFile(join(outDir, 'widget-abc123.js'), 'utf8'));
    expect(config).toMatchObject({ label: 'Позвонить нам', lang: 'ru', placement: 'inline' });
    expect(JSON.parse(config.iceServers ?? 'null')).toEqual(iceServers);
  });

  it('writes a file that still parses as a classic script, without the source map comment', async () => {
    await write();
    const written = await readFile(join(outDir, 'widget-abc123.js'), 'utf8');
    expect(() => new Script(written, { filename: 'widget-abc123.js' })).not.toThrow();
    expect(written).not.toContain('sourceMappingURL');
  });

  it('keeps a label with </script>, quotes, backslashes and line breaks inside its string', async () => {
    const label = '</script><script>alert("x")</script>\'`${1}`\\"\n\u2028 — звоните';
    await write({ label });
    const written = await readFile(join(outDir, 'widget-abc123.js'), 'utf8');
    expect(() => new Script(written)).not.toThrow();
    expect(builtInConfig(written).label).toBe(label);
  });

  it('copies the call chunk the loader imports, byte for byte, and none of the softphone’s files', async () => {
    const result = await write();
    const chunks = Object.keys(manifest.files).filter((f) => /^aipbx-call-.+\.js$/.test(f));
    expect(chunks).toHaveLength(1);
    expect(Object.keys(manifest.files).some((f) => f.startsWith('aipbx-softphone'))).toBe(true);
    expect(result.files.map((f) => f.name)).toEqual(['widget-abc123.js', ...chunks]);
    expect((await readdir(outDir)).sort()).toEqual(['widget-abc123.js', ...chunks].sort());
    for (const chunk of chunks) {
      const copied = await readFile(join(outDir, chunk));
      expect(copied.equals(await readFile(join(BROWSER_DIR, chunk))), chunk).toBe(true);
      expect(sha384(copied), chunk).toBe(manifest.files[chunk]?.integrity);
    }
  });

  it('returns the sha384 and size of every written file', async () => {
    const result = await write();
    for (const file of result.files) {
      const data = await readFile(join(outDir, file.name));
      expect(file.integrity, file.name).toBe(sha384(data));
      expect(file.bytes, file.name).toBe(data.byteLength);
    }
  });

  it("returns @aipbx/core's embed code with the {id}.js integrity", async () => {
    const baseUrl = 'https://www.example.com/widget/';
    const result = await write({ baseUrl });
    const integrity = result.files[0]?.integrity;
    expect(result.embedCode).toBe(widgetEmbedCode(widget, { baseUrl, integrity }));
    expect(result.embedCode).toContain('src="https://www.example.com/widget/widget-abc123.js"');
    expect((await write()).embedCode).toBe(widgetEmbedCode(widget, { integrity }));
  });

  it('lets several widgets share one folder and its chunk', async () => {
    const other = createWidget({
      id: 'widget-sales',
      name: 'Sales',
      assistant: 'sales',
      sipUri: 'sales-webrtc',
    });
    await write();
    await write({ widget: other });
    const files = await readdir(outDir);
    expect(files).toContain('widget-abc123.js');
    expect(files).toContain('widget-sales.js');
    expect(builtInConfig(await readFile(join(outDir, 'widget-sales.js'), 'utf8'))).toMatchObject({
      target: 'sales',
      user: 'sales-webrtc',
    });
  });

  it('creates a missing output folder', async () => {
    const nested = join(outDir, 'public', 'widget');
    await write({ outDir: nested });
    expect(existsSync(join(nested, 'widget-abc123.js'))).toBe(true);
  });

  it('lists every problem with the widget, PBX, folder and options at once, writing nothing', async () => {
    const error = await refusal({
      widget: { id: 'my widget', name: '', assistant: 'support', sipUri: 'support-webrtc' },
      pbx: { wssUrl: 'ws://pbx.example.com:8088/ws' },
      outDir: '',
      placement: 'top',
      iceServers: 'turn:turn.example.com',
      label: 42,
      baseUrl: 'http://www.example.com/widget/',
    });
    expect(error.problems.map((p) => p.field)).toEqual([
      'widget.id',
      'widget.name',
      'pbx.wssUrl',
      'outDir',
      'placement',
      'iceServers',
      'label',
      'baseUrl',
    ]);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses a bad base URL before writing anything', async () => {
    const error = await refusal({ widget, pbx, outDir, baseUrl: 'https://cdn.example.com/w?v=1' });
    expect(error.problems).toEqual([{ field: 'baseUrl', message: expect.stringContaining('query') }]);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses PBX URLs that are not wss:// with a path, and a missing PBX or options', async () => {
    for (const wssUrl of [
      'https://pbx.example.com/ws',
      'wss://pbx.example.com',
      'wss://u:p@pbx.example.com/ws',
    ]) {
      expect(
        (await refusal({ widget, pbx: { wssUrl }, outDir })).problems.map((p) => p.field),
        wssUrl,
      ).toEqual(['pbx.wssUrl']);
    }
    expect((await refusal({ widget, outDir })).problems.map((p) => p.field)).toEqual(['pbx.wssUrl']);
    expect((await refusal(undefined)).problems.map((p) => p.field)).toEqual(['options']);
  });

  it('says to build the package when the browser files are not where it looks', async () => {
    const error = await refusal({ widget, pbx, outDir, browserDir: join(outDir, 'nothing-here') });
    expect(error.problems).toEqual([
      { field: 'browserDir', message: expect.stringContaining('npm run build') },
    ]);
  });
});
