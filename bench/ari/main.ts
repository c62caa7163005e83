/**
 * `npm run bench -- ari`: @aipbx/node-ari against ari-client and a raw bot (fetch + ws) on the
 * project's real Asterisk 22 test bed (its own instance, port offset 500).
 *
 * 1. Connect: a fresh child process per run; from just before the library is imported to the app
 *    registered. Medians over rotated rounds, and the child's peak RSS.
 * 2. Load: sipp places calls at a fixed rate; each peer's app (its own child process) answers,
 *    plays a prompt and hangs up after a while. Failed calls, the app's CPU, Asterisk's CPU.
 *
 * Flags: `--rounds=N` connect runs per peer (default 15); `--load-rounds=N` (default 3);
 * `--calls=N` (300); `--rate=N` calls/s (10); `--hold=S` seconds before the app hangs up (10);
 * `--media=URI` (sound:tt-allbusy, 9.0 s); `--peers=aipbx,ari-client,raw`; `--only=connect|load`;
 * `--warmup=N` untimed connect runs per peer first (1); `--rtp-ports=N` the bed's RTP ports (1000; 100
 * is the bed's own range, enough for 50 calls).
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureHostPackages, startTestbed, type Testbed, type TestbedInfo } from '@aipbx/testbed/bed.js';
import { build, type Plugin } from 'esbuild';
import { startBenchBed } from '../shared/bench-bed.js';
import { type AriBenchArgs, parseArgs } from './args.js';
import {
  appListed,
  channelIds,
  hangUpAll,
  logSince,
  logSize,
  logWarnings,
  waitUntil,
  widenRtpPorts,
} from './bed-support.js';
import { PeerChild } from './child-process.js';
import { dependencyClosure, folderBytes, type PackageLock } from './footprint.js';
import { CONNECT_BASELINE, LOAD_BASELINE, PEERS, type PeerDescriptor } from './peers/index.js';
import { clockTicksPerSecond, cpuSecondsBetween, readProcCpu } from './proc.js';
import type { AriTarget, ConnectReport, LoadReport, ReadyReport } from './protocol.js';
import { runSippLoad } from './sipp-load.js';
import {
  type AriBenchContext,
  type ConnectRun,
  connectCells,
  type LoadRun,
  loadCells,
  meetsConnectTarget,
  meetsLoadTarget,
  renderConsoleTable,
  renderMarkdownReport,
  summarizeConnect,
  summarizeLoad,
} from './summary.js';

/** The bench's own bed: port offset 500 (the tests use 0, 50, 100, 300; the AMI bench 400). */
const PORT_OFFSET = 500;
/** First RTP port of the bench's bed: 25000, clear of every other bed's 100 (20000 + offset × 10). */
const RTP_START = 20_000 + PORT_OFFSET * 10;

function packageVersion(root: string, descriptor: PeerDescriptor): string {
  try {
    const { version } = JSON.parse(readFileSync(join(root, descriptor.packageJson), 'utf8')) as {
      version: string;
    };
    return `${descriptor.versionPrefix ?? ''}${version}`;
  } catch {
    return '?';
  }
}

/** What was built for one peer: its child bundle, and its library when the bench builds it. */
interface PeerBuild {
  child: string;
  libraryUrl?: string;
}

function buildError(error: unknown): string {
  const first = (error as { errors?: { text: string; location?: { file: string; line: number } }[] })
    .errors?.[0];
  const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
  return `could not be built: ${first?.text ?? (error as Error).message}${where}`;
}

/**
 * Bundles one peer's child process (the runner plus that adapter; libraries stay imports, loaded
 * when the clock runs) and, for a workspace package, the library itself into a file of its own, as
 * a user's build of it would be.
 */
async function buildPeer(
  root: string,
  outDir: string,
  peer: PeerDescriptor,
): Promise<PeerBuild | { error: string }> {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  } as const;
  try {
    const child = join(outDir, `child-${peer.id}.mjs`);
    await build({
      ...common,
      stdin: {
        contents:
          `import { runChild } from './child.js';\n` +
          `import { ${peer.factory} as factory } from './peers/${peer.module}.js';\n` +
          'await runChild(factory);\n',
        resolveDir: join(root, 'bench', 'ari'),
        sourcefile: `child-${peer.id}.ts`,
        loader: 'ts',
      },
      outfile: child,
    });
    if (peer.builtLibrary === undefined) return { child };
    // As npm installs it: the package and the workspace packages it uses (@aipbx/core whole, not
    // tree-shaken into it; @aipbx/media) as files of their own, third-party dependencies (ws,
    // eventemitter3) from node_modules.
    const files: Record<string, string> = {};
    const workspaceFiles: Plugin = {
      name: 'aipbx-workspace-files',
      setup(b) {
        b.onResolve({ filter: /^@aipbx\/[a-z-]+$/ }, (a) => {
          const file = files[a.path];
          return file === undefined ? undefined : { path: `./${basename(file)}`, external: true };
        });
      },
    };
    for (const name of ['core', 'media']) {
      const file = join(outDir, `library-${peer.id}-${name}.mjs`);
      await build({
        ...common,
        entryPoints: [join(root, 'packages', name, 'src', 'index.ts')],
        outfile: file,
        plugins: [workspaceFiles],
      });
      files[`@aipbx/${name}`] = file;
    }
    const library = join(outDir, `library-${peer.id}.mjs`);
    await build({
      ...common,
      entryPoints: [join(root, peer.builtLibrary.entry)],
      outfile: library,
      plugins: [workspaceFiles],
    });
    return { child, libraryUrl: pathToFileURL(library).href };
  } catch (error) {
    return { error: buildError(error) };
  }
}

/** One connect run: spawn, wait for "connected", check Asterisk lists the app, let the child go. */
async function connectOnce(
  info: TestbedInfo,
  peer: PeerDescriptor,
  built: PeerBuild,
  target: AriTarget,
  round: number,
): Promise<ConnectRun> {
  const child = new PeerChild(built.child, {
    mode: 'connect',
    target,
    ...(built.libraryUrl === undefined ? {} : { libraryUrl: built.libraryUrl }),
  });
  try {
    const report = await child.wait<ConnectReport>('connected', 30_000);
    const listed = await waitUntil(() => appListed(info, target.app), 2000, 10);
    await child.finish();
    // The next run registers afresh: wait until Asterisk dropped this one's app.
    await waitUntil(async () => !(await appListed(info, target.app)), 5000);
    return {
      peer: peer.id,
      round,
      ok: true,
      connectMs: report.connectMs,
      loadMs: report.loadMs,
      peakRssMb: report.peakRssBytes / 1e6,
      listed,
      ...(child.stderr ? { stderr: child.stderr } : {}),
    };
  } catch (error) {
    await child.kill();
    return { peer: peer.id, round, ok: false, error: (error as Error).message };
  }
}

/** What one load run saw of the bed, for the notes. */
interface BedObservation {
  peer: string;
  round: number;
  warnings: { message: string; count: number }[];
  leftChannels: number;
  sippSeconds?: number;
}

/** One load run: the app in its child, sipp's calls, CPU of both processes over the load. */
async function loadOnce(
  root: string,
  bed: Testbed,
  peer: PeerDescriptor,
  built: PeerBuild,
  target: AriTarget,
  args: AriBenchArgs,
  round: number,
  observations: BedObservation[],
): Promise<LoadRun> {
  const { info } = bed;
  const ticks = clockTicksPerSecond();
  const child = new PeerChild(built.child, {
    mode: 'load',
    target,
    plan: { media: args.media, holdMs: args.holdSeconds * 1000 },
    ...(built.libraryUrl === undefined ? {} : { libraryUrl: built.libraryUrl }),
  });
  const base = { peer: peer.id, round, placed: args.calls };
  try {
    await child.wait<ReadyReport>('ready', 30_000);
    // The app is registered when Asterisk lists it; a call before that would hear the apology.
    await waitUntil(() => appListed(info, target.app), 2000, 10);
    const logStart = await logSize(info);
    const appBefore = readProcCpu(child.pid);
    const bedBefore = readProcCpu(info.pid);
    const sipp = await runSippLoad(info, {
      root,
      calls: args.calls,
      rate: args.rate,
      assistant: 'pizza-order',
      timeoutSec: Math.ceil(args.calls / args.rate + args.holdSeconds * 3 + 60),
    });
    // sipp ends with the last BYE; let the app see the last channels leave.
    await waitUntil(async () => (await channelIds(info)).length === 0, 15_000, 100);
    const appAfter = readProcCpu(child.pid);
    const bedAfter = readProcCpu(info.pid);
    child.send('stop');
    const report = await child.wait<LoadReport>('result', 15_000);
    await child.finish();
    const leftChannels = await hangUpAll(info).catch(() => 0);
    observations.push({
      peer: peer.id,
      round,
      warnings: logWarnings(await logSince(info, logStart)),
      leftChannels,
      sippSeconds: sipp.seconds,
    });
    await waitUntil(async () => !(await appListed(info, target.app)), 5000);
    const sippProblem =
      sipp.code !== 0 && sipp.code !== 1
        ? `sipp exited with ${sipp.code}${sipp.stderrTail.trim() ? `: ${sipp.stderrTail.trim().split('\n').at(-1)}` : ''}`
        : undefined;
    return {
      ...base,
      ok: true,
      ...(sippProblem === undefined ? {} : { error: sippProblem }),
      ...(sipp.successful === undefined ? {} : { successful: sipp.successful }),
      ...(sipp.failed === undefined ? {} : { failed: sipp.failed }),
      ...(sipp.peakCalls === undefined ? {} : { peakCalls: sipp.peakCalls }),
      ...(sipp.responseMs === undefined ? {} : { responseMs: sipp.responseMs }),
      seconds: sipp.seconds,
      ...(appBefore && appAfter ? { appCpuSeconds: cpuSecondsBetween(appBefore, appAfter, ticks) } : {}),
      ...(bedBefore && bedAfter ? { asteriskCpuSeconds: cpuSecondsBetween(bedBefore, bedAfter, ticks) } : {}),
      tally: report.tally,
      leftovers: report.leftovers,
      peakRssMb: report.peakRssBytes / 1e6,
      ...(child.stderr ? { stderr: child.stderr } : {}),
    };
  } catch (error) {
    await child.kill();
    await hangUpAll(info).catch(() => 0);
    return { ...base, ok: false, error: (error as Error).message };
  }
}

/** Install footprints of the peers' npm packages, from the root lockfile. */
function footprints(root: string, peers: readonly PeerDescriptor[]): AriBenchContext['footprints'] {
  let lock: PackageLock;
  try {
    lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as PackageLock;
  } catch {
    return [];
  }
  const wanted = [
    ...(peers.some((p) => p.id === 'aipbx')
      ? [{ name: '@aipbx/node-ari', path: 'node_modules/@aipbx/node-ari' }]
      : []),
    ...(peers.some((p) => p.id === 'ari-client')
      ? [{ name: 'ari-client', path: 'node_modules/ari-client' }]
      : []),
  ];
  return wanted.flatMap(({ name, path }) => {
    const closure = dependencyClosure(lock, path);
    if (closure.length === 0) return [];
    // Workspace packages are folders of source here, not what npm installs: count only the packages.
    const installed = closure.filter((p) => p.startsWith('node_modules/') || p.includes('/node_modules/'));
    const bytes = installed.reduce((n, p) => {
      try {
        return n + folderBytes(join(root, p));
      } catch {
        return n;
      }
    }, 0);
    return [
      {
        name,
        packages: closure.length,
        megabytes: bytes / 1e6,
        workspace: closure.length - installed.length,
      },
    ];
  });
}

/** Notes on the bed from what the load runs saw. */
function bedNotes(observations: readonly BedObservation[], names: Map<string, string>): string[] {
  const notes: string[] = [];
  for (const o of observations) {
    const who = `${names.get(o.peer) ?? o.peer} run ${o.round + 1}`;
    if (o.leftChannels > 0)
      notes.push(`${who}: ${o.leftChannels} channels were still up after the load and were hung up`);
    for (const w of o.warnings) notes.push(`${who}: Asterisk logged ${w.count}× "${w.message}"`);
  }
  return notes;
}

/**
 * Runs the ARI benchmark: prints the tables and writes `bench/results/ari.md`.
 *
 * @param root - the repository root
 * @param argv - flags after `npm run bench -- ari`
 * @returns 0 with tables (whatever the numbers), 1 when it could not run
 */
export async function main(root: string, argv: readonly string[]): Promise<number> {
  const log = (line: string) => console.log(line);
  let args: AriBenchArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`bench ari: ${(error as Error).message}`);
    return 1;
  }
  const outDir = join(root, 'node_modules', '.cache', 'aipbx-bench', 'ari');
  await mkdir(outDir, { recursive: true });
  const builds = new Map<string, PeerBuild | { error: string }>();
  for (const peer of args.peers) builds.set(peer.id, await buildPeer(root, outDir, peer));
  for (const peer of args.peers) {
    const built = builds.get(peer.id);
    if (built && 'error' in built) log(`bench ari: ${peer.name} ${built.error}`);
  }

  const bed = await startBenchBed('ari', PORT_OFFSET, log, { sipp: args.load });
  if (bed === undefined) return 1;
  const { info } = bed;
  const target: AriTarget = {
    url: info.ari.url,
    username: info.ari.username,
    password: info.ari.password,
    app: info.ari.app,
  };
  const connectRuns: ConnectRun[] = [];
  const loadRuns: LoadRun[] = [];
  const observations: BedObservation[] = [];
  const started = performance.now();
  try {
    if (args.load && args.rtpPorts !== 100) {
      await widenRtpPorts(info, RTP_START, args.rtpPorts).catch((error: unknown) => {
        log(`bench ari: could not widen the bed's RTP ports (${(error as Error).message}); it keeps 100`);
        args.rtpPorts = 100;
      });
    }
    const rotated = (round: number) => args.peers.map((_, i) => args.peers[(i + round) % args.peers.length]!);
    const failedBuild = (peer: PeerDescriptor) => {
      const built = builds.get(peer.id);
      return built === undefined || 'error' in built
        ? `${peer.name} ${built?.error ?? 'was not built'}`
        : undefined;
    };
    if (args.connect) {
      for (let w = 0; w < args.warmup; w++)
        for (const peer of args.peers) {
          const built = builds.get(peer.id);
          if (built && !('error' in built)) await connectOnce(info, peer, built, target, -1);
        }
      for (let round = 0; round < args.rounds; round++) {
        for (const peer of rotated(round)) {
          const problem = failedBuild(peer);
          const run: ConnectRun =
            problem !== undefined
              ? { peer: peer.id, round, ok: false, error: problem }
              : await connectOnce(info, peer, builds.get(peer.id) as PeerBuild, target, round);
          connectRuns.push(run);
        }
        const last = connectRuns.slice(-args.peers.length);
        log(
          `bench ari: connect round ${round + 1}/${args.rounds}: ` +
            last
              .map((r) => `${r.peer} ${r.ok ? `${r.connectMs?.toFixed(1)} ms` : `failed (${r.error})`}`)
              .join(', '),
        );
      }
    }
    if (args.load) {
      for (let round = 0; round < args.loadRounds; round++) {
        for (const peer of rotated(round)) {
          const problem = failedBuild(peer);
          log(
            `bench ari: load round ${round + 1}/${args.loadRounds}: ${peer.name}, ${args.calls} calls at ${args.rate}/s…`,
          );
          const run: LoadRun =
            problem !== undefined
              ? { peer: peer.id, round, ok: false, error: problem, placed: args.calls }
              : await loadOnce(
                  root,
                  bed,
                  peer,
                  builds.get(peer.id) as PeerBuild,
                  target,
                  args,
                  round,
                  observations,
                );
          loadRuns.push(run);
          const t = run.tally;
          log(
            `bench ari:   ${run.ok ? '' : `failed (${run.error}); `}sipp ${run.successful ?? '?'} ok / ${run.failed ?? '?'} failed ` +
              `in ${run.seconds?.toFixed(1) ?? '?'} s (peak ${run.peakCalls ?? '?'} up); app saw ${t?.started ?? '?'}, ` +
              `answered ${t?.answered ?? '?'}, hung up ${t?.hungUp ?? '?'}; app CPU ${run.appCpuSeconds?.toFixed(2) ?? '?'} s, ` +
              `Asterisk CPU ${run.asteriskCpuSeconds?.toFixed(2) ?? '?'} s`,
          );
          // Each run's MixMonitor recordings (the bed's dialplan records every call) are not needed.
          await rm(info.recordingsDir, { recursive: true, force: true }).catch(() => undefined);
          await mkdir(info.recordingsDir, { recursive: true }).catch(() => undefined);
        }
      }
    }
  } finally {
    await bed.stop();
  }

  const peers = args.peers.map((p) => ({ id: p.id, name: p.name, version: packageVersion(root, p) }));
  const name = (id: string) => PEERS.find((p) => p.id === id)?.name ?? id;
  const connectRows = args.connect ? summarizeConnect(peers, connectRuns, CONNECT_BASELINE) : [];
  const loadRows = args.load ? summarizeLoad(peers, loadRuns, LOAD_BASELINE) : [];
  const subject = name('aipbx');
  if (connectRows.length > 0) {
    log('');
    log(renderConsoleTable(connectCells(connectRows, name(CONNECT_BASELINE))));
    const row = connectRows.find((r) => r.id === 'aipbx');
    if (row && connectRows.some((r) => r.id === CONNECT_BASELINE))
      log(
        `\ntarget (connect ≤ 0.25× ${name(CONNECT_BASELINE)}): ${meetsConnectTarget(row) ? 'met' : 'not met'}`,
      );
  }
  if (loadRows.length > 0) {
    log('');
    log(renderConsoleTable(loadCells(loadRows, name(LOAD_BASELINE))));
    const row = loadRows.find((r) => r.id === 'aipbx');
    if (row && loadRows.some((r) => r.id === LOAD_BASELINE))
      log(
        `\ntarget (0 failed calls, CPU ≤ 1.5× ${name(LOAD_BASELINE)}): ${meetsLoadTarget(row) ? 'met' : 'not met'}`,
      );
  }
  const names = new Map(args.peers.map((p) => [p.id, p.name]));
  const notesOnBed = bedNotes(observations, names);
  for (const row of [...connectRows, ...loadRows])
    for (const note of row.notes) log(`note: ${row.name}, ${note}`);
  for (const note of notesOnBed) log(`bed: ${note}`);

  const context: AriBenchContext = {
    asteriskVersion: info.asteriskVersion,
    connectRounds: args.rounds,
    loadRounds: args.loadRounds,
    calls: args.calls,
    rate: args.rate,
    holdSeconds: args.holdSeconds,
    media: args.media,
    rtpPorts: args.load ? args.rtpPorts : 100,
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    date: new Date().toISOString().slice(0, 10),
    footprints: footprints(root, args.peers),
    bedNotes: notesOnBed,
  };
  const page = renderMarkdownReport(connectRows, loadRows, context, {
    subject,
    connectBaseline: name(CONNECT_BASELINE),
    loadBaseline: name(LOAD_BASELINE),
  });
  const resultsDir = join(root, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'ari.md'), page);
  log(
    `\nbench ari: wrote ${join('bench', 'results', 'ari.md')} (${((performance.now() - started) / 1000).toFixed(0)} s on the bed)`,
  );
  return 0;
}
