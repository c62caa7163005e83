/**
 * The bench's browser bundles (the probe, the raw sip.js page's script, the libraries it sizes) and
 * their sizes: minified bytes and gzip at level 9 (node:zlib).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import type { SizeRow } from './summary.js';

/** Bytes as they are, and gzipped at level 9. */
export function sizeOf(bytes: Uint8Array | string): { minified: number; gzip: number } {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return { minified: buffer.byteLength, gzip: gzipSync(buffer, { level: 9 }).byteLength };
}

const BROWSER: BuildOptions = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
  legalComments: 'none',
};

async function bundle(options: BuildOptions): Promise<Uint8Array> {
  const result = await build({ ...BROWSER, ...options });
  const file = result.outputFiles?.[0];
  if (file === undefined) throw new Error('esbuild wrote nothing');
  return file.contents;
}

/** A browser script of the bench's own (`page/…`), as an IIFE; minified when it is sized. */
export function pageScript(root: string, file: string, minify: boolean): Promise<Uint8Array> {
  return bundle({ entryPoints: [join(root, 'bench', 'widget', 'page', file)], format: 'iife', minify });
}

/** A whole library from node_modules, as a minified ES module bundle: `source` re-exports it. */
function libraryBundle(root: string, source: string, name: string): Promise<Uint8Array> {
  return bundle({
    stdin: { contents: source, resolveDir: root, sourcefile: `${name}-entry.js`, loader: 'js' },
    format: 'esm',
    minify: true,
  });
}

/** A package's version from its package.json in node_modules; `?` when unreadable. */
export function packageVersion(root: string, name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

/** The name of the widget total's row, the baseline of the size ratios. */
export const WIDGET_TOTAL = 'widget total';

/**
 * The size table's rows: the widget's two browser files and their sum, sip.js whole, the raw page's
 * script, JsSIP whole.
 */
export async function sizeRows(
  root: string,
  widgetDir: string,
  chunkName: string,
  rawPage: Uint8Array,
): Promise<SizeRow[]> {
  const first = sizeOf(readFileSync(join(widgetDir, 'aipbx-widget.js')));
  const chunk = sizeOf(readFileSync(join(widgetDir, chunkName)));
  const sipjs = sizeOf(await libraryBundle(root, "export * from 'sip.js';", 'sip.js'));
  const jssip = sizeOf(
    await libraryBundle(root, "import JsSIP from 'jssip';\nexport default JsSIP;", 'jssip'),
  );
  return [
    { name: 'aipbx-widget.js', what: "<aipbx-call>'s first script: the button", ...first },
    { name: chunkName, what: 'its call chunk, loaded on first intent: sip.js, engine, panel', ...chunk },
    {
      name: WIDGET_TOTAL,
      what: 'both files',
      minified: first.minified + chunk.minified,
      gzip: first.gzip + chunk.gzip,
    },
    {
      name: `sip.js ${packageVersion(root, 'sip.js')}`,
      what: 'the whole library: its entry bundled and minified by esbuild (ESM)',
      ...sipjs,
    },
    {
      name: 'raw sip.js page',
      what: "the raw page's script: only what it uses of sip.js, minified by esbuild (IIFE)",
      ...sizeOf(rawPage),
    },
    {
      name: `JsSIP ${packageVersion(root, 'jssip')}`,
      what: 'the whole library bundled and minified by esbuild (ESM, browser)',
      ...jssip,
    },
  ];
}
