/**
 * makePrompts really runs espeak-ng and sox (Debian packages espeak-ng and sox, which the test bed's
 * set-up installs; so this runs in the integration tier): without them these tests fail with
 * makePrompts' own message naming the packages.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROMPT_FOLDER,
  PROMPT_LANGUAGES,
  PROMPT_NAMES,
  PROMPT_TEXTS,
  PROMPT_VOICES,
} from '../src/prompt-table.js';
import { makePrompts, PROMPT_STAMP, type PromptSet } from '../src/prompts.js';

const run = promisify(execFile);
let dir: string;
let first: PromptSet;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aipbx-prompts-test-'));
  first = await makePrompts({ soundsDir: join(dir, 'sounds') });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 16-bit samples of a raw little-endian file. */
function samples(bytes: Buffer): Int16Array {
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 2));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Int16Array(copy.buffer);
}

function peak(pcm: Int16Array): number {
  let max = 0;
  for (const s of pcm) max = Math.max(max, Math.abs(s));
  return max;
}

function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const s of pcm) sum += s * s;
  return Math.sqrt(sum / Math.max(1, pcm.length));
}

/** Sample rate and sample count of a 16-bit mono WAV file as espeak-ng writes it. */
function wavInfo(wav: Buffer): { rate: number; samples: number } {
  const rate = wav.readUInt32LE(24);
  const data = wav.indexOf('data', 12, 'latin1');
  if (data < 0) throw new Error('no data chunk in the WAV file');
  return { rate, samples: (wav.byteLength - (data + 8)) / 2 };
}

describe('makePrompts', () => {
  it('writes every prompt in both languages into <sounds>/<language>/aipbx-demo as non-empty sln16', async () => {
    expect(first.cached).toBe(false);
    for (const language of PROMPT_LANGUAGES) {
      expect(first.folders[language]).toBe(join(dir, 'sounds', language, PROMPT_FOLDER));
      for (const name of PROMPT_NAMES) {
        const file = first.file(name, language);
        expect(file).toBe(join(dir, 'sounds', language, PROMPT_FOLDER, `${name}.sln16`));
        const { size } = await stat(file);
        expect(size, `${language}/${name}`).toBeGreaterThan(0);
        expect(size % 2, `${language}/${name}: whole 16-bit samples`).toBe(0);
        // Between a quarter of a second and 20 s of 16 kHz 16-bit audio.
        expect(size, `${language}/${name}`).toBeGreaterThan(0.25 * 32_000);
        expect(size, `${language}/${name}`).toBeLessThan(20 * 32_000);
      }
    }
  });

  it('converts to 16 kHz: each file holds as many samples as espeak-ng’s speech lasts at 16 kHz', async () => {
    for (const language of PROMPT_LANGUAGES) {
      for (const name of ['greeting', 'menu'] as const) {
        const wavFile = join(dir, `${language}-${name}.wav`);
        await run('espeak-ng', ['-v', PROMPT_VOICES[language], '-w', wavFile, PROMPT_TEXTS[name][language]]);
        const wav = wavInfo(await readFile(wavFile));
        expect(wav.rate, 'espeak-ng writes 22 050 Hz').toBe(22_050);
        const expected = (wav.samples * 16_000) / wav.rate;
        const { size } = await stat(first.file(name, language));
        expect(Math.abs(size / 2 - expected), `${language}/${name}: ${size / 2} samples`).toBeLessThan(
          expected * 0.01 + 16,
        );
      }
    }
  });

  it('holds speech, not silence', async () => {
    for (const language of PROMPT_LANGUAGES) {
      for (const name of PROMPT_NAMES) {
        const pcm = samples(await readFile(first.file(name, language)));
        expect(rms(pcm), `${language}/${name}`).toBeGreaterThan(500);
        expect(peak(pcm), `${language}/${name}`).toBeGreaterThan(4000);
      }
    }
  });

  it('uses the prompts already there on a second run: nothing rewritten, well under a second', async () => {
    const before = await Promise.all(PROMPT_NAMES.map((name) => stat(first.file(name, 'ru'))));
    const started = performance.now();
    const lines: string[] = [];
    const second = await makePrompts({ soundsDir: join(dir, 'sounds'), log: (line) => lines.push(line) });
    const elapsed = performance.now() - started;
    expect(second.cached).toBe(true);
    expect(elapsed).toBeLessThan(500);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.includes('up to date'))).toBe(true);
    const after = await Promise.all(PROMPT_NAMES.map((name) => stat(first.file(name, 'ru'))));
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
  });

  it('makes a language again when one of its files is missing or its stamp does not match', async () => {
    await rm(first.file('menu', 'en'));
    const again = await makePrompts({ soundsDir: join(dir, 'sounds') });
    expect(again.cached).toBe(false);
    expect((await stat(first.file('menu', 'en'))).size).toBeGreaterThan(0);

    const ruStamp = join(first.folders.ru, PROMPT_STAMP);
    await writeFile(ruStamp, 'made from other texts\n');
    const ruBefore = (await stat(first.file('greeting', 'ru'))).mtimeMs;
    const third = await makePrompts({ soundsDir: join(dir, 'sounds') });
    expect(third.cached).toBe(false);
    expect((await stat(first.file('greeting', 'ru'))).mtimeMs).toBeGreaterThanOrEqual(ruBefore);
    expect((await readFile(ruStamp, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it('names the Debian packages when espeak-ng or sox cannot be run', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'aipbx-prompts-missing-'));
    try {
      await expect(
        makePrompts({ soundsDir: empty, commands: { espeakNg: join(empty, 'no-espeak-ng') } }),
      ).rejects.toThrow(/no-espeak-ng cannot be run: install them with `apt-get install espeak-ng sox`/);
      await expect(
        makePrompts({ soundsDir: empty, commands: { sox: join(empty, 'no-sox') } }),
      ).rejects.toThrow(/espeak-ng and sox.*apt-get install espeak-ng sox/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
