/**
 * libpcap capture files of RTP streams, for sipp's `<exec play_pcap_audio="file.pcap"/>`, and a
 * reader for checking them (and sipp's own sample captures).
 *
 * sipp replays the UDP datagrams of a capture (the RTP header untouched; only the ports and UDP
 * checksum rewritten) at the pace of the capture's timestamps. It insists on untruncated packets
 * (captured length = original length) and takes the datagram length from the UDP header.
 */
import { writeFile } from 'node:fs/promises';
import { encodeAlaw, encodeRtp, encodeUlaw } from '../../packages/media/src/index.js';
import { tone } from './audio.js';

/** pcap magic for microsecond timestamps. */
const PCAP_MAGIC = 0xa1b2c3d4;
/** pcap magic for nanosecond timestamps. */
const PCAP_MAGIC_NS = 0xa1b23c4d;
const GLOBAL_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
/** LINKTYPE_ETHERNET. */
export const LINKTYPE_ETHERNET = 1;
const SNAP_LENGTH = 65_535;

const ETHERNET_HEADER_LENGTH = 14;
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_VLAN = 0x8100;
const IPV4_HEADER_LENGTH = 20;
const UDP_HEADER_LENGTH = 8;
const IPPROTO_UDP = 17;

// Documentation addresses (RFC 5737 TEST-NET-1) and locally administered MACs: sipp rewrites the
// ports and sends from its own socket, so these only have to be well formed.
const SOURCE_MAC = [0x02, 0, 0, 0, 0, 0x01];
const DESTINATION_MAC = [0x02, 0, 0, 0, 0, 0x02];
const SOURCE_IP = [192, 0, 2, 1];
const DESTINATION_IP = [192, 0, 2, 2];
const SOURCE_PORT = 6000;
const DESTINATION_PORT = 6002;

/** One's-complement sum of 16-bit big-endian words, folded, not yet inverted. */
function onesComplementSum(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** An Ethernet II frame carrying `payload` in IPv4/UDP, with valid IP and UDP checksums. */
function udpFrame(payload: Uint8Array, ipId: number): Buffer {
  const udpLength = UDP_HEADER_LENGTH + payload.length;
  const ipLength = IPV4_HEADER_LENGTH + udpLength;
  const frame = Buffer.alloc(ETHERNET_HEADER_LENGTH + ipLength);
  frame.set(DESTINATION_MAC, 0);
  frame.set(SOURCE_MAC, 6);
  frame.writeUInt16BE(ETHERTYPE_IPV4, 12);

  const ip = frame.subarray(ETHERNET_HEADER_LENGTH, ETHERNET_HEADER_LENGTH + IPV4_HEADER_LENGTH);
  ip[0] = 0x45; // version 4, 5 words of header
  ip[1] = 0xb8; // DSCP EF (46), as for voice
  ip.writeUInt16BE(ipLength, 2);
  ip.writeUInt16BE(ipId & 0xffff, 4);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = 64; // TTL
  ip[9] = IPPROTO_UDP;
  ip.set(SOURCE_IP, 12);
  ip.set(DESTINATION_IP, 16);
  ip.writeUInt16BE(~onesComplementSum(ip) & 0xffff, 10);

  const udp = frame.subarray(ETHERNET_HEADER_LENGTH + IPV4_HEADER_LENGTH);
  udp.writeUInt16BE(SOURCE_PORT, 0);
  udp.writeUInt16BE(DESTINATION_PORT, 2);
  udp.writeUInt16BE(udpLength, 4);
  udp.set(payload, UDP_HEADER_LENGTH);
  // Pseudo-header: addresses, protocol, UDP length.
  const pseudo = onesComplementSum(ip.subarray(12, 20), IPPROTO_UDP + udpLength);
  const checksum = ~onesComplementSum(udp, pseudo) & 0xffff;
  udp.writeUInt16BE(checksum === 0 ? 0xffff : checksum, 6);
  return frame;
}

/**
 * A pcap file (little-endian, microsecond timestamps, Ethernet link type) with one Ethernet/IPv4/
 * UDP packet per RTP packet in `rtpPackets`, stamped `intervalMs` apart from time 0.
 */
export function buildRtpPcap(rtpPackets: readonly Uint8Array[], intervalMs = 20): Buffer {
  const header = Buffer.alloc(GLOBAL_HEADER_LENGTH);
  header.writeUInt32LE(PCAP_MAGIC, 0);
  header.writeUInt16LE(2, 4); // version 2.4
  header.writeUInt16LE(4, 6);
  header.writeInt32LE(0, 8); // UTC
  header.writeUInt32LE(0, 12); // timestamp accuracy
  header.writeUInt32LE(SNAP_LENGTH, 16);
  header.writeUInt32LE(LINKTYPE_ETHERNET, 20);

  const parts: Buffer[] = [header];
  rtpPackets.forEach((rtp, i) => {
    const frame = udpFrame(rtp, i + 1);
    const micros = Math.round(i * intervalMs * 1000);
    const record = Buffer.alloc(RECORD_HEADER_LENGTH);
    record.writeUInt32LE(Math.floor(micros / 1e6), 0);
    record.writeUInt32LE(micros % 1e6, 4);
    record.writeUInt32LE(frame.length, 8); // captured
    record.writeUInt32LE(frame.length, 12); // on the wire
    parts.push(record, frame);
  });
  return Buffer.concat(parts);
}

/** What {@link tonePcap} and {@link writeTonePcap} play. */
export interface TonePcapOptions {
  /** Tone frequency, Hz. */
  freqHz: number;
  /** Tone length, ms; the last packet is filled up with silence. */
  ms: number;
  /** G.711 law: `pcma` (A-law, payload type 8) or `pcmu` (µ-law, payload type 0). */
  codec: 'pcma' | 'pcmu';
  /** Peak amplitude of the 16-bit tone before companding. Default 8000 (about −12 dBFS). */
  amplitude?: number;
}

/** Samples, and G.711 bytes, in each 20 ms packet at 8 kHz. */
export const SAMPLES_PER_PACKET = 160;
/** SSRC of the streams {@link tonePcap} builds. */
export const TONE_PCAP_SSRC = 0x5afe_70e5;

/**
 * A pcap of one RTP stream playing a tone: 8 kHz G.711, 20 ms (160 samples, 160 bytes) per packet,
 * packets 20 ms apart, sequence numbers from 1 and RTP timestamps from 0 stepping by 160, the marker
 * bit on the first packet, SSRC {@link TONE_PCAP_SSRC}.
 *
 * @throws RangeError when `ms` is not positive, or for a tone {@link tone} refuses.
 */
export function tonePcap(options: TonePcapOptions): Buffer {
  const { freqHz, ms, codec, amplitude = 8000 } = options;
  if (!(Number.isFinite(ms) && ms > 0))
    throw new RangeError(`tone pcap length must be positive, got ${ms} ms`);
  const samples = tone(freqHz, ms, 8000, amplitude);
  const packets = Math.ceil(samples.length / SAMPLES_PER_PACKET);
  const padded = new Int16Array(packets * SAMPLES_PER_PACKET);
  padded.set(samples);
  const encoded = codec === 'pcma' ? encodeAlaw(padded) : encodeUlaw(padded);
  const payloadType = codec === 'pcma' ? 8 : 0;

  const rtp: Buffer[] = [];
  for (let i = 0; i < packets; i++) {
    rtp.push(
      encodeRtp({
        payloadType,
        sequence: 1 + i,
        timestamp: i * SAMPLES_PER_PACKET,
        ssrc: TONE_PCAP_SSRC,
        marker: i === 0,
        payload: encoded.subarray(i * SAMPLES_PER_PACKET, (i + 1) * SAMPLES_PER_PACKET),
      }),
    );
  }
  return buildRtpPcap(rtp, 20);
}

/** Writes {@link tonePcap}'s capture to `path`, for sipp's `play_pcap_audio`. */
export async function writeTonePcap(path: string, options: TonePcapOptions): Promise<void> {
  await writeFile(path, tonePcap(options));
}

/** One packet of a capture. */
export interface PcapPacket {
  /** Capture time, µs since the epoch (or since time 0 for a synthetic capture). */
  timeUs: number;
  /** Bytes on the wire. */
  originalLength: number;
  /** The captured bytes (a view into the file's buffer). */
  data: Uint8Array;
}

/** A whole capture. */
export interface PcapFile {
  /** Link type: 1 for Ethernet. */
  linkType: number;
  /** Longest packet the capture kept, bytes. */
  snapLength: number;
  packets: PcapPacket[];
}

/**
 * Reads a classic libpcap file, either byte order, microsecond or nanosecond timestamps.
 *
 * @throws Error naming what is wrong: not a pcap file, or a record that runs past the end.
 */
export function readPcap(buf: Uint8Array): PcapFile {
  if (buf.length < GLOBAL_HEADER_LENGTH)
    throw new Error(`not a pcap file: ${buf.length} bytes, no global header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let little: boolean;
  let nanos: boolean;
  const magicLe = view.getUint32(0, true);
  if (magicLe === PCAP_MAGIC || magicLe === PCAP_MAGIC_NS) {
    little = true;
    nanos = magicLe === PCAP_MAGIC_NS;
  } else {
    const magicBe = view.getUint32(0, false);
    if (magicBe !== PCAP_MAGIC && magicBe !== PCAP_MAGIC_NS) {
      throw new Error(`not a pcap file: magic 0x${magicBe.toString(16).padStart(8, '0')}`);
    }
    little = false;
    nanos = magicBe === PCAP_MAGIC_NS;
  }
  const snapLength = view.getUint32(16, little);
  const linkType = view.getUint32(20, little);

  const packets: PcapPacket[] = [];
  let offset = GLOBAL_HEADER_LENGTH;
  while (offset < buf.length) {
    if (offset + RECORD_HEADER_LENGTH > buf.length) {
      throw new Error(`pcap record ${packets.length + 1} header runs past the end of the file`);
    }
    const seconds = view.getUint32(offset, little);
    const fraction = view.getUint32(offset + 4, little);
    const captured = view.getUint32(offset + 8, little);
    const originalLength = view.getUint32(offset + 12, little);
    const start = offset + RECORD_HEADER_LENGTH;
    if (start + captured > buf.length) {
      throw new Error(`pcap record ${packets.length + 1} holds ${captured} bytes, past the end of the file`);
    }
    packets.push({
      timeUs: seconds * 1e6 + (nanos ? Math.round(fraction / 1000) : fraction),
      originalLength,
      data: buf.subarray(start, start + captured),
    });
    offset = start + captured;
  }
  return { linkType, snapLength, packets };
}

/** A UDP datagram found in an Ethernet frame. */
export interface UdpDatagram {
  /** UDP source port. */
  sourcePort: number;
  /** UDP destination port. */
  destinationPort: number;
  /** The UDP payload (a view into the frame). */
  payload: Uint8Array;
}

/**
 * The UDP datagram in an Ethernet II frame carrying IPv4 (an 802.1Q VLAN tag is skipped), or
 * `undefined` for anything else or anything cut short.
 */
export function udpPayload(frame: Uint8Array): UdpDatagram | undefined {
  if (frame.length < ETHERNET_HEADER_LENGTH) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let offset = 12;
  let etherType = view.getUint16(offset);
  if (etherType === ETHERTYPE_VLAN) {
    offset += 4;
    if (offset + 2 > frame.length) return undefined;
    etherType = view.getUint16(offset);
  }
  if (etherType !== ETHERTYPE_IPV4) return undefined;
  const ip = offset + 2;
  if (ip + IPV4_HEADER_LENGTH > frame.length || frame[ip]! >> 4 !== 4) return undefined;
  if (frame[ip + 9] !== IPPROTO_UDP) return undefined;
  const udp = ip + (frame[ip]! & 0x0f) * 4;
  if (udp + UDP_HEADER_LENGTH > frame.length) return undefined;
  const length = view.getUint16(udp + 4);
  if (length < UDP_HEADER_LENGTH || udp + length > frame.length) return undefined;
  return {
    sourcePort: view.getUint16(udp),
    destinationPort: view.getUint16(udp + 2),
    payload: frame.subarray(udp + UDP_HEADER_LENGTH, udp + length),
  };
}
