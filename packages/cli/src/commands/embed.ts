/**
 * `aipbx embed`: the `<script>` tag for a widget, with its Subresource Integrity hash.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../cli-io.js';
import type { CommandSpec, FlagValues } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import { WIDGET_FLAGS, writeFolderOf } from './widget-input.js';

async function run(values: FlagValues, io: CliIo): Promise<number> {
  // The integrity hash is of {id}.js as the folder would hold it: build it where nobody serves it.
  const dir = await mkdtemp(join(tmpdir(), 'aipbx-embed-'));
  try {
    const folder = await writeFolderOf(values, dir, io);
    if (folder === undefined) return EXIT_CODES.FAILED;
    io.stdout(`${folder.embedCode}\n`);
    return EXIT_CODES.OK;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `aipbx embed`. */
export const embedCommand: CommandSpec = {
  name: 'embed',
  summary: 'print the <script> embed code of a widget, with its SRI hash',
  usage: ['embed --input pbx.json --widget ID [--base-url URL]'],
  description: [
    'The hash is of the widget’s own {id}.js (its PBX, SIP user and assistant built in), exactly as',
    '`aipbx widget-folder` writes it with the same flags: publish that folder at --base-url.',
  ],
  flags: WIDGET_FLAGS,
  env: [],
  examples: [
    'aipbx embed --input pbx.json --widget widget-abc123 --base-url https://www.example.com/widget/',
  ],
  run,
};
