/** Tables the benchmarks print and write: aligned plain text for the console, Markdown for results. */

/** A table as aligned plain text for the console: a header, a rule, the rows. */
export function renderConsoleTable(cells: readonly string[][]): string {
  const widths =
    cells[0]?.map((_, col) => Math.max(...cells.map((row) => [...(row[col] ?? '')].length))) ?? [];
  const line = (row: readonly string[]) =>
    row
      .map((cell, col) => cell + ' '.repeat((widths[col] ?? 0) - [...cell].length))
      .join('  ')
      .trimEnd();
  const [header, ...body] = cells;
  if (header === undefined) return '';
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** A table as Markdown: the first two columns left-aligned, the numbers after them right-aligned. */
export function renderMarkdownTable(cells: readonly string[][]): string {
  const [header, ...body] = cells;
  if (header === undefined) return '';
  const align = header.map((_, col) => (col < 2 ? '---' : '---:'));
  return [header, align, ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
}
