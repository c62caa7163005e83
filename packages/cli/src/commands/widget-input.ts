/**
 * The widget and PBX a widget command works on, from `--input` and `--widget`.
 *
 * @internal
 */
import type { Pbx, ValidationProblem, Widget } from '@aipbx/core';
import type { CliIo } from '../cli-io.js';
import type { FlagValues } from '../command.js';
import { readJsonInput } from '../internal/read-input.js';
import { UsageError } from '../internal/usage-error.js';

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
  const ids = widgets
    .map((w) => (typeof w === 'object' && w !== null ? (w as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string');
  const index = ids.indexOf(values.widget);
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
