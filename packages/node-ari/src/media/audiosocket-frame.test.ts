import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUDIOSOCKET_MAX_PAYLOAD,
  AudioSocketDecoder,
  type AudioSocketDecoderOptions,
  AudioSocketKind,
  audioSocketKindForRate,
  audioSocketSampleRate,
  encodeAudioSocket,
  formatUuid,
  parseUuid,
} from './audiosocket-frame.js';

type Item = { kind: number; payload: string } | { error: string };

/** Decodes `chunks` in order and returns every delivered item as plain data. */
function decode(chunks: Iterable<Uint8Array>, options?: AudioSocketDecoderOptions): Item[] {
  const items: Item[] = [];
  const decoder = new AudioSocketDecoder(
    {
      onMessage: (kind, payload) => items.push({ kind, payload: payload.toString('hex') }),
      onError: (error) => items.push({ error: error.message }),
    },
    options,
  );
  for (const chunk of chunks) decoder.write(chunk);
  return items;
}

function* byteByByte(buf: Buffer): Generator<Buffer> {
  for (let i = 0; i < buf.length; i++) yield buf.subarray(i, i + 1);
}

/** Whole, byte by byte and split at every boundary all give the same items; returns them. */
function decodeEveryWay(buf: Buffer, options?: AudioSocketDecoderOptions): Item[] {
  const whole = decode([buf], options);
  expect(decode(byteByByte(buf), options), 'byte by byte').toEqual(whole);
  for (let i = 0; i <= buf.length; i++) {
    const split = decode([buf.subarray(0, i), buf.subarray(i)], options);
    if (JSON.stringify(split) !== JSON.stringify(whole)) expect(split, `split at byte ${i}`).toEqual(whole);
  }
  return whole;
}

const UUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const UUID_HEX = '3f2504e04f8911d39a0c0305e82c3301';

/** What Asterisk sends on a call: UUID, some audio, a DTMF key, more audio; then we hang up. */
function conversation(): Buffer {
  const audio = Buffer.alloc(320);
  for (let i = 0; i < 160; i++) audio.writeInt16LE(((i * 977) % 20_000) - 10_000, i * 2);
  return Buffer.concat([
    encodeAudioSocket(AudioSocketKind.Uuid, parseUuid(UUID)),
    encodeAudioSocket(AudioSocketKind.Audio8k, audio),
    encodeAudioSocket(AudioSocketKind.Dtmf, Buffer.from('5')),
    encodeAudioSocket(AudioSocketKind.Audio16k, audio.subarray(0, 64)),
    encodeAudioSocket(AudioSocketKind.Error, Uint8Array.of(0x02)),
    encodeAudioSocket(AudioSocketKind.Hangup),
  ]);
}

describe('AudioSocketKind', () => {
  it('has the values of Asterisk 22 res_audiosocket.h', () => {
    expect(AudioSocketKind).toEqual({
      Hangup: 0x00,
      Uuid: 0x01,
      Dtmf: 0x03,
      Audio8k: 0x10,
      Audio12k: 0x11,
      Audio16k: 0x12,
      Audio24k: 0x13,
      Audio32k: 0x14,
      Audio44k: 0x15,
      Audio48k: 0x16,
      Audio96k: 0x17,
      Audio192k: 0x18,
      Error: 0xff,
    });
  });

  it('maps audio kinds to sample rates and back', () => {
    expect(audioSocketSampleRate(AudioSocketKind.Audio8k)).toBe(8000);
    expect(audioSocketSampleRate(AudioSocketKind.Audio16k)).toBe(16_000);
    expect(audioSocketSampleRate(AudioSocketKind.Audio44k)).toBe(44_100);
    expect(audioSocketSampleRate(AudioSocketKind.Audio192k)).toBe(192_000);
    expect(audioSocketSampleRate(AudioSocketKind.Dtmf)).toBeUndefined();
    expect(audioSocketSampleRate(0x19)).toBeUndefined();
    for (let kind = 0x10; kind <= 0x18; kind++) {
      expect(audioSocketKindForRate(audioSocketSampleRate(kind) ?? 0)).toBe(kind);
    }
    expect(audioSocketKindForRate(11_025)).toBeUndefined();
  });
});

describe('encodeAudioSocket', () => {
  it('writes kind, big-endian length and payload', () => {
    expect(encodeAudioSocket(AudioSocketKind.Hangup).toString('hex')).toBe('000000');
    expect(encodeAudioSocket(AudioSocketKind.Dtmf, Buffer.from('#')).toString('hex')).toBe('03000123');
    expect(encodeAudioSocket(AudioSocketKind.Uuid, parseUuid(UUID)).toString('hex')).toBe(
      `010010${UUID_HEX}`,
    );
    const audio = encodeAudioSocket(AudioSocketKind.Audio8k, new Uint8Array(320));
    expect(audio.subarray(0, 3).toString('hex')).toBe('100140');
    expect(audio.length).toBe(323);
    const biggest = encodeAudioSocket(AudioSocketKind.Audio48k, new Uint8Array(AUDIOSOCKET_MAX_PAYLOAD));
    expect(biggest.subarray(0, 3).toString('hex')).toBe('16ffff');
  });

  it('rejects a kind or a payload that does not fit, saying which', () => {
    expect(() => encodeAudioSocket(256)).toThrow(/kind must be an integer from 0 to 255, got 256/);
    expect(() => encodeAudioSocket(-1)).toThrow(RangeError);
    expect(() => encodeAudioSocket(1.5)).toThrow(/got 1.5/);
    expect(() => encodeAudioSocket(0x10, new Uint8Array(65_536))).toThrow(
      /65536 bytes is longer than the 65535/,
    );
  });
});

describe('AudioSocketDecoder', () => {
  it('gives identical messages whole, byte by byte and split at every boundary', () => {
    const items = decodeEveryWay(conversation());
    expect(items.map((i) => ('kind' in i ? i.kind : i.error))).toEqual([0x01, 0x10, 0x03, 0x12, 0xff, 0x00]);
    expect(items[0]).toEqual({ kind: AudioSocketKind.Uuid, payload: UUID_HEX });
    expect(items[1]).toMatchObject({ kind: AudioSocketKind.Audio8k });
    expect('payload' in items[1]! && items[1].payload.length).toBe(640);
    expect(items[2]).toEqual({ kind: AudioSocketKind.Dtmf, payload: '35' });
    expect(items[4]).toEqual({ kind: AudioSocketKind.Error, payload: '02' });
    expect(items[5]).toEqual({ kind: AudioSocketKind.Hangup, payload: '' });
  });

  it('delivers kinds it does not know as they are', () => {
    const buf = Buffer.concat([encodeAudioSocket(0x42, Uint8Array.of(1, 2)), encodeAudioSocket(0x02)]);
    expect(decodeEveryWay(buf)).toEqual([
      { kind: 0x42, payload: '0102' },
      { kind: 0x02, payload: '' },
    ]);
  });

  it('agrees with encodeAudioSocket for any messages cut into any chunks', () => {
    const message = fc.record({
      kind: fc.integer({ min: 0, max: 255 }),
      payload: fc.uint8Array({ maxLength: 700 }),
    });
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((m) => encodeAudioSocket(m.kind, m.payload)));
          const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((start, i) => stream.subarray(start, [...at, stream.length][i]));
          expect(decode(chunks)).toEqual(
            messages.map((m) => ({ kind: m.kind, payload: Buffer.from(m.payload).toString('hex') })),
          );
        },
      ),
    );
  });

  it('hands out a view into the chunk when a payload arrives whole, and a copy when it spans chunks', () => {
    const buf = encodeAudioSocket(AudioSocketKind.Audio8k, Uint8Array.of(1, 2, 3, 4));
    const seen: Buffer[] = [];
    const whole = new AudioSocketDecoder({ onMessage: (_k, p) => seen.push(p), onError: () => {} });
    whole.write(buf);
    expect(seen[0]?.buffer).toBe(buf.buffer);

    const split = new AudioSocketDecoder({ onMessage: (_k, p) => seen.push(p), onError: () => {} });
    split.write(buf.subarray(0, 5));
    split.write(buf.subarray(5));
    buf.fill(0, 3);
    expect([...(seen[1] ?? [])]).toEqual([1, 2, 3, 4]);
    expect([...(seen[0] ?? [])]).toEqual([0, 0, 0, 0]);
  });

  it('accepts plain Uint8Array chunks, including views at an offset', () => {
    const buf = encodeAudioSocket(AudioSocketKind.Dtmf, Buffer.from('7'));
    const outer = new Uint8Array(buf.length + 4);
    outer.set(buf, 2);
    expect(decode([outer.subarray(2, 2 + buf.length)])).toEqual([{ kind: 3, payload: '37' }]);
  });

  it('counts the bytes it holds for an unfinished message', () => {
    const decoder = new AudioSocketDecoder({ onMessage: () => {}, onError: () => {} });
    const buf = encodeAudioSocket(AudioSocketKind.Audio8k, new Uint8Array(10));
    decoder.write(buf.subarray(0, 2));
    expect(decoder.pending).toBe(2);
    decoder.write(buf.subarray(2, 8));
    expect(decoder.pending).toBe(8);
    decoder.write(buf.subarray(8));
    expect(decoder.pending).toBe(0);
  });

  it('reports a payload above the limit once, naming kind, length and limit, then ignores input', () => {
    const buf = Buffer.concat([
      encodeAudioSocket(AudioSocketKind.Dtmf, Buffer.from('1')),
      encodeAudioSocket(AudioSocketKind.Audio8k, new Uint8Array(321)),
      encodeAudioSocket(AudioSocketKind.Dtmf, Buffer.from('2')),
    ]);
    const items = decodeEveryWay(buf, { maxPayloadLength: 320 });
    expect(items).toEqual([
      { kind: 3, payload: '31' },
      { error: 'AudioSocket message of kind 0x10 states a payload of 321 bytes, above the limit of 320' },
    ]);

    const decoder = new AudioSocketDecoder(
      { onMessage: () => {}, onError: () => {} },
      { maxPayloadLength: 320 },
    );
    decoder.write(buf);
    expect(decoder.failed).toBe(true);
    expect(decoder.pending).toBe(0);
  });

  it('accepts a payload exactly at the limit, and everything the length field can state by default', () => {
    expect(decode([encodeAudioSocket(0x10, new Uint8Array(320))], { maxPayloadLength: 320 })).toHaveLength(1);
    const biggest = decode([encodeAudioSocket(0x10, new Uint8Array(AUDIOSOCKET_MAX_PAYLOAD))]);
    expect(biggest).toHaveLength(1);
    expect('payload' in biggest[0]! && biggest[0].payload.length).toBe(2 * AUDIOSOCKET_MAX_PAYLOAD);
  });

  it('rejects a limit outside what the length field can state', () => {
    const callbacks = { onMessage: () => {}, onError: () => {} };
    expect(() => new AudioSocketDecoder(callbacks, { maxPayloadLength: 65_536 })).toThrow(/got 65536/);
    expect(() => new AudioSocketDecoder(callbacks, { maxPayloadLength: -1 })).toThrow(RangeError);
  });

  it('keeps decoding when a callback throws, then rethrows the first error', () => {
    const kinds: number[] = [];
    const decoder = new AudioSocketDecoder({
      onMessage: (kind) => {
        kinds.push(kind);
        if (kind === AudioSocketKind.Dtmf) throw new Error('listener broke');
      },
      onError: () => {},
    });
    const buf = Buffer.concat([
      encodeAudioSocket(AudioSocketKind.Dtmf, Buffer.from('1')),
      encodeAudioSocket(AudioSocketKind.Hangup),
    ]);
    expect(() => decoder.write(buf)).toThrow('listener broke');
    expect(kinds).toEqual([AudioSocketKind.Dtmf, AudioSocketKind.Hangup]);
    decoder.write(encodeAudioSocket(AudioSocketKind.Hangup));
    expect(kinds).toHaveLength(3);
  });

  it('rethrows several callback errors together', () => {
    const decoder = new AudioSocketDecoder({
      onMessage: () => {
        throw new Error('no');
      },
      onError: () => {},
    });
    const buf = Buffer.concat([encodeAudioSocket(0), encodeAudioSocket(0)]);
    expect(() => decoder.write(buf)).toThrow(AggregateError);
  });

  it('ignores an empty chunk', () => {
    expect(decode([new Uint8Array(0), encodeAudioSocket(0), new Uint8Array(0)])).toEqual([
      { kind: 0, payload: '' },
    ]);
  });
});

describe('UUIDs', () => {
  it('formats 16 bytes as a lowercase UUID and parses it back', () => {
    const bytes = Buffer.from(UUID_HEX, 'hex');
    expect(formatUuid(bytes)).toBe(UUID);
    expect(parseUuid(UUID).equals(bytes)).toBe(true);
    expect(formatUuid(parseUuid(UUID.toUpperCase()))).toBe(UUID);
  });

  it('formats a view at an offset', () => {
    const outer = Buffer.concat([Buffer.from('xx'), Buffer.from(UUID_HEX, 'hex')]);
    expect(formatUuid(outer.subarray(2))).toBe(UUID);
  });

  it('round-trips any 16 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatUuid(bytes);
        expect(text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect([...parseUuid(text)]).toEqual([...bytes]);
      }),
    );
  });

  it('rejects what is not a UUID, quoting it', () => {
    expect(() => formatUuid(new Uint8Array(15))).toThrow(/16 bytes, got 15/);
    expect(() => parseUuid('3f2504e04f8911d39a0c0305e82c3301')).toThrow(/not a UUID .*"3f2504e0/);
    expect(() => parseUuid(`${UUID}0`)).toThrow(SyntaxError);
    expect(() => parseUuid('3f2504e0-4f89-11d3-9a0c-0305e82c330g')).toThrow(SyntaxError);
    expect(() => parseUuid('')).toThrow(SyntaxError);
  });
});
