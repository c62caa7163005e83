/**
 * Reading a benchmark's `--flag=value` arguments: each flag split from its value, and values
 * checked with an error that names the flag and what it takes.
 */

/** `--flag=value` → `['--flag', 'value']`; a bare `--flag` has the value `''`. */
export function splitFlag(arg: string): [flag: string, value: string] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, ''] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** A whole number from `min` to `max`. */
export function wholeFlag(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (value === '' || !Number.isInteger(n) || n < min || n > max)
    throw new Error(
      `${flag} needs a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got "${value}".`,
    );
  return n;
}

/** A number above zero. */
export function positiveFlag(flag: string, value: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n) || n <= 0)
    throw new Error(`${flag} needs a positive number, got "${value}".`);
  return n;
}
