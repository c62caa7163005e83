import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRtcp,
  encodeRtcpReport,
  ntpMiddle,
  ntpTime,
  ReceptionStatistics,
  type RtcpReportBlock,
  roundTripMs,
} from './rtcp.js';

const block: RtcpReportBlock = {
  ssrc: 0x11223344,
  fractionLost: 0.25,
  cumulativeLost: 1234,
  highestSequence: 0x0001_0005,
  jitter: 80,
  lastSenderReport: 0xaabbccdd,
  delaySinceLastSenderReport: 32_768,
};

const sender = {
  ntpSeconds: 0xe000_0001,
  ntpFraction: 0x8000_0000,
  rtpTimestamp: 123_456,
  packetCount: 50,
  octetCount: 8000,
};

describe('encodeRtcpReport', () => {
  it('lays out an SR with one report block, then an SDES CNAME padded to 32 bits', () => {
    const packet = encodeRtcpReport({ ssrc: 0xcafebabe, cname: 'ab', sender, reports: [block] });
    // SR: 4 header + 4 SSRC + 20 sender info + 24 report block = 52 bytes = 13 words (length 12).
    expect(packet.subarray(0, 4).toString('hex')).toBe('81c8000c');
    expect(packet.readUInt32BE(4)).toBe(0xcafebabe);
    expect(packet.subarray(28, 32).readUInt32BE()).toBe(0x11223344);
    expect(packet.subarray(32, 36).toString('hex')).toBe('400004d2'); // fraction 64/256, lost 1234
    // SDES: header, SSRC, CNAME item (type 1, length 2, "ab"), then a zero END byte, which makes 5
    // bytes of items, padded with zeros to 8: 16 bytes, 4 words (length 3).
    expect(packet.subarray(52).toString('hex')).toBe(
      `81ca0003cafebabe0102${Buffer.from('ab').toString('hex')}00000000`,
    );
  });

  it('writes an RR when we are not sending', () => {
    const packet = encodeRtcpReport({ ssrc: 7, cname: 'x', reports: [block] });
    expect(packet.subarray(0, 4).toString('hex')).toBe('81c90007');
    expect(decodeRtcp(packet)).toEqual([{ type: 'rr', ssrc: 7, reports: [block] }]);
  });

  it('reads back what it writes, a negative cumulative loss included', () => {
    const negative = { ...block, cumulativeLost: -3, fractionLost: 0 };
    expect(decodeRtcp(encodeRtcpReport({ ssrc: 1, cname: 'c', sender, reports: [negative] }))).toEqual([
      { type: 'sr', ssrc: 1, ...sender, reports: [negative] },
    ]);
  });

  it('pads every CNAME length so the compound packet stays on 32-bit words', () => {
    for (let n = 0; n <= 12; n++) {
      const packet = encodeRtcpReport({ ssrc: 1, cname: 'n'.repeat(n) });
      expect(packet.length % 4, `CNAME of ${n}`).toBe(0);
      // The SDES length field covers exactly the rest of the packet.
      expect((packet.readUInt16BE(8 + 2) + 1) * 4).toBe(packet.length - 8);
    }
    expect(() => encodeRtcpReport({ ssrc: 1, cname: 'x'.repeat(256) })).toThrow(RangeError);
    expect(() => encodeRtcpReport({ ssrc: 1, cname: 'x', reports: Array(32).fill(block) })).toThrow(/31/);
  });
});

describe('decodeRtcp', () => {
  it('reads SR, RR and BYE out of a compound packet and skips SDES, APP and feedback', () => {
    const app = Buffer.from('80cc0002000000016e616d65', 'hex'); // APP, name "name"
    const bye = Buffer.from('81cb000100000009', 'hex');
    const compound = Buffer.concat([
      encodeRtcpReport({ ssrc: 9, cname: 'peer', sender, reports: [block] }),
      app,
      encodeRtcpReport({ ssrc: 9, cname: 'peer', reports: [] }),
      bye,
    ]);
    expect(decodeRtcp(compound).map((p) => p.type)).toEqual(['sr', 'rr', 'bye']);
    expect(decodeRtcp(compound).at(-1)).toEqual({ type: 'bye', ssrcs: [9] });
  });

  it('stops at a truncated packet or a wrong version and keeps what it read', () => {
    const sr = encodeRtcpReport({ ssrc: 1, cname: 'a', sender, reports: [block] });
    expect(decodeRtcp(sr.subarray(0, 40))).toEqual([]);
    const wrongVersion = Buffer.from(sr);
    wrongVersion[0] = 0x41;
    expect(decodeRtcp(wrongVersion)).toEqual([]);
    expect(decodeRtcp(Buffer.concat([sr, Buffer.from([0x80, 0xc8])]))).toHaveLength(1);
    // An SR whose report count promises more blocks than its length holds is skipped.
    const lying = Buffer.from(sr);
    lying[0] = 0x82;
    expect(decodeRtcp(lying)).toEqual([]);
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(Array.isArray(decodeRtcp(bytes))).toBe(true);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (tail) => {
        const bytes = Buffer.concat([Buffer.from([0x81, 0xc9]), Buffer.from(tail)]);
        decodeRtcp(bytes);
      }),
    );
  });
});

describe('NTP time', () => {
  it('counts from 1900 with a 32-bit fraction', () => {
    expect(ntpTime(0)).toEqual({ seconds: 2_208_988_800, fraction: 0 });
    expect(ntpTime(1500)).toEqual({ seconds: 2_208_988_801, fraction: 2 ** 31 });
    expect(ntpMiddle(0x1234_5678, 0x9abc_def0)).toBe(0x5678_9abc);
  });

  it('gives the round trip from a report block: arrival − LSR − DLSR', () => {
    const sent = Date.UTC(2025, 0, 1);
    const { seconds, fraction } = ntpTime(sent);
    const report = {
      ...block,
      lastSenderReport: ntpMiddle(seconds, fraction),
      delaySinceLastSenderReport: 6553.6,
    };
    expect(roundTripMs(report, sent + 300)).toBeCloseTo(200, 0);
    expect(roundTripMs({ ...report, lastSenderReport: 0 }, sent)).toBeUndefined();
  });
});

describe('ReceptionStatistics', () => {
  it('counts losses per interval and in total, and the extended highest sequence across the wrap', () => {
    const stats = new ReceptionStatistics(42, 8000);
    for (let i = 0; i < 10; i++)
      if (i !== 3 && i !== 4) stats.onPacket(65_530 + i - (i >= 6 ? 65_536 : 0), i * 160, i * 20);
    const first = stats.report(200);
    expect(first).toMatchObject({
      ssrc: 42,
      cumulativeLost: 2,
      fractionLost: 0.2,
      highestSequence: 65_536 + 3,
    });
    for (let i = 10; i < 20; i++) stats.onPacket(i - 6, i * 160, i * 20);
    expect(stats.report(400)).toMatchObject({
      cumulativeLost: 2,
      fractionLost: 0,
      highestSequence: 65_536 + 13,
    });
  });

  it('measures interarrival jitter in timestamp units (RFC 3550 §A.8)', () => {
    const steady = new ReceptionStatistics(1, 8000);
    for (let i = 0; i < 50; i++) steady.onPacket(i, i * 160, 1000 + i * 20);
    expect(steady.jitter).toBe(0);
    const jittery = new ReceptionStatistics(1, 8000);
    // Arrivals alternately 10 ms early and on time: every transit changes by 80 ticks.
    for (let i = 0; i < 400; i++) jittery.onPacket(i, i * 160, 1000 + i * 20 - (i % 2) * 10);
    expect(jittery.jitter).toBeCloseTo(80, 3);
    expect(jittery.jitterMs).toBeCloseTo(10, 3);
    // Untimed packets (telephone-events) leave it alone.
    jittery.onPacket(400, 0, 0, false);
    expect(jittery.jitterMs).toBeCloseTo(10, 3);
  });

  it('handles the timestamp wrap in the jitter', () => {
    const stats = new ReceptionStatistics(1, 8000);
    for (let i = 0; i < 20; i++) stats.onPacket(i, (2 ** 32 - 800 + i * 160) % 2 ** 32, i * 20);
    expect(stats.jitter).toBeCloseTo(0, 6);
  });

  it('reports the last SR received and the delay since', () => {
    const stats = new ReceptionStatistics(1, 8000);
    stats.onPacket(1, 0, 0);
    expect(stats.report(0)).toMatchObject({ lastSenderReport: 0, delaySinceLastSenderReport: 0 });
    stats.onSenderReport(0x0001_1234, 0x5678_0000, 1000);
    expect(stats.report(1500)).toMatchObject({
      lastSenderReport: 0x1234_5678,
      delaySinceLastSenderReport: 32_768,
    });
  });
});
