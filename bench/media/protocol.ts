/**
 * What the media benchmark's parent and its app process tell each other over Node's IPC channel.
 * The parent passes a {@link AppRequest} in an environment variable; the app sends
 * {@link AppMessage}s and stops on {@link ParentMessage} `stop` (or when the channel closes).
 */
import type { Transport } from './args.js';

/** Environment variable carrying the {@link AppRequest}. */
export const REQUEST_VARIABLE = 'AIPBX_BENCH_MEDIA_REQUEST';

/** Where the app connects and what it does with every call. */
export interface AppRequest {
  ari: { url: string; username: string; password: string; app: string };
  transport: Transport;
  /** `listen.host` and the range, for AudioSocket and RTP. */
  listen: { host: string; portMin: number; portMax: number };
  mode: 'latency' | 'load';
  /** latency: bursts per call. */
  bursts?: number;
  /** load: ms each call keeps its media open. */
  holdMs?: number;
  /** load: calls expected, to say when all have their media open. */
  calls?: number;
}

/** One burst of a latency call: when the app wrote it and when its echo came back (monotonic ms). */
export interface BurstTiming {
  writeAt: number;
  /** The frame holding the echo's first burst sample was read; undefined when nothing came back in time. */
  readAt?: number;
  /** `readAt` plus that sample's place in the frame. */
  readSampleAt?: number;
}

/** What a latency call reports. */
export interface LatencyCallReport {
  callId: string;
  /** From the call's arrival to `call.media()` resolving, ms. */
  openMs?: number;
  bursts: BurstTiming[];
  error?: string;
}

/** What one load call counted. */
export interface LoadCallReport {
  callId: string;
  /** From the call's arrival to `call.media()` resolving, ms. */
  openMs?: number;
  /** Media open to the app closing it, ms. */
  durationMs?: number;
  framesIn: number;
  framesInDropped: number;
  framesOut: number;
  lateTicks: number;
  /** Frames the reader got (should equal framesIn). */
  framesRead: number;
  /** Longest time between two frames arriving, ms. */
  maxGapMs: number;
  /** Times between two frames arriving longer than 60 ms (3 frames). */
  gapsOver60: number;
  /** Frames checked for the caller's 1 kHz tone (every 50th), and how many held it. */
  toneChecked: number;
  toneFound: number;
  /** How the media ended when not closed by the app. */
  endReason?: string;
  error?: string;
}

/** A 100 ms slot of the load in which ticks were late or the event loop lagged. */
export interface LateSlot {
  /** End of the slot (monotonic ms). */
  at: number;
  /** Late ticks of all calls in the slot. */
  lateTicks: number;
  /** The event loop's longest stall in the slot (a 5 ms watchdog interval firing late), ms. */
  stallMs: number;
  /** Calls with media open. */
  calls: number;
}

/** The load's end report. */
export interface LoadReport {
  calls: LoadCallReport[];
  /** Calls the library still holds after all ended. */
  leftoverCalls: number;
  /** The event loop's delay from all calls open to the first closing (perf_hooks histogram), ms. */
  loopDelay: { p50: number; p99: number; max: number };
  /** Garbage collections over the same window: how many, their total and longest pause, ms. */
  gc: { count: number; totalMs: number; maxMs: number };
  /** Slots with late ticks or a lagging event loop (the first 2000). */
  timeline: LateSlot[];
  /** Errors outside any call (the app's 'error' events). */
  appErrors: string[];
  peakRssBytes: number;
}

export type AppMessage =
  | { type: 'ready' }
  | { type: 'latency'; report: LatencyCallReport }
  | { type: 'all-open'; at: number }
  | { type: 'first-close'; at: number }
  | { type: 'load'; report: LoadReport }
  | { type: 'failed'; error: string };

export type ParentMessage = { type: 'stop' };
