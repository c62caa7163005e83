import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HighByteScanner } from './high-bytes.js';

/** The first byte ≥ 0x80 in bytes[from, to), one byte at a time. */
function reference(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i]! >= 0x80) return i;
  return to;
}

describe('HighByteScanner', () => {
  it('finds the next non-ASCII byte, or says there is none', () => {
    const bytes = Buffer.from('Event: Hangup\r\nCallerIDName: Оператор\r\n');
    const first = bytes.indexOf(0xd0);
    const scanner = new HighByteScanner(bytes, bytes.length);
    expect(scanner.next(0)).toBe(first);
    expect(scanner.next(first + 1)).toBe(first + 1);
    expect(scanner.next(bytes.length - 2)).toBe(bytes.length);
    expect(new HighByteScanner(bytes, first).next(0)).toBe(first);
    expect(new HighByteScanner(bytes, 0).next(0)).toBe(0);
  });

  it('agrees with a byte-by-byte scan at any offset of the memory, length and start', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 80 }).map((a) => a.map((b) => (b & 0x80 && b % 7 !== 0 ? b & 0x7f : b))),
        fc.nat(7),
        fc.nat(),
        fc.nat(),
        (content, shift, a, b) => {
          const memory = new Uint8Array(content.length + shift);
          memory.set(content, shift);
          const bytes = Buffer.from(memory.buffer, shift, content.length);
          const length = a % (content.length + 1);
          const from = b % (length + 1);
          expect(new HighByteScanner(bytes, length).next(from)).toBe(reference(bytes, from, length));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
