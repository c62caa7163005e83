import type { QualityThresholds } from './call-engine-options.js';

/** One second of call quality, from `RTCPeerConnection.getStats()`. */
export interface CallQuality {
  /** Round-trip time to the PBX's media, ms (from RTCP or ICE); `undefined` until measured. */
  rttMs: number | undefined;
  /** Jitter of received audio, ms. */
  jitterMs: number;
  /** Received packets lost since the previous sample, percent (0–100). */
  lossPercent: number;
  /** Estimated listening quality, 1 (bad) to 4.5 (excellent), by the simplified ITU-T G.107 E-model. */
  mos: number;
  /** Audio packets received since the call was answered. */
  packetsReceived: number;
}

/** A metric that can be past its threshold. */
export type QualityMetric = 'rtt' | 'jitter' | 'loss';

/** `quality-warning`: a metric stayed past its threshold (`active: true`) or came back (`false`). */
export interface QualityWarning {
  metric: QualityMetric;
  active: boolean;
  value: number;
  threshold: number;
}

/** What {@link readQuality} needs to remember between samples. */
export interface QualityCounters {
  received: number;
  lost: number;
}

/**
 * MOS from the simplified E-model (ITU-T G.107 as commonly reduced for VoIP): the R factor falls
 * with one-way delay (half the RTT, plus twice the jitter for the jitter buffer, plus 10 ms of
 * codec delay) and with loss.
 */
export function estimateMos(rttMs: number, jitterMs: number, lossPercent: number): number {
  const latency = rttMs / 2 + jitterMs * 2 + 10;
  let r = 93.2 - (latency < 160 ? latency / 40 : (latency - 120) / 10) - lossPercent * 2.5;
  r = Math.max(0, Math.min(100, r));
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, Math.min(4.5, mos)) * 100) / 100;
}

/** Reads one sample out of a stats report; `previous` holds the counters of the sample before. */
export function readQuality(
  report: RTCStatsReport,
  previous: QualityCounters,
): { quality: CallQuality; counters: QualityCounters } {
  let rttS: number | undefined;
  let jitterS = 0;
  let received = previous.received;
  let lost = previous.lost;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      jitterS = Number(s.jitter ?? 0);
      received = Number(s.packetsReceived ?? received);
      lost = Number(s.packetsLost ?? lost);
    } else if (s.type === 'remote-inbound-rtp' && s.kind === 'audio' && typeof s.roundTripTime === 'number') {
      rttS = s.roundTripTime;
    } else if (
      s.type === 'candidate-pair' &&
      s.nominated === true &&
      rttS === undefined &&
      typeof s.currentRoundTripTime === 'number'
    ) {
      rttS = s.currentRoundTripTime;
    }
  });
  const newReceived = Math.max(0, received - previous.received);
  const newLost = Math.max(0, lost - previous.lost);
  const total = newReceived + newLost;
  const lossPercent = total === 0 ? 0 : Math.round((newLost / total) * 1000) / 10;
  const rttMs = rttS === undefined ? undefined : Math.round(rttS * 1000);
  const jitterMs = Math.round(jitterS * 1000);
  return {
    quality: {
      rttMs,
      jitterMs,
      lossPercent,
      mos: estimateMos(rttMs ?? 0, jitterMs, lossPercent),
      packetsReceived: received,
    },
    counters: { received, lost },
  };
}

/**
 * Turns samples into warnings: a metric past its threshold for `sustainSeconds` samples in a row
 * raises one warning; the first sample back under clears it. Pure: no timers.
 */
export class QualityWatch {
  readonly #thresholds: QualityThresholds;
  readonly #bad = new Map<QualityMetric, number>();
  readonly #active = new Set<QualityMetric>();

  constructor(thresholds: QualityThresholds) {
    this.#thresholds = thresholds;
  }

  /** The warnings this sample raises or clears. */
  sample(q: CallQuality): QualityWarning[] {
    const t = this.#thresholds;
    const metrics: [QualityMetric, number | undefined, number][] = [
      ['rtt', q.rttMs, t.rttMs],
      ['jitter', q.jitterMs, t.jitterMs],
      ['loss', q.lossPercent, t.lossPercent],
    ];
    const out: QualityWarning[] = [];
    for (const [metric, value, threshold] of metrics) {
      if (value === undefined) continue;
      if (value > threshold) {
        const n = (this.#bad.get(metric) ?? 0) + 1;
        this.#bad.set(metric, n);
        if (n >= t.sustainSeconds && !this.#active.has(metric)) {
          this.#active.add(metric);
          out.push({ metric, active: true, value, threshold });
        }
      } else {
        this.#bad.delete(metric);
        if (this.#active.delete(metric)) out.push({ metric, active: false, value, threshold });
      }
    }
    return out;
  }

  /** The metrics currently warned about. */
  get active(): readonly QualityMetric[] {
    return [...this.#active];
  }
}
