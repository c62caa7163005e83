/**
 * sipp as a child process for the recorder's load: a run that places calls and ends with sipp's
 * final statistics, or a phone that takes calls until it is stopped.
 */
import { spawn } from 'node:child_process';

/** How one sipp run ended. */
export interface SippRunResult {
  /** sipp's exit code: 0 every call succeeded, 1 some failed, anything else sipp itself failed. */
  code: number | null;
  /** Successful calls from sipp's final statistics; undefined when sipp printed none. */
  successful: number | undefined;
  /** Failed calls from sipp's final statistics. */
  failed: number | undefined;
  /** The end of sipp's error output. */
  stderrTail: string;
}

/** A sipp process that runs until stopped (a phone answering calls). */
export interface SippProcess {
  /** Resolves with the run's result once sipp exited. */
  readonly done: Promise<SippRunResult>;
  /** Asks sipp to stop (SIGTERM, SIGKILL 5 s later) and resolves once it exited. */
  stop(): Promise<SippRunResult>;
}

/**
 * The cumulative column of one row of sipp's final statistics screen
 * (`Successful call | <periodic> | <cumulative>`), from the last screen in `stdout`.
 */
export function sippStatistic(stdout: string, label: string): number | undefined {
  const rows = [...stdout.matchAll(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, 'g'))];
  const last = rows.at(-1)?.[1];
  return last === undefined ? undefined : Number(last);
}

/**
 * Starts `sipp` with `args` (plus `-nostdin`). It is killed when it outlives `timeoutSec` by 15 s.
 *
 * @throws nothing itself; `done` rejects when sipp cannot start, saying how to install it
 */
export function startSipp(args: readonly string[], timeoutSec: number): SippProcess {
  const child = spawn('sipp', [...args, '-nostdin'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdoutTail = '';
  let stderrTail = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdoutTail = (stdoutTail + text).slice(-8192);
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-2048);
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), (timeoutSec + 15) * 1000);
  const done = new Promise<SippRunResult>((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(killer);
      reject(
        new Error(`sipp could not start (${error.message}); install it with \`npm run testbed -- setup\`.`),
      );
    });
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({
        code,
        successful: sippStatistic(stdoutTail, 'Successful call'),
        failed: sippStatistic(stdoutTail, 'Failed call'),
        stderrTail,
      });
    });
  });
  return {
    done,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }
      return done;
    },
  };
}

/**
 * Throws when a sipp run that placed calls failed as a whole: sipp itself failed, printed no
 * statistics, or no call succeeded. A few failed calls are fine for a recording.
 *
 * @param what - names the run in the message, e.g. `desk calls 301 → 302`
 * @param where - where to look next, e.g. the bed's log file
 */
export function checkSippRun(result: SippRunResult, what: string, where: string): void {
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(
      `sipp (${what}) failed (exit ${result.code}): ${result.stderrTail.trim() || 'no error output'}`,
    );
  }
  if (result.successful === undefined) {
    throw new Error(
      `sipp (${what}) ended (exit ${result.code}) without its final statistics: ${result.stderrTail.trim() || 'no error output'}`,
    );
  }
  if (result.successful === 0) throw new Error(`No call of sipp (${what}) succeeded; see ${where}.`);
}
