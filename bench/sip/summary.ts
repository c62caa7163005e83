/**
 * From what each side's load run recorded to the side-by-side table: @aipbx/sip's service and
 * @aipbx/node-ari's media bridge, in one run on one bed.
 */
import type { LoadReport } from '../media/protocol.js';
import {
  type CpuUse,
  expectedFrames,
  type LateCauses,
  type LoadSummary,
  lateCauses,
  type Spread,
  spread,
} from '../media/stats.js';
import { renderMarkdownTable } from '../shared/table.js';
import type { Side } from './args.js';
import type { SipLoadCallReport } from './protocol.js';

/** Each side as the table heads it. */
export const SIDE_LABEL: Readonly<Record<Side, string>> = {
  sip: '@aipbx/sip (RTP, slin16)',
  ari: 'node-ari call.media() (websocket, slin16)',
};

/** What the parent saw around one side's load run. */
export interface SideObservation {
  side: Side;
  placed: number;
  sippSuccessful?: number;
  sippFailed?: number;
  /** sipp ended other than with 0 (all ok) or 1 (some failed). */
  sippProblem?: string;
  report?: LoadReport;
  /** The run could not be made or finished (the app failed, no report). */
  error?: string;
  /** From every call's media open to the first one closing, s; CPU below is over that window. */
  steadySeconds?: number;
  appCpu?: CpuUse;
  asteriskCpu?: CpuUse;
  sippCpu?: CpuUse;
  /** Every other process of the machine together over the same window. */
  otherCpu?: CpuUse;
  /** The app's main thread over the same window: ms on a CPU and waiting for one. */
  appThread?: { runMs: number; waitMs: number };
  /** From sipp's start to the last channel gone. */
  wholeSeconds?: number;
  appCpuWhole?: CpuUse;
  asteriskCpuWhole?: CpuUse;
  /** What was left once every call ended (undefined: could not be read). */
  left: { what: string; count: number | undefined }[];
  /** Asterisk's warnings and errors during the run, by message. */
  warnings: { message: string; count: number }[];
}

/** One side in numbers. */
export interface SideSummary {
  side: Side;
  placed: number;
  sippSuccessful?: number;
  sippFailed?: number;
  callsInApp: number;
  callsWithMedia: number;
  mediaErrors: string[];
  framesInExpected: number;
  framesIn: number;
  /** Frames that never reached the reader nor were dropped: Σ max(0, expected − in − dropped) per call. */
  framesInMissing: number;
  framesInDropped: number;
  /** Calls that got more than 2 frames fewer than expected (as the media bench counts them). */
  callsShortIn: number;
  gapsOver60: number;
  maxGapMs: number;
  toneChecked: number;
  toneFound: number;
  framesOutExpected: number;
  framesOut: number;
  lateTicks: number;
  callsWithLateTicks: number;
  /** Seconds of media of all calls together (each call's open → close). */
  mediaSeconds: number;
  /** The app's CPU ms per call per second while every call was up. */
  appMsPerCallSecond?: number;
  /** Asterisk's, the same way. */
  asteriskMsPerCallSecond?: number;
  /** The app's CPU over the whole run ÷ the calls' media seconds, ms per call per second. */
  appMsPerMediaSecondWhole?: number;
  /** Calls whose media ended before the app closed it, by reason. */
  endedEarly: Record<string, number>;
  /** The SIP calls' RTP counters added up (the ARI side has none: Asterisk's RTP ends at its bridge). */
  rtp?: {
    calls: number;
    sent: number;
    received: number;
    lost: number;
    late: number;
    maxJitterMs: number;
    lostByPbx?: number;
  };
  /** Where the late ticks fell: next to a stall of the app's event loop, or elsewhere. */
  causes: LateCauses;
  open?: Spread;
  observation: SideObservation;
}

/** CPU ms per call per second: `cpu` over a window with `calls` calls up. */
export function msPerCallSecond(cpu: CpuUse | undefined, calls: number): number | undefined {
  if (cpu === undefined || !(calls > 0)) return undefined;
  return (cpu.cores * 1000) / calls;
}

/** The calls' RTP counters added up, when they have any. */
function rtpTotals(calls: readonly SipLoadCallReport[]): Pick<SideSummary, 'rtp'> {
  const rtp = calls.map((c) => c.rtp).filter((r) => r !== undefined);
  if (rtp.length === 0) return {};
  const byPbx = rtp.map((r) => r.lostByPbx).filter((n) => n !== undefined);
  return {
    rtp: {
      calls: rtp.length,
      sent: rtp.reduce((n, r) => n + r.packetsSent, 0),
      received: rtp.reduce((n, r) => n + r.packetsReceived, 0),
      lost: rtp.reduce((n, r) => n + r.packetsLost, 0),
      late: rtp.reduce((n, r) => n + r.packetsLate, 0),
      maxJitterMs: rtp.reduce((m, r) => Math.max(m, r.jitterMs), 0),
      ...(byPbx.length === 0 ? {} : { lostByPbx: byPbx.reduce((n, k) => n + k, 0) }),
    },
  };
}

/** Sums one side's run up. */
export function summarizeSide(o: SideObservation): SideSummary {
  const calls = o.report?.calls ?? [];
  const withMedia = calls.filter((c) => c.durationMs !== undefined && c.error === undefined);
  const sum = (pick: (c: (typeof withMedia)[number]) => number) => withMedia.reduce((n, c) => n + pick(c), 0);
  const expected = (c: (typeof withMedia)[number]) => expectedFrames(c.durationMs!);
  const mediaSeconds = sum((c) => c.durationMs!) / 1000;
  const open = spread(calls.map((c) => c.openMs).filter((v): v is number => v !== undefined));
  const endedEarly: Record<string, number> = {};
  for (const c of calls)
    if (c.endReason !== undefined) endedEarly[c.endReason] = (endedEarly[c.endReason] ?? 0) + 1;
  // Every call is up in the window only when the app said so: the window's calls are those placed.
  const appMs = msPerCallSecond(o.appCpu, o.placed);
  const asteriskMs = msPerCallSecond(o.asteriskCpu, o.placed);
  const wholeMs =
    o.appCpuWhole !== undefined && mediaSeconds > 0
      ? (o.appCpuWhole.seconds * 1000) / mediaSeconds
      : undefined;
  return {
    side: o.side,
    placed: o.placed,
    ...(o.sippSuccessful === undefined ? {} : { sippSuccessful: o.sippSuccessful }),
    ...(o.sippFailed === undefined ? {} : { sippFailed: o.sippFailed }),
    callsInApp: calls.length,
    callsWithMedia: withMedia.length,
    mediaErrors: calls.map((c) => c.error).filter((e): e is string => e !== undefined),
    framesInExpected: sum(expected),
    framesIn: sum((c) => c.framesIn),
    framesInMissing: sum((c) => Math.max(0, expected(c) - c.framesIn - c.framesInDropped)),
    framesInDropped: sum((c) => c.framesInDropped),
    callsShortIn: withMedia.filter((c) => c.framesIn < expected(c) - 2).length,
    gapsOver60: sum((c) => c.gapsOver60),
    maxGapMs: withMedia.reduce((m, c) => Math.max(m, c.maxGapMs), 0),
    toneChecked: sum((c) => c.toneChecked),
    toneFound: sum((c) => c.toneFound),
    framesOutExpected: sum(expected),
    framesOut: sum((c) => c.framesOut),
    lateTicks: sum((c) => c.lateTicks),
    callsWithLateTicks: withMedia.filter((c) => c.lateTicks > 0).length,
    mediaSeconds,
    ...(appMs === undefined ? {} : { appMsPerCallSecond: appMs }),
    ...(asteriskMs === undefined ? {} : { asteriskMsPerCallSecond: asteriskMs }),
    ...(wholeMs === undefined ? {} : { appMsPerMediaSecondWhole: wholeMs }),
    endedEarly,
    causes: lateCauses(o.report?.timeline ?? []),
    ...rtpTotals(calls),
    ...(open ? { open } : {}),
    observation: o,
  };
}

/** The ARI side's observation from the media benchmark's load run (websocket). */
export function fromMediaLoad(s: LoadSummary): SideObservation {
  const o = s.observation;
  return {
    side: 'ari',
    placed: o.placed,
    ...(o.sippSuccessful === undefined ? {} : { sippSuccessful: o.sippSuccessful }),
    ...(o.sippFailed === undefined ? {} : { sippFailed: o.sippFailed }),
    ...(o.sippProblem === undefined ? {} : { sippProblem: o.sippProblem }),
    ...(o.report === undefined ? {} : { report: o.report }),
    ...(o.error === undefined ? {} : { error: o.error }),
    ...(o.steadySeconds === undefined ? {} : { steadySeconds: o.steadySeconds }),
    ...(o.appCpu === undefined ? {} : { appCpu: o.appCpu }),
    ...(o.asteriskCpu === undefined ? {} : { asteriskCpu: o.asteriskCpu }),
    ...(o.sippCpu === undefined ? {} : { sippCpu: o.sippCpu }),
    ...(o.otherCpu === undefined ? {} : { otherCpu: o.otherCpu }),
    ...(o.appThread === undefined
      ? {}
      : { appThread: { runMs: o.appThread.runMs, waitMs: o.appThread.waitMs } }),
    ...(o.wholeSeconds === undefined ? {} : { wholeSeconds: o.wholeSeconds }),
    ...(o.appCpuWhole === undefined ? {} : { appCpuWhole: o.appCpuWhole }),
    ...(o.asteriskCpuWhole === undefined ? {} : { asteriskCpuWhole: o.asteriskCpuWhole }),
    left: [
      { what: 'media channels', count: o.leftoverMediaChannels },
      { what: 'media bridges', count: o.leftoverMediaBridges },
      { what: 'calls in the app', count: o.report?.leftoverCalls },
    ],
    warnings: o.warnings,
  };
}

/** SIP ÷ ARI of a measure; undefined when either is missing or ARI's is 0. */
export function ratio(sip: number | undefined, ari: number | undefined): number | undefined {
  if (sip === undefined || ari === undefined || !(ari > 0)) return undefined;
  return sip / ari;
}

function count(value: number | undefined): string {
  return value === undefined ? '–' : Math.round(value).toLocaleString('en-US');
}

function of(part: number | undefined, whole: number | undefined): string {
  return `${count(part)}/${count(whole)}`;
}

/** A number with `digits` decimals; `–` when missing. */
export function fixed(value: number | undefined, digits = 1): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

function cores(value: CpuUse | undefined): string {
  return value === undefined ? '–' : `${value.cores.toFixed(2)} (${value.seconds.toFixed(1)} s)`;
}

/** The table: measures down, sides across. */
export function comparisonCells(rows: readonly SideSummary[]): string[][] {
  const line = (measure: string, statistic: string, cell: (r: SideSummary) => string) => [
    measure,
    statistic,
    ...rows.map(cell),
  ];
  return [
    ['measure', 'statistic', ...rows.map((r) => SIDE_LABEL[r.side])],
    line('calls ok (sipp)', 'ok/placed', (r) => of(r.sippSuccessful, r.placed)),
    line('calls failed (sipp)', 'count', (r) => count(r.sippFailed)),
    line('calls with media both ways', 'count', (r) => of(r.callsWithMedia, r.placed)),
    line('frames in (caller → app)', 'got/expected', (r) => of(r.framesIn, r.framesInExpected)),
    line('frames in that never came', 'count', (r) => count(r.framesInMissing)),
    line('frames in dropped (framesInDropped)', 'count', (r) => count(r.framesInDropped)),
    line('calls short of frames in (> 2)', 'count', (r) => count(r.callsShortIn)),
    line(
      'gaps > 60 ms between frames in',
      'count / longest ms',
      (r) => `${count(r.gapsOver60)} / ${fixed(r.maxGapMs)}`,
    ),
    line("caller's 1 kHz in sampled frames", 'found/checked', (r) => of(r.toneFound, r.toneChecked)),
    line('RTP packets from Asterisk (SIP only)', 'received / lost / late', (r) =>
      r.rtp ? `${count(r.rtp.received)} / ${count(r.rtp.lost)} / ${count(r.rtp.late)}` : '–',
    ),
    line('RTP jitter of the caller’s stream (SIP only)', 'largest ms', (r) =>
      r.rtp ? fixed(r.rtp.maxJitterMs) : '–',
    ),
    line('RTP packets to Asterisk (SIP only)', 'sent / lost by its RTCP', (r) =>
      r.rtp ? `${count(r.rtp.sent)} / ${count(r.rtp.lostByPbx)}` : '–',
    ),
    line('frames out (app → caller)', 'sent/expected', (r) => of(r.framesOut, r.framesOutExpected)),
    line(
      'frames late (lateTicks)',
      'count / calls',
      (r) => `${count(r.lateTicks)} / ${count(r.callsWithLateTicks)}`,
    ),
    line('late frames next to an app event loop stall ≥ 15 ms', 'count', (r) =>
      of(r.causes.lateInStalls, r.causes.late),
    ),
    line(
      'app event loop stalls ≥ 15 ms',
      '100 ms slots / longest ms',
      (r) => `${count(r.causes.stallSlots)} / ${fixed(r.causes.longestStallMs)}`,
    ),
    line('app CPU, all calls up', 'cores (CPU s)', (r) => cores(r.observation.appCpu)),
    line('app CPU per call, all calls up', 'CPU ms per call per s', (r) => fixed(r.appMsPerCallSecond, 2)),
    line('app CPU, whole run', 'CPU ms per call per s of media', (r) => fixed(r.appMsPerMediaSecondWhole, 2)),
    line('Asterisk CPU, all calls up', 'cores (CPU s)', (r) => cores(r.observation.asteriskCpu)),
    line('Asterisk CPU per call, all calls up', 'CPU ms per call per s', (r) =>
      fixed(r.asteriskMsPerCallSecond, 2),
    ),
    line('sipp CPU, all calls up', 'cores (CPU s)', (r) => cores(r.observation.sippCpu)),
    line('every other process, all calls up', 'cores (CPU s)', (r) => cores(r.observation.otherCpu)),
    line("app's main thread, all calls up", 'on CPU / waiting for a CPU ms', (r) => {
      const t = r.observation.appThread;
      return t ? `${fixed(t.runMs, 0)} / ${fixed(t.waitMs, 0)}` : '–';
    }),
    line('window with all calls up', 's', (r) => fixed(r.observation.steadySeconds)),
    line('app event loop delay, all calls up', 'p99 / max ms', (r) => {
      const l = r.observation.report?.loopDelay;
      return l ? `${fixed(l.p99)} / ${fixed(l.max)}` : '–';
    }),
    line('app GC pauses, all calls up', 'count / longest ms', (r) => {
      const gc = r.observation.report?.gc;
      return gc ? `${gc.count} / ${fixed(gc.maxMs)}` : '–';
    }),
    line('app peak RSS', 'MB', (r) => {
      const rss = r.observation.report?.peakRssBytes;
      return rss === undefined ? '–' : fixed(rss / 1024 / 1024, 0);
    }),
    line('call arrival → media open', 'median / p99 ms', (r) =>
      r.open ? `${fixed(r.open.median)} / ${fixed(r.open.p99)}` : '–',
    ),
    line('left after the run', 'count', (r) =>
      r.observation.left.map((l) => `${count(l.count)} ${l.what}`).join(', '),
    ),
  ];
}

/** The SIP ÷ ARI line of app CPU per call; undefined without both sides' numbers. */
export function cpuRatioLine(rows: readonly SideSummary[]): string | undefined {
  const sip = rows.find((r) => r.side === 'sip');
  const ari = rows.find((r) => r.side === 'ari');
  const window = ratio(sip?.appMsPerCallSecond, ari?.appMsPerCallSecond);
  const whole = ratio(sip?.appMsPerMediaSecondWhole, ari?.appMsPerMediaSecondWhole);
  if (window === undefined && whole === undefined) return undefined;
  return (
    `app CPU per call, SIP ÷ ARI: ${fixed(window, 2)}× with all calls up ` +
    `(${fixed(sip?.appMsPerCallSecond, 2)} vs ${fixed(ari?.appMsPerCallSecond, 2)} CPU ms per call per s), ` +
    `${fixed(whole, 2)}× over the whole run`
  );
}

/** What went wrong or looks off, one line each. */
export function sideNotes(s: SideSummary): string[] {
  const o = s.observation;
  const who = SIDE_LABEL[s.side];
  const out: string[] = [];
  if (o.error) out.push(`${who}: ${o.error}`);
  if (o.sippProblem) out.push(`${who}: ${o.sippProblem}`);
  if ((s.sippFailed ?? 0) > 0) out.push(`${who}: sipp counted ${s.sippFailed} failed calls of ${s.placed}`);
  const errors = [...new Set(s.mediaErrors)];
  if (errors.length > 0)
    out.push(`${who}: ${s.mediaErrors.length} calls without media: ${errors.slice(0, 3).join('; ')}`);
  if (o.report && s.callsInApp < s.placed)
    out.push(`${who}: the app got ${s.callsInApp} of the ${s.placed} calls placed`);
  for (const e of o.report?.appErrors ?? []) out.push(`${who}: the app's error event: ${e}`);
  const early = Object.entries(s.endedEarly);
  if (early.length > 0)
    out.push(
      `${who}: ${early.reduce((n, [, k]) => n + k, 0)} calls' media ended before the app closed it (${early.map(([r, k]) => `${k}× ${r}`).join(', ')})`,
    );
  if (s.lateTicks > 0) {
    const t = o.appThread;
    out.push(
      `${who}: ${count(s.lateTicks)} frames went out late in ${s.callsWithLateTicks} calls; ${count(s.causes.lateInStalls)} of the ${count(s.causes.late)} the app's timeline saw came next to a stall of its event loop of 15 ms or more (${s.causes.stallSlots} such 100 ms slots, the longest ${fixed(s.causes.longestStallMs)} ms)` +
        (t
          ? `; over the ${fixed(o.steadySeconds)} s with every call up its main thread ran ${fixed(t.runMs / 1000)} s and waited ${fixed(t.waitMs / 1000)} s for a CPU`
          : '') +
        `; every other process used ${o.otherCpu?.cores.toFixed(2) ?? '?'} cores meanwhile`,
    );
  }
  if (s.rtp && (s.rtp.lost > 0 || s.rtp.late > 0 || (s.rtp.lostByPbx ?? 0) > 0))
    out.push(
      `${who}: RTP of the ${s.rtp.calls} calls: ${count(s.rtp.lost)} of ${count(s.rtp.received + s.rtp.lost)} packets from Asterisk lost, ${count(s.rtp.late)} late or duplicated; Asterisk's RTCP counted ${count(s.rtp.lostByPbx)} of the ${count(s.rtp.sent)} sent lost`,
    );
  for (const w of o.warnings) out.push(`${who}: Asterisk logged ${w.count}× "${w.message}"`);
  const left = o.left.filter((l) => (l.count ?? 0) > 0);
  if (left.length > 0)
    out.push(`${who}: left after the run: ${left.map((l) => `${l.count} ${l.what}`).join(', ')}`);
  return out;
}

/** What the page says about the run besides the table. */
export interface SipBenchContext {
  date: string;
  asteriskVersion: string;
  node: string;
  cpu: string;
  cores: number;
  flags: string;
  calls: number;
  rate: number;
  seconds: number;
  rtpPorts: string;
  commit: string;
  /** How it was measured. */
  method: string;
  notes: string[];
}

/** The whole page of `bench/results/sip.md`. */
export function renderPage(rows: readonly SideSummary[], c: SipBenchContext): string {
  const ratioLine = cpuRatioLine(rows);
  return [
    '# SIP service benchmark',
    '',
    `${c.calls} concurrent calls with media both ways through \`@aipbx/sip\` (a SIP service registered as a desk phone extension, RTP to the app) next to \`@aipbx/node-ari\`'s media bridge (\`call.media()\` over chan_websocket), both built from this checkout's source (${c.commit}), in one run on the project's real ${c.asteriskVersion} test bed.`,
    '',
    '## How it was measured',
    '',
    c.method,
    '',
    '## Result',
    '',
    renderMarkdownTable(comparisonCells(rows)),
    '',
    ratioLine === undefined ? 'app CPU per call, SIP ÷ ARI: – (a side is missing).' : `${ratioLine}.`,
    '',
    '## Notes',
    '',
    ...(c.notes.length > 0 ? c.notes.map((n) => `- ${n}`) : ['- none']),
    '',
    `Machine: ${c.cpu}, ${c.cores} cores, Node ${c.node}; run ${c.date}. Flags: \`${c.flags || '(defaults)'}\` — ${c.calls} calls per side at ${c.rate}/s, media held ${c.seconds} s; the SIP service's RTP ports ${c.rtpPorts}. Regenerate with \`npm run bench -- sip\`.`,
    '',
  ].join('\n');
}
