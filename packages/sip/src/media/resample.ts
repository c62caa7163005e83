/**
 * 8 kHz ↔ 16 kHz for 16-bit PCM: G.711 on the phone side, 16 kHz for the assistant.
 *
 * Both directions use one half-band low-pass FIR (a Kaiser-windowed sinc cut at 4 kHz, 63 taps):
 * every other coefficient but the centre is zero, so interpolation costs 32 multiply-adds per input
 * sample and decimation 33 per output sample. It passes 0–3.4 kHz flat (the telephone band, within
 * 0.01 dB) and stops everything from 4.6 kHz up by 68 dB or more (80 dB at 5 kHz): the images when
 * interpolating, the aliases when decimating.
 *
 * Each converter is a stateful object for one direction of one call: it keeps the last input samples
 * between calls, so audio cut into 20 ms frames comes out exactly as if it had been converted in one
 * piece — no clicks at frame edges. The price is a fixed delay of {@link RESAMPLE_DELAY_MS}.
 */

/** Half the filter's span in 16 kHz samples; odd, so the filter is half-band with 32 + 1 non-zero taps. */
const HALF_SPAN = 31;
/** Kaiser window β for about 70 dB of stopband attenuation. */
const KAISER_BETA = 6.8;

/** The delay both converters add, ms (the filter's group delay, 31 samples at 16 kHz). */
export const RESAMPLE_DELAY_MS = (HALF_SPAN / 16_000) * 1000;

/** Zeroth-order modified Bessel function of the first kind (power series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50 && term > sum * 1e-12; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/**
 * The filter's taps at the odd offsets −31, −29, …, 29, 31 from the centre (the centre tap is ½ and
 * the other even offsets are 0): h[j] = ½·sinc(j/2)·kaiser(j), normalised so that the DC gain is 1.
 */
function oddTaps(): Float64Array {
  const taps = new Float64Array(HALF_SPAN + 1);
  const norm = besselI0(KAISER_BETA);
  let sum = 0;
  for (let k = 0; k <= HALF_SPAN; k++) {
    const j = 2 * k - HALF_SPAN;
    const x = (Math.PI * j) / 2;
    const window = besselI0(KAISER_BETA * Math.sqrt(1 - (j / (HALF_SPAN + 1)) ** 2)) / norm;
    taps[k] = (0.5 * Math.sin(x) * window) / x;
    sum += taps[k]!;
  }
  // A half-band filter's odd taps sum to ½ (with the ½ centre tap, DC gain 1).
  for (let k = 0; k <= HALF_SPAN; k++) taps[k] = (taps[k]! * 0.5) / sum;
  return taps;
}

const TAPS = oddTaps();

function toInt16(value: number): number {
  const rounded = Math.round(value);
  if (rounded > 32_767) return 32_767;
  if (rounded < -32_768) return -32_768;
  return rounded;
}

/** `history` followed by `input`, as one array. */
function joined(history: Float64Array, input: Int16Array): Float64Array {
  const all = new Float64Array(history.length + input.length);
  all.set(history);
  all.set(input, history.length);
  return all;
}

/**
 * 8 kHz → 16 kHz: two output samples per input sample. One per direction and call.
 *
 * @example
 * ```ts
 * const up = new Upsampler();
 * session.on('audio', (samples8k) => play(up.process(samples8k))); // 160 → 320 samples
 * ```
 */
export class Upsampler {
  /** The last {@link HALF_SPAN} input samples, oldest first. */
  #history = new Float64Array(HALF_SPAN);

  /** Converts the next piece of 8 kHz audio into twice as many 16 kHz samples. */
  process(input: Int16Array): Int16Array {
    const x = joined(this.#history, input);
    const out = new Int16Array(input.length * 2);
    const centre = (HALF_SPAN - 1) / 2;
    for (let n = 0; n < input.length; n++) {
      const at = HALF_SPAN + n; // index of input[n] in x
      // Even output: the odd taps over the last 32 inputs (×2 for the zeros interpolation put in).
      let even = 0;
      for (let k = 0; k <= HALF_SPAN; k++) even += TAPS[k]! * x[at - k]!;
      out[2 * n] = toInt16(2 * even);
      // Odd output: the centre tap alone, i.e. the input delayed.
      out[2 * n + 1] = toInt16(x[at - centre]!);
    }
    this.#history = x.slice(x.length - HALF_SPAN);
    return out;
  }

  /** Forgets the audio seen so far (a new stream). */
  reset(): void {
    this.#history.fill(0);
  }
}

/**
 * 16 kHz → 8 kHz: one output sample per two input samples, after the low-pass that keeps anything
 * above 4 kHz from folding back into the telephone band. An odd input length is fine: the odd sample
 * is carried over to the next call. One per direction and call.
 */
export class Downsampler {
  /** The last 2 × {@link HALF_SPAN} input samples, oldest first. */
  #history = new Float64Array(2 * HALF_SPAN);
  /** Whether the next input sample is at an odd position of the stream (no output for it). */
  #odd = false;

  /** Converts the next piece of 16 kHz audio into half as many 8 kHz samples. */
  process(input: Int16Array): Int16Array {
    const x = joined(this.#history, input);
    const start = this.#history.length;
    const first = this.#odd ? 1 : 0;
    const out = new Int16Array(Math.max(0, Math.ceil((input.length - first) / 2)));
    let o = 0;
    for (let i = start + first; i < x.length; i += 2) {
      let sum = 0.5 * x[i - HALF_SPAN]!;
      for (let k = 0; k <= HALF_SPAN; k++) sum += TAPS[k]! * x[i - 2 * k]!;
      out[o++] = toInt16(sum);
    }
    this.#odd = (first + input.length) % 2 === 1;
    this.#history = x.slice(x.length - 2 * HALF_SPAN);
    return out;
  }

  /** Forgets the audio seen so far (a new stream). */
  reset(): void {
    this.#history.fill(0);
    this.#odd = false;
  }
}
