/**
 * `aipbx embed`: the `<script>` tag for a widget, with its Subresource Integrity hash.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWidgetFolder } from '@aipbx/widget/folder';
import type { CliIo } from '../cli-io.js';
import type { CommandSpec, FlagValues } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import { formatProblems, problemsOf } from '../internal/problems.js';
import { readWidgetInput } from './widget-input.js';

/** Flags shared with `widget-folder`. */
export const WIDGET_FLAGS = {
  input: {
    type: 'string',
    value: 'FILE',
    description: 'the JSON description holding pbx and widgets (required)',
  },
  widget: { type: 'string', value: 'ID', description: 'the widget’s id in widgets[] (required)' },
  'base-url': {
    type: 'string',
    value: 'URL',
    description: 'where the folder is served (default https://aipbx.com/widget/)',
  },
  label: { type: 'string', value: 'TEXT', description: 'button text built into {id}.js' },
  lang: { type: 'string', value: 'LANG', description: 'language built in: en or ru' },
  placement: { type: 'string', value: 'WHERE', description: 'bottom-right (default), bottom-left or inline' },
} as const;

async function run(values: FlagValues, io: CliIo): Promise<number> {
  const input = await readWidgetInput(values, io);
  if (!input.ok) {
    io.stderr(formatProblems('the input', input.problems));
    return EXIT_CODES.FAILED;
  }
  // The integrity hash is of {id}.js as the folder would hold it: build it where nobody serves it.
  const dir = await mkdtemp(join(tmpdir(), 'aipbx-embed-'));
  try {
    const { embedCode } = await writeWidgetFolder({
      widget: input.widget,
      pbx: input.pbx,
      outDir: dir,
      ...folderOptions(values),
    });
    io.stdout(`${embedCode}\n`);
    return EXIT_CODES.OK;
  } catch (error) {
    const problems = problemsOf(error);
    if (problems === undefined) throw error;
    io.stderr(formatProblems('the widget', problems));
    return EXIT_CODES.FAILED;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `--base-url`, `--label`, `--lang`, `--placement` as {@link writeWidgetFolder} options. */
export function folderOptions(values: FlagValues): {
  baseUrl?: string;
  label?: string;
  lang?: string;
  placement?: 'bottom-right' | 'bottom-left' | 'inline';
} {
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const options: ReturnType<typeof folderOptions> = {};
  const baseUrl = str('base-url');
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  const label = str('label');
  if (label !== undefined) options.label = label;
  const lang = str('lang');
  if (lang !== undefined) options.lang = lang;
  const placement = str('placement');
  if (placement !== undefined) options.placement = placement as 'bottom-right';
  return options;
}

/** `aipbx embed`. */
export const embedCommand: CommandSpec = {
  name: 'embed',
  summary: 'print the <script> embed code of a widget, with its SRI hash',
  usage: ['embed --input pbx.json --widget ID [--base-url URL]'],
  description: [
    'The hash is of the widget’s own {id}.js (its PBX, SIP user and assistant built in), exactly as',
    '`aipbx widget-folder` writes it with the same flags: publish that folder at --base-url.',
  ],
  flags: WIDGET_FLAGS,
  env: [],
  examples: [
    'aipbx embed --input pbx.json --widget widget-abc123 --base-url https://www.example.com/widget/',
  ],
  run,
};
