/**
 * `npm run bench -- ami`: events/s, event count and peak RSS of @aipbx/ami, asterisk-manager and
 * asterisk-ami-client on one recorded stream of real Asterisk events, replayed over loopback TCP.
 *
 * Flags: `--record` makes a new recording; `--rounds=N` (default 3); `--clients=aipbx,…` (ids from
 * BENCH_CLIENTS); `--timeout=S` seconds per run (default 120); `--target-mb=N` recording size (default 30);
 * `--login-pause=MS` between the login response and the stream (default 20; see ReplayServerOptions).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type ChildRequest, type ChildResult, REQUEST_VARIABLE, RESULT_MARKER } from './child-runner.js';
import { BASELINE_CLIENT_ID, BENCH_CLIENTS, type BenchClientDescriptor } from './clients/index.js';
import { recordAmiStream } from './recorder.js';
import { loadRecording, type Recording, saveRecording } from './recording.js';
import { type ReplayServer, startReplayServer } from './replay-server.js';
import {
  type BenchContext,
  meetsTarget,
  type RunMeasurement,
  renderConsoleTable,
  renderMarkdownReport,
  summarize,
  tableCells,
} from './summary.js';

/** Parsed command line. */
interface BenchArgs {
  record: boolean;
  rounds: number;
  clients: BenchClientDescriptor[];
  timeoutMs: number;
  targetBytes: number;
  loginPauseMs: number;
}

/** Reads the flags; throws with the offending flag and what is allowed. */
function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    record: false,
    rounds: 3,
    clients: [...BENCH_CLIENTS],
    timeoutMs: 120_000,
    targetBytes: 30 * 1024 * 1024,
    loginPauseMs: 20,
  };
  const positive = (flag: string, value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, got "${value}".`);
    return n;
  };
  for (const arg of argv) {
    const [flag = '', value = ''] = arg.split('=', 2);
    if (flag === '--record') args.record = true;
    else if (flag === '--rounds') args.rounds = Math.round(positive(flag, value));
    else if (flag === '--timeout') args.timeoutMs = positive(flag, value) * 1000;
    else if (flag === '--target-mb') args.targetBytes = positive(flag, value) * 1024 * 1024;
    else if (flag === '--login-pause') {
      args.loginPauseMs = Number(value);
      if (!Number.isInteger(args.loginPauseMs) || args.loginPauseMs < 0) {
        throw new Error(`--login-pause needs whole milliseconds, 0 or more, got "${value}".`);
      }
    } else if (flag === '--clients') {
      const ids = value.split(',').filter(Boolean);
      const unknown = ids.filter((id) => !BENCH_CLIENTS.some((c) => c.id === id));
      if (unknown.length > 0 || ids.length === 0) {
        throw new Error(
          `--clients takes ids from: ${BENCH_CLIENTS.map((c) => c.id).join(', ')} (got "${value}").`,
        );
      }
      args.clients = BENCH_CLIENTS.filter((c) => ids.includes(c.id));
    } else {
      throw new Error(
        `Unknown flag "${arg}". Flags: --record, --rounds=N, --clients=id,…, --timeout=S, --target-mb=N, ` +
          '--login-pause=MS.',
      );
    }
  }
  return args;
}

function packageVersion(root: string, descriptor: BenchClientDescriptor): string {
  try {
    return (JSON.parse(readFileSync(join(root, descriptor.packageJson), 'utf8')) as { version: string })
      .version;
  } catch {
    return '?';
  }
}

/**
 * Bundles one client's child process: the runner plus that client's adapter only, so each
 * process loads one library. Resolves to the bundle path, or to an error message.
 */
async function buildChild(
  root: string,
  outDir: string,
  descriptor: BenchClientDescriptor,
): Promise<{ path: string } | { error: string }> {
  const outfile = join(outDir, `child-${descriptor.id}.mjs`);
  try {
    await build({
      stdin: {
        contents:
          `import { runChild } from './child-runner.js';\n` +
          `import { ${descriptor.factory} as factory } from './clients/${descriptor.module}.js';\n` +
          'await runChild(factory);\n',
        resolveDir: join(root, 'bench', 'ami'),
        sourcefile: `child-${descriptor.id}.ts`,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      // Libraries load from node_modules as users get them; workspace packages are built from source.
      packages: 'external',
      alias: {
        '@aipbx/ami': join(root, 'packages', 'ami', 'src', 'index.ts'),
        '@aipbx/core': join(root, 'packages', 'core', 'src', 'index.ts'),
      },
      logLevel: 'silent',
    });
    return { path: outfile };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { file: string; line: number } }[] })
      .errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
    return { error: `could not be built: ${first?.text ?? (error as Error).message}${where}` };
  }
}

/** Runs one client in a child process against the replay server and measures it. */
async function runOnce(
  descriptor: BenchClientDescriptor,
  bundle: string,
  server: ReplayServer,
  request: ChildRequest,
  round: number,
): Promise<RunMeasurement> {
  const sessionIndex = server.sessions.length;
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, [REQUEST_VARIABLE]: JSON.stringify(request) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderrTail = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-2000);
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), request.timeoutMs + 20_000);
  const code = await new Promise<number | null>((resolve) => {
    child.once('close', (exitCode) => resolve(exitCode));
    child.once('error', () => resolve(null));
  });
  clearTimeout(killer);
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  const failed = (error: string): RunMeasurement => ({
    client: descriptor.id,
    round,
    ok: false,
    error,
    events: 0,
    byName: {},
    end: 'error',
  });
  if (line === undefined) {
    const why = stderrTail.trim().split('\n').slice(-3).join(' | ') || 'no output';
    return failed(`the child process exited with ${code} and no result (${why})`);
  }
  const result = JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult;
  const session = server.sessions[sessionIndex];
  // The clock starts at the first stream byte the server wrote (after the login), and stops at the last event.
  const start = session?.streamStartMs ?? result.connectedMs ?? result.connectStartMs;
  const seconds = result.lastEventMs === undefined ? undefined : (result.lastEventMs - start) / 1000;
  const libraryErrors = result.errors.length > 0 ? `; library errors: ${result.errors.join(' | ')}` : '';
  return {
    client: descriptor.id,
    round,
    ok: result.ok,
    ...(result.error === undefined && libraryErrors === ''
      ? {}
      : { error: `${result.error ?? 'ran'}${libraryErrors}` }),
    events: result.events,
    byName: result.byName,
    ...(seconds === undefined || seconds <= 0 ? {} : { seconds, eventsPerSecond: result.events / seconds }),
    peakRssMb: result.peakRssBytes / 1e6,
    end: result.end,
  };
}

/** Loads the cached recording, or records one from the test bed (also when `force`). */
async function ensureRecording(
  root: string,
  cacheDir: string,
  args: BenchArgs,
  log: (line: string) => void,
): Promise<Recording> {
  if (!args.record) {
    const cached = await loadRecording(cacheDir);
    if (cached !== undefined) return cached;
    log('bench ami: no recording yet; recording one from the Asterisk test bed (a few minutes, once)');
  } else {
    log('bench ami: --record: making a new recording from the Asterisk test bed');
  }
  const recording = await recordAmiStream({
    scenarioFile: join(root, 'testbed', 'sipp', 'call-assistant.xml'),
    targetBytes: args.targetBytes,
    log,
  });
  await saveRecording(cacheDir, recording);
  return recording;
}

/**
 * Runs the AMI benchmark: prints the table and writes `bench/results/ami.md`.
 *
 * @param root - the repository root
 * @param argv - flags after `npm run bench -- ami`
 * @returns the process exit code: 0 with a table (whatever the numbers), 1 when it could not run
 */
export async function main(root: string, argv: readonly string[]): Promise<number> {
  const log = (line: string) => console.log(line);
  let args: BenchArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`bench ami: ${(error as Error).message}`);
    return 1;
  }
  const cacheDir = join(root, 'node_modules', '.cache', 'aipbx-bench');
  await mkdir(cacheDir, { recursive: true });

  let recording: Recording;
  try {
    recording = await ensureRecording(root, cacheDir, args, log);
  } catch (error) {
    console.error(
      `bench ami: cannot run without a recording, and recording failed: ${(error as Error).message}\n` +
        'Recording needs the Asterisk test bed (Debian, root, sipp): see docs/testing.md, `npm run testbed -- setup`.',
    );
    return 1;
  }
  const { info } = recording;
  log(
    `bench ami: stream ${(info.bytes / 1e6).toFixed(1)} MB, ${info.events.toLocaleString('en-US')} events ` +
      `(${info.asteriskVersion}, ${info.calls} calls, recorded ${info.recordedAt})`,
  );

  const bundles = new Map<string, { path: string } | { error: string }>();
  for (const descriptor of args.clients)
    bundles.set(descriptor.id, await buildChild(root, cacheDir, descriptor));

  // Fresh credentials for the replay server; only the children get them.
  const credentials = { username: 'aipbx-bench', secret: randomBytes(12).toString('hex') };
  const server = await startReplayServer({
    stream: recording.stream,
    banner: info.banner,
    ...credentials,
    pauseAfterLoginMs: args.loginPauseMs,
  });
  const runs: RunMeasurement[] = [];
  try {
    for (let round = 0; round < args.rounds; round++) {
      const order = args.clients.map((_, i) => args.clients[(i + round) % args.clients.length]!);
      for (const descriptor of order) {
        const bundle = bundles.get(descriptor.id);
        let run: RunMeasurement;
        if (bundle === undefined || 'error' in bundle) {
          run = {
            client: descriptor.id,
            round,
            ok: false,
            error: `${descriptor.name} ${bundle?.error ?? 'was not built'}`,
            events: 0,
            byName: {},
            end: 'error',
          };
        } else {
          run = await runOnce(
            descriptor,
            bundle.path,
            server,
            {
              target: { host: server.host, port: server.port, ...credentials },
              expected: info.events,
              timeoutMs: args.timeoutMs,
              idleMs: 3000,
            },
            round,
          );
        }
        runs.push(run);
        log(
          `bench ami: round ${round + 1}/${args.rounds} ${descriptor.name}: ` +
            (run.eventsPerSecond === undefined
              ? `no rate (${run.error ?? run.end})`
              : `${Math.round(run.eventsPerSecond).toLocaleString('en-US')} events/s, ` +
                `${run.events.toLocaleString('en-US')}/${info.events.toLocaleString('en-US')} events in ` +
                `${run.seconds?.toFixed(3)} s, peak RSS ${run.peakRssMb?.toFixed(1)} MB` +
                (run.error === undefined ? '' : ` (${run.error})`)),
        );
      }
    }
  } finally {
    await server.close();
  }

  const clients = args.clients.map((d) => ({ id: d.id, name: d.name, version: packageVersion(root, d) }));
  const rows = summarize(clients, runs, info.events, info.byName, BASELINE_CLIENT_ID);
  const baselineName = BENCH_CLIENTS.find((c) => c.id === BASELINE_CLIENT_ID)?.name ?? BASELINE_CLIENT_ID;
  const context: BenchContext = {
    sent: info.events,
    bytes: info.bytes,
    asteriskVersion: info.asteriskVersion,
    calls: info.calls,
    recordedAt: info.recordedAt,
    rounds: args.rounds,
    loginPauseMs: args.loginPauseMs,
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
  };
  log('');
  log(renderConsoleTable(tableCells(rows, info.events, baselineName)));
  const subject = rows.find((r) => r.id === 'aipbx');
  if (subject !== undefined && rows.some((r) => r.id === BASELINE_CLIENT_ID)) {
    log(
      `\ntarget (≥ 5× ${baselineName}, exact count, RSS no higher): ${meetsTarget(subject, info.events) ? 'met' : 'not met'}`,
    );
  }
  for (const row of rows) for (const note of row.notes) log(`note: ${row.name}, ${note}`);
  const page = renderMarkdownReport(rows, context, baselineName, '@aipbx/ami');
  const resultsDir = join(root, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'ami.md'), page);
  log(`\nbench ami: wrote ${join('bench', 'results', 'ami.md')}`);
  return 0;
}
