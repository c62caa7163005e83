/**
 * `npm start -w @aipbx/example-ami-monitor [-- --port N] [-- --db FILE]`: the AMI monitor for the
 * demo's PBX (or the Asterisk the `AIPBX_*` variables describe), on 127.0.0.1 until Ctrl-C.
 */
import { join } from 'node:path';
import { demoConnection, demoStateDir } from '@aipbx/demo/demo-connection.js';
import { untilStopped } from '@aipbx/demo/example-run.js';
import { startAmiMonitor } from './monitor-server.js';

/** The port `main` listens on without `--port`. */
export const DEFAULT_PORT = 4401;

const USAGE =
  'usage: npm start -w @aipbx/example-ami-monitor -- [--port N] [--db FILE] [--context NAME]\n' +
  `  --port N        HTTP port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)\n` +
  '  --db FILE       SQLite file of the call history (default <demo state dir>/ami-monitor.sqlite)\n' +
  '  --context NAME  dialplan context click-to-call dials in (default aipbx-operators; FreePBX from-internal)\n';

/** What the command line asks for. */
export interface MainArgs {
  port: number;
  dbFile: string;
  /** Click-to-call's dialplan context, when not the default. */
  context?: string;
}

/**
 * Reads `--port N`, `--db FILE` and `--context NAME` (also `--port=N` and so on).
 *
 * @throws Error with what is wrong, for the usage message
 */
export function parseArgs(args: readonly string[]): MainArgs {
  let port = DEFAULT_PORT;
  let dbFile = join(demoStateDir(), 'ami-monitor.sqlite');
  let context: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) {
        throw new Error(`${name} needs a value`);
      }
      return v;
    };
    if (name === '--port') {
      const raw = value();
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n > 65535)
        throw new Error(`--port must be a port number (0-65535), not "${raw}"`);
      port = n;
    } else if (name === '--db') {
      dbFile = value();
    } else if (name === '--context') {
      context = value();
    } else {
      throw new Error(`unknown argument "${arg}"`);
    }
  }
  return context === undefined ? { port, dbFile } : { port, dbFile, context };
}

/** Runs the monitor until SIGINT or SIGTERM; the exit code. */
export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let parsed: MainArgs;
  try {
    parsed = parseArgs(args);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let server: Awaited<ReturnType<typeof startAmiMonitor>>;
  try {
    const { ami } = demoConnection(process.env, ['ami']);
    server = await startAmiMonitor({
      ami,
      listen: { host: '127.0.0.1', port: parsed.port },
      dbFile: parsed.dbFile,
      ...(parsed.context === undefined ? {} : { clickToCall: { context: parsed.context } }),
      log,
    });
  } catch (err) {
    process.stderr.write(`ami-monitor: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`AMI monitor: ${server.url} (history in ${parsed.dbFile}); Ctrl-C stops it.\n`);
  const signal = await untilStopped();
  process.stdout.write(`ami-monitor: ${signal}, stopping\n`);
  await server.close();
  return 0;
}
