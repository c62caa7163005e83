/**
 * Records a real AMI event stream: starts the project's Asterisk 22 test bed, logs in over a bare
 * TCP socket with `Events: on`, drives real SIP load with sipp (the mix's load: see
 * load-assistant.ts and load-operators.ts), and keeps every byte Asterisk sends after the login
 * response.
 */
import { ensureHostPackages, startTestbed } from '@aipbx/testbed/bed.js';
import { openTap } from './ami-tap.js';
import { type AssistantLoadOptions, runAssistantLoad } from './load-assistant.js';
import { configureOffice, type OperatorsLoadOptions, runOperatorsLoad } from './load-operators.js';
import type { Recording, RecordingMix } from './recording.js';
import { sha256 } from './recording.js';
import { censusAmiStream } from './stream-census.js';

/** What to record and where to run the bed. */
export interface RecordOptions {
  /** The load: `assistant` (the default recording) or `operators`. Default `assistant`. */
  mix?: RecordingMix;
  /** The repository root (the bed's and this folder's sipp scenarios are found from it). */
  root: string;
  /** Stop generating calls once this many bytes were recorded. Default 30 MiB. */
  targetBytes?: number;
  /** Never place more calls than this, whatever the size. Default 5,000. */
  maxCalls?: number;
  /** Tunes the `assistant` mix; see {@link AssistantLoadOptions}. */
  assistant?: Pick<
    AssistantLoadOptions,
    'stasisCalls' | 'stasisRate' | 'apologyCalls' | 'apologyRate' | 'concurrentCalls'
  >;
  /** Tunes the `operators` mix; see {@link OperatorsLoadOptions}. */
  operators?: Pick<
    OperatorsLoadOptions,
    'deskCalls' | 'deskRate' | 'deskLimit' | 'clickToCalls' | 'assistantCalls'
  >;
  /** Port offset of the bench's own bed, so it never collides with a test run's bed. Default 400. */
  portOffset?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/**
 * Makes a new recording from the real Asterisk test bed.
 *
 * @returns the bytes (cut at the end of the last complete frame) and their census
 * @throws Error when the bed, AMI or sipp cannot be used, saying which
 */
export async function recordAmiStream(options: RecordOptions): Promise<Recording> {
  const log = options.log ?? console.log;
  const mix = options.mix ?? 'assistant';
  const targetBytes = options.targetBytes ?? 30 * 1024 * 1024;
  const maxCalls = options.maxCalls ?? 5000;
  const assistantScenario = `${options.root}/testbed/sipp/call-assistant.xml`;
  await ensureHostPackages(['sip-tester'], log);
  const bed = await startTestbed({
    name: 'bench-ami',
    portOffset: options.portOffset ?? 400,
    log,
    ...(mix === 'operators' ? { configure: configureOffice } : {}),
  });
  try {
    const tap = await openTap(bed.info);
    let calls: number;
    try {
      calls =
        mix === 'operators'
          ? await runOperatorsLoad(bed.info, tap.bytes, {
              ...options.operators,
              assistantScenario,
              scenarioDir: `${options.root}/bench/ami/sipp`,
              targetBytes,
              maxCalls,
              log,
            })
          : await runAssistantLoad(bed.info, tap.bytes, {
              ...options.assistant,
              scenarioFile: assistantScenario,
              targetBytes,
              maxCalls,
              log,
            });
      // Let the last calls hang up and their events arrive, so the stream ends with whole call life cycles.
      await tap.quiet(2000, 60_000);
    } finally {
      tap.close();
    }
    const raw = tap.take();
    const census = censusAmiStream(raw);
    const stream = raw.subarray(0, census.completeBytes);
    if (census.events === 0) throw new Error('The AMI session recorded no events while sipp placed calls.');
    return {
      stream,
      info: {
        format: 1,
        mix,
        bytes: stream.length,
        sha256: sha256(stream),
        frames: census.frames,
        events: census.events,
        byName: census.byName,
        banner: tap.banner,
        asteriskVersion: bed.info.asteriskVersion,
        calls,
        recordedAt: new Date().toISOString(),
      },
    };
  } finally {
    await bed.stop();
  }
}
