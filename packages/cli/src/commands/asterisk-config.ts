/**
 * `aipbx asterisk-config`: the Asterisk configuration for a PBX description, written to a folder or
 * shown as a diff against the files in place.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type AsteriskConfigFiles,
  type AsteriskConfigInput,
  generateAsteriskConfig,
} from '@aipbx/core/asterisk';
import type { CliIo } from '../cli-io.js';
import type { CommandSpec, FlagValues } from '../command.js';
import { maskSecrets } from '../diff/mask-secrets.js';
import { unifiedDiff } from '../diff/unified-diff.js';
import { EXIT_CODES } from '../exit-codes.js';
import { formatProblems, problemsOf } from '../internal/problems.js';
import { readJsonInput } from '../internal/read-input.js';
import { UsageError } from '../internal/usage-error.js';

/** Where `--diff` compares when no folder is named. */
export const DEFAULT_ASTERISK_DIR = '/etc/asterisk';

/** What {@link diffAsteriskConfig} found for one file. */
export interface ConfigFileDiff {
  name: string;
  /** `new`: no such file yet; `changed`; `same`. */
  status: 'new' | 'changed' | 'same';
  /** The unified diff with secret values masked; `''` when `same`. */
  diff: string;
}

/**
 * Compares generated files with the ones in `dir`. Secret values (`secret`, `password`…) are
 * masked on both sides, so the diff shows that a secret changes but never what it is.
 */
export async function diffAsteriskConfig(files: AsteriskConfigFiles, dir: string): Promise<ConfigFileDiff[]> {
  const result: ConfigFileDiff[] = [];
  for (const [name, text] of Object.entries(files)) {
    let current: string | undefined;
    try {
      current = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (current === text) {
      result.push({ name, status: 'same', diff: '' });
      continue;
    }
    const diff = unifiedDiff(maskSecrets(current ?? ''), maskSecrets(text), {
      oldName: current === undefined ? '/dev/null' : join(dir, name),
      newName: `${join(dir, name)} (generated)`,
    });
    // Only a secret changed: the masked texts are equal, so say so without showing either.
    const shown =
      diff === ''
        ? `--- ${join(dir, name)}\n+++ ${join(dir, name)} (generated)\n(only secret values differ)\n`
        : diff;
    result.push({ name, status: current === undefined ? 'new' : 'changed', diff: shown });
  }
  return result;
}

async function run(values: FlagValues, io: CliIo): Promise<number> {
  const input = values.input;
  if (typeof input !== 'string') throw new UsageError('--input FILE is required');
  const diffDir = typeof values.diff === 'string' ? values.diff : undefined;
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (diffDir !== undefined && out !== undefined)
    throw new UsageError('give either --out DIR or --diff [DIR], not both');
  if (diffDir === undefined && out === undefined)
    throw new UsageError('--out DIR (or --diff [DIR]) is required');

  const read = await readJsonInput(input, io.cwd);
  if (!read.ok) {
    io.stderr(formatProblems('the input', read.problems));
    return EXIT_CODES.FAILED;
  }
  let files: AsteriskConfigFiles;
  try {
    files = generateAsteriskConfig(read.value as unknown as AsteriskConfigInput);
  } catch (error) {
    const problems = problemsOf(error);
    if (problems === undefined) throw error;
    io.stderr(formatProblems(resolve(io.cwd, input), problems));
    return EXIT_CODES.FAILED;
  }

  if (diffDir !== undefined) {
    const dir = resolve(io.cwd, diffDir);
    const diffs = await diffAsteriskConfig(files, dir);
    for (const d of diffs) if (d.status !== 'same') io.stdout(d.diff);
    const changed = diffs.filter((d) => d.status !== 'same');
    io.stdout(
      changed.length === 0
        ? `${dir}: every file is up to date.\n`
        : `${changed.length} of ${diffs.length} files would change in ${dir}: ${changed.map((d) => `${d.name} (${d.status})`).join(', ')}. Nothing was written.\n`,
    );
    return EXIT_CODES.OK;
  }

  const dir = resolve(io.cwd, out as string);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    // They hold secrets: readable by the owner and the group Asterisk runs as, nobody else.
    await writeFile(join(dir, name), text, { mode: 0o640 });
    io.stdout(`wrote ${join(dir, name)} (${Buffer.byteLength(text)} bytes)\n`);
  }
  io.stdout('Reload Asterisk to apply them: asterisk -rx "core reload".\n');
  return EXIT_CODES.OK;
}

/** `aipbx asterisk-config`. */
export const asteriskConfigCommand: CommandSpec = {
  name: 'asterisk-config',
  summary: 'generate ari/http/pjsip/extensions/manager.conf from a PBX description, or diff them',
  usage: ['asterisk-config --input pbx.json --out DIR', 'asterisk-config --input pbx.json --diff [DIR]'],
  description: [
    'Reads the input of @aipbx/core generateAsteriskConfig (pbx, widgets, sipUris, operators, trunks,',
    'http, sip, ami, dialplan, limits, ari) as JSON, checks it, and writes the files. Every problem',
    'is listed with its field. --diff shows what would change, secret values masked, and writes nothing.',
  ],
  flags: {
    input: { type: 'string', value: 'FILE', description: 'the JSON description (required)' },
    out: { type: 'string', value: 'DIR', description: 'folder to write the files into (created if missing)' },
    diff: {
      type: 'string',
      value: '[DIR]',
      description: `compare with the files in DIR (default ${DEFAULT_ASTERISK_DIR}) instead of writing`,
    },
  },
  env: [],
  examples: [
    'aipbx asterisk-config --input pbx.json --out ./asterisk',
    'aipbx asterisk-config --input pbx.json --diff',
    'aipbx asterisk-config --input pbx.json --diff /srv/pbx/etc',
  ],
  run,
};
