import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_THRESHOLDS } from './call-engine-options.js';
import { type CallQuality, estimateMos, QualityWatch, readQuality } from './call-quality.js';

/** An RTCStatsReport-like Map of stats objects, keyed by id. */
const report = (...stats: Record<string, unknown>[]): RTCStatsReport =>
  new Map(stats.map((s, i) => [String(s.id ?? i), s])) as unknown as RTCStatsReport;

const inbound = (packetsReceived: number, packetsLost: number, jitter = 0.004) => ({
  type: 'inbound-rtp',
  kind: 'audio',
  jitter,
  packetsReceived,
  packetsLost,
});

const quality = (over: Partial<CallQuality> = {}): CallQuality => ({
  rttMs: 40,
  jitterMs: 5,
  lossPercent: 0,
  mos: 4.4,
  packetsReceived: 0,
  ...over,
});

describe('estimateMos', () => {
  it('is about 4.4 for perfect conditions', () => {
    expect(estimateMos(0, 0, 0)).toBeCloseTo(4.4, 1);
    expect(estimateMos(20, 1, 0)).toBeGreaterThanOrEqual(4.35);
  });

  it('falls to 1 when nothing gets through', () => {
    expect(estimateMos(2000, 500, 100)).toBe(1);
    expect(estimateMos(0, 0, 40)).toBeLessThan(2);
  });

  it('stays between 1 and 4.5, whatever the input', () => {
    const metric = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(metric, metric, fc.double({ min: 0, max: 100, noNaN: true }), (rtt, jitter, loss) => {
        const mos = estimateMos(rtt, jitter, loss);
        expect(mos).toBeGreaterThanOrEqual(1);
        expect(mos).toBeLessThanOrEqual(4.5);
      }),
    );
  });

  it('never rises when round-trip time, jitter or loss get worse', () => {
    const ms = fc.double({ min: 0, max: 5000, noNaN: true });
    const pct = fc.double({ min: 0, max: 100, noNaN: true });
    const worse = fc.double({ min: 0, max: 1000, noNaN: true });
    fc.assert(
      fc.property(ms, ms, pct, worse, (rtt, jitter, loss, by) => {
        const mos = estimateMos(rtt, jitter, loss);
        expect(estimateMos(rtt + by, jitter, loss)).toBeLessThanOrEqual(mos);
        expect(estimateMos(rtt, jitter + by, loss)).toBeLessThanOrEqual(mos);
        expect(estimateMos(rtt, jitter, Math.min(100, loss + by / 10))).toBeLessThanOrEqual(mos);
      }),
    );
  });

  it('tells a good call from a poor one', () => {
    expect(estimateMos(40, 5, 0)).toBeGreaterThan(4);
    expect(estimateMos(600, 60, 8)).toBeLessThan(3);
  });
});

describe('readQuality', () => {
  it('reads jitter in ms, the remote round-trip time and the loss since the previous sample', () => {
    const first = readQuality(
      report(inbound(100, 0, 0.012), { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.085 }),
      { received: 0, lost: 0 },
    );
    expect(first.quality).toEqual({
      rttMs: 85,
      jitterMs: 12,
      lossPercent: 0,
      mos: estimateMos(85, 12, 0),
      packetsReceived: 100,
    });
    expect(first.counters).toEqual({ received: 100, lost: 0 });

    // 45 more received and 5 more lost: 5 of 50 is 10 %.
    const second = readQuality(report(inbound(145, 5)), first.counters);
    expect(second.quality.lossPercent).toBe(10);
    expect(second.quality.packetsReceived).toBe(145);
    expect(second.counters).toEqual({ received: 145, lost: 5 });

    // Nothing lost in the next second: loss is 0 again, not the call's running total.
    const third = readQuality(report(inbound(195, 5)), second.counters);
    expect(third.quality.lossPercent).toBe(0);
  });

  it('rounds loss to a tenth of a percent', () => {
    const { quality } = readQuality(report(inbound(299, 1)), { received: 0, lost: 0 });
    expect(quality.lossPercent).toBe(0.3);
  });

  it('falls back to the nominated candidate pair when RTCP has no round-trip time yet', () => {
    const stats = [
      inbound(50, 0),
      { type: 'candidate-pair', nominated: false, currentRoundTripTime: 0.9 },
      { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.032 },
    ];
    expect(readQuality(report(...stats), { received: 0, lost: 0 }).quality.rttMs).toBe(32);
  });

  it('prefers the remote round-trip time over the candidate pair, in either order', () => {
    const pair = { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.032 };
    const remote = { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.1 };
    expect(readQuality(report(pair, remote), { received: 0, lost: 0 }).quality.rttMs).toBe(100);
    expect(readQuality(report(remote, pair), { received: 0, lost: 0 }).quality.rttMs).toBe(100);
  });

  it('leaves the round-trip time undefined until it is measured, and scores as if it were 0', () => {
    const { quality } = readQuality(report(inbound(50, 0, 0.01)), { received: 0, lost: 0 });
    expect(quality.rttMs).toBeUndefined();
    expect(quality.mos).toBe(estimateMos(0, 10, 0));
  });

  it('ignores video and other stats', () => {
    const stats = [
      { type: 'inbound-rtp', kind: 'video', jitter: 0.5, packetsReceived: 9999, packetsLost: 999 },
      { type: 'remote-inbound-rtp', kind: 'video', roundTripTime: 3 },
      { type: 'outbound-rtp', kind: 'audio', packetsSent: 80 },
    ];
    const { quality, counters } = readQuality(report(...stats), { received: 10, lost: 1 });
    expect(quality).toMatchObject({ rttMs: undefined, jitterMs: 0, lossPercent: 0, packetsReceived: 10 });
    expect(counters).toEqual({ received: 10, lost: 1 });
  });

  it('reports no loss when counters go backwards (a restarted stream)', () => {
    const { quality } = readQuality(report(inbound(10, 0)), { received: 500, lost: 20 });
    expect(quality.lossPercent).toBe(0);
  });

  it('keeps loss between 0 and 100 percent, whatever the counters', () => {
    const count = fc.nat({ max: 1e6 });
    fc.assert(
      fc.property(count, count, count, count, (r0, l0, r1, l1) => {
        const { quality } = readQuality(report(inbound(r1, l1)), { received: r0, lost: l0 });
        expect(quality.lossPercent).toBeGreaterThanOrEqual(0);
        expect(quality.lossPercent).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('QualityWatch', () => {
  const thresholds = { ...DEFAULT_QUALITY_THRESHOLDS, sustainSeconds: 3 };

  it('warns once a metric stays bad for sustainSeconds samples, and only once', () => {
    const watch = new QualityWatch(thresholds);
    const bad = quality({ rttMs: 650 });
    expect(watch.sample(bad)).toEqual([]);
    expect(watch.sample(bad)).toEqual([]);
    expect(watch.sample(bad)).toEqual([{ metric: 'rtt', active: true, value: 650, threshold: 400 }]);
    expect(watch.active).toEqual(['rtt']);
    for (let i = 0; i < 5; i++) expect(watch.sample(bad)).toEqual([]);
    expect(watch.active).toEqual(['rtt']);
  });

  it('clears on the first good sample', () => {
    const watch = new QualityWatch(thresholds);
    for (let i = 0; i < 3; i++) watch.sample(quality({ jitterMs: 45 }));
    expect(watch.sample(quality({ jitterMs: 20 }))).toEqual([
      { metric: 'jitter', active: false, value: 20, threshold: 30 },
    ]);
    expect(watch.active).toEqual([]);
    expect(watch.sample(quality({ jitterMs: 20 }))).toEqual([]);
  });

  it('needs the bad samples in a row: a good one starts the count again', () => {
    const watch = new QualityWatch(thresholds);
    const bad = quality({ lossPercent: 7.5 });
    watch.sample(bad);
    watch.sample(bad);
    expect(watch.sample(quality())).toEqual([]);
    watch.sample(bad);
    expect(watch.sample(bad)).toEqual([]);
    expect(watch.sample(bad)).toEqual([{ metric: 'loss', active: true, value: 7.5, threshold: 3 }]);
  });

  it('counts a value equal to the threshold as good', () => {
    const watch = new QualityWatch({ ...thresholds, sustainSeconds: 1 });
    expect(watch.sample(quality({ rttMs: 400, jitterMs: 30, lossPercent: 3 }))).toEqual([]);
  });

  it('watches each metric on its own', () => {
    const watch = new QualityWatch({ ...thresholds, sustainSeconds: 2 });
    expect(watch.sample(quality({ rttMs: 500, jitterMs: 40 }))).toEqual([]);
    expect(watch.sample(quality({ rttMs: 500, jitterMs: 40, lossPercent: 5 }))).toEqual([
      { metric: 'rtt', active: true, value: 500, threshold: 400 },
      { metric: 'jitter', active: true, value: 40, threshold: 30 },
    ]);
    expect(watch.sample(quality({ rttMs: 500, lossPercent: 5 }))).toEqual([
      { metric: 'jitter', active: false, value: 5, threshold: 30 },
      { metric: 'loss', active: true, value: 5, threshold: 3 },
    ]);
    expect([...watch.active].sort()).toEqual(['loss', 'rtt']);
  });

  it('ignores an undefined round-trip time: it neither raises, clears nor resets the count', () => {
    const watch = new QualityWatch(thresholds);
    expect(watch.sample(quality({ rttMs: 900 }))).toEqual([]);
    expect(watch.sample(quality({ rttMs: undefined }))).toEqual([]);
    expect(watch.sample(quality({ rttMs: 900 }))).toEqual([]);
    expect(watch.sample(quality({ rttMs: 900 }))).toEqual([
      { metric: 'rtt', active: true, value: 900, threshold: 400 },
    ]);
    expect(watch.sample(quality({ rttMs: undefined }))).toEqual([]);
    expect(watch.active).toEqual(['rtt']);
  });

  it('with sustainSeconds 1 warns on the first bad sample', () => {
    const watch = new QualityWatch({ ...thresholds, sustainSeconds: 1 });
    expect(watch.sample(quality({ lossPercent: 50 }))).toEqual([
      { metric: 'loss', active: true, value: 50, threshold: 3 },
    ]);
  });
});
