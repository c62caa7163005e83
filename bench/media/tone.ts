/**
 * Finding the bench's tone bursts in 20 ms frames: G.711 µ-law decoding (the caller's RTP), a view
 * of PCM16LE frames (the app's), and the onset of a tone after quiet.
 */
import { goertzel } from '@aipbx/testbed/support/audio.js';

/** Frequency of the latency bursts, Hz. */
export const BURST_HZ = 1000;
/** Peak amplitude of the bursts the app writes (about −12 dBFS). */
export const BURST_AMPLITUDE = 8000;

/** G.711 µ-law decoding: the library's own. */
export { decodeUlaw, ulawToLinear } from '../../packages/media/src/g711.js';

/** The samples of a PCM16LE frame (a copy when the buffer is not 2-byte aligned). */
export function pcmSamples(frame: Uint8Array): Int16Array {
  if (frame.byteOffset % 2 === 0)
    return new Int16Array(frame.buffer, frame.byteOffset, Math.floor(frame.byteLength / 2));
  const copy = new Uint8Array(frame);
  return new Int16Array(copy.buffer, 0, Math.floor(copy.byteLength / 2));
}

/** Mean of the squares. */
function meanSquare(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return samples.length === 0 ? 0 : sum / samples.length;
}

/**
 * Whether a frame holds the tone: its Goertzel power at `freqHz` is at least a quarter of what a
 * full frame of the tone at `amplitude` gives (so the tone fills about half the frame or more) and
 * at least half the frame's power is at that frequency.
 */
export function frameHasTone(
  samples: ArrayLike<number>,
  sampleRate: number,
  freqHz = BURST_HZ,
  amplitude = BURST_AMPLITUDE,
): boolean {
  if (samples.length === 0) return false;
  const power = goertzel(samples, sampleRate, freqHz);
  return power >= 0.25 * ((amplitude * amplitude) / 2) && power >= 0.5 * meanSquare(samples);
}

/**
 * Where a burst starts in a frame of otherwise silent audio: the index of the first sample at least
 * a quarter of the burst's amplitude, or -1 when there is none. The bench's streams are digital
 * silence between bursts, so this finds the burst to the sample whatever part of the frame it fills.
 */
export function burstStart(samples: ArrayLike<number>, amplitude = BURST_AMPLITUDE): number {
  const threshold = amplitude / 4;
  for (let i = 0; i < samples.length; i++) if (Math.abs(samples[i]!) >= threshold) return i;
  return -1;
}

/** A burst's onset: when the frame holding its first sample arrived, and when that sample is due. */
export interface Onset {
  /** The frame's arrival, ms. */
  frameAt: number;
  /** The arrival plus the sample's place in the frame, ms: the burst's first sample on the stream's time line. */
  sampleAt: number;
}

/**
 * Onsets of bursts in a stream of frames: a frame holding burst audio after at least `quietMs`
 * without any (or the first ever). Feed every frame with its arrival time and, when it holds burst
 * audio, the offset of the burst's first sample in it (ms).
 */
export class OnsetDetector {
  readonly #quietMs: number;
  #lastToneAt = Number.NEGATIVE_INFINITY;
  readonly onsets: Onset[] = [];

  constructor(quietMs = 100) {
    this.#quietMs = quietMs;
  }

  /** Notes one frame; returns the onset when it starts a burst. */
  feed(at: number, offsetMs: number | undefined): Onset | undefined {
    if (offsetMs === undefined) return undefined;
    const onset = at - this.#lastToneAt >= this.#quietMs;
    this.#lastToneAt = at;
    if (!onset) return undefined;
    const found = { frameAt: at, sampleAt: at + offsetMs };
    this.onsets.push(found);
    return found;
  }

  /** When the last frame with burst audio arrived (−∞ before any). */
  get lastToneAt(): number {
    return this.#lastToneAt;
  }
}

/** {@link burstStart} as an offset in ms for {@link OnsetDetector.feed}; undefined without a burst. */
export function burstOffsetMs(samples: ArrayLike<number>, sampleRate: number): number | undefined {
  const i = burstStart(samples);
  return i < 0 ? undefined : (i * 1000) / sampleRate;
}
