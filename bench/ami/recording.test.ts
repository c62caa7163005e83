import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRecording, type Recording, recordingPaths, saveRecording, sha256 } from './recording.js';
import { censusAmiStream } from './stream-census.js';
import { syntheticStream } from './test-support/synthetic-stream.js';

function recording(mix?: 'assistant' | 'operators'): Recording {
  const { bytes } = syntheticStream(20);
  const census = censusAmiStream(bytes);
  return {
    stream: bytes,
    info: {
      format: 1,
      ...(mix === undefined ? {} : { mix }),
      bytes: bytes.length,
      sha256: sha256(bytes),
      frames: census.frames,
      events: census.events,
      byName: census.byName,
      banner: 'Asterisk Call Manager/11.0.0',
      asteriskVersion: 'Asterisk 22.5.0',
      calls: 3,
      recordedAt: '2026-01-02T03:04:05.000Z',
    },
  };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('recordings', () => {
  it('keep the default recording where it always was, and each other mix beside it', () => {
    expect(recordingPaths('/c')).toEqual({ bin: '/c/ami-stream.bin', json: '/c/ami-stream.json' });
    expect(recordingPaths('/c', 'operators')).toEqual({
      bin: '/c/ami-stream-operators.bin',
      json: '/c/ami-stream-operators.json',
    });
  });

  it('load as saved, per mix; a sidecar without a mix is the assistant recording', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aipbx-recording-'));
    await saveRecording(dir, recording());
    await saveRecording(dir, recording('operators'));
    expect((await loadRecording(dir))?.info.events).toBe(20);
    expect((await loadRecording(dir, 'operators'))?.info.mix).toBe('operators');
  });

  it('are made again when the bytes, or the mix in the sidecar, do not match', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aipbx-recording-'));
    await saveRecording(dir, recording('operators'));
    const paths = recordingPaths(dir, 'operators');
    await writeFile(paths.json, JSON.stringify({ ...recording('operators').info, mix: 'assistant' }));
    expect(await loadRecording(dir, 'operators')).toBeUndefined();
    await saveRecording(dir, recording('operators'));
    await writeFile(paths.bin, 'Event: Hangup\r\n\r\n');
    expect(await loadRecording(dir, 'operators')).toBeUndefined();
  });
});
