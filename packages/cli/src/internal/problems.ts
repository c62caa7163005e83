/**
 * Printing validation problems, one per line with its field.
 *
 * @internal
 */
import { ValidationError, type ValidationProblem } from '@aipbx/core';

/** `N problem(s) in WHAT:` then `  - field: message` for each. */
export function formatProblems(what: string, problems: readonly ValidationProblem[]): string {
  const lines = problems.map((p) => `  - ${p.field}: ${p.message}`);
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return `${count} in ${what}:\n${lines.join('\n')}\n`;
}

/** The problems of a {@link ValidationError} (with `prefix.` before each field), else `undefined`. */
export function problemsOf(error: unknown, prefix = ''): ValidationProblem[] | undefined {
  if (!(error instanceof ValidationError)) return undefined;
  return error.problems.map((p) => ({
    field: prefix ? `${prefix}.${p.field}` : p.field,
    message: p.message,
  }));
}
