/**
 * The caller's media in the latency runs: a UDP socket on sipp's address whose port the SIP offer
 * names instead of sipp's, so Asterisk's RTP for the caller comes here. Every packet is stamped on
 * the system's monotonic clock as it arrives, checked for the burst tone, and sent straight back to
 * Asterisk as a phone would send its own stream (its own SSRC, sequence and timestamps, the payload
 * unchanged): an echo at the far end of the phone line.
 */
import { createSocket, type Socket } from 'node:dgram';
import { burstOffsetMs, decodeUlaw, type Onset, OnsetDetector } from './tone.js';

/** The system's monotonic clock in ms (CLOCK_MONOTONIC: the same in every process of the machine). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The fields of an RTP packet the echo needs. */
export interface RtpView {
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Uint8Array;
}

/** Reads an RTP packet (RFC 3550: CSRCs, a header extension and padding skipped); undefined if it is not one. */
export function readRtp(data: Uint8Array): RtpView | undefined {
  if (data.length < 12 || data[0]! >> 6 !== 2) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 12 + (data[0]! & 0x0f) * 4;
  if (data[0]! & 0x10) {
    if (offset + 4 > data.length) return undefined;
    offset += 4 + view.getUint16(offset + 2) * 4;
  }
  let end = data.length;
  if (data[0]! & 0x20) end -= data[data.length - 1]!;
  if (offset > end) return undefined;
  return {
    payloadType: data[1]! & 0x7f,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payload: data.subarray(offset, end),
  };
}

/** An RTP packet with a 12-byte header. */
export function writeRtp(packet: RtpView & { marker?: boolean }): Buffer {
  const out = Buffer.alloc(12 + packet.payload.length);
  out[0] = 0x80;
  out[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  out.writeUInt16BE(packet.sequence & 0xffff, 2);
  out.writeUInt32BE(packet.timestamp >>> 0, 4);
  out.writeUInt32BE(packet.ssrc >>> 0, 8);
  out.set(packet.payload, 12);
  return out;
}

/** A running echo. */
export interface RtpEcho {
  port: number;
  /** Burst onsets heard from Asterisk since the last reset (monotonic ms). */
  readonly onsets: readonly Onset[];
  /** Packets received since the last reset. */
  readonly packets: number;
  /** Starts a new call: forgets the onsets and the remote. */
  reset(): void;
  close(): Promise<void>;
}

/** Binds the echo on `address` (a free port) and starts echoing. */
export async function startRtpEcho(address: string): Promise<RtpEcho> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  let detector = new OnsetDetector();
  let packets = 0;
  const ssrc = 0x0ec4_0ec4;
  let sequence = 1;
  let timestamp = 0;
  let first = true;
  socket.on('message', (data, from) => {
    const at = monotonicMs();
    const rtp = readRtp(data);
    if (rtp === undefined) return;
    packets++;
    // Send first, then look: the analysis is not on the echo's path.
    socket.send(writeRtp({ ...rtp, ssrc, sequence, timestamp, marker: first }), from.port, from.address);
    first = false;
    sequence = (sequence + 1) & 0xffff;
    timestamp = (timestamp + rtp.payload.length) >>> 0;
    if (rtp.payloadType === 0) detector.feed(at, burstOffsetMs(decodeUlaw(rtp.payload), 8000));
  });
  return {
    port: socket.address().port,
    get onsets() {
      return detector.onsets;
    },
    get packets() {
      return packets;
    },
    reset() {
      detector = new OnsetDetector();
      packets = 0;
      first = true;
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
