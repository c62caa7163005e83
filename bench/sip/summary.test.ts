import { describe, expect, it } from 'vitest';
import type { LoadCallReport, LoadReport } from '../media/protocol.js';
import { summarizeLoad } from '../media/stats.js';
import type { SipLoadCallReport } from './protocol.js';
import {
  comparisonCells,
  cpuRatioLine,
  fromMediaLoad,
  msPerCallSecond,
  ratio,
  renderPage,
  type SideObservation,
  sideNotes,
  summarizeSide,
} from './summary.js';

function call(overrides: Partial<SipLoadCallReport> = {}): SipLoadCallReport {
  return {
    callId: 'a',
    openMs: 10,
    durationMs: 10_000,
    framesIn: 500,
    framesInDropped: 0,
    framesOut: 500,
    lateTicks: 0,
    framesRead: 500,
    maxGapMs: 21,
    gapsOver60: 0,
    toneChecked: 10,
    toneFound: 10,
    ...overrides,
  };
}

function report(calls: LoadCallReport[], overrides: Partial<LoadReport> = {}): LoadReport {
  return {
    calls,
    leftoverCalls: 0,
    loopDelay: { p50: 0.1, p99: 2, max: 12 },
    gc: { count: 3, totalMs: 4, maxMs: 2 },
    timeline: [],
    appErrors: [],
    peakRssBytes: 64 * 1024 * 1024,
    ...overrides,
  };
}

function sip(overrides: Partial<SideObservation> = {}): SideObservation {
  return {
    side: 'sip',
    placed: 2,
    sippSuccessful: 2,
    sippFailed: 0,
    report: report([
      call({ callId: 'a' }),
      call({
        callId: 'b',
        framesIn: 480,
        framesInDropped: 5,
        lateTicks: 3,
        maxGapMs: 90,
        gapsOver60: 1,
        rtp: {
          packetsSent: 500,
          packetsReceived: 484,
          packetsLost: 1,
          packetsLate: 2,
          jitterMs: 4.5,
          lostByPbx: 0,
        },
      }),
    ]),
    steadySeconds: 10,
    appCpu: { seconds: 1, cores: 0.1 },
    asteriskCpu: { seconds: 0.5, cores: 0.05 },
    appCpuWhole: { seconds: 2, cores: 0.08 },
    left: [
      { what: 'Asterisk channels', count: 0 },
      { what: 'RTP ports held by the app', count: 0 },
      { what: 'calls in the service', count: 0 },
    ],
    warnings: [],
    ...overrides,
  };
}

describe('summarizeSide', () => {
  it('adds the calls up: frames expected per 20 ms, missing apart from dropped, late ticks', () => {
    const s = summarizeSide(sip());
    expect(s).toMatchObject({
      callsInApp: 2,
      callsWithMedia: 2,
      framesInExpected: 1000,
      framesIn: 980,
      framesInMissing: 15,
      framesInDropped: 5,
      callsShortIn: 1,
      gapsOver60: 1,
      maxGapMs: 90,
      toneChecked: 20,
      toneFound: 20,
      framesOutExpected: 1000,
      framesOut: 1000,
      lateTicks: 3,
      callsWithLateTicks: 1,
      mediaSeconds: 20,
      mediaErrors: [],
      endedEarly: {},
    });
    // 0.1 cores over 2 calls: 50 ms of CPU per call per second; 2 s of CPU over 20 s of media: 100.
    expect(s.appMsPerCallSecond).toBeCloseTo(50);
    expect(s.asteriskMsPerCallSecond).toBeCloseTo(25);
    expect(s.appMsPerMediaSecondWhole).toBeCloseTo(100);
    expect(s.open?.median).toBe(10);
    expect(s.causes).toEqual({ stallSlots: 0, lateInStalls: 0, late: 0, longestStallMs: 0 });
    expect(s.rtp).toEqual({
      calls: 1,
      sent: 500,
      received: 484,
      lost: 1,
      late: 2,
      maxJitterMs: 4.5,
      lostByPbx: 0,
    });
    const row = (measure: string) => comparisonCells([s]).find((r) => r[0] === measure)?.[2];
    expect(row('RTP packets from Asterisk (SIP only)')).toBe('484 / 1 / 2');
    expect(row('RTP packets to Asterisk (SIP only)')).toBe('500 / 0');
    expect(sideNotes(s).join('\n')).toContain(
      'RTP of the 1 calls: 1 of 485 packets from Asterisk lost, 2 late or duplicated',
    );
  });

  it('places late ticks next to the app’s event loop stalls, and says so', () => {
    const o = sip({
      report: report([call({ lateTicks: 3 })], {
        timeline: [
          { at: 100, lateTicks: 2, stallMs: 24, calls: 2 },
          { at: 1000, lateTicks: 1, stallMs: 2, calls: 2 },
        ],
      }),
      appThread: { runMs: 5000, waitMs: 1500 },
      otherCpu: { seconds: 3, cores: 0.3 },
    });
    const s = summarizeSide(o);
    expect(s.causes).toEqual({ stallSlots: 1, lateInStalls: 2, late: 3, longestStallMs: 24 });
    const row = (measure: string) => comparisonCells([s]).find((r) => r[0] === measure)?.[2];
    expect(row('late frames next to an app event loop stall ≥ 15 ms')).toBe('2/3');
    expect(row('app event loop stalls ≥ 15 ms')).toBe('1 / 24.0');
    expect(row("app's main thread, all calls up")).toBe('5000 / 1500');
    expect(row('every other process, all calls up')).toBe('0.30 (3.0 s)');
    expect(sideNotes(s).join('\n')).toContain(
      "3 frames went out late in 1 calls; 2 of the 3 the app's timeline saw came next to a stall",
    );
  });

  it('keeps failed calls out of the sums and says why they failed', () => {
    const s = summarizeSide(
      sip({
        placed: 3,
        sippSuccessful: 1,
        sippFailed: 2,
        report: report([
          call(),
          call({ callId: 'b', durationMs: undefined, framesIn: 3, error: 'CallFailedError: gone' }),
          call({ callId: 'c', endReason: 'hangup', durationMs: 5000, framesIn: 250, framesOut: 250 }),
        ]),
      }),
    );
    expect(s.callsWithMedia).toBe(2);
    expect(s.framesIn).toBe(750);
    expect(s.mediaErrors).toEqual(['CallFailedError: gone']);
    expect(s.endedEarly).toEqual({ hangup: 1 });
    const notes = sideNotes(s).join('\n');
    expect(notes).toContain('sipp counted 2 failed calls of 3');
    expect(notes).toContain('1 calls without media: CallFailedError: gone');
    expect(notes).toContain("1 calls' media ended before the app closed it (1× hangup)");
  });

  it('has no per-call CPU without a window with every call up, nor sums without a report', () => {
    const { report: _, appCpu: __, ...rest } = sip();
    const s = summarizeSide({ ...rest, error: 'the app failed: no registration' });
    expect(s.appMsPerCallSecond).toBeUndefined();
    expect(s.callsWithMedia).toBe(0);
    expect(s.framesInExpected).toBe(0);
    expect(sideNotes(s)).toContain('@aipbx/sip (RTP, slin16): the app failed: no registration');
  });
});

describe('fromMediaLoad', () => {
  it('takes the media bench’s websocket load as the ARI side, with its leftovers', () => {
    const load = summarizeLoad({
      transport: 'websocket',
      placed: 2,
      sippSuccessful: 2,
      sippFailed: 0,
      report: report([call(), call({ callId: 'b' })], { leftoverCalls: 1 }),
      appCpu: { seconds: 2, cores: 0.2 },
      asteriskCpu: { seconds: 3, cores: 0.3 },
      steadySeconds: 10,
      leftoverMediaChannels: 0,
      leftoverMediaBridges: 2,
      warnings: [{ message: 'WARNING: x', count: 4 }],
    });
    const o = fromMediaLoad(load);
    expect(o).toMatchObject({ side: 'ari', placed: 2, sippSuccessful: 2, steadySeconds: 10 });
    expect(o.left).toEqual([
      { what: 'media channels', count: 0 },
      { what: 'media bridges', count: 2 },
      { what: 'calls in the app', count: 1 },
    ]);
    const s = summarizeSide(o);
    expect(s.appMsPerCallSecond).toBeCloseTo(100);
    const notes = sideNotes(s).join('\n');
    expect(notes).toContain('Asterisk logged 4× "WARNING: x"');
    expect(notes).toContain('left after the run: 2 media bridges, 1 calls in the app');
  });
});

describe('ratios and the table', () => {
  it('divides SIP by ARI only with both numbers', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(undefined, 4)).toBeUndefined();
    expect(ratio(1, 0)).toBeUndefined();
    expect(msPerCallSecond({ seconds: 3, cores: 0.3 }, 10)).toBeCloseTo(30);
    expect(msPerCallSecond(undefined, 10)).toBeUndefined();
  });

  it('puts the sides next to each other, with the CPU ratio under them', () => {
    const a = summarizeSide(sip());
    const b = summarizeSide({ ...sip(), side: 'ari', appCpu: { seconds: 4, cores: 0.4 } });
    const cells = comparisonCells([a, b]);
    expect(cells[0]).toEqual([
      'measure',
      'statistic',
      '@aipbx/sip (RTP, slin16)',
      'node-ari call.media() (websocket, slin16)',
    ]);
    const row = (measure: string) => cells.find((r) => r[0] === measure);
    expect(row('calls ok (sipp)')?.slice(2)).toEqual(['2/2', '2/2']);
    expect(row('frames in (caller → app)')?.slice(2)).toEqual(['980/1,000', '980/1,000']);
    expect(row('app CPU per call, all calls up')?.slice(2)).toEqual(['50.00', '200.00']);
    expect(row('left after the run')?.[2]).toBe(
      '0 Asterisk channels, 0 RTP ports held by the app, 0 calls in the service',
    );
    expect(cells.every((r) => r.length === 4)).toBe(true);
    expect(cpuRatioLine([a, b])).toMatch(
      /^app CPU per call, SIP ÷ ARI: 0\.25× with all calls up \(50\.00 vs 200\.00/,
    );
    expect(cpuRatioLine([a])).toBeUndefined();
  });

  it('writes the page: method, table, ratio, notes, machine', () => {
    const page = renderPage([summarizeSide(sip())], {
      date: '2025-01-01',
      asteriskVersion: 'Asterisk 22.0.0',
      node: 'v20.19.0',
      cpu: 'Some CPU',
      cores: 2,
      flags: '--calls=2',
      calls: 2,
      rate: 10,
      seconds: 10,
      rtpPorts: '48000–48999',
      commit: 'commit abc',
      method: 'How: like this.',
      notes: [],
    });
    expect(page).toContain('# SIP service benchmark');
    expect(page).toContain('## How it was measured\n\nHow: like this.');
    expect(page).toContain('| calls ok (sipp) | ok/placed | 2/2 |');
    expect(page).toContain('app CPU per call, SIP ÷ ARI: – (a side is missing).');
    expect(page).toContain('- none');
    expect(page).toContain('Machine: Some CPU, 2 cores, Node v20.19.0; run 2025-01-01. Flags: `--calls=2`');
  });
});
