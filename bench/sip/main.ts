/**
 * `npm run bench -- sip`: concurrent calls with media both ways through @aipbx/sip — a SIP service
 * registered as the bed's desk phone extension 301, handing each call's RTP to the app as
 * `CallMedia` — next to @aipbx/node-ari's media bridge (`call.media()` over websocket, through the
 * media benchmark's own load run), in one run on the project's real Asterisk 22 test bed (its own
 * instance, port offset 800).
 *
 * Flags: see args.ts and bench/README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { ensureHostPackages, startTestbed, type Testbed, type TestbedInfo } from '@aipbx/testbed/bed.js';
import { PHONE_IP } from '@aipbx/testbed/support/sipp.js';
import { build } from 'esbuild';
import { workspaceFromSource } from '../../scripts/esbuild-workspace.mjs';
import {
  channelIds,
  hangUpAll,
  logSince,
  logSize,
  logWarnings,
  waitUntil,
  widenRtpPorts,
} from '../ari/bed-support.js';
import { clockTicksPerSecond, readProcCpu } from '../ari/proc.js';
import { AppProcess } from '../media/app-process.js';
import { parseArgs as parseMediaArgs } from '../media/args.js';
import { readMachineCpu, readProcessTicks, readThreadSched, topConsumers } from '../media/machine.js';
import { buildApp, checkout, cpuUse, loadRun, machineUse, waitForIdle } from '../media/main.js';
import { monotonicMs } from '../media/rtp-echo.js';
import { startSipp, writeScenarios } from '../media/sipp-calls.js';
import { machineLoadBefore, machineLoadNote, startBenchBed } from '../shared/bench-bed.js';
import { renderConsoleTable } from '../shared/table.js';
import { parseArgs, type SipBenchArgs } from './args.js';
import { writeTalkScenario } from './phone.js';
import { udpPortsHeld } from './ports.js';
import type { SipAppRequest } from './protocol.js';
import {
  comparisonCells,
  cpuRatioLine,
  fromMediaLoad,
  renderPage,
  SIDE_LABEL,
  type SideObservation,
  type SideSummary,
  sideNotes,
  summarizeSide,
} from './summary.js';

/** The bench's own bed: port offset 800 (tests 0–300, AMI 400, ARI 500, widget 600, media 700). */
const PORT_OFFSET = 800;
/** First RTP port of the bed once widened: 28000, clear of every other bed's range. */
const RTP_START = 20_000 + PORT_OFFSET * 10;
/** The bed's RTP ports: a call to the service takes four (two legs), one to the ARI app two. */
const BED_RTP_PORTS = 1000;
/** The extension the service registers as, and the desk phone that calls it. */
const SERVICE_EXTENSION = '301';
const CALLER_EXTENSION = '302';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Bundles the SIP app with @aipbx/sip, @aipbx/media and @aipbx/core from this checkout's source. */
async function buildSipApp(root: string, outDir: string): Promise<string> {
  const outfile = join(outDir, 'sip-child.mjs');
  await build({
    entryPoints: [join(root, 'bench', 'sip', 'sip-child.ts')],
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

function sipRequest(info: TestbedInfo, args: SipBenchArgs): SipAppRequest {
  const user = info.operators.find((o) => o.extension === SERVICE_EXTENSION);
  if (user === undefined) throw new Error(`the bed has no extension ${SERVICE_EXTENSION}`);
  return {
    sip: {
      server: info.sip.host,
      port: info.sip.port,
      users: [
        {
          extension: user.extension,
          username: user.username,
          password: user.password,
          displayName: user.displayName,
        },
      ],
    },
    rtp: { host: '127.0.0.1', ...args.rtpPorts },
    holdMs: args.seconds * 1000,
    calls: args.calls,
  };
}

/** Every call's raw report, kept beside the bundles for a closer look. */
const raw: Record<string, unknown> = {};

/**
 * The SIP side's load: the desk phone places `args.calls` calls at `args.rate`/s to the service's
 * extension; the app answers and runs the media load on each. Measured like the media bench's load
 * run. Failures are in the observation, never thrown.
 */
async function sipLoadRun(
  bundle: string,
  info: TestbedInfo,
  args: SipBenchArgs,
  scenario: string,
  log: (line: string) => void,
): Promise<SideObservation> {
  const o: SideObservation = { side: 'sip', placed: args.calls, left: [], warnings: [] };
  const idle = await waitForIdle(args.idleWait * 1000);
  if (!idle.idle)
    log(
      `bench sip:   the machine stayed busy (${idle.cores.toFixed(2)} cores used by others): running anyway`,
    );
  let app: AppProcess | undefined;
  try {
    const caller = info.operators.find((op) => op.extension === CALLER_EXTENSION);
    if (caller === undefined) throw new Error(`the bed has no extension ${CALLER_EXTENSION}`);
    app = new AppProcess(bundle, sipRequest(info, args));
    // Ready once the service is registered: a call before that would find nobody at 301.
    await app.next('ready', 30_000);
    const logStart = await logSize(info);
    const appBefore = readProcCpu(app.pid);
    const bedBefore = readProcCpu(info.pid);
    const startedAt = monotonicMs();
    const sipp = await startSipp(info, {
      scenario,
      calls: args.calls,
      rate: args.rate,
      timeoutSec: Math.ceil(args.calls / args.rate + args.seconds + 90),
      ip: PHONE_IP,
      service: SERVICE_EXTENSION,
      keys: { user: CALLER_EXTENSION },
      flags: ['-au', caller.username, '-ap', caller.password],
    });
    const rampMs = (args.calls / args.rate) * 1000 + 20_000;
    try {
      await app.next('all-open', rampMs);
      const at = monotonicMs();
      const a = {
        app: readProcCpu(app.pid),
        bed: readProcCpu(info.pid),
        sipp: readProcCpu(sipp.pid),
        all: readProcessTicks(),
        sched: readThreadSched(app.pid),
      };
      await app.next('first-close', args.seconds * 1000 + 30_000);
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
        o.appThread = { runMs: b.sched.runMs - a.sched.runMs, waitMs: b.sched.waitMs - a.sched.waitMs };
      // Every other process, as the media bench counts them (each from its own /proc/<pid>/stat).
      const others = topConsumers(a.all, b.all, [app.pid, info.pid, sipp.pid, process.pid], Infinity);
      const otherSeconds = others.reduce((n, p) => n + p.ticks, 0) / clockTicksPerSecond();
      o.otherCpu = { seconds: otherSeconds, cores: otherSeconds / seconds };
      const appCpu = cpuUse(a.app, b.app, seconds);
      const asteriskCpu = cpuUse(a.bed, b.bed, seconds);
      const sippCpu = cpuUse(a.sipp, b.sipp, seconds);
      if (appCpu) o.appCpu = appCpu;
      if (asteriskCpu) o.asteriskCpu = asteriskCpu;
      if (sippCpu) o.sippCpu = sippCpu;
    } catch (error) {
      log(`bench sip:   no window with every call up: ${message(error)}`);
    }
    const sippResult = await sipp.done;
    const quiet = await waitUntil(async () => (await channelIds(info)).length === 0, 20_000, 100);
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
    // What is left once every call ended, before the service stops (which would release it all).
    const channels = quiet
      ? 0
      : await channelIds(info).then(
          (ids) => ids.length,
          () => undefined,
        );
    const ports = udpPortsHeld(app.pid, args.rtpPorts.portMin, args.rtpPorts.portMax);
    app.stop();
    const report = (await app.next('load', 30_000)).report;
    o.report = report;
    await app.finish();
    o.left = [
      { what: 'Asterisk channels', count: channels },
      { what: 'RTP ports held by the app', count: ports },
      { what: 'calls in the service', count: report.leftoverCalls },
    ];
    if (app.stderr) o.error = `the app printed: ${app.stderr.split('\n').slice(-3).join(' | ')}`;
    await hangUpAll(info).catch(() => 0);
    o.warnings = logWarnings(await logSince(info, logStart));
  } catch (error) {
    o.error = message(error);
    await app?.kill();
    await hangUpAll(info).catch(() => 0);
  }
  raw.sip = o;
  return o;
}

function logSide(s: SideSummary, log: (line: string) => void): void {
  const o = s.observation;
  log(
    `bench sip: ${SIDE_LABEL[s.side]}: sipp ${s.sippSuccessful ?? '?'} ok / ${s.sippFailed ?? '?'} failed; ` +
      `media ${s.callsWithMedia}/${s.placed}; frames in ${s.framesIn}/${s.framesInExpected} (never came ${s.framesInMissing}, dropped ${s.framesInDropped}); ` +
      `out ${s.framesOut}/${s.framesOutExpected}, late ${s.lateTicks}; app ${o.appCpu?.cores.toFixed(2) ?? '?'} cores, ` +
      `Asterisk ${o.asteriskCpu?.cores.toFixed(2) ?? '?'} cores`,
  );
  if (o.error) log(`bench sip:   ${o.error}`);
}

const METHOD = (args: SipBenchArgs) =>
  `Each side gets ${args.calls} calls placed by sipp at ${args.rate}/s (no cap on calls up at once), each caller playing a 1 kHz PCMU tone (amplitude 3000) from its ACK on. **SIP**: the caller is the bed's desk phone ${CALLER_EXTENSION} (sipp from ${PHONE_IP}, answering Asterisk's digest challenge; \`testbed/sipp/call-extension-talk.xml\`: no hold, it plays until the far end's BYE) dialling ${SERVICE_EXTENSION} through the operators' dialplan (\`Dial(PJSIP/${SERVICE_EXTENSION})\`). ${SERVICE_EXTENSION} is registered by the app, a \`SipService\` in a child process of its own, which answers and opens \`call.media({ format: 'slin16' })\` (the library's defaults otherwise: up to 10 s of audio queued before \`write()\` pushes back, silence sent when nothing is queued), RTP on 127.0.0.1:${args.rtpPorts.portMin}–${args.rtpPorts.portMax}. Asterisk bridges two PCMU legs there and relays the RTP without transcoding; the service decodes G.711 and resamples 8 ↔ 16 kHz itself. **ARI**: the media benchmark's load run as it is (\`bench/media\`, websocket): sipp calls the assistant \`pizza-order\` from the bed's trunk (\`call-assistant.xml\`), the media bench's app answers in Stasis and opens \`call.media({ transport: 'websocket', format: 'slin16' })\` (its defaults: up to 2 s queued); Asterisk adds a chan_websocket channel and a bridge per call, transcodes PCMU ↔ slin16, and its dialplan records every call (MixMonitor) — so Asterisk's CPU is not like for like between the columns; the app's is. **The app** does the same on both sides (\`bench/media/load-call.ts\`): it reads every frame (counting them and the time between them, and checking every 50th for the caller's 1 kHz with a Goertzel filter), writes a continuous 440 Hz tone in 100 ms chunks as fast as \`write()\` accepts them (backpressure), which the library sends on its clock in 20 ms frames, and after ${args.seconds} s closes the media and hangs up. Expected frames are one per 20 ms of each call's media time (open to close), both ways; "never came" is what calls got fewer than expected, dropped frames counted as come; \`framesInDropped\` and \`lateTicks\` are \`media.stats\`. **CPU** is user + system seconds from \`/proc/<pid>/stat\` of the app process, Asterisk (all its threads) and sipp between the last call's media opening and the first call closing (every call up), ÷ that window's length (cores) and ÷ the calls up (CPU ms per call per second); "whole run" is the app's CPU from sipp's start to the last channel gone ÷ the calls' media seconds. Before each side the bench waits up to ${args.idleWait} s for the machine to be idle. **Left after the run**: SIP — Asterisk channels, UDP sockets the app still holds in its RTP range (\`/proc/<pid>/fd\` against \`/proc/net/udp\`) and calls the service still tracks, read once every channel is gone and before the service stops; ARI — media channels and bridges in Asterisk and calls the app still holds.`;

/**
 * Runs the SIP benchmark: prints the table and writes `bench/results/sip.md`.
 *
 * @param root - the repository root
 * @param argv - flags after `npm run bench -- sip`
 * @returns 0 with a table (whatever the numbers), 1 when it could not run
 */
export async function main(root: string, argv: readonly string[]): Promise<number> {
  const log = (line: string) => console.log(line);
  let args: SipBenchArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`bench sip: ${message(error)}`);
    return 1;
  }
  const outDir = join(root, 'node_modules', '.cache', 'aipbx-bench', 'sip');
  await mkdir(outDir, { recursive: true });
  const built = checkout(root);
  log(`bench sip: @aipbx/sip and @aipbx/node-ari from ${built}`);
  const toneMs = args.seconds * 1000 + 20_000;
  const mediaArgs = parseMediaArgs([
    `--calls=${args.calls}`,
    `--rate=${args.rate}`,
    `--seconds=${args.seconds}`,
    '--transports=websocket',
    '--only=load',
    `--idle-wait=${args.idleWait}`,
  ]);
  let sipBundle: string;
  let ariBundle: string;
  let talk: string;
  let ariScenarios: Awaited<ReturnType<typeof writeScenarios>>;
  try {
    sipBundle = await buildSipApp(root, outDir);
    ariBundle = await buildApp(root, outDir);
    talk = await writeTalkScenario(root, outDir, toneMs);
    ariScenarios = await writeScenarios(root, outDir, toneMs);
  } catch (error) {
    const first = (error as { errors?: { text: string }[] }).errors?.[0]?.text;
    console.error(
      `bench sip: could not build the apps or write the sipp scenarios: ${first ?? message(error)}`,
    );
    return 1;
  }

  const busyBefore = await machineLoadBefore('sip', log);
  const bed = await startBenchBed('sip', PORT_OFFSET, log, { sipp: true });
  if (bed === undefined) return 1;
  const { info } = bed;
  const rows: SideSummary[] = [];
  const started = performance.now();
  try {
    try {
      await widenRtpPorts(info, RTP_START, BED_RTP_PORTS);
    } catch (error) {
      log(`bench sip: could not widen the bed's RTP ports (${message(error)}); it keeps 100`);
    }
    for (const side of args.sides) {
      log(
        `bench sip: ${SIDE_LABEL[side]}: ${args.calls} calls at ${args.rate}/s, media held ${args.seconds} s…`,
      );
      if (side === 'sip') {
        rows.push(summarizeSide(await sipLoadRun(sipBundle, info, args, talk, log)));
      } else {
        const load = await loadRun(ariBundle, info, mediaArgs, 'websocket', ariScenarios, log);
        raw.ari = load.observation;
        rows.push(summarizeSide(fromMediaLoad(load)));
      }
      logSide(rows.at(-1)!, log);
    }
  } catch (error) {
    console.error(`bench sip: could not run: ${message(error)}`);
    return 1;
  } finally {
    await bed.stop();
  }

  log('');
  log(renderConsoleTable(comparisonCells(rows)));
  const ratioLine = cpuRatioLine(rows);
  if (ratioLine) log(`\n${ratioLine}`);
  const notes: string[] = [];
  if (busyBefore) notes.push(machineLoadNote(busyBefore));
  for (const r of rows) notes.push(...sideNotes(r));
  for (const note of notes) log(`note: ${note}`);
  const page = renderPage(rows, {
    date: new Date().toISOString().slice(0, 10),
    asteriskVersion: info.asteriskVersion,
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    flags: argv.join(' '),
    calls: args.calls,
    rate: args.rate,
    seconds: args.seconds,
    rtpPorts: `${args.rtpPorts.portMin}–${args.rtpPorts.portMax}`,
    commit: built,
    method: METHOD(args),
    notes,
  });
  await writeFile(join(outDir, 'raw.json'), JSON.stringify(raw));
  const resultsDir = join(root, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'sip.md'), page);
  log(
    `\nbench sip: wrote ${join('bench', 'results', 'sip.md')} (${((performance.now() - started) / 1000).toFixed(0)} s on the bed)`,
  );
  return 0;
}
