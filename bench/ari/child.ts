/**
 * The child-process side of one run: one peer library in a fresh process.
 *
 * - `connect`: the clock starts just before the library is imported and stops when the library
 *   says the app is registered; the child prints the time and its peak RSS, then waits for the
 *   parent (which checks that Asterisk lists the app) to close stdin, and exits.
 * - `load`: registers the app with a call plan, prints `ready`, handles calls until the parent
 *   writes a line on stdin, then prints what it counted and exits.
 */
import { createInterface } from 'node:readline';
import type { BenchPeer, BenchPeerFactory, CallTally } from './peers/peer.js';
import { readPeakRss } from './proc.js';
import {
  type CallTallyReport,
  type ChildRequest,
  type ConnectReport,
  type LoadReport,
  MARKER,
  REQUEST_VARIABLE,
  type ReadyReport,
} from './protocol.js';

/** Resolves at the first line on stdin, or when stdin closes. */
function nextLine(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    const done = () => {
      lines.close();
      resolve();
    };
    lines.once('line', done);
    lines.once('close', done);
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A {@link CallTally} and its report. */
export function createTally(): { tally: CallTally; report(): CallTallyReport } {
  const counts = { started: 0, answered: 0, playing: 0, hungUp: 0, ended: 0 };
  const errors: CallTallyReport['errors'] = {};
  const answerLatencyMs: number[] = [];
  return {
    tally: {
      started: () => void counts.started++,
      answered: (latencyMs) => {
        counts.answered++;
        answerLatencyMs.push(latencyMs);
      },
      playing: () => void counts.playing++,
      hungUp: () => void counts.hungUp++,
      ended: () => void counts.ended++,
      error: (step, error) => {
        const entry = errors[step] ?? { count: 0, samples: [] };
        errors[step] = entry;
        entry.count++;
        if (entry.samples.length < 3) entry.samples.push(message(error).slice(0, 200));
      },
    },
    report: () => ({ ...counts, errors, answerLatencyMs }),
  };
}

async function closeQuietly(peer: BenchPeer): Promise<void> {
  await Promise.race([
    peer.close().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, 3000).unref()),
  ]);
}

/** Runs the request in {@link REQUEST_VARIABLE} with the peer `factory` makes, then exits the process. */
export async function runChild(factory: BenchPeerFactory): Promise<never> {
  const raw = process.env[REQUEST_VARIABLE];
  if (raw === undefined) {
    process.stderr.write(`bench ari child: no ${REQUEST_VARIABLE}; the parent passes the request there.\n`);
    process.exit(2);
  }
  const request = JSON.parse(raw) as ChildRequest;
  const peer = factory();
  const { tally, report } = createTally();
  const started = performance.now();
  try {
    await peer.load(request.libraryUrl);
    const loadMs = performance.now() - started;
    await peer.start(request.target, request.mode === 'load' ? request.plan : undefined, tally);
    const connectMs = performance.now() - started;
    if (request.mode === 'connect') {
      const result: ConnectReport = { connectMs, loadMs, peakRssBytes: readPeakRss('self') ?? 0 };
      process.stdout.write(`${MARKER.connected}${JSON.stringify(result)}\n`);
      await nextLine();
    } else {
      const ready: ReadyReport = { connectMs };
      process.stdout.write(`${MARKER.ready}${JSON.stringify(ready)}\n`);
      await nextLine();
      const result: LoadReport = {
        tally: report(),
        leftovers: peer.leftovers(),
        peakRssBytes: readPeakRss('self') ?? 0,
      };
      process.stdout.write(`${MARKER.result}${JSON.stringify(result)}\n`);
    }
  } catch (error) {
    process.stdout.write(`${MARKER.failed}${JSON.stringify({ error: message(error) })}\n`);
    await closeQuietly(peer);
    process.exit(1);
  }
  await closeQuietly(peer);
  process.exit(0);
}
