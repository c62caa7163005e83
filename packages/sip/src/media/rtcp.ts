/**
 * RTCP (RFC 3550 §6), as much as one call needs: our compound report (a Sender Report, or a Receiver
 * Report while we are not sending, with an SDES CNAME), reading the peer's SR/RR/BYE for statistics,
 * and the receiver-side counting (§A.3, §A.8) that fills a report block. Pure: no sockets, no clocks
 * (times are passed in).
 *
 * ```text
 *  0                   1                   2                   3
 * |V=2|P|   RC    |   PT (200 SR, 201 RR)   |         length (words − 1)    |
 * |                        SSRC of sender                                  |
 * | SR only: NTP timestamp (2 words), RTP timestamp, packet count, octets  |
 * | report blocks × RC: SSRC, fraction lost | cumulative lost (24 bits),   |
 * |   extended highest sequence, jitter, last SR (LSR), delay since LSR    |
 * ```
 */
import { sequenceDelta } from '@aipbx/media';

/** RTCP packet types read or written here. */
export const RtcpType = { SR: 200, RR: 201, SDES: 202, BYE: 203 } as const;

/** One reception report block: what a receiver says about one source. */
export interface RtcpReportBlock {
  /** The source reported on. */
  readonly ssrc: number;
  /** Share of its packets lost since the previous report, 0–1 (in steps of 1/256). */
  readonly fractionLost: number;
  /** Packets lost since the start (expected − received; may go negative with duplicates). */
  readonly cumulativeLost: number;
  /** Extended highest sequence number received (cycles × 65536 + sequence). */
  readonly highestSequence: number;
  /** Interarrival jitter, in RTP timestamp units. */
  readonly jitter: number;
  /** Middle 32 bits of the NTP time of the last SR received from that source (0: none yet). */
  readonly lastSenderReport: number;
  /** Delay between receiving that SR and sending this block, in units of 1/65536 s. */
  readonly delaySinceLastSenderReport: number;
}

/** The sender information of an SR. */
export interface RtcpSenderInfo {
  /** NTP time the report was sent: whole seconds since 1900 (32 bits) … */
  readonly ntpSeconds: number;
  /** … and the fraction of a second in units of 2^−32. */
  readonly ntpFraction: number;
  /** The same instant in the RTP timestamp units of the sender's stream. */
  readonly rtpTimestamp: number;
  /** RTP packets sent since the start. */
  readonly packetCount: number;
  /** Payload bytes sent since the start. */
  readonly octetCount: number;
}

/** A decoded Sender Report (PT 200). */
export interface RtcpSenderReport extends RtcpSenderInfo {
  readonly type: 'sr';
  readonly ssrc: number;
  readonly reports: readonly RtcpReportBlock[];
}

/** A decoded Receiver Report (PT 201). */
export interface RtcpReceiverReport {
  readonly type: 'rr';
  readonly ssrc: number;
  readonly reports: readonly RtcpReportBlock[];
}

/** A decoded BYE (PT 203): these sources are leaving. */
export interface RtcpBye {
  readonly type: 'bye';
  readonly ssrcs: readonly number[];
}

/** The RTCP packets {@link decodeRtcp} reads; other types are skipped. */
export type RtcpPacket = RtcpSenderReport | RtcpReceiverReport | RtcpBye;

/** What {@link encodeRtcpReport} needs. */
export interface RtcpReportInit {
  /** Our SSRC (the one on our RTP). */
  ssrc: number;
  /** Our canonical name (SDES CNAME), e.g. `aipbx@192.0.2.10`; at most 255 bytes of UTF-8. */
  cname: string;
  /** Set while we send RTP: the report is an SR; without it, an RR. */
  sender?: RtcpSenderInfo;
  /** Report blocks on the sources we receive (at most 31). */
  reports?: readonly RtcpReportBlock[];
}

const HEADER = 4;
const REPORT_BLOCK = 24;
const SENDER_INFO = 20;
const MAX_REPORTS = 31;
/** Seconds from 1900 (NTP era 0) to 1970 (Unix epoch). */
const NTP_UNIX_OFFSET = 2_208_988_800;

/** Unix time in ms as an NTP timestamp (seconds since 1900, fraction in units of 2^−32). */
export function ntpTime(ms: number): { seconds: number; fraction: number } {
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 2 ** 32);
  return { seconds: (seconds + NTP_UNIX_OFFSET) >>> 0, fraction: Math.min(fraction, 2 ** 32 - 1) >>> 0 };
}

/** The middle 32 bits of an NTP timestamp (16.16 fixed point seconds): what LSR carries. */
export function ntpMiddle(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

/**
 * Our compound RTCP packet: an SR (with `sender`) or an RR, then an SDES with the CNAME (RFC 3550
 * §6.1: every compound packet starts with a report and carries the CNAME).
 *
 * @throws RangeError with more than 31 report blocks or a CNAME over 255 bytes.
 */
export function encodeRtcpReport(init: RtcpReportInit): Buffer {
  const reports = init.reports ?? [];
  if (reports.length > MAX_REPORTS) {
    throw new RangeError(`an RTCP report holds at most ${MAX_REPORTS} report blocks, got ${reports.length}`);
  }
  return Buffer.concat([encodeReport(init.ssrc, init.sender, reports), encodeSdes(init.ssrc, init.cname)]);
}

function encodeReport(ssrc: number, sender: RtcpSenderInfo | undefined, reports: readonly RtcpReportBlock[]) {
  const length = HEADER + 4 + (sender === undefined ? 0 : SENDER_INFO) + REPORT_BLOCK * reports.length;
  const out = Buffer.alloc(length);
  out[0] = 0x80 | reports.length;
  out[1] = sender === undefined ? RtcpType.RR : RtcpType.SR;
  out.writeUInt16BE(length / 4 - 1, 2);
  out.writeUInt32BE(ssrc >>> 0, 4);
  let offset = 8;
  if (sender !== undefined) {
    out.writeUInt32BE(sender.ntpSeconds >>> 0, 8);
    out.writeUInt32BE(sender.ntpFraction >>> 0, 12);
    out.writeUInt32BE(sender.rtpTimestamp >>> 0, 16);
    out.writeUInt32BE(sender.packetCount >>> 0, 20);
    out.writeUInt32BE(sender.octetCount >>> 0, 24);
    offset = 28;
  }
  for (const report of reports) {
    writeReportBlock(out, offset, report);
    offset += REPORT_BLOCK;
  }
  return out;
}

function writeReportBlock(out: Buffer, offset: number, report: RtcpReportBlock): void {
  const fraction = Math.min(255, Math.max(0, Math.floor(report.fractionLost * 256)));
  const lost = Math.min(0x7f_ffff, Math.max(-0x80_0000, Math.trunc(report.cumulativeLost)));
  out.writeUInt32BE(report.ssrc >>> 0, offset);
  out.writeUInt32BE(((fraction << 24) | (lost & 0xff_ffff)) >>> 0, offset + 4);
  out.writeUInt32BE(report.highestSequence >>> 0, offset + 8);
  out.writeUInt32BE(Math.round(report.jitter) >>> 0, offset + 12);
  out.writeUInt32BE(report.lastSenderReport >>> 0, offset + 16);
  out.writeUInt32BE(Math.round(report.delaySinceLastSenderReport) >>> 0, offset + 20);
}

/** SDES with one chunk: our SSRC, the CNAME item, the END item, padding to a 32-bit boundary. */
function encodeSdes(ssrc: number, cname: string): Buffer {
  const text = Buffer.from(cname, 'utf8');
  if (text.length > 255) throw new RangeError(`an RTCP CNAME is at most 255 bytes, got ${text.length}`);
  // Item type and length, the text, then at least one zero byte (END) up to a multiple of 4.
  const chunk = 4 + Math.ceil((2 + text.length + 1) / 4) * 4;
  const out = Buffer.alloc(HEADER + chunk);
  out[0] = 0x81; // V=2, one chunk
  out[1] = RtcpType.SDES;
  out.writeUInt16BE(out.length / 4 - 1, 2);
  out.writeUInt32BE(ssrc >>> 0, 4);
  out[8] = 1; // CNAME
  out[9] = text.length;
  text.copy(out, 10);
  return out;
}

/**
 * Reads a (compound) RTCP packet: its SRs, RRs and BYEs. Never throws: other packet types (SDES,
 * APP, feedback…) are skipped, and reading stops at the first packet that is not RTCP version 2 or
 * runs past the end.
 */
export function decodeRtcp(buf: Uint8Array): RtcpPacket[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const packets: RtcpPacket[] = [];
  let offset = 0;
  while (offset + HEADER <= buf.length) {
    const first = view.getUint8(offset);
    const length = (view.getUint16(offset + 2) + 1) * 4;
    if (first >> 6 !== 2 || offset + length > buf.length) break;
    const packet = decodeOne(view, offset, length, first & 0x1f, view.getUint8(offset + 1));
    if (packet !== undefined) packets.push(packet);
    offset += length;
  }
  return packets;
}

function decodeOne(
  view: DataView,
  offset: number,
  length: number,
  count: number,
  type: number,
): RtcpPacket | undefined {
  if (type === RtcpType.SR && length >= HEADER + 4 + SENDER_INFO + count * REPORT_BLOCK) {
    return {
      type: 'sr',
      ssrc: view.getUint32(offset + 4),
      ntpSeconds: view.getUint32(offset + 8),
      ntpFraction: view.getUint32(offset + 12),
      rtpTimestamp: view.getUint32(offset + 16),
      packetCount: view.getUint32(offset + 20),
      octetCount: view.getUint32(offset + 24),
      reports: readReportBlocks(view, offset + 28, count),
    };
  }
  if (type === RtcpType.RR && length >= HEADER + 4 + count * REPORT_BLOCK) {
    return {
      type: 'rr',
      ssrc: view.getUint32(offset + 4),
      reports: readReportBlocks(view, offset + 8, count),
    };
  }
  if (type === RtcpType.BYE && length >= HEADER + 4 * count) {
    const ssrcs: number[] = [];
    for (let i = 0; i < count; i++) ssrcs.push(view.getUint32(offset + HEADER + 4 * i));
    return { type: 'bye', ssrcs };
  }
  return undefined;
}

function readReportBlocks(view: DataView, offset: number, count: number): RtcpReportBlock[] {
  const blocks: RtcpReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + i * REPORT_BLOCK;
    const word = view.getUint32(at + 4);
    const lost = word & 0xff_ffff;
    blocks.push({
      ssrc: view.getUint32(at),
      fractionLost: (word >>> 24) / 256,
      cumulativeLost: lost >= 0x80_0000 ? lost - 0x100_0000 : lost,
      highestSequence: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
      lastSenderReport: view.getUint32(at + 16),
      delaySinceLastSenderReport: view.getUint32(at + 20),
    });
  }
  return blocks;
}

/** A sequence number further ahead than this restarts the count (RFC 3550 §A.1 MAX_DROPOUT). */
const MAX_DROPOUT = 3000;
/** A sequence number further behind than this restarts the count (§A.1 MAX_MISORDER). */
const MAX_MISORDER = 100;

/**
 * What we received from one source (one SSRC), counted as RFC 3550 §A.1, §A.3 and §A.8 describe, to
 * fill the report block we send about it.
 */
export class ReceptionStatistics {
  /** The source counted. */
  readonly ssrc: number;
  readonly #clockRate: number;
  #base = 0;
  #max = 0;
  #cycles = 0;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #jitter = 0;
  #lastTransit: number | undefined;
  #lastSr: { middle: number; at: number } | undefined;

  /** Counts the source `ssrc`, whose RTP clock runs at `clockRate` Hz. */
  constructor(ssrc: number, clockRate: number) {
    this.ssrc = ssrc;
    this.#clockRate = clockRate;
  }

  /** Interarrival jitter so far, in RTP timestamp units. */
  get jitter(): number {
    return this.#jitter;
  }

  /** Interarrival jitter so far, ms. */
  get jitterMs(): number {
    return (this.#jitter * 1000) / this.#clockRate;
  }

  /**
   * Counts one packet arriving at `arrivalMs` (a monotonic clock). `timed` packets also update the
   * jitter; pass false for telephone-events, whose packets repeat one timestamp.
   */
  onPacket(sequence: number, timestamp: number, arrivalMs: number, timed = true): void {
    this.#count(sequence);
    if (!timed) return;
    const arrival = (arrivalMs * this.#clockRate) / 1000;
    // The transit time relative to some unknown origin: only its changes matter.
    const transit = arrival - timestamp;
    if (this.#lastTransit !== undefined) {
      let d = transit - this.#lastTransit;
      // RTP timestamps wrap at 2^32: take the difference to the nearest wrap.
      d -= Math.round(d / 2 ** 32) * 2 ** 32;
      this.#jitter += (Math.abs(d) - this.#jitter) / 16;
    }
    this.#lastTransit = transit;
  }

  /** Notes an SR from this source, received at `arrivalMs` (same clock as {@link report}'s `nowMs`). */
  onSenderReport(ntpSeconds: number, ntpFraction: number, arrivalMs: number): void {
    this.#lastSr = { middle: ntpMiddle(ntpSeconds, ntpFraction), at: arrivalMs };
  }

  /** The report block about this source at `nowMs`; starts a new interval for `fractionLost`. */
  report(nowMs: number): RtcpReportBlock {
    const extended = this.#cycles + this.#max;
    const expected = this.#received === 0 ? 0 : extended - this.#base + 1;
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = this.#received - this.#receivedPrior;
    const lostInterval = expectedInterval - receivedInterval;
    this.#expectedPrior = expected;
    this.#receivedPrior = this.#received;
    return {
      ssrc: this.ssrc,
      fractionLost: expectedInterval <= 0 || lostInterval <= 0 ? 0 : lostInterval / expectedInterval,
      cumulativeLost: expected - this.#received,
      highestSequence: extended >>> 0,
      jitter: this.#jitter,
      lastSenderReport: this.#lastSr?.middle ?? 0,
      delaySinceLastSenderReport:
        this.#lastSr === undefined ? 0 : Math.max(0, ((nowMs - this.#lastSr.at) / 1000) * 65_536),
    };
  }

  #count(sequence: number): void {
    if (this.#received === 0) {
      this.#restart(sequence);
      return;
    }
    const delta = sequenceDelta(this.#max, sequence);
    if (delta > MAX_DROPOUT || delta < -MAX_MISORDER) {
      this.#restart(sequence);
      return;
    }
    if (delta > 0) {
      if (sequence < this.#max) this.#cycles += 0x1_0000;
      this.#max = sequence;
    }
    this.#received++;
  }

  #restart(sequence: number): void {
    this.#base = sequence;
    this.#max = sequence;
    this.#cycles = 0;
    this.#received = 1;
    this.#expectedPrior = 0;
    this.#receivedPrior = 0;
  }
}

/**
 * Round-trip time, ms, from a report block about our stream received at `arrivalMs` (Unix ms):
 * arrival − LSR − DLSR (RFC 3550 §6.4.1). `undefined` when the peer has not had an SR of ours yet.
 */
export function roundTripMs(block: RtcpReportBlock, arrivalMs: number): number | undefined {
  if (block.lastSenderReport === 0) return undefined;
  const { seconds, fraction } = ntpTime(arrivalMs);
  const now = ntpMiddle(seconds, fraction);
  const rtt = (now - block.lastSenderReport - block.delaySinceLastSenderReport) >>> 0;
  // More than a minute is a wrap of a negative value: clocks or packets that make no sense.
  return rtt > 60 * 65_536 ? undefined : (rtt / 65_536) * 1000;
}
