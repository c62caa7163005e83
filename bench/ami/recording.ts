import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { censusAmiStream } from './stream-census.js';

/**
 * What is known about a recorded AMI stream; stored as JSON beside the bytes
 * (`ami-stream.json` next to `ami-stream.bin`).
 */
export interface RecordingInfo {
  /** Bumped when the recording format changes, so old recordings are made again. */
  format: 1;
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

/** Where the recording lives: `<cacheDir>/ami-stream.bin` and `<cacheDir>/ami-stream.json`. */
export function recordingPaths(cacheDir: string): { bin: string; json: string } {
  return { bin: join(cacheDir, 'ami-stream.bin'), json: join(cacheDir, 'ami-stream.json') };
}

/** SHA-256 of `bytes`, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Loads the cached recording if it is there and intact (size, hash and event count match the
 * sidecar); otherwise resolves `undefined` so the caller records a new one.
 */
export async function loadRecording(cacheDir: string): Promise<Recording | undefined> {
  const paths = recordingPaths(cacheDir);
  if (!existsSync(paths.bin) || !existsSync(paths.json)) return undefined;
  let info: RecordingInfo;
  try {
    info = JSON.parse(await readFile(paths.json, 'utf8')) as RecordingInfo;
  } catch {
    return undefined;
  }
  if (info.format !== 1) return undefined;
  const stream = await readFile(paths.bin);
  if (stream.length !== info.bytes || sha256(stream) !== info.sha256) return undefined;
  if (censusAmiStream(stream).events !== info.events) return undefined;
  return { info, stream };
}

/** Writes the bytes and the sidecar, each through a temporary file so a crash never leaves half of one. */
export async function saveRecording(cacheDir: string, recording: Recording): Promise<void> {
  const paths = recordingPaths(cacheDir);
  await writeFile(`${paths.bin}.tmp`, recording.stream);
  await writeFile(`${paths.json}.tmp`, `${JSON.stringify(recording.info, null, 2)}\n`);
  await rename(`${paths.bin}.tmp`, paths.bin);
  await rename(`${paths.json}.tmp`, paths.json);
}
