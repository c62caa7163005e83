/**
 * The app of the media benchmark, in a process of its own (bundled by main.ts with @aipbx/node-ari
 * built from this checkout's source). It answers every call, opens `call.media()` over the
 * requested transport and then:
 *
 * - `latency`: writes short 1 kHz bursts, one at a time, and stamps (system monotonic clock) the
 *   write and the first frame read back that holds the tone: the call's far end echoes what it
 *   hears. Then hangs up.
 * - `load`: reads every frame (counts, gaps, the caller's tone in every 50th) and writes a
 *   continuous 440 Hz tone with backpressure, for `holdMs`; then closes the media and hangs up.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { AriClient, type Call, type CallMedia, type CallMediaOptions } from '@aipbx/node-ari';
import { tone } from '../../testbed/support/audio.js';
import type {
  AppMessage,
  AppRequest,
  BurstTiming,
  LatencyCallReport,
  LateSlot,
  LoadCallReport,
  ParentMessage,
} from './protocol.js';
import { REQUEST_VARIABLE } from './protocol.js';
import { monotonicMs } from './rtp-echo.js';
import {
  BURST_AMPLITUDE,
  BURST_HZ,
  burstOffsetMs,
  frameHasTone,
  type Onset,
  OnsetDetector,
  pcmSamples,
} from './tone.js';

/** A burst: 100 ms of 1 kHz. */
const BURST_MS = 100;
/** Longest wait for a burst to come back. */
const BURST_TIMEOUT_MS = 2000;
/** Quiet (no tone read back) before the next burst, and after media opened before the first. */
const QUIET_MS = 250;
/** The app's tone under load, and how much is written at once. */
const LOAD_HZ = 440;
const CHUNK_MS = 100;
/** The late-tick timeline's slot, and the stall watchdog's interval, ms. */
const SLOT_MS = 100;
const WATCHDOG_MS = 5;
/** Sampling interval of the event loop delay histogram, ms. */
const LOOP_RESOLUTION_MS = 10;

/** Sends a message to the parent; resolves once it has been handed to the channel. */
function send(message: AppMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function pcm(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

function mediaOptions(request: AppRequest): CallMediaOptions {
  const listen = request.listen;
  if (request.transport === 'websocket') return { transport: 'websocket', format: 'slin16' };
  if (request.transport === 'audiosocket') return { transport: 'audiosocket', format: 'slin16', listen };
  return { transport: 'rtp', format: 'slin', listen };
}

/**
 * Writes bursts one at a time and times each until the echo of it is read back. Each burst is
 * followed by 60 ms of silence, so Asterisk's resamplers hold silence, not the burst's tail, when
 * the next one starts.
 */
async function latencyCall(call: Call, media: CallMedia, bursts: number): Promise<BurstTiming[]> {
  const rate = media.sampleRate;
  const burst = Buffer.concat([
    pcm(tone(BURST_HZ, BURST_MS, rate, BURST_AMPLITUDE)),
    Buffer.alloc(media.frameBytes * 3),
  ]);
  const detector = new OnsetDetector(QUIET_MS / 2);
  let waiting: ((onset: Onset) => void) | undefined;
  media.on('data', (frame: Buffer) => {
    const at = monotonicMs();
    const onset = detector.feed(at, burstOffsetMs(pcmSamples(frame), rate));
    if (onset !== undefined) waiting?.(onset);
  });
  const timings: BurstTiming[] = [];
  // 200 ms of silence first, so the far end's RTP flows and every translation path holds silence
  // before the first burst.
  media.write(Buffer.alloc(media.frameBytes * 10));
  await sleep(200 + QUIET_MS);
  for (let i = 0; i < bursts && call.ended === undefined; i++) {
    // The previous burst's echo must be over: QUIET_MS without it.
    while (monotonicMs() - detector.lastToneAt < QUIET_MS) await sleep(20);
    const back = new Promise<Onset | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), BURST_TIMEOUT_MS);
      waiting = (onset) => {
        clearTimeout(timer);
        resolve(onset);
      };
    });
    const writeAt = monotonicMs();
    media.write(burst);
    const read = await back;
    waiting = undefined;
    timings.push(
      read === undefined ? { writeAt } : { writeAt, readAt: read.frameAt, readSampleAt: read.sampleAt },
    );
  }
  return timings;
}

/** Reads and writes for `holdMs`; the counts of one call. */
async function loadCall(
  media: CallMedia,
  holdMs: number,
  onClosing: () => void,
): Promise<Omit<LoadCallReport, 'callId' | 'openMs'>> {
  const rate = media.sampleRate;
  // One second of 440 Hz is a whole number of cycles: slices of it follow each other seamlessly.
  const second = pcm(tone(LOAD_HZ, 1000, rate, BURST_AMPLITUDE));
  const chunkBytes = (second.length * CHUNK_MS) / 1000;
  let offset = 0;
  let open = true;
  let framesRead = 0;
  let lastAt: number | undefined;
  let maxGapMs = 0;
  let gapsOver60 = 0;
  let toneChecked = 0;
  let toneFound = 0;
  media.on('data', (frame: Buffer) => {
    const at = monotonicMs();
    if (lastAt !== undefined) {
      const gap = at - lastAt;
      if (gap > maxGapMs) maxGapMs = gap;
      if (gap > 60) gapsOver60++;
    }
    lastAt = at;
    if (framesRead++ % 50 === 25) {
      toneChecked++;
      // The caller's tone is quieter (amplitude 3000): check it against that.
      if (frameHasTone(pcmSamples(frame), rate, BURST_HZ, 3000)) toneFound++;
    }
  });
  const pump = () => {
    while (open) {
      const chunk = second.subarray(offset, offset + chunkBytes);
      offset = (offset + chunkBytes) % second.length;
      if (!media.write(chunk)) {
        media.once('drain', pump);
        return;
      }
    }
  };
  const started = monotonicMs();
  pump();
  // 'ended' says the media ended whatever ended it; 'hangup' is the call hanging up.
  const ended = new Promise<void>((resolve) => {
    media.once('ended', () => resolve());
    media.once('hangup', () => resolve());
  });
  await Promise.race([sleep(holdMs), ended]);
  open = false;
  onClosing();
  const durationMs = monotonicMs() - started;
  const stats = media.stats;
  const endReason = media.endReason;
  return {
    durationMs,
    framesIn: stats.framesIn,
    framesInDropped: stats.framesInDropped,
    framesOut: stats.framesOut,
    lateTicks: stats.lateTicks,
    framesRead,
    maxGapMs,
    gapsOver60,
    toneChecked,
    toneFound,
    ...(endReason === undefined ? {} : { endReason }),
  };
}

async function run(): Promise<void> {
  const raw = process.env[REQUEST_VARIABLE];
  if (raw === undefined || process.send === undefined) {
    process.stderr.write(`bench media app: start it from main.ts (${REQUEST_VARIABLE} and IPC).\n`);
    process.exit(2);
  }
  const request = JSON.parse(raw) as AppRequest;
  const options = mediaOptions(request);
  const client = new AriClient({
    url: request.ari.url,
    username: request.ari.username,
    password: request.ari.password,
  });
  const app = client.app(request.ari.app);
  const appErrors: string[] = [];
  app.on('error', (error: unknown) => {
    if (appErrors.length < 20) appErrors.push(message(error).slice(0, 300));
  });
  const loads: LoadCallReport[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  // Garbage collection pauses, counted like the loop delay.
  let gc = { count: 0, totalMs: 0, maxMs: 0 };
  let steadyGc: typeof gc | undefined;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      if (entry.duration > gc.maxMs) gc.maxMs = entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  // Every 100 ms while calls are up: the late ticks of all calls since the last look, and how late
  // this sampler itself fired (the event loop's lag at that moment).
  const live = new Set<CallMedia>();
  const timeline: LateSlot[] = [];
  let lastLate = 0;
  let retired = 0;
  // A watchdog on a 5 ms interval: the longest stall of the event loop in each slot.
  let lastBeat = monotonicMs();
  let slotStall = 0;
  const watchdog = setInterval(() => {
    const now = monotonicMs();
    slotStall = Math.max(slotStall, now - lastBeat - WATCHDOG_MS);
    lastBeat = now;
  }, WATCHDOG_MS);
  const sampler = setInterval(() => {
    let late = retired;
    for (const m of live) late += m.stats.lateTicks;
    if (late > lastLate || slotStall >= 15)
      timeline.push({ at: monotonicMs(), lateTicks: late - lastLate, stallMs: slotStall, calls: live.size });
    lastLate = late;
    slotStall = 0;
  }, SLOT_MS);
  let opened = 0;
  let closing = 0;
  const ms = (ns: number) => ns / 1e6;
  /** The event loop's delay from all calls open to the first closing: the steady state. */
  let steadyLoop: { p50: number; p99: number; max: number } | undefined;
  // The histogram holds the time between its timer's ticks: the delay is what exceeds the interval.
  const late = (ns: number) => Math.max(0, ms(ns) - LOOP_RESOLUTION_MS);
  const loopNow = () => ({
    p50: late(loopDelay.percentile(50)),
    p99: late(loopDelay.percentile(99)),
    max: late(loopDelay.max),
  });
  const pending = new Set<Promise<unknown>>();

  app.onCall(async (call) => {
    const arrived = monotonicMs();
    let media: CallMedia | undefined;
    const work = (async () => {
      let openMs: number | undefined;
      try {
        await call.answer();
        media = await call.media(options);
        openMs = monotonicMs() - arrived;
        if (request.mode === 'latency') {
          const bursts = await latencyCall(call, media, request.bursts ?? 1);
          const report: LatencyCallReport = { callId: call.id, openMs, bursts };
          void send({ type: 'latency', report });
        } else {
          if (++opened === request.calls) {
            loopDelay.reset();
            gc = { count: 0, totalMs: 0, maxMs: 0 };
            void send({ type: 'all-open', at: monotonicMs() });
          }
          const m = media;
          live.add(m);
          const counts = await loadCall(m, request.holdMs ?? 20_000, () => {
            if (closing++ === 0) {
              steadyLoop = loopNow();
              steadyGc = { ...gc };
              void send({ type: 'first-close', at: monotonicMs() });
            }
          });
          live.delete(m);
          retired += counts.lateTicks;
          loads.push({ callId: call.id, openMs, ...counts });
        }
      } catch (error) {
        if (request.mode === 'latency')
          void send({ type: 'latency', report: { callId: call.id, bursts: [], error: message(error) } });
        else
          loads.push({
            callId: call.id,
            ...(openMs === undefined ? {} : { openMs }),
            framesIn: media?.stats.framesIn ?? 0,
            framesInDropped: media?.stats.framesInDropped ?? 0,
            framesOut: media?.stats.framesOut ?? 0,
            lateTicks: media?.stats.lateTicks ?? 0,
            framesRead: 0,
            maxGapMs: 0,
            gapsOver60: 0,
            toneChecked: 0,
            toneFound: 0,
            error: message(error),
          });
      } finally {
        await media?.close().catch(() => undefined);
        if (call.ended === undefined) await call.hangup().catch(() => undefined);
      }
    })();
    pending.add(work);
    await work;
    pending.delete(work);
  });

  loopDelay.enable();
  await app.start();
  const stopped = new Promise<void>((resolve) => {
    process.on('message', (m: ParentMessage) => {
      if (m.type === 'stop') resolve();
    });
    process.once('disconnect', () => resolve());
  });
  await send({ type: 'ready' });
  await stopped;
  await Promise.race([Promise.allSettled([...pending]), sleep(10_000)]);
  loopDelay.disable();
  clearInterval(sampler);
  clearInterval(watchdog);
  if (request.mode === 'load') {
    await send({
      type: 'load',
      report: {
        calls: loads,
        leftoverCalls: app.calls.size,
        loopDelay: steadyLoop ?? loopNow(),
        gc: steadyGc ?? gc,
        timeline: timeline.slice(0, 2000),
        appErrors,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      },
    });
  }
  // app.stop() removes the media of calls still up; under overload that can take a few requests'
  // time. Bounded below the parent's grace (15 s) so the child always reports its own exit.
  await Promise.race([app.stop().then(() => client.close()), sleep(12_000)]).catch(() => undefined);
  process.exit(0);
}

run().catch(async (error: unknown) => {
  await send({ type: 'failed', error: message(error) });
  process.exit(1);
});
