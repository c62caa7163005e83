/**
 * Audio helpers for tests: make a tone, find which tone a recording holds and when, read the WAV
 * files Asterisk records. Samples are signed 16-bit linear PCM, mono unless stated.
 */

function positive(value: number, what: string): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${what} must be a positive number, got ${value}`);
}

/**
 * A sine tone: `round(amplitude × sin(2π × freqHz × n / sampleRate))` for `ms` milliseconds
 * (`round(ms × sampleRate / 1000)` samples), starting at phase 0.
 *
 * @throws RangeError when the frequency or sample rate is not positive, `ms` is negative, or the
 * amplitude is outside 0–32767.
 */
export function tone(freqHz: number, ms: number, sampleRate: number, amplitude = 8000): Int16Array {
  positive(freqHz, 'tone frequency');
  positive(sampleRate, 'sample rate');
  if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`tone length must be 0 ms or more, got ${ms}`);
  if (!(amplitude >= 0 && amplitude <= 32_767)) {
    throw new RangeError(`tone amplitude must be from 0 to 32767, got ${amplitude}`);
  }
  const out = new Int16Array(Math.round((ms * sampleRate) / 1000));
  const w = (2 * Math.PI * freqHz) / sampleRate;
  for (let n = 0; n < out.length; n++) out[n] = Math.round(amplitude * Math.sin(w * n));
  return out;
}

/**
 * The power of `samples` at `freqHz`, by the Goertzel algorithm, scaled as a mean square: a sine of
 * amplitude A at exactly `freqHz` gives about A²/2 (the square of its {@link rms}), whatever the
 * number of samples; anything else gives less. 0 for no samples.
 */
export function goertzel(samples: ArrayLike<number>, sampleRate: number, freqHz: number): number {
  return goertzelRange(samples, 0, samples.length, sampleRate, freqHz);
}

/** {@link goertzel} over `samples[start..end)`. */
function goertzelRange(
  samples: ArrayLike<number>,
  start: number,
  end: number,
  sampleRate: number,
  freqHz: number,
): number {
  const n = end - start;
  if (n <= 0) return 0;
  const coeff = 2 * Math.cos((2 * Math.PI * freqHz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < end; i++) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const squaredMagnitude = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * squaredMagnitude) / (n * n);
}

/**
 * Which of `candidates` (Hz) has the most {@link goertzel} power in `samples`.
 *
 * @throws RangeError when `candidates` is empty.
 */
export function dominantFrequency(
  samples: ArrayLike<number>,
  sampleRate: number,
  candidates: number[],
): number {
  if (candidates.length === 0)
    throw new RangeError('dominantFrequency needs at least one candidate frequency');
  let best = candidates[0]!;
  let bestPower = Number.NEGATIVE_INFINITY;
  for (const f of candidates) {
    const power = goertzel(samples, sampleRate, f);
    if (power > bestPower) {
      best = f;
      bestPower = power;
    }
  }
  return best;
}

/** Root mean square of `samples`; 0 for no samples. */
export function rms(samples: ArrayLike<number>): number {
  return Math.sqrt(meanSquare(samples, 0, samples.length));
}

/** Mean of the squares of `samples[start..end)`; 0 when empty. */
function meanSquare(samples: ArrayLike<number>, start: number, end: number): number {
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
  return sum / (end - start);
}

/** What {@link readWav} returns. */
export interface WavAudio {
  /** Samples per second, per channel. */
  sampleRate: number;
  /** Interleaved channels (Asterisk records mono). */
  channels: number;
  /** Samples, channels interleaved. */
  samples: Int16Array;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Reads a 16-bit PCM WAV file: walks the RIFF chunks (skipping any it does not need, with their pad
 * bytes), takes the format from `fmt ` and the samples from `data`.
 *
 * Asterisk writes the RIFF and `data` sizes as 0 when it opens a recording and fills them in only
 * when it closes the file; for such an unfinished file (both sizes 0), and for a `data` chunk that
 * states more bytes than the file holds, the samples run to the end of the file (whole frames only).
 *
 * @throws Error naming what is wrong when the buffer is not RIFF/WAVE, has no `fmt ` or `data` chunk,
 * or holds anything but 16-bit integer PCM.
 */
export function readWav(buf: Uint8Array): WavAudio {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const text = (at: number): string =>
    String.fromCharCode(buf[at]!, buf[at + 1]!, buf[at + 2]!, buf[at + 3]!);
  if (buf.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') {
    throw new Error('not a WAV file: it does not start with RIFF....WAVE');
  }
  const riffSize = view.getUint32(4, true);

  let format: { sampleRate: number; channels: number; blockAlign: number } | undefined;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length)
        throw new Error(`WAV fmt chunk is ${size} bytes, shorter than 16`);
      let tag = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const blockAlign = view.getUint16(body + 12, true);
      const bits = view.getUint16(body + 14, true);
      if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= buf.length) {
        tag = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      if (tag !== WAVE_FORMAT_PCM) throw new Error(`WAV format tag is ${tag}, not 1 (integer PCM)`);
      if (bits !== 16) throw new Error(`WAV samples are ${bits}-bit, not 16-bit`);
      if (channels < 1) throw new Error('WAV fmt chunk says 0 channels');
      if (blockAlign !== 2 * channels) {
        throw new Error(
          `WAV block align is ${blockAlign}, not ${2 * channels} for ${channels} 16-bit channel(s)`,
        );
      }
      format = { sampleRate, channels, blockAlign };
    } else if (id === 'data') {
      if (format === undefined) throw new Error('WAV data chunk comes before any fmt chunk');
      const available = buf.length - body;
      const unfinished = size === 0 && riffSize === 0;
      let length = unfinished || size > available ? available : size;
      length -= length % format.blockAlign;
      const samples = new Int16Array(length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + 2 * i, true);
      return { sampleRate: format.sampleRate, channels: format.channels, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(format === undefined ? 'WAV file has no fmt chunk' : 'WAV file has no data chunk');
}

/** Share of a window's power that must be at the tone's frequency for {@link toneRuns} to count it. */
const TONE_SHARE = 0.5;
/** Default {@link toneRuns} threshold, relative to the strongest window: at least half the window. */
const PEAK_FRACTION = 0.25;

/**
 * When a tone at `freqHz` sounds in `samples`: cuts them into windows of `windowMs` (a shorter tail
 * is left out) and returns the runs of consecutive windows where it is present, as
 * `[startMs, endMs]` pairs on window boundaries, in order.
 *
 * A window counts when at least half its power is at `freqHz` (so one dominated by speech or another
 * tone does not), and its {@link goertzel} power at `freqHz` is at least `threshold`. By default the
 * threshold is a quarter of the strongest such window's power: since the power grows with the
 * square of the share of the window the tone fills, a window counts when the tone fills at least
 * about half of it, and run edges land within half a window of the tone's real edges.
 *
 * @param threshold - minimum Goertzel power (mean-square units: A²/2 for a full window of a sine of
 * amplitude A).
 */
export function toneRuns(
  samples: ArrayLike<number>,
  sampleRate: number,
  freqHz: number,
  windowMs = 20,
  threshold?: number,
): Array<[number, number]> {
  positive(windowMs, 'window length');
  const size = Math.round((windowMs * sampleRate) / 1000);
  if (size < 1) throw new RangeError(`a ${windowMs} ms window at ${sampleRate} Hz holds no sample`);
  const windows = Math.floor(samples.length / size);
  const power: number[] = [];
  let peak = 0;
  for (let w = 0; w < windows; w++) {
    const start = w * size;
    const atTone = goertzelRange(samples, start, start + size, sampleRate, freqHz);
    const total = meanSquare(samples, start, start + size);
    const p = total > 0 && atTone >= TONE_SHARE * total ? atTone : 0;
    power.push(p);
    if (p > peak) peak = p;
  }
  const floor = threshold ?? PEAK_FRACTION * peak;

  const ms = (window: number): number => (window * size * 1000) / sampleRate;
  const runs: Array<[number, number]> = [];
  let runStart: number | undefined;
  for (let w = 0; w <= windows; w++) {
    const present = w < windows && power[w]! > 0 && power[w]! >= floor;
    if (present && runStart === undefined) runStart = w;
    if (!present && runStart !== undefined) {
      runs.push([ms(runStart), ms(w)]);
      runStart = undefined;
    }
  }
  return runs;
}
