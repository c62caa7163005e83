/**
 * The AMI benchmark's flags (see main.ts and bench/README.md).
 */

import { positiveFlag, splitFlag } from '../shared/flags.js';
import { BENCH_CLIENTS, type BenchClientDescriptor } from './clients/index.js';
import { RECORDING_MIXES, type RecordingMix } from './recording.js';

/** Parsed command line. */
export interface AmiBenchArgs {
  /** Make the selected mixes' recordings again, even when cached. */
  record: boolean;
  /**
   * The bench's own recordings to replay, in this order: `['assistant']` unless `--mix` or
   * `--capture` says otherwise.
   */
  mixes: RecordingMix[];
  /** Capture files to replay after the recordings, as given (resolved by the caller). */
  captures: string[];
  rounds: number;
  clients: BenchClientDescriptor[];
  timeoutMs: number;
  /** Recording size, bytes. */
  targetBytes: number;
  loginPauseMs: number;
}

/** Every flag, for the error message of an unknown one. */
export const USAGE =
  'Flags: --record, --mix=assistant,operators, --capture=PATH (repeatable), --rounds=N, --clients=id,…, ' +
  '--timeout=S, --target-mb=N, --login-pause=MS.';

/**
 * Reads the flags; throws with the offending flag and what is allowed.
 *
 * `--capture=PATH` replays a capture file (repeat the flag for several); alone it replaces the
 * bench's own recording, with `--mix` both are replayed. `--record` makes the selected mixes'
 * recordings again, so it needs a mix to record.
 */
export function parseArgs(argv: readonly string[]): AmiBenchArgs {
  const args: AmiBenchArgs = {
    record: false,
    mixes: [],
    captures: [],
    rounds: 3,
    clients: [...BENCH_CLIENTS],
    timeoutMs: 120_000,
    targetBytes: 30 * 1024 * 1024,
    loginPauseMs: 20,
  };
  let mixGiven = false;
  for (const arg of argv) {
    const [flag, value] = splitFlag(arg);
    if (flag === '--record') args.record = true;
    else if (flag === '--rounds') args.rounds = Math.round(positiveFlag(flag, value));
    else if (flag === '--timeout') args.timeoutMs = positiveFlag(flag, value) * 1000;
    else if (flag === '--target-mb') args.targetBytes = positiveFlag(flag, value) * 1024 * 1024;
    else if (flag === '--login-pause') {
      args.loginPauseMs = Number(value);
      if (value === '' || !Number.isInteger(args.loginPauseMs) || args.loginPauseMs < 0) {
        throw new Error(`--login-pause needs whole milliseconds, 0 or more, got "${value}".`);
      }
    } else if (flag === '--clients') {
      const ids = value.split(',').filter(Boolean);
      const unknown = ids.filter((id) => !BENCH_CLIENTS.some((c) => c.id === id));
      if (unknown.length > 0 || ids.length === 0) {
        throw new Error(
          `--clients takes ids from: ${BENCH_CLIENTS.map((c) => c.id).join(', ')} (got "${value}").`,
        );
      }
      args.clients = BENCH_CLIENTS.filter((c) => ids.includes(c.id));
    } else if (flag === '--mix') {
      const names = value.split(',').filter(Boolean);
      const mixes = RECORDING_MIXES.filter((m) => names.includes(m));
      if (names.length === 0 || mixes.length !== new Set(names).size) {
        throw new Error(`--mix takes names from: ${RECORDING_MIXES.join(', ')} (got "${value}").`);
      }
      for (const mix of names as RecordingMix[]) if (!args.mixes.includes(mix)) args.mixes.push(mix);
      mixGiven = true;
    } else if (flag === '--capture') {
      if (value === '') throw new Error('--capture needs a file: --capture=PATH.');
      args.captures.push(value);
    } else {
      throw new Error(`Unknown flag "${arg}". ${USAGE}`);
    }
  }
  if (!mixGiven && args.captures.length === 0) args.mixes = ['assistant'];
  if (args.record && args.mixes.length === 0) {
    throw new Error(
      '--record makes the bench’s own recordings, and --capture alone selects none: add --mix=… to say which to record.',
    );
  }
  return args;
}
