/**
 * The `assistant` mix (the bench's default recording): sipp calls from the trunk into the
 * `assistant-in` context, alternately answered by a small Stasis app and hearing the apology
 * because no app is connected.
 */
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { freeUdpPort } from '@aipbx/testbed/support/sipp.js';
import { checkSippRun, type SippRunResult, startSipp } from './sipp-process.js';
import { startStasisAnswerer } from './stasis-answerer.js';

/** How much assistant load to generate. */
export interface AssistantLoadOptions {
  /** The sipp scenario: the bed's `testbed/sipp/call-assistant.xml` (absolute path). */
  scenarioFile: string;
  /** Stop once the tap holds this many bytes. */
  targetBytes: number;
  /** Never place more calls than this. */
  maxCalls: number;
  /**
   * The load comes in sipp runs that alternate between two call paths until `targetBytes`:
   * calls a Stasis app answers, bridges and hangs up (`stasisCalls` per run at `stasisRate`/s),
   * then calls that hear the apology because no app is connected (`apologyCalls` at `apologyRate`/s).
   * Defaults: 300 at 10/s, 150 at 15/s (the bed's Asterisk falls behind on ARI above ~10 answered calls/s).
   */
  stasisCalls?: number;
  /** See `stasisCalls`. */
  stasisRate?: number;
  /** See `stasisCalls`. */
  apologyCalls?: number;
  /** See `stasisCalls`. */
  apologyRate?: number;
  /** Most calls up at once (RTP ports are 100 per bed; each call uses two). Default 40. */
  concurrentCalls?: number;
  log: (line: string) => void;
}

/**
 * Runs sipp with the bed's `call-assistant.xml` scenario: `calls` calls to the `assistant-in`
 * context at `rate` per second, at most `limit` at once, tagged for `assistant` (the
 * `X-Assistant-Id` header). Each call is answered and hung up by the far end: by the Stasis
 * answerer when it is connected, else by the dialplan after the apology.
 */
export async function runAssistantCalls(
  info: TestbedInfo,
  options: { scenario: string; calls: number; rate: number; limit: number; assistant?: string },
): Promise<SippRunResult> {
  const ip = info.sip.sippSourceIp;
  const [port, mediaPort] = [await freeUdpPort(ip), await freeUdpPort(ip)];
  const timeoutSec = Math.ceil(options.calls / options.rate) + 60;
  // biome-ignore format: sipp flags read best in pairs
  const args = [
    `${info.sip.host}:${info.sip.port}`,
    '-sf', options.scenario,
    '-s', '100',
    '-i', ip, '-bind_local', '-p', String(port),
    '-mi', ip, '-mp', String(mediaPort),
    '-m', String(options.calls),
    '-r', String(options.rate),
    '-l', String(options.limit),
    '-timeout', `${timeoutSec}s`,
    '-key', 'header_name', 'X-Assistant-Id',
    '-key', 'assistant', options.assistant ?? 'bench-load',
  ];
  return startSipp(args, timeoutSec).done;
}

/**
 * Places assistant calls until the tap holds `targetBytes` (or `maxCalls` were placed).
 *
 * @param recorded - bytes the tap holds so far
 * @returns the number of calls placed
 * @throws Error when sipp cannot place calls, saying why
 */
export async function runAssistantLoad(
  info: TestbedInfo,
  recorded: () => number,
  options: AssistantLoadOptions,
): Promise<number> {
  const { log, targetBytes, maxCalls } = options;
  const limit = options.concurrentCalls ?? 40;
  const paths = [
    { stasis: true, calls: options.stasisCalls ?? 300, rate: options.stasisRate ?? 10 },
    { stasis: false, calls: options.apologyCalls ?? 150, rate: options.apologyRate ?? 15 },
  ] as const;
  let calls = 0;
  for (let run = 0; recorded() < targetBytes && calls < maxCalls; run++) {
    const path = paths[run % paths.length]!;
    const batch = Math.min(path.calls, maxCalls - calls);
    const started = performance.now();
    const answerer = path.stasis ? await startStasisAnswerer(info) : undefined;
    let result: SippRunResult;
    try {
      result = await runAssistantCalls(info, {
        scenario: options.scenarioFile,
        calls: batch,
        rate: path.rate,
        limit,
      });
    } finally {
      await answerer?.close();
    }
    calls += batch;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const ariFailures = answerer?.failures();
    log(
      `bench: sipp placed ${batch} ${path.stasis ? 'Stasis-answered' : 'apology'} calls in ${seconds} s ` +
        `(ok ${result.successful ?? '?'}, failed ${result.failed ?? '?'}, exit ${result.code}` +
        (ariFailures === undefined
          ? ''
          : `; Stasis handled ${answerer?.handled()}, ARI failures ${ariFailures.count}` +
            (ariFailures.samples.length > 0 ? ` e.g. ${ariFailures.samples[0]}` : '')) +
        `); recorded ${(recorded() / 1048576).toFixed(1)} MiB`,
    );
    checkSippRun(
      result,
      `${path.stasis ? 'Stasis-answered' : 'apology'} calls`,
      `the bed's log ${info.logFile}, sipp at ${info.sip.host}:${info.sip.port}`,
    );
  }
  return calls;
}
