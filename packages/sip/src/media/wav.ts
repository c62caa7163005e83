/**
 * WAV files for prompts and recordings: {@link readWav} reads the telephone formats (16-bit PCM mono
 * at 8 or 16 kHz, G.711 µ-law or A-law mono at 8 kHz) into linear samples, {@link WavWriter} streams
 * a 16-bit PCM mono recording to disk, {@link encodeWav} builds one in memory. Also the PCM16LE ↔
 * samples conversions the media layer shares.
 */

import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { ValidationError, type ValidationProblem } from '@aipbx/core';
import { decodeAlaw, decodeUlaw } from '@aipbx/media';

/** A WAV file's audio as linear samples. */
export interface WavAudio {
  /** Samples per second: 8000 or 16000. */
  readonly sampleRate: number;
  /** Mono 16-bit samples. */
  readonly samples: Int16Array;
}

/** WAVE format codes (the fmt chunk's first field). */
const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_ULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes of the canonical header {@link WavWriter} and {@link encodeWav} write. */
const HEADER_LENGTH = 44;
/** The largest data chunk a RIFF size field can describe. */
const MAX_DATA_BYTES = 0xffff_ffff - (HEADER_LENGTH - 8);

const CONVERT = 'convert it with `sox in.wav -r 8000 -c 1 -b 16 out.wav` (or -r 16000 for wideband)';

/** Little-endian 16-bit PCM bytes as samples (an odd last byte is ignored). */
export function pcm16leToSamples(bytes: Uint8Array): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Int16Array(bytes.byteLength >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true);
  return samples;
}

/** Samples as little-endian 16-bit PCM bytes. */
export function samplesToPcm16le(samples: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, 2 * i);
  return out;
}

interface Format {
  code: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
}

/**
 * Reads a WAV file's bytes. Chunks other than `fmt ` and `data` (LIST, fact, cue…) are skipped; a
 * data chunk that claims more bytes than the file has (a recording cut short), or a size of 0 or
 * 0xFFFFFFFF (a recording whose writer never closed), is read to the end of the file.
 *
 * @throws ValidationError (`INVALID_INPUT`) when the bytes are not a RIFF/WAVE file, or its audio is
 *   not 16-bit PCM mono at 8 or 16 kHz or G.711 mono at 8 kHz — naming each problem and how to
 *   convert the file.
 */
export function readWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw invalid([{ field: 'header', message: 'is not RIFF/WAVE: the file is not a WAV file' }]);
  }
  let format: Format | undefined;
  let data: Uint8Array | undefined;
  for (let offset = 12; offset + 8 <= bytes.length && data === undefined; ) {
    const id = ascii(bytes, offset);
    let size = view.getUint32(offset + 4, true);
    // A recording whose writer never finished still says 0 (or the streaming 0xFFFFFFFF): the rest is audio.
    if (id === 'data' && (size === 0 || size === 0xffff_ffff)) size = bytes.length - offset - 8;
    const body = bytes.subarray(offset + 8, Math.min(bytes.length, offset + 8 + size));
    if (id === 'fmt ') format = readFormat(body);
    else if (id === 'data') data = body;
    offset += 8 + size + (size % 2); // chunks are padded to an even length
  }
  if (format === undefined)
    throw invalid([{ field: 'fmt', message: 'chunk is missing: the file is damaged' }]);
  checkFormat(format);
  if (data === undefined)
    throw invalid([{ field: 'data', message: 'chunk is missing: the file has no audio' }]);
  return { sampleRate: format.sampleRate, samples: decodeData(format.code, data) };
}

function readFormat(body: Uint8Array): Format {
  if (body.length < 16) throw invalid([{ field: 'fmt', message: 'chunk is too short: the file is damaged' }]);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let code = view.getUint16(0, true);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format code in the first bytes of its sub-format GUID.
  if (code === FORMAT_EXTENSIBLE && body.length >= 26) code = view.getUint16(24, true);
  return {
    code,
    channels: view.getUint16(2, true),
    sampleRate: view.getUint32(4, true),
    bitsPerSample: view.getUint16(14, true),
  };
}

function checkFormat(format: Format): void {
  const problems: ValidationProblem[] = [];
  const g711 = format.code === FORMAT_ULAW || format.code === FORMAT_ALAW;
  if (format.code !== FORMAT_PCM && !g711) {
    problems.push({
      field: 'format',
      message: `is ${formatName(format.code)}; supported are 16-bit PCM, G.711 µ-law and A-law: ${CONVERT}`,
    });
  }
  if (format.channels !== 1) {
    problems.push({
      field: 'channels',
      message: `is ${format.channels}; only mono is supported: ${CONVERT}`,
    });
  }
  const rates = g711 ? [8000] : [8000, 16_000];
  if (!rates.includes(format.sampleRate)) {
    problems.push({
      field: 'sampleRate',
      message: `is ${format.sampleRate} Hz; supported are ${rates.join(' and ')} Hz: ${CONVERT}`,
    });
  }
  const bits = g711 ? 8 : 16;
  if ((format.code === FORMAT_PCM || g711) && format.bitsPerSample !== bits) {
    problems.push({
      field: 'bitsPerSample',
      message: `is ${format.bitsPerSample}; ${g711 ? 'G.711 has 8' : 'PCM must have 16'}: ${CONVERT}`,
    });
  }
  if (problems.length > 0) throw invalid(problems);
}

function formatName(code: number): string {
  const names: Record<number, string> = {
    2: 'MS ADPCM',
    3: 'IEEE float',
    17: 'IMA ADPCM',
    49: 'GSM 6.10',
    85: 'MP3',
  };
  return `${names[code] ?? 'format'} (code ${code})`;
}

function decodeData(code: number, data: Uint8Array): Int16Array {
  if (code === FORMAT_ULAW) return decodeUlaw(data);
  if (code === FORMAT_ALAW) return decodeAlaw(data);
  return pcm16leToSamples(data);
}

function ascii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function invalid(problems: ValidationProblem[]): ValidationError {
  return new ValidationError('WAV file', problems);
}

/** The canonical 44-byte header of a 16-bit PCM mono file with `dataBytes` bytes of audio. */
function header(sampleRate: number, dataBytes: number): Buffer {
  const out = Buffer.alloc(HEADER_LENGTH);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(HEADER_LENGTH - 8 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16); // fmt chunk size
  out.writeUInt16LE(FORMAT_PCM, 20);
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  out.writeUInt16LE(2, 32); // bytes per sample frame
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  return out;
}

function checkRate(sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 192_000) {
    throw new ValidationError('WAV format', [
      { field: 'sampleRate', message: `must be a whole number of Hz (8000, 16000…), got ${sampleRate}` },
    ]);
  }
}

/** A whole 16-bit PCM mono WAV file in memory. */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  checkRate(sampleRate);
  return Buffer.concat([header(sampleRate, samples.length * 2), samplesToPcm16le(samples)]);
}

/**
 * Streams a 16-bit PCM mono WAV file to disk (a call recording): the header goes first with sizes of
 * 0, samples are appended as they come, and {@link WavWriter.close} writes the real sizes. A file
 * whose writer never closed (the process died) still plays in most tools, and {@link readWav} reads it.
 *
 * @example
 * ```ts
 * const wav = await WavWriter.open('call.wav', 16000);
 * media.on('data', (frame) => void wav.write(pcm16leToSamples(frame)));
 * media.once('ended', () => void wav.close());
 * ```
 */
export class WavWriter {
  /** Samples per second, as in the header. */
  readonly sampleRate: number;
  readonly #file: FileHandle;
  /** Where the next samples go. */
  #position = HEADER_LENGTH;
  /** The writes in flight, in order. */
  #pending: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  private constructor(file: FileHandle, sampleRate: number) {
    this.#file = file;
    this.sampleRate = sampleRate;
  }

  /** Creates (or truncates) `path` and writes the header. */
  static async open(path: string, sampleRate: number): Promise<WavWriter> {
    checkRate(sampleRate);
    const file = await open(path, 'w');
    try {
      await file.write(header(sampleRate, 0), 0, HEADER_LENGTH, 0);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new WavWriter(file, sampleRate);
  }

  /** Samples written so far (including writes still in flight). */
  get samplesWritten(): number {
    return (this.#position - HEADER_LENGTH) / 2;
  }

  /**
   * Appends samples. Writes may overlap: each lands at its place in call order. After `close()` it
   * does nothing.
   *
   * @throws ValidationError (as a rejection) when the file would pass the 4 GiB a WAV file can hold.
   */
  write(samples: Int16Array): Promise<void> {
    if (this.#closing !== undefined || samples.length === 0) return Promise.resolve();
    const bytes = samplesToPcm16le(samples);
    if (this.#position - HEADER_LENGTH + bytes.length > MAX_DATA_BYTES) {
      return Promise.reject(
        new ValidationError('WAV recording', [
          { field: 'samples', message: 'a WAV file holds at most 4 GiB of audio: start a new file' },
        ]),
      );
    }
    const position = this.#position;
    this.#position += bytes.length;
    const written = this.#file.write(bytes, 0, bytes.length, position).then(() => undefined);
    // close() waits for every write; a failed one is the caller's to see, not close()'s.
    this.#pending = Promise.all([this.#pending, written.catch(() => undefined)]);
    return written;
  }

  /** Waits for the writes, writes the RIFF and data sizes into the header, and closes the file. Safe to call again. */
  close(): Promise<void> {
    this.#closing ??= this.#finish();
    return this.#closing;
  }

  async #finish(): Promise<void> {
    try {
      await this.#pending.catch(() => undefined);
      const dataBytes = this.#position - HEADER_LENGTH;
      const sizes = Buffer.alloc(4);
      sizes.writeUInt32LE(HEADER_LENGTH - 8 + dataBytes, 0);
      await this.#file.write(sizes, 0, 4, 4);
      sizes.writeUInt32LE(dataBytes, 0);
      await this.#file.write(sizes, 0, 4, 40);
    } finally {
      await this.#file.close();
    }
  }
}
