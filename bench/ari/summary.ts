import { renderConsoleTable, renderMarkdownTable } from '../shared/table.js';
/**
 * Turns the runs into the two tables (connect, load): medians per peer, ratios to the baselines,
 * the verdicts on the issue's targets, and the same tables as console text and Markdown.
 */
import type { CallTallyReport } from './protocol.js';

/** One connect run of one peer. */
export interface ConnectRun {
  peer: string;
  /** 0-based round. */
  round: number;
  ok: boolean;
  error?: string;
  /** Import + registration, ms. */
  connectMs?: number;
  /** The import alone, ms. */
  loadMs?: number;
  /** The child's VmHWM when registered, MB (10^6 bytes). */
  peakRssMb?: number;
  /** Whether Asterisk listed the app (GET /ari/applications) once the child said it was registered. */
  listed?: boolean;
  /** What the child printed on stderr (library warnings), when anything. */
  stderr?: string;
}

/** One load run of one peer. */
export interface LoadRun {
  peer: string;
  round: number;
  /** False when the app could not run; `error` says why. */
  ok: boolean;
  error?: string;
  /** Calls sipp was asked to place. */
  placed: number;
  /** sipp's counts; undefined when sipp printed no statistics. */
  successful?: number;
  failed?: number;
  /** Calls up at once at sipp's peak. */
  peakCalls?: number;
  /** sipp's mean INVITE → 200 OK, ms. */
  responseMs?: number;
  /** Wall time of the sipp run, s. */
  seconds?: number;
  /** The app process's CPU (user + system, /proc) from ready to the end of the load, s. */
  appCpuSeconds?: number;
  /** Asterisk's CPU (user + system, /proc, all threads) over the same window, s. */
  asteriskCpuSeconds?: number;
  /** What the app counted. */
  tally?: CallTallyReport;
  /** What the library still held after the load. */
  leftovers?: Record<string, number>;
  /** The app process's VmHWM at the end, MB. */
  peakRssMb?: number;
  /** What the child printed on stderr (library warnings), when anything. */
  stderr?: string;
}

/** A peer's name and version. */
export interface PeerInfo {
  id: string;
  name: string;
  version: string;
}

/** One row of the connect table. */
export interface ConnectSummary extends PeerInfo {
  runs: ConnectRun[];
  connectMs?: number;
  loadMs?: number;
  peakRssMb?: number;
  /** Fastest and slowest connect, ms. */
  connectRange?: [number, number];
  /** Runs the app was listed by Asterisk after, of the runs that registered. */
  listed: number;
  okRuns: number;
  /** Median connect time ÷ the baseline's. */
  connectRatio?: number;
  /** Median peak RSS ÷ the baseline's. */
  rssRatio?: number;
  notes: string[];
}

/** One row of the load table. */
export interface LoadSummary extends PeerInfo {
  runs: LoadRun[];
  /** Calls placed over every run. */
  placed: number;
  /** Calls that did not complete (placed − sipp's successful), over every run; undefined without statistics. */
  failedCalls?: number;
  /** Calls the app saw (StasisStart), over every run. */
  handled: number;
  /** Failed requests and library errors, over every run. */
  appErrors: number;
  appCpuSeconds?: number;
  /** Median app CPU ÷ the baseline's. */
  cpuRatio?: number;
  asteriskCpuSeconds?: number;
  peakRssMb?: number;
  peakCalls?: number;
  responseMs?: number;
  /** Answer latency percentiles over every call, ms. */
  answerP50Ms?: number;
  answerP95Ms?: number;
  /** Largest leftover per kind over the runs. */
  leftovers: Record<string, number>;
  notes: string[];
}

/** The median of `values` (mean of the middle two for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The `p`-th percentile (0–100) by the nearest-rank method; undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

const defined = (values: readonly (number | undefined)[]): number[] =>
  values.filter((v): v is number => v !== undefined);

/** A note on what runs printed on stderr: the first run's text, and how many runs printed anything. */
function stderrNotes(runs: readonly { round: number; stderr?: string }[]): string[] {
  const printed = runs.filter((r) => r.stderr);
  const first = printed[0];
  if (first?.stderr === undefined) return [];
  const text = first.stderr.replace(/\s+/g, ' ').slice(0, 300);
  return [
    `${printed.length} of ${runs.length} runs printed on stderr, e.g. run ${first.round + 1}: "${text}"`,
  ];
}

/** Rows of the connect table, in `peers` order, with ratios to `baselineId`. */
export function summarizeConnect(
  peers: readonly PeerInfo[],
  runs: readonly ConnectRun[],
  baselineId: string,
): ConnectSummary[] {
  const rows = peers.map((peer): ConnectSummary => {
    const own = runs.filter((r) => r.peer === peer.id).sort((a, b) => a.round - b.round);
    const ok = own.filter((r) => r.ok);
    const times = defined(ok.map((r) => r.connectMs));
    const connectMs = median(times);
    const loadMs = median(defined(ok.map((r) => r.loadMs)));
    const peakRssMb = median(defined(ok.map((r) => r.peakRssMb)));
    const notes = own.flatMap((r) => {
      if (!r.ok) return [`run ${r.round + 1}: failed — ${r.error ?? 'no reason given'}`];
      if (r.listed === false)
        return [`run ${r.round + 1}: Asterisk did not list the app after it registered`];
      return [];
    });
    notes.push(...stderrNotes(own));
    return {
      ...peer,
      runs: own,
      ...(connectMs === undefined ? {} : { connectMs }),
      ...(loadMs === undefined ? {} : { loadMs }),
      ...(peakRssMb === undefined ? {} : { peakRssMb }),
      ...(times.length === 0 ? {} : { connectRange: [Math.min(...times), Math.max(...times)] }),
      listed: ok.filter((r) => r.listed === true).length,
      okRuns: ok.length,
      notes,
    };
  });
  const baseline = rows.find((r) => r.id === baselineId);
  for (const row of rows) {
    if (baseline?.connectMs !== undefined && row.connectMs !== undefined)
      row.connectRatio = row.connectMs / baseline.connectMs;
    if (baseline?.peakRssMb !== undefined && row.peakRssMb !== undefined)
      row.rssRatio = row.peakRssMb / baseline.peakRssMb;
  }
  return rows;
}

/** Rows of the load table, in `peers` order, with CPU ratios to `baselineId`. */
export function summarizeLoad(
  peers: readonly PeerInfo[],
  runs: readonly LoadRun[],
  baselineId: string,
): LoadSummary[] {
  const rows = peers.map((peer): LoadSummary => {
    const own = runs.filter((r) => r.peer === peer.id).sort((a, b) => a.round - b.round);
    const ok = own.filter((r) => r.ok);
    const notes: string[] = [];
    let failedCalls: number | undefined = 0;
    for (const run of own) {
      const label = `run ${run.round + 1}`;
      if (!run.ok) notes.push(`${label}: failed — ${run.error ?? 'no reason given'}`);
      if (!run.ok || run.successful === undefined) {
        if (run.ok) notes.push(`${label}: sipp printed no statistics`);
        failedCalls = undefined;
      } else if (failedCalls !== undefined) {
        failedCalls += run.placed - run.successful;
      }
      for (const [step, errors] of Object.entries(run.tally?.errors ?? {})) {
        notes.push(`${label}: ${errors.count} ${step} error(s), e.g. ${errors.samples[0] ?? 'no message'}`);
      }
      for (const [kind, n] of Object.entries(run.leftovers ?? {})) {
        if (n > 0) notes.push(`${label}: ${n} ${kind} left after every call ended`);
      }
      if (run.tally !== undefined && run.tally.started !== run.tally.ended) {
        notes.push(`${label}: ${run.tally.started} calls reached the app, ${run.tally.ended} left it`);
      }
    }
    notes.push(...stderrNotes(own));
    const leftovers: Record<string, number> = {};
    for (const run of own)
      for (const [kind, n] of Object.entries(run.leftovers ?? {}))
        leftovers[kind] = Math.max(leftovers[kind] ?? 0, n);
    const latencies = ok.flatMap((r) => r.tally?.answerLatencyMs ?? []);
    const pick = (value: number | undefined, key: string) => (value === undefined ? {} : { [key]: value });
    return {
      ...peer,
      runs: own,
      placed: own.reduce((n, r) => n + r.placed, 0),
      ...(failedCalls === undefined || own.length === 0 ? {} : { failedCalls }),
      handled: own.reduce((n, r) => n + (r.tally?.started ?? 0), 0),
      appErrors: own.reduce(
        (n, r) => n + Object.values(r.tally?.errors ?? {}).reduce((m, e) => m + e.count, 0),
        0,
      ),
      ...pick(median(defined(ok.map((r) => r.appCpuSeconds))), 'appCpuSeconds'),
      ...pick(median(defined(ok.map((r) => r.asteriskCpuSeconds))), 'asteriskCpuSeconds'),
      ...pick(median(defined(ok.map((r) => r.peakRssMb))), 'peakRssMb'),
      ...pick(median(defined(ok.map((r) => r.peakCalls))), 'peakCalls'),
      ...pick(median(defined(ok.map((r) => r.responseMs))), 'responseMs'),
      ...pick(percentile(latencies, 50), 'answerP50Ms'),
      ...pick(percentile(latencies, 95), 'answerP95Ms'),
      leftovers,
      notes,
    };
  });
  const baseline = rows.find((r) => r.id === baselineId);
  for (const row of rows) {
    if (
      baseline?.appCpuSeconds !== undefined &&
      row.appCpuSeconds !== undefined &&
      baseline.appCpuSeconds > 0
    )
      row.cpuRatio = row.appCpuSeconds / baseline.appCpuSeconds;
  }
  return rows;
}

/** Whether the connect target holds: median ≤ `ratio`× the baseline's, and every run registered. */
export function meetsConnectTarget(row: ConnectSummary, ratio = 0.25): boolean {
  return (
    row.connectRatio !== undefined &&
    row.connectRatio <= ratio &&
    row.runs.length > 0 &&
    row.okRuns === row.runs.length
  );
}

/** Whether the load target holds: no failed call, no app error, CPU ≤ `ratio`× the baseline's. */
export function meetsLoadTarget(row: LoadSummary, ratio = 1.5): boolean {
  return (
    row.runs.length > 0 &&
    row.runs.every((r) => r.ok) &&
    row.failedCalls === 0 &&
    row.appErrors === 0 &&
    row.cpuRatio !== undefined &&
    row.cpuRatio <= ratio
  );
}

const ms = (v: number | undefined, digits = 0) => (v === undefined ? '—' : v.toFixed(digits));
const ratio = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(2)}×`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** The connect table's header and cells. */
export function connectCells(rows: readonly ConnectSummary[], baselineName: string): string[][] {
  const header = [
    'peer',
    'version',
    'runs ok',
    'connect ms (median)',
    'min–max ms',
    'import ms (median)',
    'peak RSS MB (median)',
    `connect vs ${baselineName}`,
    `RSS vs ${baselineName}`,
    'listed by Asterisk',
  ];
  const body = rows.map((row) => [
    row.name,
    row.version,
    `${row.okRuns}/${row.runs.length}`,
    ms(row.connectMs, 1),
    row.connectRange === undefined ? '—' : `${ms(row.connectRange[0], 1)}–${ms(row.connectRange[1], 1)}`,
    ms(row.loadMs, 1),
    ms(row.peakRssMb, 1),
    ratio(row.connectRatio),
    ratio(row.rssRatio),
    `${row.listed}/${row.okRuns}`,
  ]);
  return [header, ...body];
}

/** The load table's header and cells. */
export function loadCells(rows: readonly LoadSummary[], baselineName: string): string[][] {
  const header = [
    'peer',
    'version',
    'calls placed',
    'failed calls',
    'calls in app',
    'app errors',
    'app CPU s (median)',
    `CPU vs ${baselineName}`,
    'Asterisk CPU s (median)',
    'app peak RSS MB',
    'answer p50/p95 ms',
    'peak calls up',
  ];
  const body = rows.map((row) => [
    row.name,
    row.version,
    int(row.placed),
    row.failedCalls === undefined ? '?' : int(row.failedCalls),
    int(row.handled),
    int(row.appErrors),
    ms(row.appCpuSeconds, 2),
    ratio(row.cpuRatio),
    ms(row.asteriskCpuSeconds, 2),
    ms(row.peakRssMb, 1),
    row.answerP50Ms === undefined ? '—' : `${ms(row.answerP50Ms, 1)} / ${ms(row.answerP95Ms, 1)}`,
    ms(row.peakCalls),
  ]);
  return [header, ...body];
}

/** The run's setting, for the report. */
export interface AriBenchContext {
  asteriskVersion: string;
  connectRounds: number;
  loadRounds: number;
  calls: number;
  rate: number;
  holdSeconds: number;
  media: string;
  /** RTP ports the bench gave its bed (see main.ts). */
  rtpPorts: number;
  node: string;
  cpu: string;
  cores: number;
  date: string;
  /** Install footprints: package name → packages it brings (itself included) and their size on disk. */
  footprints: { name: string; packages: number; megabytes: number; workspace?: number }[];
  /** Free-form lines about the bed under load (slowdowns and their causes). */
  bedNotes: string[];
}

/**
 * What limits the bed, as found while building the bench (2026-11-30, on a 2-core machine, raw
 * bot), then what this run saw in Asterisk's log.
 */
export function bedSection(context: AriBenchContext): string[] {
  const rtp =
    context.rtpPorts === 100
      ? `This run left the bed its own 100 RTP ports (\`--rtp-ports=100\`): enough for 50 calls, as each call takes an RTP and an RTCP port.`
      : `Every test-bed instance has 100 RTP ports, enough for 50 calls (each takes an RTP and an RTCP port): with them ` +
        'half of 300 calls at 10/s fail (Asterisk logs "Unable to create RTP instance" and cannot negotiate the ' +
        `call's audio). The bench gives its own instance ${context.rtpPorts} after it starts (its \`rtp.conf\` ` +
        'rewritten and `res_rtp_asterisk` reloaded); `--rtp-ports=100` shows the failure.';
  return [
    `- ${rtp}`,
    "- Asterisk's HTTP server takes 100 sessions at most (http.conf's default); a client that opens a connection " +
      'per concurrent request (the raw bot\'s `fetch`) is turned away past that ("HTTP session count exceeded", ' +
      'seen at 100 calls/s). @aipbx/node-ari keeps at most 16 sockets by default.',
    `- The bed, sipp and the app share the machine's ${context.cores} cores. At 40 calls/s (400 up) nothing slowed ` +
      '(answer p95 under 7 ms, Asterisk at about 0.8 of a core); at 100 calls/s (4 s calls) Asterisk took about ' +
      '1.2 cores and answer latency rose to 40 ms median, 260 ms p95: the CPU is the limit, not ARI. Every call is ' +
      "also recorded (the bed's dialplan runs MixMonitor), which is part of Asterisk's CPU here.",
    ...(context.bedNotes.length > 0
      ? context.bedNotes.map((n) => `- This run: ${n}`)
      : ["- This run: no warning or error in Asterisk's log during the load."]),
  ];
}

/** The whole `bench/results/ari.md` page. */
export function renderMarkdownReport(
  connect: readonly ConnectSummary[],
  load: readonly LoadSummary[],
  context: AriBenchContext,
  names: { subject: string; connectBaseline: string; loadBaseline: string },
): string {
  const subjectConnect = connect.find((r) => r.name === names.subject);
  const subjectLoad = load.find((r) => r.name === names.subject);
  const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
  const lines = ['# ARI benchmark', ''];
  lines.push(
    `${names.subject}, ${names.connectBaseline} and a raw bot (Node's \`fetch\` + \`ws\`, no library) against the ` +
      `project's real ${context.asteriskVersion} test bed. Every run is a fresh child process with one ` +
      'library in it; peers take turns in rotated order. @aipbx/node-ari and @aipbx/core are built from this ' +
      "checkout's source at run time, each into a file of its own as npm installs them; the other libraries " +
      'load from node_modules.',
    '',
  );
  if (connect.length > 0) {
    lines.push(
      '## Connect',
      '',
      `From just before the library is imported to the library saying the Stasis app is registered, ` +
        `medians of ${context.connectRounds} runs per peer (one untimed warm-up run each first). ` +
        `${names.subject}: \`new AriClient(…)\`, \`client.app('aiPBXBot')\`, \`await app.start()\`. ` +
        `${names.connectBaseline}: \`await ari.connect(url, user, pass)\` (which first downloads Asterisk's Swagger ` +
        'description: `resources.json`, twice, and its 11 resource files, about 0.2 MB), then ' +
        `\`await client.start('aiPBXBot')\`. Both promises resolve on ` +
        'the events WebSocket\'s `open` event, which is what "registered" means here; after each run the ' +
        'parent also checked that `GET /ari/applications` lists the app ("listed by Asterisk"). Peak RSS is the ' +
        "child's VmHWM at that moment. The raw bot is the floor: importing `ws` (which loads node:http, https, " +
        "tls, zlib and crypto) is most of every peer's time.",
      '',
      renderMarkdownTable(connectCells(connect, names.connectBaseline)),
      '',
    );
    if (subjectConnect !== undefined && connect.some((r) => r.name === names.connectBaseline)) {
      lines.push(
        `Target for ${names.subject}: connect ≤ 0.25× ${names.connectBaseline}'s — ${verdict(meetsConnectTarget(subjectConnect))}.`,
        '',
      );
    }
  }
  if (load.length > 0) {
    lines.push(
      '## Load',
      '',
      `sipp places ${int(context.calls)} calls at ${context.rate}/s (\`testbed/sipp/call-assistant.xml\`); the ` +
        `dialplan sends each to \`Stasis(aiPBXBot,…)\`. Every peer's app answers, plays \`${context.media}\` and ` +
        `hangs up ${context.holdSeconds} s after the call arrived (a timer in the app), so about ` +
        `${int(context.rate * context.holdSeconds)} calls are up at once. Failed calls are calls sipp did not ` +
        'complete; app errors are ARI requests and playbacks that failed. CPU is user + system from ' +
        "`/proc/<pid>/stat` between the app being ready and the last channel gone: the app's process, and Asterisk's (all threads) " +
        `beside it. ${context.loadRounds === 1 ? 'One run per peer' : `Medians of ${context.loadRounds} runs per peer`}, ` +
        'one after another against the same bed.',
      '',
      renderMarkdownTable(loadCells(load, names.loadBaseline)),
      '',
    );
    if (load.some((r) => r.id === 'raw')) {
      lines.push(
        "The raw bot's REST calls go through `fetch` (undici), @aipbx/node-ari's through `node:http` with a " +
          'keep-alive agent: the likely reason the library takes less CPU and memory than the raw bot.',
        '',
      );
    }
    if (subjectLoad !== undefined && load.some((r) => r.id === 'raw' || r.name === names.loadBaseline)) {
      lines.push(
        `Target for ${names.subject}: no failed call, CPU ≤ 1.5× the ${names.loadBaseline}'s — ${verdict(meetsLoadTarget(subjectLoad))}.`,
        '',
      );
    }
    const leftovers = load.map(
      (r) =>
        `${r.name}: ${
          Object.entries(r.leftovers)
            .map(([kind, n]) => `${int(n)} ${kind}`)
            .join(', ') || 'nothing checked'
        }`,
    );
    if (leftovers.length > 0) {
      lines.push(
        `Held by each library after every call ended (0 = nothing leaked): ${leftovers.join('; ')}.`,
        '',
      );
    }
  }
  if (load.length > 0) lines.push('## The bed under load', '', ...bedSection(context), '');
  const notes = [...connect, ...load].flatMap((r) => r.notes.map((n) => `- ${r.name}, ${n}`));
  lines.push('## Failures and oddities', '', ...(notes.length > 0 ? notes : ['- none']), '');
  if (context.footprints.length > 0) {
    lines.push(
      '## Install footprint',
      '',
      ...context.footprints.map(
        (f) =>
          `- ${f.name}: ${f.packages} package${f.packages === 1 ? '' : 's'} with its dependencies, ` +
          (f.workspace
            ? `${f.workspace} of them workspace packages (built here from source, not sized); the other ` +
              `${f.packages - f.workspace} take ${f.megabytes.toFixed(1)} MB on disk`
            : `${f.megabytes.toFixed(1)} MB on disk`),
      ),
      '',
    );
  }
  lines.push(
    `Machine: ${context.cpu}, ${context.cores} cores, Node ${context.node}; run ${context.date}. ` +
      `The bench's bed has ${context.rtpPorts} RTP ports. Regenerate with \`npm run bench -- ari\`.`,
    '',
  );
  return lines.join('\n');
}

export { renderConsoleTable, renderMarkdownTable };
