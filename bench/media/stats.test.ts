import { describe, expect, it } from 'vitest';
import type { LoadCallReport, LoadReport } from './protocol.js';
import {
  burstLegs,
  expectedFrames,
  heardFromRuns,
  type LoadObservation,
  lateCauses,
  median,
  meetsLoadTarget,
  percentile,
  spread,
  summarizeLatency,
  summarizeLoad,
} from './stats.js';

describe('percentiles', () => {
  it('takes the median and the nearest-rank percentile', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([5, 1, 9], 99)).toBe(9);
    expect(percentile([], 50)).toBeUndefined();
    expect(spread([2, 8, 4])).toEqual({ n: 3, median: 4, p99: 8, min: 2, max: 8 });
    expect(spread([])).toBeUndefined();
  });
});

describe('burstLegs', () => {
  it('splits each round trip at the caller’s onset between the write and the read', () => {
    const legs = burstLegs(
      [
        { writeAt: 1000, readAt: 1002, readSampleAt: 1011 },
        { writeAt: 2000, readAt: 2020, readSampleAt: 2026 },
        { writeAt: 3000 },
      ],
      [
        { frameAt: 500, sampleAt: 500 },
        { frameAt: 1001, sampleAt: 1005.5 },
        { frameAt: 2015, sampleAt: 2020 },
      ],
    );
    expect(legs[0]).toEqual({ roundTripMs: 11, frameRoundTripMs: 2, appToCallerMs: 5.5, callerToAppMs: 5.5 });
    expect(legs[1]).toEqual({ roundTripMs: 26, frameRoundTripMs: 20, appToCallerMs: 20, callerToAppMs: 6 });
    // Nothing came back: no round trip; no onset after the write either.
    expect(legs[2]).toEqual({});
  });

  it('keeps the outward leg when the echo never made it back', () => {
    expect(burstLegs([{ writeAt: 10 }], [{ frameAt: 12, sampleAt: 13 }])).toEqual([{ appToCallerMs: 3 }]);
  });
});

describe('summarizeLatency', () => {
  it('pools the bursts of every call, counts failures and keeps sipp’s echo apart', () => {
    const s = summarizeLatency(
      'rtp',
      [
        {
          report: { callId: 'a', openMs: 8, bursts: [{ writeAt: 0, readAt: 1, readSampleAt: 1 }] },
          callerOnsets: [{ frameAt: 0.5, sampleAt: 0.5 }],
        },
        { report: { callId: 'b', bursts: [], error: 'TimeoutError: no media' } },
        { error: 'sipp exited with 1' },
      ],
      [
        {
          report: {
            callId: 'c',
            openMs: 6,
            bursts: [{ writeAt: 0, readAt: 3, readSampleAt: 4 }, { writeAt: 9 }],
          },
        },
      ],
    );
    expect(s).toMatchObject({
      transport: 'rtp',
      calls: 3,
      callsOk: 1,
      bursts: 1,
      burstsBack: 1,
      sippCalls: 1,
      sippBursts: 2,
      sippBurstsBack: 1,
      errors: ['TimeoutError: no media', 'sipp exited with 1'],
    });
    expect(s.roundTrip?.median).toBe(1);
    expect(s.appToCaller?.median).toBe(0.5);
    expect(s.callerToApp?.median).toBe(0.5);
    expect(s.sippRoundTrip?.median).toBe(4);
    expect(s.open).toMatchObject({ n: 2, median: 7 });
  });
});

describe('load', () => {
  const call = (over: Partial<LoadCallReport> = {}): LoadCallReport => ({
    callId: 'x',
    openMs: 10,
    durationMs: 20_000,
    framesIn: 1000,
    framesInDropped: 0,
    framesOut: 1001,
    lateTicks: 0,
    framesRead: 1000,
    maxGapMs: 25,
    gapsOver60: 0,
    toneChecked: 20,
    toneFound: 20,
    ...over,
  });
  const report = (calls: LoadCallReport[]): LoadReport => ({
    calls,
    leftoverCalls: 0,
    loopDelay: { p50: 0, p99: 1, max: 2 },
    gc: { count: 0, totalMs: 0, maxMs: 0 },
    timeline: [],
    appErrors: [],
    peakRssBytes: 0,
  });
  const observation = (calls: LoadCallReport[], over: Partial<LoadObservation> = {}): LoadObservation => ({
    transport: 'websocket',
    placed: calls.length,
    sippSuccessful: calls.length,
    sippFailed: 0,
    report: report(calls),
    warnings: [],
    ...over,
  });

  it('expects a frame per 20 ms', () => {
    expect(expectedFrames(20_000)).toBe(1000);
    expect(expectedFrames(20_011)).toBe(1001);
  });

  it('sums the calls and meets the target when nothing was lost or late', () => {
    const s = summarizeLoad(observation([call(), call({ framesIn: 999, maxGapMs: 40 })]));
    expect(s).toMatchObject({
      callsWithMedia: 2,
      framesInExpected: 2000,
      framesIn: 1999,
      framesOut: 2002,
      callsShortIn: 0,
      maxGapMs: 40,
    });
    expect(meetsLoadTarget(s)).toBe(true);
  });

  it('misses the target for late ticks, dropped or missing frames and calls without media', () => {
    expect(meetsLoadTarget(summarizeLoad(observation([call({ lateTicks: 1 })])))).toBe(false);
    expect(meetsLoadTarget(summarizeLoad(observation([call({ framesInDropped: 3 })])))).toBe(false);
    expect(meetsLoadTarget(summarizeLoad(observation([call({ framesIn: 990 })])))).toBe(false);
    const failed = summarizeLoad(
      observation([call(), call({ error: 'TimeoutError', durationMs: undefined })]),
    );
    expect(failed.callsWithMedia).toBe(1);
    expect(failed.mediaErrors).toEqual(['TimeoutError']);
    expect(meetsLoadTarget(failed)).toBe(false);
    expect(meetsLoadTarget(summarizeLoad(observation([call()], { sippFailed: 1 })))).toBe(false);
  });

  it('reads how continuous the app’s tone sounded from the runs in a recording', () => {
    expect(heardFromRuns([[100, 20_100]])).toEqual({ runs: 1, toneMs: 20_000, gapMs: 0 });
    expect(
      heardFromRuns([
        [0, 1000],
        [1040, 2000],
        [2020, 3000],
      ]),
    ).toEqual({ runs: 3, toneMs: 2940, gapMs: 60 });
    expect(heardFromRuns([])).toEqual({ runs: 0, toneMs: 0, gapMs: 0 });
  });

  it('puts late ticks next to the event loop stalls they followed', () => {
    const causes = lateCauses([
      { at: 100, lateTicks: 0, stallMs: 30, calls: 100 },
      { at: 200, lateTicks: 90, stallMs: 2, calls: 100 },
      { at: 900, lateTicks: 5, stallMs: 3, calls: 100 },
      { at: 1500, lateTicks: 50, stallMs: 16, calls: 100 },
    ]);
    expect(causes).toEqual({ stallSlots: 2, lateInStalls: 140, late: 145, longestStallMs: 30 });
  });
});
