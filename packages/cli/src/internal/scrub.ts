/**
 * Last line of defence against printing a secret: every known secret's text is replaced.
 *
 * @internal
 */

/** Replaces each of `secrets` (the non-empty ones, longest first) in `text` with `***`. */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  list.sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of list) out = out.split(secret).join('***');
  return out;
}
