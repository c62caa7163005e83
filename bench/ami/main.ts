/**
 * `npm run bench -- ami`: events/s, event count and peak RSS of @aipbx/ami, asterisk-manager and
 * asterisk-ami-client on recorded streams of real Asterisk events, replayed over loopback TCP.
 *
 * Flags (args.ts): `--mix=assistant,operators` the bench's own recordings to replay (default
 * `assistant`); `--capture=PATH` a capture file to replay (repeatable; see capture-file.ts);
 * `--record` makes the selected mixes' recordings again; `--rounds=N` (default 3);
 * `--clients=aipbx,…` (ids from BENCH_CLIENTS); `--timeout=S` seconds per run (default 120);
 * `--target-mb=N` recording size (default 30); `--login-pause=MS` between the login response and
 * the stream (default 20; see ReplayServerOptions).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { workspaceFromSource } from '../../scripts/esbuild-workspace.mjs';
import { type AmiBenchArgs, parseArgs } from './args.js';
import { type Capture, loadCapture } from './capture-file.js';
import { type ChildRequest, type ChildResult, REQUEST_VARIABLE, RESULT_MARKER } from './child-runner.js';
import { BASELINE_CLIENT_ID, BENCH_CLIENTS, type BenchClientDescriptor } from './clients/index.js';
import { recordAmiStream } from './recorder.js';
import { loadRecording, type Recording, type RecordingMix, saveRecording } from './recording.js';
import { type ReplayServer, startReplayServer } from './replay-server.js';
import { censusAmiStream } from './stream-census.js';
import {
  type BenchContext,
  meetsTarget,
  type RunMeasurement,
  renderConsoleTable,
  renderMarkdownReport,
  type StreamReport,
  summarize,
  tableCells,
} from './summary.js';

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
      ...workspaceFromSource,
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

/** One stream to replay: a recording of the bench's own or a capture file. */
interface ReplaySource {
  /** Short name in progress lines: `assistant`, `operators`, or the capture's file name. */
  label: string;
  /** The report's section heading and source sentence. */
  title: string;
  source: string;
  stream: Buffer;
  banner: string;
  events: number;
  byName: Record<string, number>;
  /** Events with non-ASCII (UTF-8) text. */
  nonAsciiEvents: number;
}

/** What each mix's load is, for the report's headings. */
const MIX_TITLES: Record<RecordingMix, string> = {
  assistant: 'trunk calls to assistants (Stasis-answered and apology)',
  operators:
    'desk phones calling each other (answered with DTMF and hold, busy, ringing out), click-to-calls, assistant calls',
};

/** Loads the mix's cached recording, or records one from the test bed (also with `--record`). */
async function ensureRecording(
  root: string,
  cacheDir: string,
  mix: RecordingMix,
  args: AmiBenchArgs,
  log: (line: string) => void,
): Promise<Recording> {
  if (!args.record) {
    const cached = await loadRecording(cacheDir, mix);
    if (cached !== undefined) return cached;
    log(
      `bench ami: no "${mix}" recording yet; recording one from the Asterisk test bed (a few minutes, once)`,
    );
  } else {
    log(`bench ami: --record: making a new "${mix}" recording from the Asterisk test bed`);
  }
  const recording = await recordAmiStream({ mix, root, targetBytes: args.targetBytes, log });
  await saveRecording(cacheDir, recording);
  return recording;
}

function recordingSource(mix: RecordingMix, recording: Recording): ReplaySource {
  const { info } = recording;
  return {
    label: mix,
    title: `Recording "${mix}": ${MIX_TITLES[mix]}`,
    source:
      `One recorded stream of real ${info.asteriskVersion} AMI events (${(info.bytes / 1e6).toFixed(1)} MB, ` +
      `${info.events.toLocaleString('en-US')} events from ${info.calls.toLocaleString('en-US')} calls, ` +
      `recorded ${info.recordedAt.slice(0, 10)})`,
    stream: recording.stream,
    banner: info.banner,
    events: info.events,
    byName: info.byName,
    nonAsciiEvents: censusAmiStream(recording.stream).nonAsciiEvents,
  };
}

function captureSource(path: string, capture: Capture): ReplaySource {
  const notes = [
    capture.bannerInFile ? `banner ${capture.banner}` : `no banner (replayed with ${capture.banner})`,
    ...(capture.loginResponseRemoved ? ['login response taken off'] : []),
    ...(capture.partialTailBytes > 0
      ? [`a partial last frame of ${capture.partialTailBytes} bytes left out`]
      : []),
  ];
  return {
    label: basename(path),
    title: `Capture \`${basename(path)}\``,
    source:
      `The capture file \`${path}\` (${(capture.stream.length / 1e6).toFixed(1)} MB, ` +
      `${capture.census.events.toLocaleString('en-US')} events; ${notes.join(', ')})`,
    stream: capture.stream,
    banner: capture.banner,
    events: capture.census.events,
    byName: capture.census.byName,
    nonAsciiEvents: capture.census.nonAsciiEvents,
  };
}

/**
 * Runs the AMI benchmark: prints a table per stream and writes `bench/results/ami.md`.
 *
 * @param root - the repository root
 * @param argv - flags after `npm run bench -- ami`
 * @returns the process exit code: 0 with tables (whatever the numbers), 1 when it could not run
 */
export async function main(root: string, argv: readonly string[]): Promise<number> {
  const log = (line: string) => console.log(line);
  let args: AmiBenchArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`bench ami: ${(error as Error).message}`);
    return 1;
  }
  const cacheDir = join(root, 'node_modules', '.cache', 'aipbx-bench');
  await mkdir(cacheDir, { recursive: true });

  const sources: ReplaySource[] = [];
  for (const mix of args.mixes) {
    try {
      sources.push(recordingSource(mix, await ensureRecording(root, cacheDir, mix, args, log)));
    } catch (error) {
      console.error(
        `bench ami: cannot run without the "${mix}" recording, and recording failed: ${(error as Error).message}\n` +
          'Recording needs the Asterisk test bed (Debian, root, sipp): see docs/testing.md, `npm run testbed -- setup`.',
      );
      return 1;
    }
  }
  // Relative capture paths are read from where npm was started (npm runs scripts from the root).
  const base = process.env.INIT_CWD ?? root;
  for (const path of args.captures) {
    try {
      sources.push(captureSource(path, await loadCapture(resolve(base, path))));
    } catch (error) {
      console.error(`bench ami: ${(error as Error).message}`);
      return 1;
    }
  }
  for (const source of sources) {
    log(`bench ami: stream ${source.label}: ${source.source}`);
  }

  const bundles = new Map<string, { path: string } | { error: string }>();
  for (const descriptor of args.clients)
    bundles.set(descriptor.id, await buildChild(root, cacheDir, descriptor));

  // Fresh credentials for the replay servers; only the children get them.
  const credentials = { username: 'aipbx-bench', secret: randomBytes(12).toString('hex') };
  const servers: ReplayServer[] = [];
  const runs = new Map<ReplaySource, RunMeasurement[]>(sources.map((source) => [source, []]));
  try {
    for (const source of sources) {
      servers.push(
        await startReplayServer({
          stream: source.stream,
          banner: source.banner,
          ...credentials,
          pauseAfterLoginMs: args.loginPauseMs,
        }),
      );
    }
    for (let round = 0; round < args.rounds; round++) {
      for (const [index, source] of sources.entries()) {
        const server = servers[index]!;
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
                expected: source.events,
                timeoutMs: args.timeoutMs,
                idleMs: 3000,
              },
              round,
            );
          }
          runs.get(source)!.push(run);
          const expected = source.events.toLocaleString('en-US');
          log(
            `bench ami: round ${round + 1}/${args.rounds}${sources.length > 1 ? ` ${source.label}` : ''} ${descriptor.name}: ` +
              (run.eventsPerSecond === undefined
                ? `no rate (${run.error ?? run.end})`
                : `${Math.round(run.eventsPerSecond).toLocaleString('en-US')} events/s, ` +
                  `${run.events.toLocaleString('en-US')}/${expected} events in ` +
                  `${run.seconds?.toFixed(3)} s, peak RSS ${run.peakRssMb?.toFixed(1)} MB` +
                  (run.error === undefined ? '' : ` (${run.error})`)),
          );
        }
      }
    }
  } finally {
    for (const server of servers) await server.close();
  }

  const clients = args.clients.map((d) => ({ id: d.id, name: d.name, version: packageVersion(root, d) }));
  const baselineName = BENCH_CLIENTS.find((c) => c.id === BASELINE_CLIENT_ID)?.name ?? BASELINE_CLIENT_ID;
  const reports: StreamReport[] = sources.map((source) => ({
    title: source.title,
    source: source.source,
    sent: source.events,
    bytes: source.stream.length,
    byName: source.byName,
    nonAsciiEvents: source.nonAsciiEvents,
    rows: summarize(clients, runs.get(source) ?? [], source.events, source.byName, BASELINE_CLIENT_ID),
  }));
  for (const report of reports) {
    log('');
    log(`${report.title}`);
    log(renderConsoleTable(tableCells(report.rows, report.sent, baselineName)));
    const subject = report.rows.find((r) => r.id === 'aipbx');
    if (subject !== undefined && report.rows.some((r) => r.id === BASELINE_CLIENT_ID)) {
      log(
        `target (≥ 5× ${baselineName}, exact count, RSS no higher): ${meetsTarget(subject, report.sent) ? 'met' : 'not met'}`,
      );
    }
    for (const row of report.rows) for (const note of row.notes) log(`note: ${row.name}, ${note}`);
  }
  const context: BenchContext = {
    rounds: args.rounds,
    loginPauseMs: args.loginPauseMs,
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    command: ['npm run bench -- ami', ...argv.filter((a) => a !== '--record')].join(' '),
  };
  const page = renderMarkdownReport(reports, context, baselineName, '@aipbx/ami');
  const resultsDir = join(root, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'ami.md'), page);
  log(`\nbench ami: wrote ${join('bench', 'results', 'ami.md')}`);
  return 0;
}
