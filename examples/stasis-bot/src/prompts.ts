/**
 * The demo's prompts, spoken by espeak-ng and converted by sox into what Asterisk plays without
 * transcoding effort: 16 kHz mono signed 16-bit raw PCM, `.sln16`.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoLanguage } from './ai-hook.js';
import {
  PROMPT_FOLDER,
  PROMPT_LANGUAGES,
  PROMPT_NAMES,
  PROMPT_TEXTS,
  PROMPT_VOICES,
  type PromptName,
} from './prompt-table.js';
import { languageFolder } from './sounds-folder.js';

/** Extension of the prompt files: Asterisk's name for 16 kHz signed linear PCM. */
export const PROMPT_EXTENSION = 'sln16';

/** The file in each prompt folder that holds the hash of what its prompts were made from. */
export const PROMPT_STAMP = '.aipbx-prompts';

/** Bumped when the way prompts are made changes, so cached prompts are made again. */
const RECIPE = 'espeak-ng wav → sox -r 16000 -c 1 -b 16 -e signed-integer -t raw, v1';

const INSTALL_HINT = 'install them with `apt-get install espeak-ng sox` (Debian packages espeak-ng and sox)';

/** Options of {@link makePrompts}. */
export interface MakePromptsOptions {
  /**
   * Asterisk's sounds folder as this machine sees it (`/usr/share/asterisk/sounds`, or that folder
   * inside a chroot). The prompts go to `<soundsDir>/<language>/aipbx-demo/<name>.sln16`.
   */
  soundsDir: string;
  /** Receives one line per language: generated or already there. */
  log?: (line: string) => void;
  /** The programs to run. Default `espeak-ng` and `sox`, found on the `PATH`. */
  commands?: { espeakNg?: string; sox?: string };
}

/** What {@link makePrompts} made. */
export interface PromptSet {
  /** The sounds folder the prompts were made in. */
  soundsDir: string;
  /** Per language, the folder holding its prompts (after following the language folder's links). */
  folders: Readonly<Record<DemoLanguage, string>>;
  /** `true` when every prompt was already there, made from the same texts and voices. */
  cached: boolean;
  /** The path of one prompt's file. */
  file(name: PromptName, language: DemoLanguage): string;
}

/**
 * Makes the demo's prompts in English and Russian (the texts are in `prompt-table.ts`), unless
 * the prompts already in the folder were made from the same texts and voices: each language's
 * folder keeps a stamp with their hash, and a language whose stamp matches and whose files all
 * exist is left as it is. Files are written to a temporary name and renamed into place, so
 * Asterisk never plays a half-written prompt.
 *
 * @throws Error naming the Debian packages to install when `espeak-ng` or `sox` is missing, or
 *   with the program's message when one fails.
 */
export async function makePrompts(options: MakePromptsOptions): Promise<PromptSet> {
  const espeakNg = options.commands?.espeakNg ?? 'espeak-ng';
  const sox = options.commands?.sox ?? 'sox';
  const folders = {} as Record<DemoLanguage, string>;
  let cached = true;
  let toolsChecked = false;
  for (const language of PROMPT_LANGUAGES) {
    const folder = join(await languageFolder(options.soundsDir, language), PROMPT_FOLDER);
    folders[language] = folder;
    const hash = recipeHash(language);
    if (await isCurrent(folder, hash)) {
      options.log?.(`prompts: ${language} prompts are up to date in ${folder}`);
      continue;
    }
    cached = false;
    if (!toolsChecked) {
      await checkTools(espeakNg, sox);
      toolsChecked = true;
    }
    const started = performance.now();
    await mkdir(folder, { recursive: true });
    await generate(language, folder, { espeakNg, sox });
    await writeAtomically(join(folder, PROMPT_STAMP), `${hash}\n`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    options.log?.(`prompts: made ${PROMPT_NAMES.length} ${language} prompts in ${folder} (${seconds} s)`);
  }
  return {
    soundsDir: options.soundsDir,
    folders,
    cached,
    file: (name, language) => join(folders[language], `${name}.${PROMPT_EXTENSION}`),
  };
}

/** The hash of everything one language's prompts are made from. */
function recipeHash(language: DemoLanguage): string {
  const texts = PROMPT_NAMES.map((name) => [name, PROMPT_TEXTS[name][language]]);
  const recipe = JSON.stringify({ recipe: RECIPE, voice: PROMPT_VOICES[language], texts });
  return createHash('sha256').update(recipe).digest('hex');
}

/** Whether `folder` holds every prompt, made from the recipe whose hash is `hash`. */
async function isCurrent(folder: string, hash: string): Promise<boolean> {
  const stamp = await readFile(join(folder, PROMPT_STAMP), 'utf8').catch(() => '');
  if (stamp.trim() !== hash) return false;
  for (const name of PROMPT_NAMES) {
    const size = await stat(join(folder, `${name}.${PROMPT_EXTENSION}`)).then(
      (s) => (s.isFile() ? s.size : 0),
      () => 0,
    );
    if (size === 0) return false;
  }
  return true;
}

/** Throws, naming the packages, when either program cannot be run. */
async function checkTools(espeakNg: string, sox: string): Promise<void> {
  const missing: string[] = [];
  for (const [program, args] of [
    [espeakNg, ['--version']],
    [sox, ['--version']],
  ] as const) {
    try {
      await run(program, [...args]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') missing.push(program);
      else throw error;
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `Making the demo's prompts needs espeak-ng and sox; ${missing.join(' and ')} cannot be run: ${INSTALL_HINT}.`,
    );
  }
}

/** Speaks and converts one language's prompts into `folder`, a few at a time. */
async function generate(
  language: DemoLanguage,
  folder: string,
  commands: { espeakNg: string; sox: string },
): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'aipbx-prompts-'));
  try {
    const queue = [...PROMPT_NAMES];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const wav = join(work, `${name}.wav`);
        await run(commands.espeakNg, [
          '-v',
          PROMPT_VOICES[language],
          '-w',
          wav,
          PROMPT_TEXTS[name][language],
        ]);
        const target = join(folder, `${name}.${PROMPT_EXTENSION}`);
        const partial = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
        try {
          await run(commands.sox, [
            wav,
            ...['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw'],
            partial,
          ]);
          await rename(partial, target);
        } finally {
          await rm(partial, { force: true });
        }
      }
    };
    const workers = Math.max(1, Math.min(availableParallelism(), 8));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Writes `text` to `path` through a temporary file in the same folder and a rename. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const partial = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(partial, text);
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
}

/** Runs `program` with `args` (no shell); rejects with its exit and last line of error output. */
function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: 60_000, maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (!error) {
        resolve();
        return;
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(error);
        return;
      }
      const last = String(stderr).trim().split('\n').pop() ?? '';
      reject(
        new Error(`${program} failed (${error.code ?? error.signal ?? 'error'})${last ? `: ${last}` : ''}`, {
          cause: error,
        }),
      );
    });
  });
}
