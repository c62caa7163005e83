/**
 * The widget and PBX a widget command works on, from `--input` and `--widget`.
 *
 * @internal
 */
import type { Pbx, ValidationProblem, Widget } from '@aipbx/core';
import { writeWidgetFolder } from '@aipbx/widget/folder';
import type { CliIo } from '../cli-io.js';
import type { FlagValues } from '../command.js';
import { formatProblems, problemsOf } from '../internal/problems.js';
import { readJsonInput } from '../internal/read-input.js';
import { UsageError } from '../internal/usage-error.js';

/** The flags of `embed` and `widget-folder`. */
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

/**
 * Writes the folder of the widget `--input`/`--widget` name into `outDir` with the flags' options.
 * Undefined, with every problem printed, when the input or the widget is refused.
 */
export async function writeFolderOf(
  values: FlagValues,
  outDir: string,
  io: CliIo,
): Promise<Awaited<ReturnType<typeof writeWidgetFolder>> | undefined> {
  const input = await readWidgetInput(values, io);
  if (!input.ok) {
    io.stderr(formatProblems('the input', input.problems));
    return undefined;
  }
  try {
    return await writeWidgetFolder({
      widget: input.widget,
      pbx: input.pbx,
      outDir,
      ...folderOptions(values),
    });
  } catch (error) {
    const problems = problemsOf(error);
    if (problems === undefined) throw error;
    io.stderr(formatProblems('the widget', problems));
    return undefined;
  }
}

/** The widget named by `--widget` and its PBX, or the problems. */
export type WidgetInput =
  | { ok: true; widget: Widget; pbx: Pick<Pbx, 'wssUrl'> }
  | { ok: false; problems: ValidationProblem[] };

/** Reads `--input`, finds `widgets[].id === --widget`. */
export async function readWidgetInput(values: FlagValues, io: CliIo): Promise<WidgetInput> {
  if (typeof values.input !== 'string') throw new UsageError('--input FILE is required');
  if (typeof values.widget !== 'string') throw new UsageError('--widget ID is required');
  const read = await readJsonInput(values.input, io.cwd);
  if (!read.ok) return read;
  const widgets = Array.isArray(read.value.widgets) ? (read.value.widgets as unknown[]) : [];
  const idOf = (w: unknown) => (typeof w === 'object' && w !== null ? (w as { id?: unknown }).id : undefined);
  const ids = widgets.map(idOf).filter((id): id is string => typeof id === 'string');
  const index = widgets.findIndex((w) => idOf(w) === values.widget);
  const problems: ValidationProblem[] = [];
  if (index < 0) {
    problems.push({
      field: 'widgets',
      message: `no widget with id "${values.widget}"; the input has ${ids.length === 0 ? 'none' : ids.map((i) => `"${i}"`).join(', ')}`,
    });
  }
  const pbx = read.value.pbx;
  const wssUrl = typeof pbx === 'object' && pbx !== null ? (pbx as { wssUrl?: unknown }).wssUrl : undefined;
  if (typeof wssUrl !== 'string')
    problems.push({ field: 'pbx.wssUrl', message: 'is required: the PBX’s wss:// URL' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, widget: widgets[index] as Widget, pbx: { wssUrl: wssUrl as string } };
}
