import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { readPcap, tonePcap, udpPayload } from '@aipbx/testbed/support/rtp-pcap.js';
import { describe, expect, it } from 'vitest';
import { monotonicMs, readRtp, startRtpEcho, writeRtp } from './rtp-echo.js';

describe('RTP packets', () => {
  it('writes and reads back a 12-byte header and its payload', () => {
    const packet = writeRtp({
      payloadType: 0,
      sequence: 0x1_0001,
      timestamp: 2 ** 32 + 5,
      ssrc: 0xdead_beef,
      marker: true,
      payload: Buffer.from([1, 2, 3]),
    });
    expect(packet.length).toBe(15);
    expect(packet[1]).toBe(0x80);
    expect(readRtp(packet)).toEqual({
      payloadType: 0,
      sequence: 1,
      timestamp: 5,
      ssrc: 0xdead_beef,
      payload: Buffer.from([1, 2, 3]),
    });
  });

  it('skips CSRCs, a header extension and padding', () => {
    const header = Buffer.from([0xb1, 8, 0, 7, 0, 0, 0, 9, 0, 0, 0, 1]);
    const csrc = Buffer.alloc(4, 0xaa);
    const extension = Buffer.from([0xbe, 0xde, 0, 1, 1, 2, 3, 4]);
    const payload = Buffer.from([9, 9]);
    const padding = Buffer.from([0, 0, 3]);
    const view = readRtp(Buffer.concat([header, csrc, extension, payload, padding]));
    expect(view).toMatchObject({ payloadType: 8, sequence: 7, timestamp: 9, ssrc: 1 });
    expect([...view!.payload]).toEqual([9, 9]);
  });

  it('refuses what is not RTP version 2 or is cut short', () => {
    expect(readRtp(Buffer.alloc(11))).toBeUndefined();
    expect(readRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(readRtp(Buffer.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe]))).toBeUndefined();
  });
});

describe('the echo', () => {
  it('sends every packet straight back as a stream of its own and notes where the burst starts', async () => {
    const echo = await startRtpEcho('127.0.0.1');
    const peer = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    try {
      const pcap = readPcap(tonePcap({ freqHz: 1000, ms: 20, codec: 'pcmu' }));
      const tonePayload = Buffer.from(udpPayload(pcap.packets[0]!.data)!.payload.subarray(12));
      const silence = Buffer.alloc(160, 0xff);
      const sent: number[] = [];
      const got: Buffer[] = [];
      peer.on('message', (data) => got.push(data));
      for (const [i, payload] of [silence, tonePayload].entries()) {
        sent.push(monotonicMs());
        peer.send(
          writeRtp({ payloadType: 0, sequence: 100 + i, timestamp: 160 * i, ssrc: 7, payload }),
          echo.port,
          '127.0.0.1',
        );
        await once(peer, 'message');
      }
      expect(got).toHaveLength(2);
      const [first, second] = got.map((g) => readRtp(g)!);
      expect(first!.ssrc).not.toBe(7);
      expect(second!.ssrc).toBe(first!.ssrc);
      expect(second!.sequence).toBe((first!.sequence + 1) & 0xffff);
      expect(second!.timestamp - first!.timestamp).toBe(160);
      expect(Buffer.from(second!.payload)).toEqual(tonePayload);
      expect(echo.packets).toBe(2);
      expect(echo.onsets).toHaveLength(1);
      // The tone starts at sample 1 (sin(π/4) × 8000 after sample 0 = 0): 0.125 ms into the packet.
      const onset = echo.onsets[0]!;
      expect(onset.frameAt).toBeGreaterThanOrEqual(sent[1]!);
      expect(onset.sampleAt - onset.frameAt).toBeCloseTo(0.125, 3);
      echo.reset();
      expect(echo.onsets).toHaveLength(0);
      expect(echo.packets).toBe(0);
    } finally {
      peer.close();
      await echo.close();
    }
  });
});
