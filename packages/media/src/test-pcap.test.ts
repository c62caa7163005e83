// Tests of testbed/support/rtp-pcap.ts, kept here so the unit tier runs them.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dominantFrequency, toneRuns } from '@aipbx/testbed/support/audio.js';
import {
  buildRtpPcap,
  LINKTYPE_ETHERNET,
  type PcapPacket,
  readPcap,
  TONE_PCAP_SSRC,
  tonePcap,
  udpPayload,
  writeTonePcap,
} from '@aipbx/testbed/support/rtp-pcap.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeAlaw, decodeUlaw } from './g711.js';
import { decodeRtp, decodeTelephoneEvent, type RtpPacket } from './rtp-packet.js';

/** sipp's sample captures, as Debian's sip-tester installs them. */
const SIPP_PCAPS = '/usr/share/sip-tester';
/** sip-tester's sample captures come with the test bed's Debian packages; say so when they are missing. */
function requireSippPcaps(): void {
  expect(
    existsSync(join(SIPP_PCAPS, 'g711a.pcap')),
    `sip-tester's sample pcaps in ${SIPP_PCAPS}: run \`npm run testbed -- setup\` (installs Debian's sip-tester)`,
  ).toBe(true);
}

/** The RTP packets of a capture, with their capture times. */
function rtpOf(packets: PcapPacket[]): Array<{ timeUs: number; rtp: RtpPacket }> {
  return packets.map((p, i) => {
    const udp = udpPayload(p.data);
    if (udp === undefined) throw new Error(`packet ${i + 1} is not Ethernet/IPv4/UDP`);
    const rtp = decodeRtp(udp.payload);
    if (rtp === undefined) throw new Error(`packet ${i + 1} does not hold RTP`);
    return { timeUs: p.timeUs, rtp };
  });
}

/** One's-complement sum of big-endian 16-bit words, folded. */
function sum16(bytes: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

describe('tonePcap', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aipbx-pcap-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a little-endian, microsecond, Ethernet pcap with the global header sipp reads', async () => {
    const path = join(dir, 'tone.pcap');
    await writeTonePcap(path, { freqHz: 1000, ms: 1000, codec: 'pcma' });
    const file = await readFile(path);
    // magic a1b2c3d4 (LE), version 2.4, zone 0, sigfigs 0, snaplen 65535, linktype 1
    expect(file.subarray(0, 24).toString('hex')).toBe('d4c3b2a1020004000000000000000000ffff000001000000');
    const pcap = readPcap(file);
    expect(pcap.linkType).toBe(LINKTYPE_ETHERNET);
    expect(pcap.packets).toHaveLength(50);
    // Ethernet 14 + IPv4 20 + UDP 8 + RTP 12 + 160 bytes of A-law, none truncated.
    for (const p of pcap.packets) {
      expect(p.data.length).toBe(214);
      expect(p.originalLength).toBe(214);
    }
    expect(file.length).toBe(24 + 50 * (16 + 214));
  });

  it('has the same global header as sipp’s own g711a.pcap', () => {
    requireSippPcaps();
    const ours = tonePcap({ freqHz: 440, ms: 100, codec: 'pcma' });
    const sipps = readFileSync(join(SIPP_PCAPS, 'g711a.pcap'));
    expect(ours.subarray(0, 24).equals(sipps.subarray(0, 24))).toBe(true);
  });

  it('stamps packets 20 ms apart with RTP headers of one 20 ms G.711 stream', () => {
    const packets = rtpOf(readPcap(tonePcap({ freqHz: 1000, ms: 200, codec: 'pcmu' })).packets);
    expect(packets).toHaveLength(10);
    packets.forEach(({ timeUs, rtp }, i) => {
      expect(timeUs).toBe(i * 20_000);
      expect(rtp).toMatchObject({
        payloadType: 0,
        marker: i === 0,
        sequence: 1 + i,
        timestamp: i * 160,
        ssrc: TONE_PCAP_SSRC,
        csrc: [],
        paddingLength: 0,
      });
      expect(rtp.payload.length).toBe(160);
    });
    expect(
      rtpOf(readPcap(tonePcap({ freqHz: 1000, ms: 20, codec: 'pcma' })).packets)[0]?.rtp.payloadType,
    ).toBe(8);
  });

  it('carries valid IPv4 and UDP headers and checksums', () => {
    const { packets } = readPcap(tonePcap({ freqHz: 697, ms: 60, codec: 'pcma' }));
    packets.forEach((p, i) => {
      const frame = Buffer.from(p.data.buffer, p.data.byteOffset, p.data.length);
      expect(frame.readUInt16BE(12)).toBe(0x0800);
      const ip = frame.subarray(14, 34);
      expect(ip[0]).toBe(0x45);
      expect(ip.readUInt16BE(2)).toBe(200);
      expect(ip.readUInt16BE(4)).toBe(i + 1);
      expect(ip[9]).toBe(17);
      expect(sum16(ip)).toBe(0xffff);
      const udp = frame.subarray(34);
      expect(udp.readUInt16BE(4)).toBe(180);
      expect(sum16(udp, sum16(ip.subarray(12, 20), 17 + udp.length))).toBe(0xffff);
      expect(udpPayload(frame)).toMatchObject({ sourcePort: 6000, destinationPort: 6002 });
    });
  });

  it.each(['pcma', 'pcmu'] as const)('plays the tone asked for (%s)', (codec) => {
    const decode = codec === 'pcma' ? decodeAlaw : decodeUlaw;
    for (const freqHz of [440, 697, 1000, 1477]) {
      const packets = rtpOf(readPcap(tonePcap({ freqHz, ms: 400, codec, amplitude: 6000 })).packets);
      const samples = decode(Buffer.concat(packets.map((p) => p.rtp.payload)));
      expect(samples.length).toBe(3200);
      expect(dominantFrequency(samples, 8000, [440, 697, 770, 1000, 1209, 1477])).toBe(freqHz);
      expect(Math.max(...samples)).toBeGreaterThan(5500);
      expect(Math.max(...samples)).toBeLessThan(6500);
      expect(toneRuns(samples, 8000, freqHz)).toEqual([[0, 400]]);
    }
  });

  it('fills the last packet up with silence when the tone is not a whole number of packets', () => {
    const packets = rtpOf(readPcap(tonePcap({ freqHz: 1000, ms: 50, codec: 'pcma' })).packets);
    expect(packets).toHaveLength(3);
    const last = packets[2]!.rtp.payload;
    expect(last.subarray(80).every((b) => b === 0xd5)).toBe(true); // A-law code for 0
    expect(last.subarray(0, 80).some((b) => b !== 0xd5)).toBe(true);
    const ulaw = rtpOf(readPcap(tonePcap({ freqHz: 1000, ms: 50, codec: 'pcmu' })).packets);
    expect(ulaw[2]!.rtp.payload.subarray(80).every((b) => b === 0xff)).toBe(true);
  });

  it('rejects a tone of no length', () => {
    expect(() => tonePcap({ freqHz: 1000, ms: 0, codec: 'pcma' })).toThrow(/must be positive, got 0 ms/);
    expect(() => tonePcap({ freqHz: -5, ms: 20, codec: 'pcma' })).toThrow(/frequency/);
  });
});

describe('buildRtpPcap', () => {
  it('spaces packets by the interval given, carrying the datagrams unchanged', () => {
    const datagrams = [Uint8Array.of(1), Uint8Array.of(2, 3), Uint8Array.of(4, 5, 6)];
    const { packets } = readPcap(buildRtpPcap(datagrams, 30));
    expect(packets.map((p) => p.timeUs)).toEqual([0, 30_000, 60_000]);
    expect(packets.map((p) => [...(udpPayload(p.data)?.payload ?? [])])).toEqual([[1], [2, 3], [4, 5, 6]]);
    expect(readPcap(buildRtpPcap([])).packets).toEqual([]);
  });
});

describe('readPcap', () => {
  it('reads big-endian and nanosecond captures', () => {
    const le = buildRtpPcap([Uint8Array.of(9)], 20);
    const be = Buffer.from(le);
    be.writeUInt32BE(0xa1b2c3d4, 0);
    for (const at of [4, 6]) be.writeUInt16BE(le.readUInt16LE(at), at);
    for (const at of [8, 12, 16, 20, 24, 28, 32, 36]) be.writeUInt32BE(le.readUInt32LE(at), at);
    expect(readPcap(be)).toEqual(readPcap(le));

    const ns = Buffer.from(le);
    ns.writeUInt32LE(0xa1b23c4d, 0);
    ns.writeUInt32LE(7, 24);
    ns.writeUInt32LE(123_456_789, 28);
    expect(readPcap(ns).packets[0]?.timeUs).toBe(7_123_457);
  });

  it('says what is wrong with a file it cannot read', () => {
    expect(() => readPcap(Buffer.alloc(10))).toThrow(/no global header/);
    expect(() => readPcap(Buffer.alloc(24))).toThrow(/not a pcap file: magic 0x00000000/);
    const file = buildRtpPcap([new Uint8Array(20)]);
    expect(() => readPcap(file.subarray(0, file.length - 1))).toThrow(
      /record 1 holds 62 bytes, past the end/,
    );
    expect(() => readPcap(file.subarray(0, 30))).toThrow(/record 1 header runs past the end/);
  });
});

describe('udpPayload', () => {
  const frame = () => Buffer.from(readPcap(buildRtpPcap([Uint8Array.of(1, 2)])).packets[0]!.data);

  it('skips an 802.1Q VLAN tag', () => {
    const f = frame();
    const tagged = Buffer.concat([f.subarray(0, 12), Buffer.from('81000064', 'hex'), f.subarray(12)]);
    expect([...(udpPayload(tagged)?.payload ?? [])]).toEqual([1, 2]);
  });

  it('returns undefined for what is not IPv4/UDP or is cut short', () => {
    const ipv6 = frame();
    ipv6.writeUInt16BE(0x86dd, 12);
    expect(udpPayload(ipv6)).toBeUndefined();
    const tcp = frame();
    tcp[14 + 9] = 6;
    expect(udpPayload(tcp)).toBeUndefined();
    const version = frame();
    version[14] = 0x65;
    expect(udpPayload(version)).toBeUndefined();
    expect(udpPayload(frame().subarray(0, 40))).toBeUndefined();
    expect(udpPayload(frame().subarray(0, 43))).toBeUndefined(); // UDP length past the end
    expect(udpPayload(new Uint8Array(5))).toBeUndefined();
  });
});

describe('sipp’s sample captures', () => {
  beforeEach(requireSippPcaps);
  it('g711a.pcap: 236 packets of 30 ms A-law, read like ours', () => {
    const pcap = readPcap(readFileSync(join(SIPP_PCAPS, 'g711a.pcap')));
    expect(pcap.linkType).toBe(1);
    const packets = rtpOf(pcap.packets);
    expect(packets).toHaveLength(236);
    expect(packets[0]?.rtp).toMatchObject({ payloadType: 8, marker: true, sequence: 59_133, timestamp: 240 });
    for (let i = 1; i < packets.length; i++) {
      expect(packets[i]!.rtp.sequence - packets[i - 1]!.rtp.sequence).toBe(1);
      expect(packets[i]!.rtp.timestamp - packets[i - 1]!.rtp.timestamp).toBe(240);
      expect(packets[i]!.rtp.payload.length).toBe(240);
    }
  });

  it('dtmf_2833_1.pcap: RFC 2833 events for key 1, ending with the E bit', () => {
    const packets = rtpOf(readPcap(readFileSync(join(SIPP_PCAPS, 'dtmf_2833_1.pcap'))).packets);
    const events = packets.map((p) => decodeTelephoneEvent(p.rtp.payload));
    expect(packets[0]?.rtp).toMatchObject({ payloadType: 101, marker: true });
    expect(events.every((e) => e?.digit === '1' && e.volume === 10)).toBe(true);
    expect(events.map((e) => e?.duration)).toEqual([0, 320, 640, 960, 1280, 1600, 1920, 2240, 2240, 2240]);
    expect(events.map((e) => e?.end)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});
