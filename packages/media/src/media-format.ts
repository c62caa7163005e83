/**
 * Audio formats a call's media can be streamed in, with what each means on the wire. Frames are
 * always 20 ms (Asterisk's packetisation for these codecs).
 *
 * - `slin16` — signed 16-bit little-endian PCM, 16 kHz, mono (640 bytes a frame). The default:
 *   what speech models take and give.
 * - `slin` — the same at 8 kHz (320 bytes a frame): telephone bandwidth without companding.
 * - `ulaw`, `alaw` — G.711 µ-law / A-law bytes at 8 kHz (160 bytes a frame), as on the phone line.
 */
export type MediaFormat = 'slin16' | 'slin' | 'ulaw' | 'alaw';

/** What a {@link MediaFormat} is, in numbers. */
export interface MediaFormatInfo {
  readonly format: MediaFormat;
  /** Samples per second. */
  readonly sampleRate: number;
  /** Bytes per sample (2 for linear PCM, 1 for G.711). */
  readonly bytesPerSample: number;
  /** Frame length, ms. */
  readonly frameMs: number;
  /** Bytes in one frame. */
  readonly frameBytes: number;
  /** One frame of silence in this format. */
  readonly silence: Buffer;
}

/** Length of every frame, ms. */
export const FRAME_MS = 20;

function info(
  format: MediaFormat,
  sampleRate: number,
  bytesPerSample: number,
  silenceByte: number,
): MediaFormatInfo {
  const frameBytes = (sampleRate * FRAME_MS * bytesPerSample) / 1000;
  return Object.freeze({
    format,
    sampleRate,
    bytesPerSample,
    frameMs: FRAME_MS,
    frameBytes,
    silence: Buffer.alloc(frameBytes, silenceByte),
  });
}

/** Every supported format. G.711 silence is the code for zero (µ-law 0xFF, A-law 0xD5). */
export const MEDIA_FORMATS: Readonly<Record<MediaFormat, MediaFormatInfo>> = Object.freeze({
  slin16: info('slin16', 16_000, 2, 0),
  slin: info('slin', 8000, 2, 0),
  ulaw: info('ulaw', 8000, 1, 0xff),
  alaw: info('alaw', 8000, 1, 0xd5),
});

/** True when `value` names a supported format. */
export function isMediaFormat(value: unknown): value is MediaFormat {
  return typeof value === 'string' && Object.hasOwn(MEDIA_FORMATS, value);
}
