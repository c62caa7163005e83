/**
 * SIP load for the ARI benchmark: one sipp run of the bed's `call-assistant.xml` (INVITE, wait for
 * 200, ACK, wait for the far end's BYE), many calls at a fixed rate, with no cap on the calls up at
 * once. `testbed/support/sipp.ts`'s `runSipp` places the same calls but cannot lift sipp's default
 * cap (3 × rate calls up at once: 30 at 10/s), which would hold a 10 s call load at a third of the
 * asked rate; so this runner passes `-l` itself and reads sipp's final statistics.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { freeUdpPort } from '@aipbx/testbed/support/sipp.js';

/** What sipp's final screens say. Counts are undefined when the screen was not printed. */
export interface SippStats {
  successful?: number;
  failed?: number;
  /** Calls up at once at the peak ("Peak was N calls"). */
  peakCalls?: number;
  /** Mean time from INVITE to 200 OK (sipp's "Response Time 1", cumulative), in ms. */
  responseMs?: number;
}

/** One sipp run's outcome. */
export interface SippLoadResult extends SippStats {
  /** sipp's exit code (0 all calls succeeded, 1 some failed; null when killed). */
  code: number | null;
  /** Seconds from start to exit. */
  seconds: number;
  /** The end of sipp's error output, for messages. */
  stderrTail: string;
}

/** `HH:MM:SS:micro` (sipp's time format) in ms; undefined when it does not match. */
function sippDurationMs(text: string): number | undefined {
  const m = /^(\d+):(\d+):(\d+):(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min, s, us] = m.slice(1).map(Number) as [number, number, number, number];
  return ((h * 60 + min) * 60 + s) * 1000 + us / 1000;
}

/**
 * Reads sipp's final statistics from its standard output (the last screen wins; columns are
 * "periodic | cumulative", the cumulative one is taken).
 */
export function parseSippStats(stdout: string): SippStats {
  const cumulative = (label: string): string | undefined => {
    const rows = [...stdout.matchAll(new RegExp(`^\\s*${label}\\s*\\|[^|\\n]*\\|\\s*([^\\s|]+)`, 'gm'))];
    return rows.at(-1)?.[1];
  };
  const count = (label: string): number | undefined => {
    const value = cumulative(label);
    return value === undefined || !/^\d+$/.test(value) ? undefined : Number(value);
  };
  const stats: SippStats = {};
  const successful = count('Successful call');
  const failed = count('Failed call');
  const peak = [...stdout.matchAll(/Peak was (\d+) calls/g)].at(-1)?.[1];
  const response = cumulative('Response Time 1');
  const responseMs = response === undefined ? undefined : sippDurationMs(response);
  if (successful !== undefined) stats.successful = successful;
  if (failed !== undefined) stats.failed = failed;
  if (peak !== undefined) stats.peakCalls = Number(peak);
  if (responseMs !== undefined) stats.responseMs = responseMs;
  return stats;
}

/**
 * Places `calls` calls at `rate` per second to the assistant `assistant` (by the `X-Assistant-Id`
 * header, dialled as the same name), from the bed's sipp trunk address. Each call waits for the
 * app to hang up. Resolves when sipp exits; sipp is killed `timeoutSec` after the start.
 *
 * @throws Error when sipp cannot be started
 */
export async function runSippLoad(
  info: TestbedInfo,
  options: { root: string; calls: number; rate: number; assistant: string; timeoutSec: number },
): Promise<SippLoadResult> {
  const ip = info.sip.sippSourceIp;
  const [port, mediaPort] = [await freeUdpPort(ip), await freeUdpPort(ip)];
  // biome-ignore format: sipp flags read best in pairs
  const args = [
    `${info.sip.host}:${info.sip.port}`,
    '-sf', join(options.root, 'testbed', 'sipp', 'call-assistant.xml'),
    '-s', options.assistant,
    '-i', ip, '-bind_local', '-p', String(port),
    '-mi', ip, '-mp', String(mediaPort),
    '-m', String(options.calls),
    '-r', String(options.rate),
    '-l', String(options.calls),
    '-timeout', `${options.timeoutSec}s`,
    '-nostdin',
    '-key', 'header_name', 'X-Assistant-Id',
    '-key', 'assistant', options.assistant,
  ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutTail = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdoutTail = (stdoutTail + text).slice(-16_384);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-2048);
    });
    // sipp prints its final screens on SIGTERM too.
    const killer = setTimeout(() => child.kill('SIGTERM'), options.timeoutSec * 1000);
    const hardKiller = setTimeout(() => child.kill('SIGKILL'), (options.timeoutSec + 15) * 1000);
    child.once('error', (error) => {
      clearTimeout(killer);
      clearTimeout(hardKiller);
      reject(
        new Error(`sipp could not start (${error.message}); install it with \`npm run testbed -- setup\`.`),
      );
    });
    child.once('close', (code) => {
      clearTimeout(killer);
      clearTimeout(hardKiller);
      resolve({
        code,
        seconds: (performance.now() - started) / 1000,
        stderrTail,
        ...parseSippStats(stdoutTail),
      });
    });
  });
}
