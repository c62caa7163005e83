/**
 * The media benchmark's tables (a row per measure, a column per transport) and its Markdown page.
 */
import { renderMarkdownTable } from '../shared/table.js';
import type { Transport } from './args.js';
import type { LatencySummary, LoadSummary, Spread } from './stats.js';
import { meetsLoadTarget } from './stats.js';

/** Each transport with the format the bench uses on it. */
export const TRANSPORT_LABEL: Readonly<Record<Transport, string>> = {
  websocket: 'websocket, slin16',
  audiosocket: 'audiosocket, slin16',
  rtp: 'rtp, slin',
};

/** ms with one decimal; `–` when missing. */
export function ms(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(1);
}

function count(value: number | undefined): string {
  return value === undefined ? '–' : Math.round(value).toLocaleString('en-US');
}

function of(part: number | undefined, whole: number | undefined): string {
  return `${count(part)}/${count(whole)}`;
}

function spreadCell(s: Spread | undefined, pick: 'median' | 'p99'): string {
  return s === undefined ? '–' : ms(s[pick]);
}

/** The latency table: measures down, transports across. */
export function latencyCells(rows: readonly LatencySummary[]): string[][] {
  const line = (measure: string, statistic: string, cell: (r: LatencySummary) => string) => [
    measure,
    statistic,
    ...rows.map(cell),
  ];
  const half = (s: Spread | undefined, pick: 'median' | 'p99') => (s === undefined ? '–' : ms(s[pick] / 2));
  return [
    ['measure', 'statistic', ...rows.map((r) => TRANSPORT_LABEL[r.transport])],
    line('calls ok', 'count', (r) => of(r.callsOk, r.calls)),
    line('bursts echoed back', 'count', (r) => of(r.burstsBack, r.bursts)),
    line('round trip: app write → echo → app read', 'median ms', (r) => spreadCell(r.roundTrip, 'median')),
    line('round trip: app write → echo → app read', 'p99 ms', (r) => spreadCell(r.roundTrip, 'p99')),
    line('half the round trip', 'median ms', (r) => half(r.roundTrip, 'median')),
    line('round trip to the frame read', 'median ms', (r) => spreadCell(r.frameRoundTrip, 'median')),
    line('round trip to the frame read', 'p99 ms', (r) => spreadCell(r.frameRoundTrip, 'p99')),
    line('app → caller (one way, measured)', 'median ms', (r) => spreadCell(r.appToCaller, 'median')),
    line('app → caller (one way, measured)', 'p99 ms', (r) => spreadCell(r.appToCaller, 'p99')),
    line('caller → app (one way, measured)', 'median ms', (r) => spreadCell(r.callerToApp, 'median')),
    line('caller → app (one way, measured)', 'p99 ms', (r) => spreadCell(r.callerToApp, 'p99')),
    line('round trip with sipp -rtp_echo', 'median ms', (r) => spreadCell(r.sippRoundTrip, 'median')),
    line('round trip with sipp -rtp_echo', 'p99 ms', (r) => spreadCell(r.sippRoundTrip, 'p99')),
    line('sipp -rtp_echo bursts back', 'count', (r) => of(r.sippBurstsBack, r.sippBursts)),
    line('call arrival → call.media() resolved', 'median ms', (r) => spreadCell(r.open, 'median')),
    line('call arrival → call.media() resolved', 'p99 ms', (r) => spreadCell(r.open, 'p99')),
  ];
}

function cores(value: { cores: number; seconds: number } | undefined): string {
  return value === undefined ? '–' : `${value.cores.toFixed(2)} (${value.seconds.toFixed(1)} s)`;
}

/** The load table: measures down, transports across. */
export function loadCells(rows: readonly LoadSummary[]): string[][] {
  const line = (measure: string, statistic: string, cell: (r: LoadSummary) => string) => [
    measure,
    statistic,
    ...rows.map(cell),
  ];
  return [
    ['measure', 'statistic', ...rows.map((r) => TRANSPORT_LABEL[r.transport])],
    line('calls ok (sipp)', 'ok/placed', (r) => of(r.sippSuccessful, r.placed)),
    line('calls failed (sipp)', 'count', (r) => count(r.sippFailed)),
    line('calls with media both ways', 'count', (r) => of(r.callsWithMedia, r.placed)),
    line('frames in (caller → app)', 'expected', (r) => count(r.framesInExpected)),
    line('frames in (caller → app)', 'got', (r) => count(r.framesIn)),
    line('frames in dropped (framesInDropped)', 'count', (r) => count(r.framesInDropped)),
    line('calls short of frames in (> 2)', 'count', (r) => count(r.callsShortIn)),
    line('gaps > 60 ms between frames in', 'count', (r) => count(r.gapsOver60)),
    line('longest gap between frames in', 'ms', (r) => ms(r.maxGapMs)),
    line("caller's 1 kHz in sampled frames", 'found/checked', (r) => of(r.toneFound, r.toneChecked)),
    line('frames out (app → caller)', 'expected', (r) => count(r.framesOutExpected)),
    line('frames out (app → caller)', 'sent', (r) => count(r.framesOut)),
    line('frames out beyond real time, per call', 'median / max', (r) =>
      r.aheadMedian === undefined ? '–' : `${count(r.aheadMedian)} / ${count(r.aheadMax)}`,
    ),
    line('frames late (lateTicks)', 'count', (r) => count(r.lateTicks)),
    line('calls with late frames', 'count', (r) => count(r.callsWithLateTicks)),
    line('late frames next to an app event loop stall ≥ 15 ms', 'count', (r) =>
      of(r.causes.lateInStalls, r.causes.late),
    ),
    line(
      'app event loop stalls ≥ 15 ms',
      '100 ms slots / longest ms',
      (r) => `${count(r.causes.stallSlots)} / ${ms(r.causes.longestStallMs)}`,
    ),
    line("app's tone continuous in the recording", 'calls', (r) => of(r.heardContinuous, r.heardCalls)),
    line("app's tone: silence inside it", 'ms, all calls', (r) => ms(r.heardGapMs)),
    line('app CPU, all calls up', 'cores (s)', (r) => cores(r.observation.appCpu)),
    line('Asterisk CPU, all calls up', 'cores (s)', (r) => cores(r.observation.asteriskCpu)),
    line('sipp CPU, all calls up', 'cores (s)', (r) => cores(r.observation.sippCpu)),
    line('every other process, all calls up', 'cores (s)', (r) => cores(r.observation.otherCpu)),
    line(
      'busiest other processes, all calls up',
      'cores',
      (r) =>
        (r.observation.otherProcesses ?? []).map((p) => `${p.comm} ${p.cores.toFixed(2)}`).join(', ') || '–',
    ),
    line('window with all calls up', 's', (r) => ms(r.observation.steadySeconds)),
    line('app CPU, whole run', 'cores (s)', (r) => cores(r.observation.appCpuWhole)),
    line('Asterisk CPU, whole run', 'cores (s)', (r) => cores(r.observation.asteriskCpuWhole)),
    line('app event loop delay, all calls up', 'p99 / max ms', (r) =>
      r.observation.report
        ? `${ms(r.observation.report.loopDelay.p99)} / ${ms(r.observation.report.loopDelay.max)}`
        : '–',
    ),
    line("app's main thread, all calls up", 'on CPU / waiting for a CPU ms', (r) =>
      r.observation.appThread
        ? `${ms(r.observation.appThread.runMs)} / ${ms(r.observation.appThread.waitMs)}`
        : '–',
    ),
    line('app major page faults, all calls up', 'count', (r) => count(r.observation.appThread?.majorFaults)),
    line('app GC pauses, all calls up', 'count / total / longest ms', (r) => {
      const gc = r.observation.report?.gc;
      return gc ? `${gc.count} / ${ms(gc.totalMs)} / ${ms(gc.maxMs)}` : '–';
    }),
    line('call arrival → call.media() resolved', 'median / p99 ms', (r) =>
      r.open ? `${ms(r.open.median)} / ${ms(r.open.p99)}` : '–',
    ),
    line(
      'left after the run',
      'media channels / bridges / calls',
      (r) =>
        `${count(r.observation.leftoverMediaChannels)} / ${count(r.observation.leftoverMediaBridges)} / ${count(r.observation.report?.leftoverCalls)}`,
    ),
  ];
}

/** What the page says about the run besides the tables. */
export interface MediaBenchContext {
  date: string;
  asteriskVersion: string;
  node: string;
  cpu: string;
  cores: number;
  flags: string;
  rounds: number;
  bursts: number;
  sippEcho: number;
  calls: number;
  rate: number;
  seconds: number;
  rtpPorts: number;
  listen: string;
  /** The checkout the library was built from, and whether its packages had uncommitted changes. */
  commit: string;
  /** Notes gathered during the run (failures, warnings, observations). */
  notes: string[];
}

/** The load's verdict line for one transport. */
export function loadVerdict(s: LoadSummary): string {
  if (meetsLoadTarget(s)) return `${TRANSPORT_LABEL[s.transport]}: **met**`;
  const misses: string[] = [];
  if (s.sippFailed !== 0) misses.push(`${count(s.sippFailed)} calls failed`);
  if (s.callsWithMedia !== s.placed) misses.push(`${s.placed - s.callsWithMedia} calls without media`);
  if (s.framesInDropped > 0) misses.push(`${count(s.framesInDropped)} frames in dropped`);
  if (s.callsShortIn > 0) misses.push(`${s.callsShortIn} calls short of frames in`);
  if (s.lateTicks > 0) misses.push(`${count(s.lateTicks)} frames late in ${s.callsWithLateTicks} calls`);
  return `${TRANSPORT_LABEL[s.transport]}: **not met** (${misses.join(', ')})`;
}

/** The whole page of `bench/results/media.md`. */
export function renderMarkdownReport(
  latency: readonly LatencySummary[],
  load: readonly LoadSummary[],
  c: MediaBenchContext,
  explanation: { latency: string; load: string },
): string {
  const parts = [
    '# Media benchmark',
    '',
    `\`call.media()\` of @aipbx/node-ari (built from this checkout's source, ${c.commit}) on the project's real ${c.asteriskVersion} test bed, over each transport: chan_websocket in server mode (\`websocket\`, slin16), AudioSocket (\`audiosocket\`, slin16) and RTP (\`rtp\`, slin: Asterisk's RTP externalMedia channel does not take slin16 back). The app runs in a child process of its own; sipp places the calls.`,
    '',
  ];
  if (latency.length > 0) {
    parts.push('## Mouth-to-ear through the bridge', '', explanation.latency, '');
    parts.push(renderMarkdownTable(latencyCells(latency)), '');
  }
  if (load.length > 0) {
    parts.push(`## ${c.calls} concurrent calls with media both ways`, '', explanation.load, '');
    parts.push(renderMarkdownTable(loadCells(load)), '');
    parts.push(
      `Target from the design: every call up with media, 0 frames late or lost, writes paced in 20 ms frames. ${load.map(loadVerdict).join('; ')}.`,
      '',
    );
  }
  parts.push('## Notes', '', ...(c.notes.length > 0 ? c.notes.map((n) => `- ${n}`) : ['- none']), '');
  parts.push(
    `Machine: ${c.cpu}, ${c.cores} cores, Node ${c.node}; run ${c.date}. Flags: \`${c.flags || '(defaults)'}\` — ${c.rounds} latency calls × ${c.bursts} bursts and ${c.sippEcho} sipp-echo calls per transport; load ${c.calls} calls at ${c.rate}/s, media held ${c.seconds} s; the bed's RTP ports ${c.rtpPorts}; AudioSocket/RTP listen on 127.0.0.1:${c.listen}. Regenerate with \`npm run bench -- media\`.`,
    '',
  );
  return parts.join('\n');
}
