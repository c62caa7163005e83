import { tone } from '@aipbx/testbed/support/audio.js';
import { readPcap, tonePcap, udpPayload } from '@aipbx/testbed/support/rtp-pcap.js';
import { describe, expect, it } from 'vitest';
import {
  burstOffsetMs,
  burstStart,
  decodeUlaw,
  frameHasTone,
  OnsetDetector,
  pcmSamples,
  ulawToLinear,
} from './tone.js';

describe('µ-law decoding', () => {
  it('maps the code points G.711 defines: silence, the extremes, a segment edge', () => {
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x7f)).toBe(0);
    expect(ulawToLinear(0x80)).toBe(32_124);
    expect(ulawToLinear(0x00)).toBe(-32_124);
    expect(ulawToLinear(0xfe)).toBe(8);
    expect(ulawToLinear(0xf0)).toBe(120);
    expect(ulawToLinear(0xef)).toBe(132);
    expect(ulawToLinear(0x6f)).toBe(-132);
  });

  it('gets back the tone the test bed encodes for sipp, within µ-law’s step', () => {
    const pcap = readPcap(tonePcap({ freqHz: 1000, ms: 40, codec: 'pcmu' }));
    const payload = Buffer.concat(
      pcap.packets.map((p) => Buffer.from(udpPayload(p.data)!.payload.subarray(12))),
    );
    const decoded = decodeUlaw(payload);
    const original = tone(1000, 40, 8000);
    expect(decoded.length).toBe(original.length);
    for (let i = 0; i < original.length; i++) {
      expect(Math.abs(decoded[i]! - original[i]!)).toBeLessThanOrEqual(Math.abs(original[i]!) / 16 + 8);
    }
  });
});

describe('finding bursts', () => {
  const frame = (samples: Int16Array) => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);

  it('reads PCM16LE frames, aligned or not', () => {
    const samples = Int16Array.from([1, -2, 300, -32768]);
    expect([...pcmSamples(frame(samples))]).toEqual([1, -2, 300, -32768]);
    const odd = Buffer.alloc(9);
    frame(samples).copy(odd, 1);
    expect([...pcmSamples(odd.subarray(1))]).toEqual([1, -2, 300, -32768]);
  });

  it('tells a frame of the tone from silence, another tone and a frame it barely touches', () => {
    const rate = 16_000;
    expect(frameHasTone(tone(1000, 20, rate), rate)).toBe(true);
    expect(frameHasTone(new Int16Array(320), rate)).toBe(false);
    expect(frameHasTone(tone(440, 20, rate), rate)).toBe(false);
    const mostly = new Int16Array(320);
    mostly.set(tone(1000, 15, rate), 80);
    expect(frameHasTone(mostly, rate)).toBe(true);
    const barely = new Int16Array(320);
    barely.set(tone(1000, 4, rate), 256);
    expect(frameHasTone(barely, rate)).toBe(false);
    expect(frameHasTone(tone(1000, 20, rate, 3000), rate, 1000, 3000)).toBe(true);
  });

  it('finds where a burst starts in a frame to the sample', () => {
    const samples = new Int16Array(320);
    samples.set(tone(1000, 10, 16_000), 160);
    // sin(π/8) × 8000 ≈ 3061 is the first sample past a quarter of the amplitude.
    expect(burstStart(samples)).toBe(161);
    expect(burstOffsetMs(samples, 16_000)).toBeCloseTo(10.06, 2);
    expect(burstStart(new Int16Array(320))).toBe(-1);
    expect(burstOffsetMs(new Int16Array(160), 8000)).toBeUndefined();
  });

  it('reports an onset only after the quiet, with the burst’s first sample on the time line', () => {
    const d = new OnsetDetector(100);
    expect(d.feed(0, undefined)).toBeUndefined();
    expect(d.feed(20, 5)).toEqual({ frameAt: 20, sampleAt: 25 });
    expect(d.feed(40, 0)).toBeUndefined();
    expect(d.feed(60, undefined)).toBeUndefined();
    expect(d.lastToneAt).toBe(40);
    // 80 ms after the last tone: still the same burst.
    expect(d.feed(120, 0)).toBeUndefined();
    expect(d.feed(240, 2.5)).toEqual({ frameAt: 240, sampleAt: 242.5 });
    expect(d.onsets).toHaveLength(2);
  });
});
