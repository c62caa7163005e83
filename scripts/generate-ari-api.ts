/**
 * Generates packages/node-ari/src/client/generated/ari-api.ts from the ARI description of a real
 * Asterisk. Run from the repository root:
 *
 *   npm run generate:ari
 *     starts the project's test bed (port offset 300, needs root like the integration tier), reads
 *     its description, stops it.
 *
 *   npm run generate:ari -- --url http://pbx:8088 --user aipbx --password-env ARI_PASSWORD
 *     reads the description of an Asterisk that is already running; the password comes from the
 *     named environment variable, never from the command line.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import { fetchAriDescription, fetchAsteriskVersion } from './ari-codegen/fetch-ari-description.js';
import { renderAriApi, summarizeAriDescription } from './ari-codegen/render-ari-api.js';

const OUTPUT = 'packages/node-ari/src/client/generated/ari-api.ts';
const PORT_OFFSET = 300;

const USAGE = `usage: npm run generate:ari [-- --url URL --user USER --password-env NAME]
  Without --url: starts the test bed (port offset ${PORT_OFFSET}) and reads its ARI description.
  With --url: reads the description of that Asterisk; the ARI password is read from the
  environment variable NAME (never pass a password on the command line).`;

interface Target {
  url: string;
  username: string;
  password: string;
}

/** Parses the arguments: undefined target means "start a bed"; a string is an error to print. */
function parseArgs(args: readonly string[]): { target?: Target } | string {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return USAGE;
    if (arg === '--password' || arg.startsWith('--password=')) {
      return 'refusing --password: a password on the command line ends up in shell history and process lists; use --password-env NAME';
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name !== '--url' && name !== '--user' && name !== '--password-env')
      return `unknown argument ${arg}\n${USAGE}`;
    const value = inline ?? args[++i];
    if (value === undefined || value === '') return `${name} needs a value\n${USAGE}`;
    values.set(name, value);
  }
  if (values.size === 0) return {};
  const url = values.get('--url');
  const username = values.get('--user');
  const passwordEnv = values.get('--password-env');
  if (!url || !username || !passwordEnv) return `--url, --user and --password-env go together\n${USAGE}`;
  const password = process.env[passwordEnv];
  if (password === undefined || password === '') return `the environment variable ${passwordEnv} is not set`;
  return { target: { url, username, password } };
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return parsed === USAGE ? 0 : 2;
  }
  if (!existsSync('packages/node-ari/package.json')) {
    console.error('generate-ari-api: run from the repository root (npm run generate:ari)');
    return 2;
  }
  let bed: Testbed | undefined;
  try {
    let target = parsed.target;
    if (!target) {
      bed = await startTestbed({
        name: 'ari-codegen',
        portOffset: PORT_OFFSET,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      target = bed.info.ari;
    }
    const docs = await fetchAriDescription(target.url, target.username, target.password);
    const asterisk = await fetchAsteriskVersion(target.url, target.username, target.password);
    const text = renderAriApi(docs, { asterisk });
    const summary = summarizeAriDescription(docs);
    await writeFile(resolve(OUTPUT), text);
    const websocket =
      summary.websocketOperations.length === 0 ? '' : ` (+${summary.websocketOperations.length} WebSocket)`;
    console.log(
      `${OUTPUT}: Asterisk ${asterisk}, ARI ${docs.apiVersion}: ${summary.resources} resources, ` +
        `${summary.operations} operations${websocket}, ${summary.models} models, ${summary.events} events, ` +
        `${Buffer.byteLength(text)} bytes`,
    );
    return 0;
  } catch (err) {
    console.error(`generate-ari-api: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await bed?.stop();
  }
}
