/**
 * The load's work on one call and what the app watches meanwhile, shared by the media benchmark's
 * app (`app-child.ts`, @aipbx/node-ari) and the SIP benchmark's (`bench/sip/sip-child.ts`,
 * @aipbx/sip): both hand the app the same `CallMedia` of @aipbx/media.
 *
 * - {@link loadCall}: reads every frame (counts, gaps, the caller's tone in every 50th) and writes a
 *   continuous 440 Hz tone with backpressure for `holdMs`.
 * - {@link LoadMonitor}: says when every call's media is open and when the first one closes, and
 *   keeps the event loop's delay, GC pauses and a timeline of late ticks and loop stalls.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { CallMedia } from '@aipbx/media';
import { tone } from '@aipbx/testbed/support/audio.js';
import type { AppMessage, LateSlot, LoadCallReport, LoadReport } from './protocol.js';
import { monotonicMs } from './rtp-echo.js';
import { BURST_AMPLITUDE, BURST_HZ, frameHasTone, pcmSamples } from './tone.js';

/** The app's tone under load, and how much is written at once. */
const LOAD_HZ = 440;
const CHUNK_MS = 100;
/** The late-tick timeline's slot, and the stall watchdog's interval, ms. */
const SLOT_MS = 100;
const WATCHDOG_MS = 5;
/** Sampling interval of the event loop delay histogram, ms. */
const LOOP_RESOLUTION_MS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function pcm(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Reads and writes for `holdMs`; the counts of one call. */
export async function loadCall(
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

/** A load call that failed before or while its media was up: what its media counted so far. */
export function failedLoadCall(
  callId: string,
  openMs: number | undefined,
  media: CallMedia | undefined,
  error: string,
): LoadCallReport {
  return {
    callId,
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
    error,
  };
}

/**
 * What the app watches while the load runs: `all-open` once `calls` calls have their media open
 * (the event loop's histogram and the GC counts start over then), `first-close` when the first
 * closes (both are kept as they were then: the steady state), and every 100 ms the late ticks of
 * all calls and the event loop's longest stall (a 5 ms watchdog interval firing late).
 */
export class LoadMonitor {
  readonly #send: (message: AppMessage) => Promise<void>;
  readonly #calls: number | undefined;
  readonly #loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  // Garbage collection pauses, counted like the loop delay.
  #gc = { count: 0, totalMs: 0, maxMs: 0 };
  #steadyGc: { count: number; totalMs: number; maxMs: number } | undefined;
  /** The event loop's delay from all calls open to the first closing: the steady state. */
  #steadyLoop: LoadReport['loopDelay'] | undefined;
  readonly #live = new Set<CallMedia>();
  readonly #timeline: LateSlot[] = [];
  #lastLate = 0;
  #retired = 0;
  #lastBeat = monotonicMs();
  #slotStall = 0;
  #opened = 0;
  #closing = 0;
  readonly #watchdog: ReturnType<typeof setInterval>;
  readonly #sampler: ReturnType<typeof setInterval>;

  /** Starts watching (GC, the watchdog and the sampler); `enableLoopDelay()` starts the histogram. */
  constructor(send: (message: AppMessage) => Promise<void>, calls: number | undefined) {
    this.#send = send;
    this.#calls = calls;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        this.#gc.count++;
        this.#gc.totalMs += entry.duration;
        if (entry.duration > this.#gc.maxMs) this.#gc.maxMs = entry.duration;
      }
    }).observe({ entryTypes: ['gc'] });
    this.#watchdog = setInterval(() => {
      const now = monotonicMs();
      this.#slotStall = Math.max(this.#slotStall, now - this.#lastBeat - WATCHDOG_MS);
      this.#lastBeat = now;
    }, WATCHDOG_MS);
    this.#sampler = setInterval(() => {
      let late = this.#retired;
      for (const m of this.#live) late += m.stats.lateTicks;
      if (late > this.#lastLate || this.#slotStall >= 15)
        this.#timeline.push({
          at: monotonicMs(),
          lateTicks: late - this.#lastLate,
          stallMs: this.#slotStall,
          calls: this.#live.size,
        });
      this.#lastLate = late;
      this.#slotStall = 0;
    }, SLOT_MS);
  }

  enableLoopDelay(): void {
    this.#loopDelay.enable();
  }

  /** A call's media opened (before its load starts). */
  opened(media: CallMedia): void {
    if (++this.#opened === this.#calls) {
      this.#loopDelay.reset();
      this.#gc = { count: 0, totalMs: 0, maxMs: 0 };
      void this.#send({ type: 'all-open', at: monotonicMs() });
    }
    this.#live.add(media);
  }

  /** A call is about to close its media (`loadCall`'s `onClosing`). */
  closing(): void {
    if (this.#closing++ === 0) {
      this.#steadyLoop = this.#loopNow();
      this.#steadyGc = { ...this.#gc };
      void this.#send({ type: 'first-close', at: monotonicMs() });
    }
  }

  /** A call's load is over, with its late ticks. */
  closed(media: CallMedia, lateTicks: number): void {
    this.#live.delete(media);
    this.#retired += lateTicks;
  }

  /** Stops watching; the steady state's loop delay and GC, and the timeline (its first 2000 slots). */
  stop(): Pick<LoadReport, 'loopDelay' | 'gc' | 'timeline'> {
    this.#loopDelay.disable();
    clearInterval(this.#sampler);
    clearInterval(this.#watchdog);
    return {
      loopDelay: this.#steadyLoop ?? this.#loopNow(),
      gc: this.#steadyGc ?? this.#gc,
      timeline: this.#timeline.slice(0, 2000),
    };
  }

  #loopNow(): LoadReport['loopDelay'] {
    const ms = (ns: number) => ns / 1e6;
    // The histogram holds the time between its timer's ticks: the delay is what exceeds the interval.
    const late = (ns: number) => Math.max(0, ms(ns) - LOOP_RESOLUTION_MS);
    return {
      p50: late(this.#loopDelay.percentile(50)),
      p99: late(this.#loopDelay.percentile(99)),
      max: late(this.#loopDelay.max),
    };
  }
}
