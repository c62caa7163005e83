import { renderConsoleTable, renderMarkdownTable } from '../shared/table.js';
/**
 * Turns the runs into the table: medians per client, ratios to the baseline, count mismatches,
 * and the same table as console text and as Markdown.
 */

/** One run of one client. */
export interface RunMeasurement {
  /** Client id (see BENCH_CLIENTS). */
  client: string;
  /** 0-based round. */
  round: number;
  /** False when the client could not run; `error` says why. */
  ok: boolean;
  error?: string;
  /** Events delivered. */
  events: number;
  /** Events delivered per name. */
  byName: Record<string, number>;
  /** From the first stream byte to the last event, in seconds; undefined when no event arrived. */
  seconds?: number;
  /** `events / seconds`. */
  eventsPerSecond?: number;
  /** Peak RSS of the client's process, in MB (10^6 bytes). */
  peakRssMb?: number;
  /** How the run ended (`complete`, `idle`, `timeout`, `error`). */
  end: string;
}

/** One row of the table. */
export interface ClientSummary {
  id: string;
  name: string;
  version: string;
  runs: RunMeasurement[];
  /** Median events/s over the runs that delivered events. */
  eventsPerSecond?: number;
  /** Median peak RSS in MB over the runs that ran. */
  peakRssMb?: number;
  /** Events delivered, one entry per run. */
  delivered: number[];
  /** Median events/s divided by the baseline's; undefined for the baseline's own missing data. */
  speedRatio?: number;
  /** Median peak RSS divided by the baseline's. */
  rssRatio?: number;
  /** Human-readable notes on runs whose count differed from what was sent, or that failed. */
  notes: string[];
}

/** One replayed stream and its results, a section of the report. */
export interface StreamReport {
  /** Section heading, e.g. `Recording "operators": desk phones, click-to-calls, assistant calls`. */
  title: string;
  /** What the stream is, one sentence without the final stop, e.g. `One recorded stream of … (33.4 MB, …)`. */
  source: string;
  /** Events in the stream: what every client must deliver. */
  sent: number;
  /** Stream size in bytes. */
  bytes: number;
  /** Events per name in the stream. */
  byName: Record<string, number>;
  /** Events in the stream with non-ASCII (UTF-8) text. */
  nonAsciiEvents: number;
  /** One row per client. */
  rows: ClientSummary[];
}

/** How the bench ran and where. */
export interface BenchContext {
  rounds: number;
  /** The replay server's pause between the login response and the stream, in ms. */
  loginPauseMs: number;
  node: string;
  cpu: string;
  cores: number;
  /** The command that makes this page again, e.g. `npm run bench -- ami --mix=assistant,operators`. */
  command: string;
}

/** The median of `values` (mean of the middle two for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Names whose counts differ between what was sent and what a client delivered, as
 * `Name −n` (missing) or `Name +n` (extra), largest difference first, at most `limit`.
 */
export function countDifferences(
  sent: Record<string, number>,
  delivered: Record<string, number>,
  limit = 5,
): string[] {
  const names = new Set([...Object.keys(sent), ...Object.keys(delivered)]);
  const diffs: [string, number][] = [];
  for (const name of names) {
    const d = (delivered[name] ?? 0) - (sent[name] ?? 0);
    if (d !== 0) diffs.push([name === '' ? '(no name)' : name, d]);
  }
  diffs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]));
  const shown = diffs.slice(0, limit).map(([name, d]) => `${name} ${d > 0 ? '+' : '−'}${Math.abs(d)}`);
  if (diffs.length > limit) shown.push(`… ${diffs.length - limit} more names`);
  return shown;
}

/**
 * Summarises runs per client, in `clients` order, with ratios to `baselineId`.
 *
 * @param sentByName - events per name in the recording, to explain count mismatches
 */
export function summarize(
  clients: readonly { id: string; name: string; version: string }[],
  runs: readonly RunMeasurement[],
  sent: number,
  sentByName: Record<string, number>,
  baselineId: string,
): ClientSummary[] {
  const rows = clients.map((client): ClientSummary => {
    const own = runs.filter((r) => r.client === client.id).sort((a, b) => a.round - b.round);
    const rates = own.flatMap((r) => (r.eventsPerSecond === undefined ? [] : [r.eventsPerSecond]));
    const rss = own.flatMap((r) => (r.peakRssMb === undefined ? [] : [r.peakRssMb]));
    const notes: string[] = [];
    for (const run of own) {
      const label = `run ${run.round + 1}`;
      if (!run.ok) notes.push(`${label}: failed — ${run.error ?? 'no reason given'}`);
      else if (run.events !== sent) {
        const diff = countDifferences(sentByName, run.byName);
        notes.push(
          `${label}: delivered ${run.events.toLocaleString('en-US')} of ${sent.toLocaleString('en-US')} ` +
            `(${run.end === 'timeout' ? 'timed out' : 'stream went quiet'}; ${diff.join(', ') || 'same names'})`,
        );
      }
    }
    const eventsPerSecond = median(rates);
    const peakRssMb = median(rss);
    return {
      ...client,
      runs: own,
      delivered: own.map((r) => r.events),
      ...(eventsPerSecond === undefined ? {} : { eventsPerSecond }),
      ...(peakRssMb === undefined ? {} : { peakRssMb }),
      notes,
    };
  });
  const baseline = rows.find((r) => r.id === baselineId);
  for (const row of rows) {
    if (baseline?.eventsPerSecond !== undefined && row.eventsPerSecond !== undefined) {
      row.speedRatio = row.eventsPerSecond / baseline.eventsPerSecond;
    }
    if (baseline?.peakRssMb !== undefined && row.peakRssMb !== undefined) {
      row.rssRatio = row.peakRssMb / baseline.peakRssMb;
    }
  }
  return rows;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function deliveredCell(row: ClientSummary, sent: number): string {
  if (row.delivered.length === 0) return '—';
  const distinct = [...new Set(row.delivered)];
  const counts = distinct.length === 1 ? int(distinct[0] ?? 0) : row.delivered.map(int).join(' / ');
  return `${counts} of ${int(sent)}${row.delivered.every((d) => d === sent) ? ' ✓' : ' ✗'}`;
}

/** The table's header and cells, shared by the console and Markdown renderings. */
export function tableCells(rows: readonly ClientSummary[], sent: number, baselineName: string): string[][] {
  const header = [
    'client',
    'version',
    'events/s (median)',
    'events delivered / sent',
    'peak RSS MB (median)',
    `speed vs ${baselineName}`,
    `RSS vs ${baselineName}`,
  ];
  const body = rows.map((row) => [
    row.name,
    row.version,
    row.eventsPerSecond === undefined ? 'failed' : int(row.eventsPerSecond),
    deliveredCell(row, sent),
    row.peakRssMb === undefined ? '—' : row.peakRssMb.toFixed(1),
    row.speedRatio === undefined ? '—' : `${row.speedRatio.toFixed(2)}×`,
    row.rssRatio === undefined ? '—' : `${row.rssRatio.toFixed(2)}×`,
  ]);
  return [header, ...body];
}

/** Whether the issue's target holds for `row`: ≥ `speed`× the baseline, exact count in every run, RSS no higher. */
export function meetsTarget(row: ClientSummary, sent: number, speed = 5): boolean {
  return (
    row.speedRatio !== undefined &&
    row.speedRatio >= speed &&
    row.rssRatio !== undefined &&
    row.rssRatio <= 1 &&
    row.runs.length > 0 &&
    row.runs.every((r) => r.ok && r.events === sent)
  );
}

/**
 * The most frequent event names with their share of all events, e.g.
 * `VarSet 36.8 %, Newexten 33.3 %`, then how many names there are, the mean event size and the
 * share of events with non-ASCII (UTF-8) text.
 */
export function describeMix(
  stream: Pick<StreamReport, 'byName' | 'sent' | 'bytes' | 'nonAsciiEvents'>,
  top = 6,
): string {
  const { byName, sent, bytes, nonAsciiEvents } = stream;
  const names = Object.entries(byName).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shares = names
    .slice(0, top)
    .map(([name, n]) => `${name} ${((100 * n) / Math.max(1, sent)).toFixed(1)} %`)
    .join(', ');
  const text =
    nonAsciiEvents === 0
      ? 'all ASCII'
      : `${((100 * nonAsciiEvents) / Math.max(1, sent)).toFixed(1)} % of events with non-ASCII (UTF-8) text`;
  return (
    `Most frequent events: ${shares}; ${names.length} event names, ` +
    `${int(bytes / Math.max(1, sent))} bytes per event on average, ${text}`
  );
}

/** The whole `bench/results/ami.md` page: one section per replayed stream. */
export function renderMarkdownReport(
  streams: readonly StreamReport[],
  context: BenchContext,
  baselineName: string,
  subject: string,
): string {
  const lines = [
    '# AMI benchmark',
    '',
    `${streams.length === 1 ? 'One stream' : `${streams.length} streams`} of real Asterisk AMI events, each ` +
      'replayed over loopback TCP to each client in its own process. events/s is events delivered ÷ time from ' +
      'the first stream byte to the last event; peak RSS is the process high-water mark (VmHWM). ' +
      `Medians of ${context.rounds} runs per client and stream, run one at a time in rotated order` +
      `${streams.length > 1 ? ', the streams taking turns round by round' : ''}.`,
    '',
    `The replay pauses ${context.loginPauseMs} ms between the login response and the stream (untimed), so a ` +
      'client that swaps its parser after logging in does not lose the events sharing a TCP read with the ' +
      'login response; `--login-pause=0` shows that race (asterisk-ami-client is affected).',
    '',
  ];
  for (const stream of streams) {
    const subjectRow = stream.rows.find((r) => r.name === subject);
    lines.push(
      `## ${stream.title}`,
      '',
      `${stream.source}. ${describeMix(stream)}.`,
      '',
      renderMarkdownTable(tableCells(stream.rows, stream.sent, baselineName)),
      '',
    );
    if (subjectRow !== undefined) {
      lines.push(
        `Target for ${subject}: ≥ 5× ${baselineName}'s events/s, exactly the events sent, RSS no higher — ` +
          `${meetsTarget(subjectRow, stream.sent) ? '**met**' : '**not met**'}.`,
        '',
      );
    }
    const notes = stream.rows.flatMap((r) => r.notes.map((n) => `- ${r.name}, ${n}`));
    lines.push('Count mismatches and failures:', '', ...(notes.length > 0 ? notes : ['- none']), '');
  }
  lines.push(
    `Machine: ${context.cpu}, ${context.cores} cores, Node ${context.node}. ` +
      `Regenerate with \`${context.command}\` (\`--record\` makes new recordings).`,
    '',
  );
  return lines.join('\n');
}

export { renderConsoleTable, renderMarkdownTable };
