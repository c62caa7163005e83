/**
 * A line diff in the unified format (`---`/`+++` headers, `@@` hunks with three lines of context).
 */

/** One line of an edit script. */
interface Edit {
  op: ' ' | '-' | '+';
  line: string;
  /** 1-based line numbers in the old and the new text (of the line, or before it for an insert/delete). */
  a: number;
  b: number;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script by longest common subsequence (the files are small: a few thousand lines). */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      edits.push({ op: ' ', line: a[i] ?? '', a: i + 1, b: j + 1 });
      i++;
      j++;
    } else if (i < n && (j >= m || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))) {
      // Deletions before insertions, as diff(1) shows them.
      edits.push({ op: '-', line: a[i] ?? '', a: i + 1, b: j });
      i++;
    } else {
      edits.push({ op: '+', line: b[j] ?? '', a: i, b: j + 1 });
      j++;
    }
  }
  return edits;
}

/** Options of {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Name shown after `---`. */
  oldName: string;
  /** Name shown after `+++`. */
  newName: string;
  /** Lines of context around each change. Default 3. */
  context?: number;
}

/**
 * The unified diff turning `oldText` into `newText`, or `''` when they are equal.
 *
 * @example
 * ```ts
 * unifiedDiff('a\nb\n', 'a\nc\n', { oldName: 'old/x.conf', newName: 'new/x.conf' });
 * // '--- old/x.conf\n+++ new/x.conf\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n'
 * ```
 */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions): string {
  const edits = editScript(splitLines(oldText), splitLines(newText));
  const context = options.context ?? 3;
  const changed = edits.map((e, k) => (e.op === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  // Group changes whose context overlaps into hunks.
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const start = Math.max(0, k - context);
    const end = Math.min(edits.length - 1, k + context);
    const last = hunks[hunks.length - 1];
    if (last !== undefined && start <= last[1] + 1) last[1] = end;
    else hunks.push([start, end]);
  }
  let out = `--- ${options.oldName}\n+++ ${options.newName}\n`;
  for (const [start, end] of hunks) {
    const slice = edits.slice(start, end + 1);
    const oldCount = slice.filter((e) => e.op !== '+').length;
    const newCount = slice.filter((e) => e.op !== '-').length;
    const first = slice[0] as Edit;
    const oldStart = oldCount === 0 ? first.a : first.op === '+' ? first.a + 1 : first.a;
    const newStart = newCount === 0 ? first.b : first.op === '-' ? first.b + 1 : first.b;
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    for (const e of slice) out += `${e.op}${e.line}\n`;
  }
  return out;
}
