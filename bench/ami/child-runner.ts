/**
 * The child-process side of one measurement: one client library, one connection to the replay
 * server, counting events until the expected number arrived (or the stream went quiet, or the time
 * ran out), then reporting counts, times and peak RSS to the parent on stdout.
 */
import { readFileSync } from 'node:fs';
import type { BenchClientFactory, ReplayTarget } from './clients/bench-client.js';
import { monotonicMs, performanceToMonotonicOffset } from './clock.js';

/** What the parent asks a child to do (JSON in the `AIPBX_BENCH_REQUEST` environment variable). */
export interface ChildRequest {
  target: ReplayTarget;
  /** Events in the recording; the child stops counting when this many arrived. */
  expected: number;
  /** Give up after this long from the start of the connection, in ms. */
  timeoutMs: number;
  /** Stop early when no event arrived for this long (a client that lost events never reaches `expected`), in ms. */
  idleMs: number;
}

/** What a child reports. Times are {@link monotonicMs} values, comparable with the replay server's. */
export interface ChildResult {
  /** False when the client could not connect or threw; `error` says why. */
  ok: boolean;
  error?: string;
  /** Events delivered. */
  events: number;
  /** Events delivered per name. */
  byName: Record<string, number>;
  /** When the client started connecting. */
  connectStartMs: number;
  /** When the client reported it was logged in. */
  connectedMs?: number;
  /** When the first event arrived. */
  firstEventMs?: number;
  /** When the last counted event arrived. */
  lastEventMs?: number;
  /** How the run ended. */
  end: 'complete' | 'idle' | 'timeout' | 'error';
  /** Errors the library reported while running (messages, at most 5). */
  errors: string[];
  /** Peak resident set size of this process, in bytes. */
  peakRssBytes: number;
  /** Where the peak came from: the kernel's high-water mark, or sampling when /proc is unavailable. */
  rssSource: 'VmHWM' | 'sampled';
  /** Resident set size after loading the library, before connecting, in bytes. */
  startRssBytes: number;
}

/** Prefix of the one stdout line that carries the result (libraries may print their own lines). */
export const RESULT_MARKER = '@@aipbx-bench-result ';

/** Environment variable that carries the {@link ChildRequest}. */
export const REQUEST_VARIABLE = 'AIPBX_BENCH_REQUEST';

/** The kernel's peak RSS of this process (VmHWM), in bytes, or undefined off Linux. */
function peakRssFromProc(): number | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Runs one measurement with the client `factory` makes, prints the {@link ChildResult} line and
 * exits the process (some libraries keep handles open after closing).
 */
export async function runChild(factory: BenchClientFactory): Promise<never> {
  const raw = process.env[REQUEST_VARIABLE];
  if (raw === undefined) {
    process.stderr.write(`bench child: no ${REQUEST_VARIABLE}; the parent passes the request there.\n`);
    process.exit(2);
  }
  const request = JSON.parse(raw) as ChildRequest;
  const startRssBytes = process.memoryUsage.rss();
  let sampledPeak = startRssBytes;

  const byName = new Map<string, number>();
  const errors: string[] = [];
  let events = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  let connectedMs: number | undefined;
  let finish: (end: ChildResult['end']) => void = () => {};
  const finished = new Promise<ChildResult['end']>((resolve) => {
    finish = resolve;
  });

  // Kept tiny: it runs once per event for every client alike.
  const onEvent = (name: string): void => {
    const now = performance.now();
    if (events === 0) firstAt = now;
    lastAt = now;
    events++;
    byName.set(name, (byName.get(name) ?? 0) + 1);
    if (events === request.expected) finish('complete');
  };
  const onError = (message: string): void => {
    if (errors.length < 5) errors.push(message);
  };

  const connectStartMs = monotonicMs();
  const started = performance.now();
  let seenEvents = -1;
  const watch = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
    const now = performance.now();
    if (now - started > request.timeoutMs) finish('timeout');
    else if (events > 0 && events === seenEvents && now - lastAt > request.idleMs) finish('idle');
    seenEvents = events;
  }, 100);

  const client = factory();
  let end: ChildResult['end'];
  let error: string | undefined;
  try {
    await Promise.race([
      client.connect(request.target, onEvent, onError).then(() => {
        connectedMs = monotonicMs();
      }),
      finished.then((reason) => {
        if (reason === 'timeout') throw new Error(`not logged in within ${request.timeoutMs} ms`);
      }),
    ]);
    end = await finished;
  } catch (err) {
    end = 'error';
    error = err instanceof Error ? err.message : String(err);
  }
  clearInterval(watch);
  const offset = performanceToMonotonicOffset();
  const peak = peakRssFromProc();
  const result: ChildResult = {
    ok: end !== 'error',
    ...(error === undefined ? {} : { error }),
    events,
    byName: Object.fromEntries(byName),
    connectStartMs,
    ...(connectedMs === undefined ? {} : { connectedMs }),
    ...(firstAt === undefined ? {} : { firstEventMs: firstAt + offset, lastEventMs: lastAt + offset }),
    end,
    errors,
    peakRssBytes: peak ?? Math.max(sampledPeak, process.memoryUsage.rss()),
    rssSource: peak === undefined ? 'sampled' : 'VmHWM',
    startRssBytes,
  };
  // Report before closing: a library that hangs on close must not cost the measurement.
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  const closing = client.close().catch(() => {});
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  process.exit(0);
}
