/**
 * `aipbx widget-folder`: writes a widget's site-ready folder and prints its embed code.
 */
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import type { CommandSpec, FlagValues } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../internal/usage-error.js';
import { WIDGET_FLAGS, writeFolderOf } from './widget-input.js';

async function run(values: FlagValues, io: CliIo): Promise<number> {
  if (typeof values.out !== 'string') throw new UsageError('--out DIR is required');
  const outDir = resolve(io.cwd, values.out);
  const folder = await writeFolderOf(values, outDir, io);
  if (folder === undefined) return EXIT_CODES.FAILED;
  for (const f of folder.files)
    io.stdout(`wrote ${resolve(outDir, f.name)} (${f.bytes} bytes, ${f.integrity})\n`);
  io.stdout(`\nEmbed code:\n${folder.embedCode}\n`);
  return EXIT_CODES.OK;
}

/** `aipbx widget-folder`. */
export const widgetFolderCommand: CommandSpec = {
  name: 'widget-folder',
  summary: 'write a widget’s site-ready folder ({id}.js and its chunk) and print the embed code',
  usage: ['widget-folder --input pbx.json --widget ID --out DIR [--base-url URL]'],
  description: ['Serve DIR at --base-url; several widgets can share one folder.'],
  flags: {
    ...WIDGET_FLAGS,
    out: { type: 'string', value: 'DIR', description: 'folder to write (required)' },
  },
  env: [],
  examples: [
    'aipbx widget-folder --input pbx.json --widget widget-abc123 --out public/widget --base-url https://www.example.com/widget/',
  ],
  run,
};
