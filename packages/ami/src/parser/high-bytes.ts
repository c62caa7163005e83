const EMPTY = new Uint32Array(0);

/**
 * Finds the non-ASCII bytes of an AMI chunk. Header names and most values are ASCII; the
 * decoder reads a chunk as latin1 (one character per byte, so positions in the text are positions
 * in the bytes) and decodes as UTF-8 only the values and lines that hold a byte of 0x80 or more.
 *
 * @internal
 */
export class HighByteScanner {
  readonly #bytes: Uint8Array;
  readonly #length: number;
  /** The bytes from {@link HighByteScanner.#first} on, four at a time. */
  readonly #words: Uint32Array;
  /** Index of the first byte of `#words`: the first one on a four-byte boundary of the memory. */
  readonly #first: number;

  /**
   * @param bytes - the chunk
   * @param length - how much of it to scan: `bytes[0, length)`
   */
  constructor(bytes: Uint8Array, length: number) {
    this.#bytes = bytes;
    this.#length = length;
    const first = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
    this.#first = first;
    const count = (length - first) >> 2;
    this.#words = count === 0 ? EMPTY : new Uint32Array(bytes.buffer, bytes.byteOffset + first, count);
  }

  /** Index of the first byte of 0x80 or more at or after `from`, or the scanned length when there is none. */
  next(from: number): number {
    const bytes = this.#bytes;
    const end = this.#length;
    const first = this.#first;
    let i = from;
    while (i < end && (i < first || ((i - first) & 3) !== 0)) {
      if (bytes[i]! >= 0x80) return i;
      i++;
    }
    if (i >= end) return end;
    const words = this.#words;
    const count = words.length;
    let w = (i - first) >> 2;
    while (w + 1 < count && ((words[w]! | words[w + 1]!) & 0x80808080) === 0) w += 2;
    while (w < count && (words[w]! & 0x80808080) === 0) w++;
    for (i = first + (w << 2); i < end; i++) if (bytes[i]! >= 0x80) return i;
    return end;
  }
}
