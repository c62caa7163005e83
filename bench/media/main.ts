/**
 * `npm run bench -- media`: `call.media()` of @aipbx/node-ari over websocket, audiosocket and rtp on
 * the project's real Asterisk 22 test bed (its own instance, port offset 700).
 *
 * 1. Latency: one call at a time; the app writes 100 ms bursts of 1 kHz and times each until the
 *    far end's echo of it comes back in what it reads. The far end is the bench's own RTP socket
 *    (the SIP offer names its port), which stamps each burst as it passes, so both legs are
 *    measured on the system's monotonic clock; a few calls use sipp's `-rtp_echo` instead, as a
 *    cross-check of the round trip.
 * 2. Load: sipp places `--calls` calls at `--rate`/s, each playing a 1 kHz tone; the app (a child
 *    process) opens media on each, reads every frame and writes a continuous 440 Hz tone for
 *    `--seconds`. Calls, frames in and out, late frames, CPU of the app, Asterisk and sipp.
 *
 * Flags: see args.ts and bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { ensureHostPackages, startTestbed, type Testbed, type TestbedInfo } from '@aipbx/testbed/bed.js';
import { readWav, toneRuns } from '@aipbx/testbed/support/audio.js';
import { build } from 'esbuild';
import { workspaceFromSource } from '../../scripts/esbuild-workspace.mjs';
import {
  appListed,
  ariRequest,
  channelIds,
  hangUpAll,
  logSince,
  logSize,
  logWarnings,
  waitUntil,
  widenRtpPorts,
} from '../ari/bed-support.js';
import { clockTicksPerSecond, cpuSecondsBetween, type ProcCpu, readProcCpu } from '../ari/proc.js';
import { machineLoadBefore, machineLoadNote, startBenchBed } from '../shared/bench-bed.js';
import { renderConsoleTable } from '../shared/table.js';
import { AppProcess } from './app-process.js';
import { type MediaBenchArgs, parseArgs, type Transport } from './args.js';
import {
  type MachineCpu,
  readMachineCpu,
  readProcessTicks,
  readThreadSched,
  topConsumers,
} from './machine.js';
import type { AppRequest } from './protocol.js';
import { latencyCells, loadCells, loadVerdict, renderMarkdownReport, TRANSPORT_LABEL } from './report.js';
import { monotonicMs, type RtpEcho, startRtpEcho } from './rtp-echo.js';
import { type Scenarios, startSipp, writeScenarios } from './sipp-calls.js';
import {
  type CpuUse,
  type Heard,
  heardFromRuns,
  type LatencyCall,
  type LatencySummary,
  type LoadObservation,
  type LoadSummary,
  summarizeLatency,
  summarizeLoad,
} from './stats.js';

/** The commit the library is built from, and whether packages/ differs from it. */
export function checkout(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? `commit ${head}` : `commit ${head} with uncommitted changes in packages/`;
  } catch {
    return 'commit unknown';
  }
}

/** The bench's own bed: port offset 700 (tests 0–300, the AMI bench 400, ARI 500, widget 600). */
const PORT_OFFSET = 700;
/** First RTP port of the bed once widened: 27000, clear of every other bed's range. */
const RTP_START = 20_000 + PORT_OFFSET * 10;
const LISTEN_HOST = '127.0.0.1';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Bundles the app process with @aipbx/node-ari and @aipbx/core from this checkout's source. */
export async function buildApp(root: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'app-child.mjs');
  await build({
    entryPoints: [join(root, 'bench', 'media', 'app-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    ...workspaceFromSource,
    outfile,
  });
  return outfile;
}

function request(info: TestbedInfo, args: MediaBenchArgs, transport: Transport, mode: AppRequest['mode']) {
  return {
    ari: { url: info.ari.url, username: info.ari.username, password: info.ari.password, app: info.ari.app },
    transport,
    listen: { host: LISTEN_HOST, ...args.listen },
    mode,
    bursts: args.bursts,
    holdMs: args.seconds * 1000,
    calls: args.calls,
  } satisfies AppRequest;
}

async function startApp(
  bundle: string,
  info: TestbedInfo,
  req: AppRequest,
  nice: number | undefined,
): Promise<AppProcess> {
  const app = new AppProcess(bundle, req, nice);
  try {
    await app.next('ready', 30_000);
    // The app is registered when Asterisk lists it; a call before that would hear the apology.
    if (!(await waitUntil(() => appListed(info, req.ari.app), 5000, 10)))
      throw new Error('Asterisk does not list the app');
    return app;
  } catch (error) {
    await app.kill();
    throw error;
  }
}

/** Waits until Asterisk has no channel left (hangs up what is left after `timeoutMs`). */
async function quiet(info: TestbedInfo, timeoutMs: number): Promise<number> {
  if (await waitUntil(async () => (await channelIds(info)).length === 0, timeoutMs, 50)) return 0;
  return hangUpAll(info).catch(() => 0);
}

/** One latency call: sipp calls in, the app bursts, the echo answers. */
async function latencyCall(
  info: TestbedInfo,
  app: AppProcess,
  scenarios: Scenarios,
  echo: RtpEcho | undefined,
): Promise<LatencyCall> {
  echo?.reset();
  const sipp = await startSipp(info, {
    scenario: echo ? scenarios.echo : scenarios.plain,
    calls: 1,
    rate: 1,
    timeoutSec: 60,
    ...(echo ? { keys: { rtp_port: String(echo.port) } } : { flags: ['-rtp_echo'] }),
  });
  const reported = app.next('latency', 60_000).then(
    (m) => m.report,
    (error: unknown) => new Error(message(error)),
  );
  // sipp ends with the app's BYE, after the report; if sipp ends first, the call never reached the app.
  const first = await Promise.race([reported, sipp.done.then(() => undefined)]);
  const report =
    first === undefined
      ? await Promise.race([reported, new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000))])
      : first;
  const sippResult = await sipp.done;
  const left = await quiet(info, 5000);
  const call: LatencyCall = echo ? { callerOnsets: [...echo.onsets] } : {};
  if (report instanceof Error) call.error = report.message;
  else if (report === undefined) call.error = `no report from the app (sipp exited with ${sippResult.code})`;
  else call.report = report;
  if (call.error === undefined && sippResult.code !== 0)
    call.error = `sipp exited with ${sippResult.code}: ${sippResult.stderrTail.trim().split('\n').at(-1) ?? ''}`;
  if (left > 0) call.error = `${call.error ? `${call.error}; ` : ''}${left} channels were left and hung up`;
  return call;
}

/** Every call's raw timings, kept beside the bundle for a closer look. */
const raw: { latency: Record<string, unknown>; load: Record<string, unknown> } = { latency: {}, load: {} };

async function latencyRun(
  bundle: string,
  info: TestbedInfo,
  args: MediaBenchArgs,
  transport: Transport,
  scenarios: Scenarios,
  echo: RtpEcho,
  log: (line: string) => void,
): Promise<LatencySummary> {
  const calls: LatencyCall[] = [];
  const sippCalls: LatencyCall[] = [];
  let app: AppProcess | undefined;
  const idle = await waitForIdle(args.idleWait * 1000);
  if (!idle.idle)
    log(
      `bench media:   the machine stayed busy (${idle.cores.toFixed(2)} cores used by others): running anyway`,
    );
  try {
    app = await startApp(bundle, info, request(info, args, transport, 'latency'), args.appNice);
    for (let i = 0; i < args.rounds; i++) calls.push(await latencyCall(info, app, scenarios, echo));
    for (let i = 0; i < args.sippEcho; i++)
      sippCalls.push(await latencyCall(info, app, scenarios, undefined));
    app.stop();
    await app.finish();
  } catch (error) {
    calls.push({ error: message(error) });
    await app?.kill();
  }
  const summary = summarizeLatency(transport, calls, sippCalls);
  raw.latency[transport] = { calls, sippCalls };
  log(
    `bench media: latency ${TRANSPORT_LABEL[transport]}: ${summary.callsOk}/${summary.calls} calls ok, ` +
      `round trip median ${summary.roundTrip?.median.toFixed(1) ?? '?'} ms (p99 ${summary.roundTrip?.p99.toFixed(1) ?? '?'}), ` +
      `app→caller ${summary.appToCaller?.median.toFixed(1) ?? '?'} ms, caller→app ${summary.callerToApp?.median.toFixed(1) ?? '?'} ms, ` +
      `sipp echo ${summary.sippRoundTrip?.median.toFixed(1) ?? '?'} ms`,
  );
  for (const e of new Set(summary.errors)) log(`bench media:   error: ${e}`);
  return summary;
}

export function cpuUse(
  before: ProcCpu | undefined,
  after: ProcCpu | undefined,
  seconds: number,
): CpuUse | undefined {
  if (before === undefined || after === undefined || !(seconds > 0)) return undefined;
  const used = cpuSecondsBetween(before, after, clockTicksPerSecond());
  return { seconds: used, cores: used / seconds };
}

export function machineUse(
  before: MachineCpu | undefined,
  after: MachineCpu | undefined,
  seconds: number,
): CpuUse | undefined {
  if (before === undefined || after === undefined || !(seconds > 0)) return undefined;
  const used = (after.busyTicks - before.busyTicks) / clockTicksPerSecond();
  return { seconds: used, cores: used / seconds };
}

/**
 * Waits until the machine's processes use less than 0.2 cores over 2 s (the load's numbers need the
 * cores to themselves), at most `maxMs`; says how busy the last 2 s were.
 */
export async function waitForIdle(maxMs: number): Promise<{ idle: boolean; cores: number }> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const before = readMachineCpu();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cores = machineUse(before, readMachineCpu(), 2)?.cores ?? 0;
    if (cores < 0.2) return { idle: true, cores };
    if (performance.now() >= deadline) return { idle: false, cores };
  }
}

/** The app's tone in each call's MixMonitor recording. */
async function heardInRecordings(info: TestbedInfo, callIds: readonly string[]): Promise<Heard[]> {
  const heard: Heard[] = [];
  for (const id of callIds) {
    const file = join(info.recordingsDir, 'pizza-order', `${id}.wav`);
    if (!existsSync(file)) continue;
    try {
      const wav = readWav(await readFile(file));
      heard.push(heardFromRuns(toneRuns(wav.samples, wav.sampleRate, 440)));
    } catch {
      // An unreadable recording says nothing about the media.
    }
  }
  return heard;
}

async function mediaLeftovers(info: TestbedInfo): Promise<{ channels: number; bridges: number }> {
  const channels = (await channelIds(info)).filter((id) => id.startsWith('aipbx-media-')).length;
  const bridges = ((await ariRequest(info, 'GET', '/bridges')) as { id: string }[]).filter((b) =>
    b.id.startsWith('aipbx-media-bridge-'),
  ).length;
  return { channels, bridges };
}

/**
 * One load run over `transport`: sipp places `args.calls` calls with the tone scenario, the app
 * (a fresh child process) reads and writes on each for `args.seconds`; CPU of the app, Asterisk and
 * sipp while every call is up, and what is left after. Failures are in the summary, never thrown.
 */
export async function loadRun(
  bundle: string,
  info: TestbedInfo,
  args: MediaBenchArgs,
  transport: Transport,
  scenarios: Scenarios,
  log: (line: string) => void,
): Promise<LoadSummary> {
  const o: LoadObservation = { transport, placed: args.calls, warnings: [] };
  const idle = await waitForIdle(args.idleWait * 1000);
  o.busyBefore = idle.cores;
  if (!idle.idle)
    log(
      `bench media:   the machine stayed busy (${idle.cores.toFixed(2)} cores used by others): running anyway`,
    );
  let app: AppProcess | undefined;
  try {
    app = await startApp(bundle, info, request(info, args, transport, 'load'), args.appNice);
    const logStart = await logSize(info);
    const appBefore = readProcCpu(app.pid);
    const bedBefore = readProcCpu(info.pid);
    const startedAt = monotonicMs();
    o.startedAt = startedAt;
    const sipp = await startSipp(info, {
      scenario: scenarios.tone,
      calls: args.calls,
      rate: args.rate,
      timeoutSec: Math.ceil(args.calls / args.rate + args.seconds + 90),
    });
    const rampMs = (args.calls / args.rate) * 1000 + 20_000;
    try {
      o.allOpenAt = (await app.next('all-open', rampMs)).at;
      const at = monotonicMs();
      const a = {
        app: readProcCpu(app.pid),
        bed: readProcCpu(info.pid),
        sipp: readProcCpu(sipp.pid),
        all: readProcessTicks(),
        sched: readThreadSched(app.pid),
      };
      o.firstCloseAt = (await app.next('first-close', args.seconds * 1000 + 30_000)).at;
      const seconds = (monotonicMs() - at) / 1000;
      const b = {
        app: readProcCpu(app.pid),
        bed: readProcCpu(info.pid),
        sipp: readProcCpu(sipp.pid),
        all: readProcessTicks(),
        sched: readThreadSched(app.pid),
      };
      o.steadySeconds = seconds;
      if (a.sched && b.sched)
        o.appThread = {
          runMs: b.sched.runMs - a.sched.runMs,
          waitMs: b.sched.waitMs - a.sched.waitMs,
          majorFaults: b.sched.majorFaults - a.sched.majorFaults,
        };
      // Every other process, from its own /proc/<pid>/stat: the kernel counts those precisely, while
      // /proc/stat samples on its tick, which Asterisk's 20 ms rhythm can beat against.
      const others = topConsumers(a.all, b.all, [app.pid, info.pid, sipp.pid, process.pid], Infinity);
      const coresOf = (ticks: number) => ticks / clockTicksPerSecond() / seconds;
      const otherTicks = others.reduce((n, p) => n + p.ticks, 0);
      o.otherCpu = { seconds: otherTicks / clockTicksPerSecond(), cores: coresOf(otherTicks) };
      o.otherProcesses = others.slice(0, 3).map((p) => ({ comm: p.comm, cores: coresOf(p.ticks) }));
      const appCpu = cpuUse(a.app, b.app, seconds);
      const asteriskCpu = cpuUse(a.bed, b.bed, seconds);
      const sippCpu = cpuUse(a.sipp, b.sipp, seconds);
      if (appCpu) o.appCpu = appCpu;
      if (asteriskCpu) o.asteriskCpu = asteriskCpu;
      if (sippCpu) o.sippCpu = sippCpu;
    } catch (error) {
      log(`bench media:   no window with every call up: ${message(error)}`);
    }
    const sippResult = await sipp.done;
    await waitUntil(async () => (await channelIds(info)).length === 0, 20_000, 100);
    const wholeSeconds = (monotonicMs() - startedAt) / 1000;
    o.wholeSeconds = wholeSeconds;
    const appCpuWhole = cpuUse(appBefore, readProcCpu(app.pid), wholeSeconds);
    const asteriskCpuWhole = cpuUse(bedBefore, readProcCpu(info.pid), wholeSeconds);
    if (appCpuWhole) o.appCpuWhole = appCpuWhole;
    if (asteriskCpuWhole) o.asteriskCpuWhole = asteriskCpuWhole;
    if (sippResult.successful !== undefined) o.sippSuccessful = sippResult.successful;
    if (sippResult.failed !== undefined) o.sippFailed = sippResult.failed;
    if (sippResult.code !== 0 && sippResult.code !== 1)
      o.sippProblem = `sipp exited with ${sippResult.code}: ${sippResult.stderrTail.trim().split('\n').at(-1) ?? ''}`;
    app.stop();
    o.report = (await app.next('load', 30_000)).report;
    await app.finish();
    if (app.stderr) o.error = `the app printed: ${app.stderr.split('\n').slice(-3).join(' | ')}`;
    const left = await mediaLeftovers(info).catch(() => undefined);
    if (left) {
      o.leftoverMediaChannels = left.channels;
      o.leftoverMediaBridges = left.bridges;
    }
    await hangUpAll(info).catch(() => 0);
    o.warnings = logWarnings(await logSince(info, logStart));
    o.heard = await heardInRecordings(
      info,
      o.report.calls.filter((c) => c.error === undefined).map((c) => c.callId),
    );
  } catch (error) {
    o.error = message(error);
    await app?.kill();
    await hangUpAll(info).catch(() => 0);
  }
  // The recordings of this run are not needed any more.
  await rm(info.recordingsDir, { recursive: true, force: true }).catch(() => undefined);
  await mkdir(info.recordingsDir, { recursive: true }).catch(() => undefined);
  const s = summarizeLoad(o);
  raw.load[transport] = o;
  log(
    `bench media: load ${TRANSPORT_LABEL[transport]}: sipp ${s.sippSuccessful ?? '?'} ok / ${s.sippFailed ?? '?'} failed; ` +
      `media ${s.callsWithMedia}/${s.placed}; frames in ${s.framesIn}/${s.framesInExpected} (dropped ${s.framesInDropped}); ` +
      `out ${s.framesOut}/${s.framesOutExpected}, late ${s.lateTicks}; app ${o.appCpu?.cores.toFixed(2) ?? '?'} cores, ` +
      `Asterisk ${o.asteriskCpu?.cores.toFixed(2) ?? '?'} cores`,
  );
  if (o.error) log(`bench media:   ${o.error}`);
  return s;
}

/** Notes for the page from what the runs saw. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

function notes(latency: readonly LatencySummary[], load: readonly LoadSummary[]): string[] {
  const out: string[] = [];
  for (const l of latency) {
    const errors = [...new Set(l.errors)];
    if (errors.length > 0)
      out.push(
        `latency, ${TRANSPORT_LABEL[l.transport]}: ${l.errors.length} failed calls: ${errors.slice(0, 3).join('; ')}`,
      );
  }
  for (const s of load) {
    const o = s.observation;
    const who = `load, ${TRANSPORT_LABEL[s.transport]}`;
    if (o.error) out.push(`${who}: ${o.error}`);
    if (o.sippProblem) out.push(`${who}: ${o.sippProblem}`);
    const errors = [...new Set(s.mediaErrors)];
    if (errors.length > 0)
      out.push(`${who}: ${s.mediaErrors.length} calls without media: ${errors.slice(0, 3).join('; ')}`);
    for (const e of o.report?.appErrors ?? []) out.push(`${who}: the app's error event: ${e}`);
    for (const w of o.warnings) out.push(`${who}: Asterisk logged ${w.count}× "${w.message}"`);
    if (s.lateTicks > 0) {
      const t = o.appThread;
      const gc = o.report?.gc;
      out.push(
        `${who}: ${count(s.causes.lateInStalls)} of the ${count(s.causes.late)} late frames came next to a stall of the app's event loop of 15 ms or more (${s.causes.stallSlots} such 100 ms slots, the longest ${s.causes.longestStallMs.toFixed(1)} ms); a stall makes every call's next tick late at once` +
          (t
            ? `. Over the ${(o.steadySeconds ?? 0).toFixed(1)} s with all calls up the app's main thread ran ${(t.runMs / 1000).toFixed(1)} s and waited ${(t.waitMs / 1000).toFixed(1)} s for a CPU`
            : '') +
          (gc ? `; its longest GC pause was ${gc.maxMs.toFixed(1)} ms` : '') +
          `; Asterisk used ${o.asteriskCpu?.cores.toFixed(2) ?? '?'} cores, sipp ${o.sippCpu?.cores.toFixed(2) ?? '?'}, every other process ${o.otherCpu?.cores.toFixed(2) ?? '?'}, on ${availableParallelism()} cores`,
      );
    }
    const ended = (o.report?.calls ?? []).filter((c) => c.endReason !== undefined);
    if (ended.length > 0)
      out.push(
        `${who}: ${ended.length} calls' media ended before the app closed it (${[...new Set(ended.map((c) => c.endReason))].join(', ')})`,
      );
  }
  return out;
}

const LATENCY_TEXT = (args: MediaBenchArgs) =>
  `One call at a time, ${args.rounds} calls per transport with ${args.bursts} bursts each. sipp places the call (the bed's \`call-assistant.xml\`, whose SDP offer names a UDP port of the bench instead of sipp's own), so Asterisk sends the caller's RTP (PCMU) to the bench's echo: a UDP socket on sipp's address that sends every packet straight back, as a phone would (its own SSRC, sequence and timestamps, the payload unchanged). The app answers, opens \`call.media()\`, writes 200 ms of silence (so the caller's RTP flows and Asterisk's translation paths hold silence), then writes bursts of 100 ms of 1 kHz (amplitude 8000) followed by 60 ms of silence, one at a time, each once 250 ms passed without the echo of the last. It stamps each write, and the read of the first frame holding the echo, on the system's monotonic clock; the echo stamps the first packet holding the burst on the same clock (CLOCK_MONOTONIC, shared by every process of the machine), so the round trip splits into its two legs. A burst is found to the sample (the first sample above a quarter of its amplitude; the streams are digital silence around it) and its place in the frame is added to the frame's arrival, so the figures are the delay of the burst's first sample — what a listener would hear — not of frame boundaries: the resamplers Asterisk runs between slin16 and the caller's 8 kHz PCMU shift the audio a few ms inside the frames. "round trip to the frame read" leaves that offset out: it is when the app could first act on the echo. app → caller runs from the write through the transport, Asterisk's bridge and transcoding to the SIP leg's RTP reaching the caller's socket; caller → app from the echo leaving that socket back to the app's read. Everything is on loopback and one machine. The same calls with sipp's own \`-rtp_echo\` at the far end (${args.sippEcho} per transport, round trip only) check that the bench's echo adds nothing. p99 is by nearest rank (with ${args.rounds * args.bursts} bursts, the ${Math.ceil(0.99 * args.rounds * args.bursts)}th smallest).`;

const LOAD_TEXT = (args: MediaBenchArgs) =>
  `sipp places ${args.calls} calls at ${args.rate}/s (\`call-assistant.xml\` with a 1 kHz PCMU capture, amplitude 3000, played after the ACK; no cap on calls up at once). The app — a child process of its own — answers each call, opens \`call.media()\`, reads every frame (counting them, the time between them, and checking every 50th for the caller's tone) and writes a continuous 440 Hz tone in 100 ms chunks as fast as \`write()\` accepts them (backpressure: up to \`maxQueueMs\`, 2 s, queued), which the library sends on its clock in 20 ms frames; after ${args.seconds} s it closes the media and hangs up. Expected frames are one per 20 ms of each call's media time, both ways (a call counts as short when it got more than 2 fewer); "frames out beyond real time" is how many more than that a call sent — over websocket the library keeps frames queued in Asterisk ahead of real time on purpose (chan_websocket re-times them). \`framesInDropped\` counts frames the library dropped because the reader fell behind; \`lateTicks\` counts ticks of the send clock that came more than a frame late. "All calls up" is the window from the last call's media opening to the first call closing; CPU there is user + system seconds from each process's \`/proc/<pid>/stat\` ÷ the window (the app's, Asterisk's, sipp's, and every other process's together). To explain late frames the app notes, every 100 ms, the late ticks of all calls and the longest stall of its event loop (a 5 ms interval firing late); its main thread's time on a CPU and waiting for one comes from \`/proc/<pid>/task/<pid>/schedstat\`. The app's tone is also looked for in each call's MixMonitor recording (the bed records every call: what the caller heard mixed with what it said): continuous means one run of 440 Hz from the media opening to its close.`;

/**
 * Runs the media benchmark: prints the tables and writes `bench/results/media.md`.
 *
 * @param root - the repository root
 * @param argv - flags after `npm run bench -- media`
 * @returns 0 with tables (whatever the numbers), 1 when it could not run
 */
export async function main(root: string, argv: readonly string[]): Promise<number> {
  const log = (line: string) => console.log(line);
  let args: MediaBenchArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`bench media: ${message(error)}`);
    return 1;
  }
  const outDir = join(root, 'node_modules', '.cache', 'aipbx-bench', 'media');
  await mkdir(outDir, { recursive: true });
  let bundle: string;
  let scenarios: Scenarios;
  const built = checkout(root);
  log(`bench media: @aipbx/node-ari from ${built}`);
  try {
    bundle = await buildApp(root, outDir);
    scenarios = await writeScenarios(root, outDir, args.seconds * 1000 + 20_000);
  } catch (error) {
    const first = (error as { errors?: { text: string }[] }).errors?.[0]?.text;
    console.error(
      `bench media: could not build the app or write the sipp scenarios: ${first ?? message(error)}`,
    );
    return 1;
  }

  const busyBefore = await machineLoadBefore('media', log);
  const bed = await startBenchBed('media', PORT_OFFSET, log, { sipp: true });
  if (bed === undefined) return 1;
  const { info } = bed;
  const latency: LatencySummary[] = [];
  const load: LoadSummary[] = [];
  const runNotes: string[] = [];
  const started = performance.now();
  let echo: RtpEcho | undefined;
  try {
    if (args.rtpPorts !== 100) {
      await widenRtpPorts(info, RTP_START, args.rtpPorts).catch((error: unknown) => {
        log(`bench media: could not widen the bed's RTP ports (${message(error)}); it keeps 100`);
        args.rtpPorts = 100;
      });
    }
    if (args.latency) {
      echo = await startRtpEcho(info.sip.sippSourceIp);
      for (const transport of args.transports)
        latency.push(await latencyRun(bundle, info, args, transport, scenarios, echo, log));
    }
    if (args.load) {
      for (const transport of args.transports) {
        log(
          `bench media: load ${TRANSPORT_LABEL[transport]}: ${args.calls} calls at ${args.rate}/s, media held ${args.seconds} s…`,
        );
        load.push(await loadRun(bundle, info, args, transport, scenarios, log));
      }
    }
  } catch (error) {
    // Each run catches its own failures: what lands here stops the bench (no echo socket, say).
    console.error(`bench media: could not run: ${message(error)}`);
    return 1;
  } finally {
    await echo?.close();
    await bed.stop();
  }

  if (latency.length > 0) {
    log('');
    log(renderConsoleTable(latencyCells(latency)));
  }
  if (load.length > 0) {
    log('');
    log(renderConsoleTable(loadCells(load)));
    log(`\ntarget (every call with media, 0 frames late or lost): ${load.map(loadVerdict).join('; ')}`);
  }
  if (busyBefore) runNotes.push(machineLoadNote(busyBefore));
  runNotes.push(...notes(latency, load));
  for (const note of runNotes) log(`note: ${note}`);
  const page = renderMarkdownReport(
    latency,
    load,
    {
      date: new Date().toISOString().slice(0, 10),
      asteriskVersion: info.asteriskVersion,
      node: process.version,
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: availableParallelism(),
      flags: argv.join(' '),
      rounds: args.rounds,
      bursts: args.bursts,
      sippEcho: args.sippEcho,
      calls: args.calls,
      rate: args.rate,
      seconds: args.seconds,
      rtpPorts: args.rtpPorts,
      listen: `${args.listen.portMin}–${args.listen.portMax}`,
      commit: built,
      notes: runNotes,
    },
    { latency: LATENCY_TEXT(args), load: LOAD_TEXT(args) },
  );
  await writeFile(join(outDir, 'raw.json'), JSON.stringify(raw));
  const resultsDir = join(root, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'media.md'), page);
  log(
    `\nbench media: wrote ${join('bench', 'results', 'media.md')} (${((performance.now() - started) / 1000).toFixed(0)} s on the bed)`,
  );
  return 0;
}
