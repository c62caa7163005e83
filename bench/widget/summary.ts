/**
 * Turns the calls into tables: medians (and p90 from 10 calls on) of click → established and click
 * → first audio per peer and mode, the widget ÷ raw sip.js ratios and the verdicts on the targets,
 * the phases of a call, and the bundle sizes.
 */
import type { Mode, PeerId } from './args.js';
import type { ProbeSnapshot } from './page/probe-types.js';
import { formatBytes, formatMs, formatRatio, median, percentile, ratio } from './stats.js';

/** Names of the peers in the tables. */
export const PEER_NAMES: Record<PeerId, string> = {
  widget: '<aipbx-call>',
  sipjs: 'raw sip.js',
};

/** Targets: click → established of the widget ≤ 1.1× raw sip.js's; pre-warmed widget ≤ 300 ms. */
export const TARGET_RATIO = 1.1;
export const TARGET_WARM_MS = 300;

/** p90 is shown from this many calls per row on. */
export const P90_FROM = 10;

/** One timed call. */
export interface CallRun {
  peer: PeerId;
  mode: Mode;
  /** 0-based round. */
  round: number;
  /** What the page recorded; missing when the page could not be read. */
  probe?: ProbeSnapshot;
  /** Why the call is not counted, when it is not. */
  error?: string;
  /** The assistant id the Stasis app saw for this call. */
  assistantId?: string;
  /** The call was still up on the PBX after the page hung up, and the bench hung it up. */
  leftOnPbx?: boolean;
}

/** Milestones of one call, ms from the click (negative: before it). */
export interface CallTimes {
  established?: number;
  /** From the click's `timeStamp` (when the browser took the input) to established. */
  establishedFromInput?: number;
  firstAudio?: number;
  hoverToClick?: number;
  /** From the click's `timeStamp` (the browser took the input) to the page's listener running. */
  inputDelay?: number;
  /** When the browser began fetching the widget's call chunk (the widget only). */
  chunkRequested?: number;
  socketOpen?: number;
  microphone?: number;
  iceGathered?: number;
  iceConnected?: number;
  dtlsConnected?: number;
}

const since = (from: number | undefined, at: number | undefined): number | undefined =>
  from === undefined || at === undefined ? undefined : at - from;

/** A call's milestones relative to its click. */
export function callTimes(probe: ProbeSnapshot): CallTimes {
  const click = probe.clickAt;
  const opened = probe.sockets.find((s) => s.openAt !== undefined)?.openAt;
  const times: CallTimes = {};
  const set = (key: keyof CallTimes, value: number | undefined) => {
    if (value !== undefined) times[key] = value;
  };
  set('established', since(click, probe.establishedAt));
  set('establishedFromInput', since(probe.clickStampAt, probe.establishedAt));
  set('firstAudio', since(click, probe.firstAudioAt));
  set('hoverToClick', since(probe.hoverAt, click));
  set('inputDelay', since(probe.clickStampAt, click));
  set('chunkRequested', since(click, probe.chunkRequestedAt));
  set('socketOpen', since(click, opened));
  set('microphone', since(click, probe.microphoneAt));
  set('iceGathered', since(click, probe.iceGatheredAt));
  set('iceConnected', since(click, probe.iceConnectedAt));
  set('dtlsConnected', since(click, probe.dtlsConnectedAt));
  return times;
}

/** Whether a call counts: clicked, up and heard, with no error. */
export function callOk(run: CallRun): boolean {
  const p = run.probe;
  return (
    run.error === undefined &&
    p !== undefined &&
    p.failure === undefined &&
    p.clickAt !== undefined &&
    p.establishedAt !== undefined &&
    p.firstAudioAt !== undefined
  );
}

/** A median and p90. */
export interface Spread {
  median?: number;
  p90?: number;
}

function spread(values: readonly number[]): Spread {
  const m = median(values);
  const p = percentile(values, 90);
  return { ...(m === undefined ? {} : { median: m }), ...(p === undefined ? {} : { p90: p }) };
}

/** One row: a peer in a mode. */
export interface CallSummary {
  peer: PeerId;
  mode: Mode;
  name: string;
  runs: number;
  okRuns: number;
  established: Spread;
  /** Click → established counted from the click's `timeStamp`, i.e. with the input delay. */
  establishedFromInput: Spread;
  firstAudio: Spread;
  /** Medians of the other milestones. */
  phases: Partial<Record<keyof CallTimes, number>>;
  /** Median click → established ÷ raw sip.js's in the same mode. */
  establishedRatio?: number;
  /** Median click → first audio ÷ raw sip.js's in the same mode. */
  firstAudioRatio?: number;
  notes: string[];
}

const PHASES = [
  'hoverToClick',
  'inputDelay',
  'chunkRequested',
  'socketOpen',
  'microphone',
  'iceGathered',
  'iceConnected',
  'dtlsConnected',
] as const;

/** Rows per mode (in `modes` order), each with every peer (in `peers` order), with ratios to raw sip.js. */
export function summarize(
  peers: readonly PeerId[],
  modes: readonly Mode[],
  runs: readonly CallRun[],
): CallSummary[] {
  const rows = modes.flatMap((mode) =>
    peers.map((peer): CallSummary => {
      const own = runs.filter((r) => r.peer === peer && r.mode === mode).sort((a, b) => a.round - b.round);
      const ok = own.filter(callOk);
      const times = ok.map((r) => callTimes(r.probe!));
      const pick = (key: keyof CallTimes) =>
        times.map((t) => t[key]).filter((v): v is number => v !== undefined);
      const phases: CallSummary['phases'] = {};
      for (const key of PHASES) {
        const m = median(pick(key));
        if (m !== undefined) phases[key] = m;
      }
      const notes: string[] = [];
      for (const r of own) {
        const label = `call ${r.round + 1}`;
        if (!callOk(r))
          notes.push(
            `${label}: not counted — ${r.error ?? r.probe?.failure ?? 'no established state or no audio'}`,
          );
        if (r.assistantId !== undefined && r.assistantId !== 'widget-assistant')
          notes.push(`${label}: the Stasis app saw assistant "${r.assistantId}"`);
        if (r.leftOnPbx) notes.push(`${label}: the call was still up on the PBX after the page hung up`);
      }
      return {
        peer,
        mode,
        name: PEER_NAMES[peer],
        runs: own.length,
        okRuns: ok.length,
        established: spread(pick('established')),
        establishedFromInput: spread(pick('establishedFromInput')),
        firstAudio: spread(pick('firstAudio')),
        phases,
        notes,
      };
    }),
  );
  for (const row of rows) {
    const raw = rows.find((r) => r.peer === 'sipjs' && r.mode === row.mode);
    const established = ratio(row.established.median, raw?.established.median);
    const firstAudio = ratio(row.firstAudio.median, raw?.firstAudio.median);
    if (established !== undefined) row.establishedRatio = established;
    if (firstAudio !== undefined) row.firstAudioRatio = firstAudio;
  }
  return rows;
}

/** The main table: medians, p90 (with `withP90`: from {@link P90_FROM} rounds on) and ratios. */
export function callCells(rows: readonly CallSummary[], withP90: boolean): string[][] {
  const header = [
    'peer',
    'mode',
    'calls ok',
    'click → established ms (median)',
    ...(withP90 ? ['p90'] : []),
    'click → first audio ms (median)',
    ...(withP90 ? ['p90'] : []),
    'established: widget ÷ raw',
    'first audio: widget ÷ raw',
  ];
  return [
    header,
    ...rows.map((r) => [
      r.name,
      r.mode,
      `${r.okRuns}/${r.runs}`,
      formatMs(r.established.median),
      ...(withP90 ? [formatMs(r.established.p90)] : []),
      formatMs(r.firstAudio.median),
      ...(withP90 ? [formatMs(r.firstAudio.p90)] : []),
      r.peer === 'sipjs' ? '' : formatRatio(r.establishedRatio),
      r.peer === 'sipjs' ? '' : formatRatio(r.firstAudioRatio),
    ]),
  ];
}

/** Where the time goes: medians of each milestone, ms from the click (negative: before it). */
export function phaseCells(rows: readonly CallSummary[]): string[][] {
  return [
    [
      'peer',
      'mode',
      'hover → click',
      'input delay',
      'chunk requested',
      'WebSocket open',
      'microphone',
      'ICE gathered',
      'established',
      'ICE connected',
      'DTLS connected',
      'first audio',
    ],
    ...rows.map((r) => [
      r.name,
      r.mode,
      formatMs(r.phases.hoverToClick),
      formatMs(r.phases.inputDelay),
      formatMs(r.phases.chunkRequested),
      formatMs(r.phases.socketOpen),
      formatMs(r.phases.microphone),
      formatMs(r.phases.iceGathered),
      formatMs(r.established.median),
      formatMs(r.phases.iceConnected),
      formatMs(r.phases.dtlsConnected),
      formatMs(r.firstAudio.median),
    ]),
  ];
}

/** A verdict on one target. */
export interface Verdict {
  target: string;
  /** Undefined when a row the target needs is missing. */
  met?: boolean;
  /** The numbers behind it. */
  detail: string;
}

/** The verdicts on the targets, for the modes measured. */
export function verdicts(rows: readonly CallSummary[]): Verdict[] {
  const out: Verdict[] = [];
  for (const mode of ['cold', 'warm'] as const) {
    // The idle mode has no target: it shows what the widget's idle-time chunk fetch buys.
    const widget = rows.find((r) => r.peer === 'widget' && r.mode === mode);
    const raw = rows.find((r) => r.peer === 'sipjs' && r.mode === mode);
    if (widget === undefined || raw === undefined) continue;
    const r = widget.establishedRatio;
    const fromInput = ratio(widget.establishedFromInput.median, raw.establishedFromInput.median);
    out.push({
      target: `${mode}: click → established, widget ≤ ${TARGET_RATIO}× raw sip.js`,
      ...(r === undefined ? {} : { met: r <= TARGET_RATIO }),
      detail:
        `${formatMs(widget.established.median)} ms vs ${formatMs(raw.established.median)} ms = ${formatRatio(r)}; ` +
        `from the click's input timeStamp: ${formatMs(widget.establishedFromInput.median)} vs ` +
        `${formatMs(raw.establishedFromInput.median)} ms = ${formatRatio(fromInput)}`,
    });
  }
  const warm = rows.find((r) => r.peer === 'widget' && r.mode === 'warm');
  if (warm !== undefined) {
    const ms = warm.established.median;
    out.push({
      target: `pre-warmed widget: click → established ≤ ${TARGET_WARM_MS} ms`,
      ...(ms === undefined ? {} : { met: ms <= TARGET_WARM_MS }),
      detail: `${formatMs(ms)} ms median`,
    });
  }
  return out;
}

/** A verdict as one line: `target — met (numbers)`. */
export function verdictLine(v: Verdict, markdown = false): string {
  const word = v.met === undefined ? 'not measured' : v.met ? 'met' : 'not met';
  return `${v.target} — ${markdown ? `**${word}**` : word} (${v.detail})`;
}

/** One measured file or bundle. */
export interface SizeRow {
  name: string;
  what: string;
  minified: number;
  gzip: number;
}

/** The size table, with ratios to the row named `baseline` (the widget's total). */
export function sizeCells(rows: readonly SizeRow[], baseline: string): string[][] {
  const base = rows.find((r) => r.name === baseline);
  return [
    ['file', 'what', 'minified bytes', 'gzip -9 bytes', 'minified vs widget total', 'gzip vs widget total'],
    ...rows.map((r) => [
      r.name,
      r.what,
      formatBytes(r.minified),
      formatBytes(r.gzip),
      formatRatio(ratio(r.minified, base?.minified)),
      formatRatio(ratio(r.gzip, base?.gzip)),
    ]),
  ];
}
