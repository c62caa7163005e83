/**
 * ITU-T G.711 companding: µ-law (North America, Japan; RTP payload type 0, PCMU) and A-law (the rest
 * of the world; payload type 8, PCMA), to and from signed 16-bit linear samples.
 *
 * Both laws split the magnitude into 8 segments of 16 steps each, the step doubling from one segment
 * to the next, and code a sample as sign, segment and step in one byte. Decoding gives the middle of
 * the step, so encoding and decoding again is off by at most half a step (µ-law: 4 << segment, A-law:
 * 8 << max(segment − 1, 0)), except that µ-law clips magnitudes above 32635 to its largest code.
 *
 * Negative samples are coded through their one's complement (−x − 1), as in the ITU-T reference
 * implementation (G.191), so the quantiser is symmetric about −½.
 *
 * Samples outside −32768…32767 are clipped; fractional samples are truncated toward zero.
 */

/** Clips to the 16-bit range and truncates toward zero (NaN becomes 0). */
function toInt16(sample: number): number {
  if (sample >= 32_767) return 32_767;
  if (sample <= -32_768) return -32_768;
  return sample | 0;
}

// µ-law works on 14-bit magnitudes (the 16-bit sample shifted right by 2) biased by 33, so that
// segment s holds biased magnitudes 32·2^s to 64·2^s − 1 in steps of 2^(s+1).
const ULAW_BIAS = 33;
const ULAW_MAX_BIASED = 0x1fff;

function buildUlawTable(): Int16Array {
  const table = new Int16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const code = ~byte & 0xff; // µ-law bytes are sent inverted
    const segment = (code >> 4) & 0x07;
    const step = code & 0x0f;
    // Middle of the step, unbiased, scaled back from 14 to 16 bits.
    const magnitude = (((2 * step + ULAW_BIAS) << segment) - ULAW_BIAS) << 2;
    table[byte] = (code & 0x80) !== 0 ? -magnitude : magnitude;
  }
  return table;
}

// A-law works on 12-bit magnitudes (the 16-bit sample shifted right by 4): segments 0 and 1 both
// have step 1 (0–15, 16–31), and segment s ≥ 2 holds 16·2^(s−1) to 32·2^(s−1) − 1 in steps of 2^(s−1).
const ALAW_TOGGLE = 0x55;

function buildAlawTable(): Int16Array {
  const table = new Int16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const code = byte ^ ALAW_TOGGLE; // A-law bytes are sent with the even bits inverted
    const segment = (code >> 4) & 0x07;
    const step = code & 0x0f;
    // Middle of the step in 12-bit units is step + ½ (segment 0) or (16 + step + ½) · 2^(s−1); the
    // 16-bit value is 16 times that.
    const magnitude = segment === 0 ? (step << 4) + 8 : (((16 + step) << 4) + 8) << (segment - 1);
    table[byte] = (code & 0x80) !== 0 ? magnitude : -magnitude;
  }
  return table;
}

const ULAW_TO_LINEAR = buildUlawTable();
const ALAW_TO_LINEAR = buildAlawTable();

/** The linear sample a µ-law byte stands for (−32124 to 32124). Only the low 8 bits of `byte` count. */
export function ulawToLinear(byte: number): number {
  return ULAW_TO_LINEAR[byte & 0xff]!;
}

/** The linear sample an A-law byte stands for (−32256 to 32256). Only the low 8 bits of `byte` count. */
export function alawToLinear(byte: number): number {
  return ALAW_TO_LINEAR[byte & 0xff]!;
}

/** The µ-law byte for a signed 16-bit linear sample. */
export function linearToUlaw(sample: number): number {
  const x = toInt16(sample);
  const negative = x < 0;
  let biased = ((negative ? ~x : x) >> 2) + ULAW_BIAS;
  if (biased > ULAW_MAX_BIASED) biased = ULAW_MAX_BIASED;
  // Highest set bit is 5 + segment.
  const segment = 26 - Math.clz32(biased);
  const step = (biased >> (segment + 1)) & 0x0f;
  return (negative ? 0x7f : 0xff) ^ ((segment << 4) | step);
}

/** The A-law byte for a signed 16-bit linear sample. */
export function linearToAlaw(sample: number): number {
  const x = toInt16(sample);
  const negative = x < 0;
  const magnitude = (negative ? ~x : x) >> 4; // 0–2047
  let code: number;
  if (magnitude < 32) {
    code = magnitude; // segments 0 and 1: the 5 low bits are segment bit and step
  } else {
    // Highest set bit is 3 + segment.
    const segment = 28 - Math.clz32(magnitude);
    code = (segment << 4) | ((magnitude >> (segment - 1)) & 0x0f);
  }
  return ((negative ? 0 : 0x80) | code) ^ ALAW_TOGGLE;
}

/** Decodes µ-law bytes into linear samples, one per byte. */
export function decodeUlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ULAW_TO_LINEAR[bytes[i]!]!;
  return out;
}

/** Encodes linear samples as µ-law bytes, one per sample. */
export function encodeUlaw(samples: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = linearToUlaw(samples[i]!);
  return out;
}

/** Decodes A-law bytes into linear samples, one per byte. */
export function decodeAlaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ALAW_TO_LINEAR[bytes[i]!]!;
  return out;
}

/** Encodes linear samples as A-law bytes, one per sample. */
export function encodeAlaw(samples: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = linearToAlaw(samples[i]!);
  return out;
}
