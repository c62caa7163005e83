/**
 * From what the runs recorded to the numbers in the tables: percentiles, each burst's legs, and the
 * load's totals per transport.
 */

import { median, percentile } from '../shared/stats.js';
import type { Transport } from './args.js';
import type { BurstTiming, LatencyCallReport, LateSlot, LoadCallReport, LoadReport } from './protocol.js';
import type { Onset } from './tone.js';

export { median, percentile };

/** How a set of timings is spread. */
export interface Spread {
  n: number;
  median: number;
  p99: number;
  min: number;
  max: number;
}

/** The spread of `values`; undefined when there are none. */
export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  return {
    n: values.length,
    median: median(values)!,
    p99: percentile(values, 99)!,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** One burst's trip, from the write to the first burst sample on each side's time line. */
export interface BurstLegs {
  /** App write → the echo's first burst sample read by the app. */
  roundTripMs?: number;
  /** App write → the app reading the frame that holds it (what an app can act on). */
  frameRoundTripMs?: number;
  /** App write → the burst's first sample reaching the caller's RTP socket. */
  appToCallerMs?: number;
  /** The echo of that sample leaving the caller's socket → the app reading it. */
  callerToAppMs?: number;
}

/**
 * Each burst with the caller's first onset heard between the burst's write and its read-back (all
 * on the system's monotonic clock). Onsets outside every burst are ignored.
 */
export function burstLegs(bursts: readonly BurstTiming[], callerOnsets: readonly Onset[]): BurstLegs[] {
  return bursts.map(({ writeAt, readAt, readSampleAt }) => {
    const legs: BurstLegs = {};
    if (readSampleAt !== undefined) legs.roundTripMs = readSampleAt - writeAt;
    if (readAt !== undefined) legs.frameRoundTripMs = readAt - writeAt;
    const heard = callerOnsets.find(
      (o) => o.frameAt >= writeAt && (readAt === undefined || o.frameAt <= readAt),
    );
    if (heard !== undefined) {
      legs.appToCallerMs = heard.sampleAt - writeAt;
      if (readSampleAt !== undefined) legs.callerToAppMs = readSampleAt - heard.sampleAt;
    }
    return legs;
  });
}

/** One latency call as the parent saw it. */
export interface LatencyCall {
  report?: LatencyCallReport;
  /** The bench's echo: onsets of the bursts it heard. Absent for sipp's echo. */
  callerOnsets?: Onset[];
  /** Why the call gave nothing (sipp failed, no report). */
  error?: string;
}

/** The latency of one transport. */
export interface LatencySummary {
  transport: Transport;
  calls: number;
  callsOk: number;
  bursts: number;
  burstsBack: number;
  roundTrip?: Spread;
  frameRoundTrip?: Spread;
  appToCaller?: Spread;
  callerToApp?: Spread;
  /** Round trip with sipp's `-rtp_echo` at the far end. */
  sippCalls: number;
  sippBursts: number;
  sippBurstsBack: number;
  sippRoundTrip?: Spread;
  /** Call arrival → `call.media()` resolved. */
  open?: Spread;
  errors: string[];
}

function defined(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined);
}

/** Sums up one transport's latency calls (the bench's echo) and sipp-echo calls. */
export function summarizeLatency(
  transport: Transport,
  calls: readonly LatencyCall[],
  sippCalls: readonly LatencyCall[],
): LatencySummary {
  const legs = calls.flatMap((c) => burstLegs(c.report?.bursts ?? [], c.callerOnsets ?? []));
  const sippBursts = sippCalls.flatMap((c) => c.report?.bursts ?? []);
  const errors = [...calls, ...sippCalls]
    .map((c) => c.error ?? c.report?.error)
    .filter((e): e is string => e !== undefined);
  const ok = (c: LatencyCall) =>
    c.report !== undefined && c.report.error === undefined && c.error === undefined;
  const roundTrip = spread(defined(legs.map((l) => l.roundTripMs)));
  const frameRoundTrip = spread(defined(legs.map((l) => l.frameRoundTripMs)));
  const appToCaller = spread(defined(legs.map((l) => l.appToCallerMs)));
  const callerToApp = spread(defined(legs.map((l) => l.callerToAppMs)));
  const sippRoundTrip = spread(
    defined(sippBursts.map((b) => (b.readSampleAt === undefined ? undefined : b.readSampleAt - b.writeAt))),
  );
  const open = spread(defined([...calls, ...sippCalls].map((c) => c.report?.openMs)));
  return {
    transport,
    calls: calls.length,
    callsOk: calls.filter(ok).length,
    bursts: legs.length,
    burstsBack: legs.filter((l) => l.roundTripMs !== undefined).length,
    ...(roundTrip ? { roundTrip } : {}),
    ...(frameRoundTrip ? { frameRoundTrip } : {}),
    ...(appToCaller ? { appToCaller } : {}),
    ...(callerToApp ? { callerToApp } : {}),
    sippCalls: sippCalls.length,
    sippBursts: sippBursts.length,
    sippBurstsBack: sippBursts.filter((b) => b.readAt !== undefined).length,
    ...(sippRoundTrip ? { sippRoundTrip } : {}),
    ...(open ? { open } : {}),
    errors,
  };
}

/** Frames a call should have seen in `durationMs`: one per 20 ms. */
export function expectedFrames(durationMs: number): number {
  return Math.round(durationMs / 20);
}

/** CPU of one process over a window. */
export interface CpuUse {
  seconds: number;
  /** Cores busy on average: seconds ÷ the window's wall time. */
  cores: number;
}

/** How the app's tone sounded in a call's MixMonitor recording. */
export interface Heard {
  /** Runs of 440 Hz found (1 = continuous). */
  runs: number;
  /** Total length of the runs, ms. */
  toneMs: number;
  /** Silence between the runs, ms. */
  gapMs: number;
}

/** {@link Heard} from `toneRuns`' `[startMs, endMs]` pairs. */
export function heardFromRuns(runs: readonly (readonly [number, number])[]): Heard {
  let toneMs = 0;
  let gapMs = 0;
  runs.forEach(([start, end], i) => {
    toneMs += end - start;
    if (i > 0) gapMs += start - runs[i - 1]![1];
  });
  return { runs: runs.length, toneMs, gapMs };
}

/** Where the late ticks fell: in slots where the app's event loop stalled, or elsewhere. */
export interface LateCauses {
  /** 100 ms slots with a stall of at least `stallMs` (15 ms: a tick is late from 20 ms, timers fire up to a few ms after their time). */
  stallSlots: number;
  /** Late ticks in those slots, and in all slots. */
  lateInStalls: number;
  late: number;
  longestStallMs: number;
}

/**
 * Sorts the timeline's late ticks by whether the app's event loop stalled at least `stallMs` in the
 * same slot or the one before (a stall and the late ticks it causes may be seen on either side of a
 * slot's end).
 */
export function lateCauses(slots: readonly LateSlot[], stallMs = 15): LateCauses {
  let lateInStalls = 0;
  slots.forEach((s, i) => {
    const before = slots[i - 1];
    const near =
      s.stallMs >= stallMs || (before !== undefined && s.at - before.at <= 150 && before.stallMs >= stallMs);
    if (near) lateInStalls += s.lateTicks;
  });
  return {
    stallSlots: slots.filter((s) => s.stallMs >= stallMs).length,
    lateInStalls,
    late: slots.reduce((n, s) => n + s.lateTicks, 0),
    longestStallMs: slots.reduce((m, s) => Math.max(m, s.stallMs), 0),
  };
}

/** What the parent measured around one load run. */
export interface LoadObservation {
  transport: Transport;
  placed: number;
  sippSuccessful?: number;
  sippFailed?: number;
  sippProblem?: string;
  report?: LoadReport;
  error?: string;
  /** sipp started, the last call's media opened, the first call closing (monotonic ms). */
  startedAt?: number;
  allOpenAt?: number;
  firstCloseAt?: number;
  /** From all calls' media open to the first closing. */
  steadySeconds?: number;
  appCpu?: CpuUse;
  asteriskCpu?: CpuUse;
  sippCpu?: CpuUse;
  /** Every other process of the machine together (those that lived through the window). */
  otherCpu?: CpuUse;
  /** Cores the machine's processes used in the 2 s before the run started. */
  busyBefore?: number;
  /** The app's main thread over the same window: on a CPU, waiting for one, and major page faults. */
  appThread?: { runMs: number; waitMs: number; majorFaults: number };
  /** The busiest other processes over the same window. */
  otherProcesses?: { comm: string; cores: number }[];
  /** Whole run (sipp start to the last channel gone). */
  wholeSeconds?: number;
  appCpuWhole?: CpuUse;
  asteriskCpuWhole?: CpuUse;
  /** Media channels and bridges Asterisk still had after the run. */
  leftoverMediaChannels?: number;
  leftoverMediaBridges?: number;
  /** Per call, from the recordings. */
  heard?: Heard[];
  warnings: { message: string; count: number }[];
}

/** The load of one transport in numbers. */
export interface LoadSummary {
  transport: Transport;
  placed: number;
  sippSuccessful?: number;
  sippFailed?: number;
  callsInApp: number;
  callsWithMedia: number;
  mediaErrors: string[];
  framesInExpected: number;
  framesIn: number;
  framesInDropped: number;
  framesRead: number;
  /** Calls that got more than 2 frames fewer than expected. */
  callsShortIn: number;
  framesOutExpected: number;
  framesOut: number;
  lateTicks: number;
  callsWithLateTicks: number;
  /** Frames each call sent beyond one per 20 ms of its media time: median and largest. */
  aheadMedian?: number;
  aheadMax?: number;
  gapsOver60: number;
  maxGapMs: number;
  toneChecked: number;
  toneFound: number;
  open?: Spread;
  heardCalls: number;
  heardContinuous: number;
  heardGapMs: number;
  causes: LateCauses;
  observation: LoadObservation;
}

/** Sums one transport's load run up. */
export function summarizeLoad(o: LoadObservation): LoadSummary {
  const calls: readonly LoadCallReport[] = o.report?.calls ?? [];
  const withMedia = calls.filter((c) => c.durationMs !== undefined && c.error === undefined);
  const sum = (pick: (c: LoadCallReport) => number) => withMedia.reduce((n, c) => n + pick(c), 0);
  const open = spread(defined(calls.map((c) => c.openMs)));
  const heard = o.heard ?? [];
  return {
    transport: o.transport,
    placed: o.placed,
    ...(o.sippSuccessful === undefined ? {} : { sippSuccessful: o.sippSuccessful }),
    ...(o.sippFailed === undefined ? {} : { sippFailed: o.sippFailed }),
    callsInApp: calls.length,
    callsWithMedia: withMedia.length,
    mediaErrors: calls.map((c) => c.error).filter((e): e is string => e !== undefined),
    framesInExpected: sum((c) => expectedFrames(c.durationMs!)),
    framesIn: sum((c) => c.framesIn),
    framesInDropped: sum((c) => c.framesInDropped),
    framesRead: sum((c) => c.framesRead),
    callsShortIn: withMedia.filter((c) => c.framesIn < expectedFrames(c.durationMs!) - 2).length,
    framesOutExpected: sum((c) => expectedFrames(c.durationMs!)),
    framesOut: sum((c) => c.framesOut),
    lateTicks: sum((c) => c.lateTicks),
    callsWithLateTicks: withMedia.filter((c) => c.lateTicks > 0).length,
    ...(() => {
      const ahead = withMedia.map((c) => c.framesOut - expectedFrames(c.durationMs!));
      return ahead.length === 0 ? {} : { aheadMedian: median(ahead)!, aheadMax: Math.max(...ahead) };
    })(),
    gapsOver60: sum((c) => c.gapsOver60),
    maxGapMs: withMedia.reduce((m, c) => Math.max(m, c.maxGapMs), 0),
    toneChecked: sum((c) => c.toneChecked),
    toneFound: sum((c) => c.toneFound),
    ...(open ? { open } : {}),
    heardCalls: heard.length,
    heardContinuous: heard.filter((h) => h.runs === 1).length,
    heardGapMs: heard.reduce((n, h) => n + h.gapMs, 0),
    causes: lateCauses(o.report?.timeline ?? []),
    observation: o,
  };
}

/** Whether a load met the design's target: every call ok, no frame lost, dropped or late. */
export function meetsLoadTarget(s: LoadSummary): boolean {
  return (
    s.sippFailed === 0 &&
    s.callsWithMedia === s.placed &&
    s.framesInDropped === 0 &&
    s.callsShortIn === 0 &&
    s.lateTicks === 0
  );
}
