import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advanceTimestamp,
  decodeRtp,
  decodeTelephoneEvent,
  encodeRtp,
  encodeTelephoneEvent,
  nextSequence,
  RTP_HEADER_LENGTH,
  sequenceDelta,
} from './rtp-packet.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('encodeRtp', () => {
  it('lays out a header byte for byte as RFC 3550 §5.1 draws it', () => {
    const packet = encodeRtp({
      payloadType: 0,
      sequence: 0x1234,
      timestamp: 0xdeadbeef,
      ssrc: 0x01020304,
      marker: true,
      payload: Uint8Array.of(0xff, 0x7f),
    });
    // V=2 P=0 X=0 CC=0 | M=1 PT=0 | seq | timestamp | SSRC | payload
    expect(packet.toString('hex')).toBe('8080' + '1234' + 'deadbeef' + '01020304' + 'ff7f');
  });

  it('clears the marker by default and keeps the payload type in the low 7 bits', () => {
    const packet = encodeRtp({
      payloadType: 8,
      sequence: 1,
      timestamp: 160,
      ssrc: 7,
      payload: new Uint8Array(160),
    });
    expect(packet.length).toBe(RTP_HEADER_LENGTH + 160);
    expect(packet.subarray(0, 12).toString('hex')).toBe('80080001000000a000000007');
  });

  it('wraps the sequence number at 2^16 and the timestamp at 2^32', () => {
    const at = (sequence: number, timestamp: number) =>
      decodeRtp(encodeRtp({ payloadType: 0, sequence, timestamp, ssrc: 1, payload: new Uint8Array(0) }));
    expect(at(65_536, 2 ** 32 + 5)).toMatchObject({ sequence: 0, timestamp: 5 });
    expect(at(65_535 + 65_536 * 3, 2 ** 32 * 2 - 1)).toMatchObject({
      sequence: 65_535,
      timestamp: 2 ** 32 - 1,
    });
    expect(at(-1, -160)).toMatchObject({ sequence: 65_535, timestamp: 2 ** 32 - 160 });
  });

  it('copies the payload, so later changes to the source do not reach the packet', () => {
    const payload = Uint8Array.of(1, 2, 3);
    const packet = encodeRtp({ payloadType: 0, sequence: 0, timestamp: 0, ssrc: 0, payload });
    payload[0] = 9;
    expect([...packet.subarray(12)]).toEqual([1, 2, 3]);
  });

  it('rejects fields that do not fit, naming the field and the value', () => {
    const base = { payloadType: 0, sequence: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(0) };
    expect(() => encodeRtp({ ...base, payloadType: 128 })).toThrow(/payload type .*0 to 127, got 128/);
    expect(() => encodeRtp({ ...base, payloadType: -1 })).toThrow(RangeError);
    expect(() => encodeRtp({ ...base, payloadType: 1.5 })).toThrow(/got 1.5/);
    expect(() => encodeRtp({ ...base, payloadType: 72 })).toThrow(/72 is in 64–95.*RFC 5761/);
    expect(() => encodeRtp({ ...base, ssrc: 2 ** 32 })).toThrow(/SSRC .*got 4294967296/);
    expect(() => encodeRtp({ ...base, ssrc: -1 })).toThrow(/SSRC/);
    expect(() => encodeRtp({ ...base, sequence: Number.NaN })).toThrow(
      /sequence number must be a safe integer, got NaN/,
    );
    expect(() => encodeRtp({ ...base, timestamp: 0.5 })).toThrow(/timestamp must be a safe integer/);
  });
});

describe('decodeRtp', () => {
  it('reads a hand-built packet with CSRCs, a header extension and padding', () => {
    const buf = hex(`
      b2 08 ffff 00000000 cafebabe
      11111111 22222222
      bede 0001 10aa0000
      6162
      000003`);
    const packet = decodeRtp(buf);
    expect(packet).toBeDefined();
    expect(packet).toMatchObject({
      marker: false,
      payloadType: 8,
      sequence: 0xffff,
      timestamp: 0,
      ssrc: 0xcafebabe,
      csrc: [0x11111111, 0x22222222],
      paddingLength: 3,
    });
    expect(packet?.extension?.profile).toBe(0xbede);
    expect([...(packet?.extension?.data ?? [])]).toEqual([0x10, 0xaa, 0, 0]);
    expect(Buffer.from(packet?.payload ?? []).toString()).toBe('ab');
  });

  it('returns the payload as a view into the input, not a copy', () => {
    const buf = encodeRtp({
      payloadType: 0,
      sequence: 0,
      timestamp: 0,
      ssrc: 0,
      payload: Uint8Array.of(5, 6),
    });
    const packet = decodeRtp(buf);
    expect(packet?.payload.buffer).toBe(buf.buffer);
    buf[12] = 42;
    expect(packet?.payload[0]).toBe(42);
  });

  it('reads a packet that sits at an offset inside a larger buffer', () => {
    const inner = encodeRtp({
      payloadType: 0,
      sequence: 77,
      timestamp: 8,
      ssrc: 9,
      payload: Uint8Array.of(1),
    });
    const outer = Buffer.concat([Buffer.from('junk'), inner, Buffer.from('more')]);
    const packet = decodeRtp(outer.subarray(4, 4 + inner.length));
    expect(packet).toMatchObject({ sequence: 77, timestamp: 8, ssrc: 9 });
    expect([...(packet?.payload ?? [])]).toEqual([1]);
  });

  it('accepts an empty payload, padding only, and an empty extension', () => {
    expect(decodeRtp(hex('8000 0000 00000000 00000000'))?.payload.length).toBe(0);
    const padded = decodeRtp(hex('a000 0000 00000000 00000000 00000004'));
    expect(padded).toMatchObject({ paddingLength: 4 });
    expect(padded?.payload.length).toBe(0);
    const ext = decodeRtp(hex('9000 0000 00000000 00000000 1234 0000 ff'));
    expect(ext?.extension?.data.length).toBe(0);
    expect([...(ext?.payload ?? [])]).toEqual([0xff]);
  });

  it.each([
    ['empty', ''],
    ['11 bytes', '80000000000000000000 00'],
    ['version 0', '0000 0000 00000000 00000000'],
    ['version 1', '4000 0000 00000000 00000000'],
    ['version 3', 'c000 0000 00000000 00000000'],
    ['CSRC count 1 with no CSRC', '8100 0000 00000000 00000000'],
    ['CSRC count 15 with 14 CSRCs', `8f00 0000 00000000 00000000 ${'00000000'.repeat(14)}`],
    ['CSRC list cut short', '8200 0000 00000000 00000000 00000000 000000'],
    ['extension bit with no extension header', '9000 0000 00000000 00000000'],
    ['extension header cut short', '9000 0000 00000000 00000000 bede 00'],
    ['extension longer than the packet', '9000 0000 00000000 00000000 bede 0002 00000000'],
    ['CSRC then extension past the end', '9100 0000 00000000 00000000 00000001 bede 0001'],
    ['padding count 0', 'a000 0000 00000000 00000000 aa 00'],
    ['padding count reaching into the header', 'a000 0000 00000000 00000000 0005'],
    ['padding count 255 in a short packet', 'a000 0000 00000000 00000000 ff'],
    ['padding reaching into the extension', 'b000 0000 00000000 00000000 bede 0001 00000000 03'],
    ['RTCP sender report on the same port', '80c8 0006 00000000 00000000'],
    ['RTCP receiver report', '81c9 0007 00000000 00000000'],
    ['RTCP BYE', '81cb 0001 00000000'],
  ])('returns undefined for %s', (_name, bytes) => {
    expect(decodeRtp(hex(bytes))).toBeUndefined();
  });

  it('never throws on arbitrary bytes, and what it accepts adds up to the input length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const packet = decodeRtp(bytes);
        if (packet === undefined) return;
        const extensionBytes = packet.extension === undefined ? 0 : 4 + packet.extension.data.length;
        expect(
          RTP_HEADER_LENGTH +
            4 * packet.csrc.length +
            extensionBytes +
            packet.payload.length +
            packet.paddingLength,
        ).toBe(bytes.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on bytes that start like RTP v2', () => {
    const rtpLike = fc
      .tuple(fc.integer({ min: 0, max: 0x3f }), fc.uint8Array({ maxLength: 90 }))
      .map(([low, rest]) => Uint8Array.of(0x80 | low, ...rest));
    fc.assert(
      fc.property(rtpLike, (bytes) => {
        expect(() => decodeRtp(bytes)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every packet encodeRtp can build', () => {
    const payloadType = fc.oneof(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 96, max: 127 }));
    fc.assert(
      fc.property(
        payloadType,
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.boolean(),
        fc.uint8Array({ maxLength: 200 }),
        (pt, sequence, timestamp, ssrc, marker, payload) => {
          const packet = decodeRtp(
            encodeRtp({ payloadType: pt, sequence, timestamp, ssrc, marker, payload }),
          );
          expect(packet).toEqual({
            marker,
            payloadType: pt,
            sequence,
            timestamp,
            ssrc,
            csrc: [],
            extension: undefined,
            paddingLength: 0,
            payload: expect.anything(),
          });
          expect(Buffer.from(packet?.payload ?? []).equals(Buffer.from(payload))).toBe(true);
        },
      ),
    );
  });
});

describe('sequence and timestamp arithmetic', () => {
  it('steps the sequence number across the wrap', () => {
    expect(nextSequence(0)).toBe(1);
    expect(nextSequence(65_534)).toBe(65_535);
    expect(nextSequence(65_535)).toBe(0);
  });

  it('measures how far one sequence number is ahead of another across the wrap', () => {
    expect(sequenceDelta(10, 12)).toBe(2);
    expect(sequenceDelta(12, 10)).toBe(-2);
    expect(sequenceDelta(65_535, 0)).toBe(1);
    expect(sequenceDelta(0, 65_535)).toBe(-1);
    expect(sequenceDelta(65_530, 4)).toBe(10);
    expect(sequenceDelta(5, 5)).toBe(0);
    expect(sequenceDelta(0, 32_767)).toBe(32_767);
    expect(sequenceDelta(0, 32_768)).toBe(-32_768);
  });

  it('advances a timestamp across the wrap', () => {
    expect(advanceTimestamp(0, 160)).toBe(160);
    expect(advanceTimestamp(0xffff_fff0, 0x20)).toBe(0x10);
    expect(advanceTimestamp(0xffff_ffff, 1)).toBe(0);
    expect(advanceTimestamp(5, -10)).toBe(0xffff_fffb);
  });
});

describe('telephone-event payloads (RFC 4733)', () => {
  it('names every DTMF key by its event code', () => {
    const digits = Array.from(
      { length: 16 },
      (_, event) => decodeTelephoneEvent(Uint8Array.of(event, 0, 0, 0))?.digit,
    );
    expect(digits.join('')).toBe('0123456789*#ABCD');
  });

  it('reads the end bit, volume and duration, ignoring the reserved bit', () => {
    // event 11 (#), E=1 R=1 volume 10, duration 0x0320 (800 ticks = 100 ms at 8 kHz)
    expect(decodeTelephoneEvent(hex('0b ca 0320'))).toEqual({
      event: 11,
      digit: '#',
      end: true,
      volume: 10,
      duration: 800,
    });
    expect(decodeTelephoneEvent(hex('05 3f ffff'))).toEqual({
      event: 5,
      digit: '5',
      end: false,
      volume: 63,
      duration: 65_535,
    });
  });

  it('reads only the first four bytes of a longer payload', () => {
    expect(decodeTelephoneEvent(hex('01 0a 00a0 ffffffff'))).toMatchObject({ digit: '1', duration: 160 });
  });

  it('returns undefined for a short payload or an event that is not a DTMF key', () => {
    expect(decodeTelephoneEvent(new Uint8Array(0))).toBeUndefined();
    expect(decodeTelephoneEvent(hex('01 0a 00'))).toBeUndefined();
    expect(decodeTelephoneEvent(hex('10 0a 0000'))).toBeUndefined(); // 16: hook flash
    expect(decodeTelephoneEvent(hex('ff 0a 0000'))).toBeUndefined();
  });

  it('never throws on arbitrary payloads', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => {
        expect(() => decodeTelephoneEvent(bytes)).not.toThrow();
      }),
    );
  });

  it('builds payloads that read back the same', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...'0123456789*#ABCDabcd'),
        fc.boolean(),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 0, max: 0xffff }),
        (digit, end, volume, duration) => {
          const payload = encodeTelephoneEvent({ digit, end, volume, duration });
          expect(payload.length).toBe(4);
          expect(decodeTelephoneEvent(payload)).toMatchObject({
            digit: digit.toUpperCase(),
            end,
            volume,
            duration,
          });
        },
      ),
    );
    expect(encodeTelephoneEvent({ digit: '#', end: true, duration: 800 }).toString('hex')).toBe('0b8a0320');
  });

  it('rejects what is not a key or does not fit', () => {
    expect(() => encodeTelephoneEvent({ digit: 'E' })).toThrow(/0-9, \*, #, A-D; got "E"/);
    expect(() => encodeTelephoneEvent({ digit: '12' })).toThrow(RangeError);
    expect(() => encodeTelephoneEvent({ digit: '1', volume: 64 })).toThrow(/volume .*got 64/);
    expect(() => encodeTelephoneEvent({ digit: '1', duration: 65_536 })).toThrow(/duration .*got 65536/);
  });
});
