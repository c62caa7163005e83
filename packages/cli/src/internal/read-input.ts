/**
 * Reading the JSON description of a PBX (`--input pbx.json`).
 *
 * @internal
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ValidationProblem } from '@aipbx/core';

/** The parsed file, or the problems that kept it from being read. */
export type InputResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; problems: ValidationProblem[] };

/**
 * Reads and parses `file` (relative to `cwd`). The file's text never appears in a problem: it
 * holds secrets.
 */
export async function readJsonInput(file: string, cwd: string): Promise<InputResult> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, problems: [{ field: '--input', message: `cannot read ${path} (${code})` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text near the error; keep only where it is.
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec((error as Error).message)?.[0];
    return {
      ok: false,
      problems: [{ field: '--input', message: `${path} is not valid JSON${where ? ` (at ${where})` : ''}` }],
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: [{ field: '--input', message: `${path} must hold a JSON object` }] };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
