import { describe, expect, it } from 'vitest';
import {
  latencyCells,
  loadCells,
  loadVerdict,
  type MediaBenchContext,
  ms,
  renderMarkdownReport,
} from './report.js';
import { type LatencySummary, type LoadSummary, summarizeLoad } from './stats.js';

const latency: LatencySummary = {
  transport: 'rtp',
  calls: 20,
  callsOk: 20,
  bursts: 100,
  burstsBack: 100,
  roundTrip: { n: 100, median: 1.04, p99: 2, min: 0.5, max: 2 },
  appToCaller: { n: 100, median: 0.7, p99: 1.6, min: 0.4, max: 1.6 },
  callerToApp: { n: 100, median: 0.3, p99: 1.4, min: 0.2, max: 1.4 },
  sippCalls: 5,
  sippBursts: 25,
  sippBurstsBack: 25,
  errors: [],
};

const load: LoadSummary = summarizeLoad({
  transport: 'audiosocket',
  placed: 1,
  sippSuccessful: 1,
  sippFailed: 0,
  report: {
    calls: [
      {
        callId: 'a',
        openMs: 7,
        durationMs: 1000,
        framesIn: 50,
        framesInDropped: 0,
        framesOut: 51,
        lateTicks: 2,
        framesRead: 50,
        maxGapMs: 22,
        gapsOver60: 0,
        toneChecked: 1,
        toneFound: 1,
      },
    ],
    leftoverCalls: 0,
    loopDelay: { p50: 0.1, p99: 3, max: 25 },
    gc: { count: 4, totalMs: 9, maxMs: 3 },
    timeline: [{ at: 1, lateTicks: 2, stallMs: 24, calls: 1 }],
    appErrors: [],
    peakRssBytes: 1,
  },
  appCpu: { seconds: 1, cores: 0.1 },
  warnings: [],
});

describe('tables', () => {
  it('prints ms with one decimal and a dash for nothing', () => {
    expect(ms(1.04)).toBe('1.0');
    expect(ms(undefined)).toBe('–');
  });

  it('puts the measures down and the transports across', () => {
    const cells = latencyCells([latency]);
    expect(cells[0]).toEqual(['measure', 'statistic', 'rtp, slin']);
    expect(cells.every((row) => row.length === 3)).toBe(true);
    const find = (rows: string[][], measure: string, statistic: string) =>
      rows.find((r) => r[0] === measure && r[1] === statistic)?.[2];
    expect(find(cells, 'round trip: app write → echo → app read', 'median ms')).toBe('1.0');
    expect(find(cells, 'half the round trip', 'median ms')).toBe('0.5');
    expect(find(cells, 'round trip with sipp -rtp_echo', 'median ms')).toBe('–');
    expect(find(cells, 'calls ok', 'count')).toBe('20/20');
    const rows = loadCells([load]);
    expect(find(rows, 'frames late (lateTicks)', 'count')).toBe('2');
    expect(find(rows, 'late frames next to an app event loop stall ≥ 15 ms', 'count')).toBe('2/2');
    expect(find(rows, 'app CPU, all calls up', 'cores (s)')).toBe('0.10 (1.0 s)');
    expect(find(rows, 'app GC pauses, all calls up', 'count / total / longest ms')).toBe('4 / 9.0 / 3.0');
  });

  it('gives the verdict with what missed it', () => {
    expect(loadVerdict(load)).toBe('audiosocket, slin16: **not met** (2 frames late in 1 calls)');
  });

  it('writes the page with both sections, the notes and the run’s context', () => {
    const context: MediaBenchContext = {
      date: '2026-11-30',
      asteriskVersion: 'Asterisk 22.10.1',
      node: 'v20.20.2',
      cpu: 'AMD EPYC',
      cores: 2,
      flags: '--calls=1',
      rounds: 20,
      bursts: 5,
      sippEcho: 5,
      calls: 1,
      rate: 20,
      seconds: 1,
      rtpPorts: 1000,
      listen: '42000–42299',
      commit: 'commit abc1234',
      notes: ['a note'],
    };
    const page = renderMarkdownReport([latency], [load], context, {
      latency: 'HOW-LATENCY',
      load: 'HOW-LOAD',
    });
    expect(page).toMatch(/^# Media benchmark/);
    expect(page).toContain('## Mouth-to-ear through the bridge\n\nHOW-LATENCY');
    expect(page).toContain('## 1 concurrent calls with media both ways\n\nHOW-LOAD');
    expect(page).toContain('| measure | statistic | rtp, slin |');
    expect(page).toContain('- a note');
    expect(page).toContain('Asterisk 22.10.1');
    expect(page).toContain('commit abc1234');
    expect(page).toContain('AMD EPYC, 2 cores');
    expect(page).toContain('`--calls=1`');
  });
});
