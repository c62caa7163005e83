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

/** What was replayed and where. */
export interface BenchContext {
  /** Events in the recording. */
  sent: number;
  /** Recording size in bytes. */
  bytes: number;
  asteriskVersion: string;
  calls: number;
  recordedAt: string;
  rounds: number;
  /** The replay server's pause between the login response and the stream, in ms. */
  loginPauseMs: number;
  node: string;
  cpu: string;
  cores: number;
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

/** Whether the target holds for `row`: ≥ `speed`× the baseline, exact count in every run, RSS no higher. */
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

/** The whole `bench/results/ami.md` page. */
export function renderMarkdownReport(
  rows: readonly ClientSummary[],
  context: BenchContext,
  baselineName: string,
  subject: string,
): string {
  const cells = tableCells(rows, context.sent, baselineName);
  const mb = (context.bytes / 1e6).toFixed(1);
  const subjectRow = rows.find((r) => r.name === subject);
  const lines = [
    '# AMI benchmark',
    '',
    `One recorded stream of real ${context.asteriskVersion} AMI events (${mb} MB, ` +
      `${int(context.sent)} events from ${int(context.calls)} sipp calls, recorded ${context.recordedAt.slice(0, 10)}) ` +
      'replayed over loopback TCP to each client in its own process. events/s is events delivered ÷ time from ' +
      'the first stream byte to the last event; peak RSS is the process high-water mark (VmHWM). ' +
      `Medians of ${context.rounds} runs per client, run one at a time in rotated order.`,
    '',
    `The replay pauses ${context.loginPauseMs} ms between the login response and the stream (untimed), so a ` +
      'client that swaps its parser after logging in does not lose the events sharing a TCP read with the ' +
      'login response; `--login-pause=0` shows that race (asterisk-ami-client is affected).',
    '',
    renderMarkdownTable(cells),
    '',
  ];
  if (subjectRow !== undefined) {
    lines.push(
      `Target for ${subject}: ≥ 5× ${baselineName}'s events/s, exactly the events sent, RSS no higher — ` +
        `${meetsTarget(subjectRow, context.sent) ? '**met**' : '**not met**'}.`,
      '',
    );
  }
  const notes = rows.flatMap((r) => r.notes.map((n) => `- ${r.name}, ${n}`));
  lines.push('Count mismatches and failures:', '', ...(notes.length > 0 ? notes : ['- none']), '');
  lines.push(
    `Machine: ${context.cpu}, ${context.cores} cores, Node ${context.node}. ` +
      'Regenerate with `npm run bench -- ami` (`--record` makes a new recording).',
    '',
  );
  return lines.join('\n');
}

export { renderConsoleTable, renderMarkdownTable };
