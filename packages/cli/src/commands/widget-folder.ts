/**
 * `aipbx widget-folder`: writes a widget's site-ready folder and prints its embed code.
 */
import { resolve } from 'node:path';
import { writeWidgetFolder } from '@aipbx/widget/folder';
import type { CliIo } from '../cli-io.js';
import type { CommandSpec, FlagValues } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import { formatProblems, problemsOf } from '../internal/problems.js';
import { UsageError } from '../internal/usage-error.js';
import { folderOptions, WIDGET_FLAGS } from './embed.js';
import { readWidgetInput } from './widget-input.js';

async function run(values: FlagValues, io: CliIo): Promise<number> {
  if (typeof values.out !== 'string') throw new UsageError('--out DIR is required');
  const input = await readWidgetInput(values, io);
  if (!input.ok) {
    io.stderr(formatProblems('the input', input.problems));
    return EXIT_CODES.FAILED;
  }
  const outDir = resolve(io.cwd, values.out);
  try {
    const { files, embedCode } = await writeWidgetFolder({
      widget: input.widget,
      pbx: input.pbx,
      outDir,
      ...folderOptions(values),
    });
    for (const f of files) io.stdout(`wrote ${resolve(outDir, f.name)} (${f.bytes} bytes, ${f.integrity})\n`);
    io.stdout(`\nEmbed code:\n${embedCode}\n`);
    return EXIT_CODES.OK;
  } catch (error) {
    const problems = problemsOf(error);
    if (problems === undefined) throw error;
    io.stderr(formatProblems('the widget', problems));
    return EXIT_CODES.FAILED;
  }
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
