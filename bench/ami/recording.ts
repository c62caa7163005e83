import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { censusAmiStream } from './stream-census.js';

/**
 * The loads the recorder can drive (see recorder.ts): `assistant`, trunk calls to assistants
 * (the default recording); `operators`, desk phones calling each other, click-to-calls and a few
 * assistant calls.
 */
export const RECORDING_MIXES = ['assistant', 'operators'] as const;

/** One of {@link RECORDING_MIXES}. */
export type RecordingMix = (typeof RECORDING_MIXES)[number];

/**
 * What is known about a recorded AMI stream; stored as JSON beside the bytes
 * (`ami-stream.json` next to `ami-stream.bin`, `ami-stream-operators.json` next to
 * `ami-stream-operators.bin`).
 */
export interface RecordingInfo {
  /** Bumped when the recording format changes, so old recordings are made again. */
  format: 1;
  /** The load that was recorded; absent in recordings made before there was a choice (`assistant`). */
  mix?: RecordingMix;
  /** Size of the `.bin` file in bytes. */
  bytes: number;
  /** SHA-256 of the `.bin` file, hex. */
  sha256: string;
  /** Complete AMI frames in the stream. */
  frames: number;
  /** Frames with an `Event:` header — the count every client must deliver. */
  events: number;
  /** Events per name, most frequent first. */
  byName: Record<string, number>;
  /** The banner Asterisk sent, e.g. `Asterisk Call Manager/11.0.0`; the replay server sends the same. */
  banner: string;
  /** `asterisk -V` of the recorded server, e.g. `Asterisk 22.5.2`. */
  asteriskVersion: string;
  /** SIP calls sipp placed while recording. */
  calls: number;
  /** When the recording was made (ISO 8601). */
  recordedAt: string;
}

/** A recording loaded into memory. */
export interface Recording {
  info: RecordingInfo;
  /** The raw bytes Asterisk sent after the banner and the login response. */
  stream: Buffer;
}

/**
 * Where a mix's recording lives: `<cacheDir>/ami-stream.bin` and `.json` for `assistant`,
 * `<cacheDir>/ami-stream-<mix>.bin` and `.json` for the others.
 */
export function recordingPaths(
  cacheDir: string,
  mix: RecordingMix = 'assistant',
): { bin: string; json: string } {
  const base = mix === 'assistant' ? 'ami-stream' : `ami-stream-${mix}`;
  return { bin: join(cacheDir, `${base}.bin`), json: join(cacheDir, `${base}.json`) };
}

/** SHA-256 of `bytes`, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Loads the mix's cached recording if it is there and intact (size, hash and event count match
 * the sidecar); otherwise resolves `undefined` so the caller records a new one.
 */
export async function loadRecording(
  cacheDir: string,
  mix: RecordingMix = 'assistant',
): Promise<Recording | undefined> {
  const paths = recordingPaths(cacheDir, mix);
  if (!existsSync(paths.bin) || !existsSync(paths.json)) return undefined;
  let info: RecordingInfo;
  try {
    info = JSON.parse(await readFile(paths.json, 'utf8')) as RecordingInfo;
  } catch {
    return undefined;
  }
  if (info.format !== 1 || (info.mix ?? 'assistant') !== mix) return undefined;
  const stream = await readFile(paths.bin);
  if (stream.length !== info.bytes || sha256(stream) !== info.sha256) return undefined;
  if (censusAmiStream(stream).events !== info.events) return undefined;
  return { info, stream };
}

/**
 * Writes the bytes and the sidecar (where the recording's mix belongs), each through a temporary
 * file so a crash never leaves half of one.
 */
export async function saveRecording(cacheDir: string, recording: Recording): Promise<void> {
  const paths = recordingPaths(cacheDir, recording.info.mix);
  await writeFile(`${paths.bin}.tmp`, recording.stream);
  await writeFile(`${paths.json}.tmp`, `${JSON.stringify(recording.info, null, 2)}\n`);
  await rename(`${paths.bin}.tmp`, paths.bin);
  await rename(`${paths.json}.tmp`, paths.json);
}
