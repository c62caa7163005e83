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
import { AriClient, type Call, type CallMedia, type CallMediaOptions } from '@aipbx/node-ari';
import { tone } from '@aipbx/testbed/support/audio.js';
import { failedLoadCall, LoadMonitor, loadCall } from './load-call.js';
import type {
  AppMessage,
  AppRequest,
  BurstTiming,
  LatencyCallReport,
  LoadCallReport,
  ParentMessage,
} from './protocol.js';
import { REQUEST_VARIABLE } from './protocol.js';
import { monotonicMs } from './rtp-echo.js';
import { BURST_AMPLITUDE, BURST_HZ, burstOffsetMs, type Onset, OnsetDetector, pcmSamples } from './tone.js';

/** A burst: 100 ms of 1 kHz. */
const BURST_MS = 100;
/** Longest wait for a burst to come back. */
const BURST_TIMEOUT_MS = 2000;
/** Quiet (no tone read back) before the next burst, and after media opened before the first. */
const QUIET_MS = 250;

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
  // GC pauses, the event loop's delay and stalls, and every call's late ticks (see load-call.ts).
  const monitor = new LoadMonitor(send, request.calls);
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
          const m = media;
          monitor.opened(m);
          const counts = await loadCall(m, request.holdMs ?? 20_000, () => monitor.closing());
          monitor.closed(m, counts.lateTicks);
          loads.push({ callId: call.id, openMs, ...counts });
        }
      } catch (error) {
        if (request.mode === 'latency')
          void send({ type: 'latency', report: { callId: call.id, bursts: [], error: message(error) } });
        else loads.push(failedLoadCall(call.id, openMs, media, message(error)));
      } finally {
        await media?.close().catch(() => undefined);
        if (call.ended === undefined) await call.hangup().catch(() => undefined);
      }
    })();
    pending.add(work);
    await work;
    pending.delete(work);
  });

  monitor.enableLoopDelay();
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
  const watched = monitor.stop();
  if (request.mode === 'load') {
    await send({
      type: 'load',
      report: {
        calls: loads,
        leftoverCalls: app.calls.size,
        ...watched,
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
