/**
 * The object behind {@link AmiMessage.fields}: each header under its first spelling, first value
 * only, where names that are equal after `toLowerCase()` count as one.
 *
 * @internal
 */

/** Whether every character of `s` is ASCII. */
function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** `a.toLowerCase() === b.toLowerCase()` for two ASCII strings of the same length, without allocating. */
function sameAsciiIgnoringCase(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/** The general case: any names, compared by `toLowerCase()`. */
function fieldsOfAnyNames(names: readonly string[], values: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const lower = names[i]!.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    fields[names[i]!] = values[i]!;
  }
  return fields;
}

/**
 * A frozen null-prototype object with `names[i]: values[i]` for every `i` whose name no earlier
 * name equals ignoring case (`toLowerCase()`). With ASCII names (what every PBX sends), two names
 * can only be equal that way when they have the same length, so they are compared in place,
 * without lower-casing copies or a set.
 */
export function fieldsOf(
  names: readonly string[],
  values: readonly string[],
): Readonly<Record<string, string>> {
  for (let i = 0; i < names.length; i++) {
    if (!isAsciiText(names[i]!)) return Object.freeze(fieldsOfAnyNames(names, values));
  }
  const fields: Record<string, string> = Object.create(null);
  outer: for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    for (let j = 0; j < i; j++) {
      const m = names[j]!;
      if (m.length === n.length && (m === n || sameAsciiIgnoringCase(m, n))) continue outer;
    }
    fields[n] = values[i]!;
  }
  return Object.freeze(fields);
}
