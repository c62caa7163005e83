/**
 * The widget benchmark's flags (see main.ts and bench/README.md).
 */

import { splitFlag, wholeFlag } from '../shared/flags.js';

/** The two pages that place the call. */
export const PEER_IDS = ['widget', 'sipjs'] as const;
export type PeerId = (typeof PEER_IDS)[number];

/**
 * cold: the page was just loaded and the button is clicked at once, nothing fetched ahead (the
 * widget's idle-time fetch of its call chunk is held back). idle: the page was left idle for a
 * second first (the widget fetches its chunk then, as on any page), then clicked. warm: hovered, the
 * WebSocket to the PBX open, then clicked.
 */
export const MODES = ['cold', 'idle', 'warm'] as const;
export type Mode = (typeof MODES)[number];

/** Parsed command line. */
export interface WidgetBenchArgs {
  /** Timed calls per peer and mode. */
  rounds: number;
  /** Untimed calls per peer before the timed ones (the browser's and Asterisk's first call). */
  warmup: number;
  peers: PeerId[];
  modes: Mode[];
  /** Longest wait for one call to be answered and heard, ms. */
  timeoutMs: number;
  /** Pause after the pre-warmed connection is open and before the click, ms. */
  settleMs: number;
  /** Whether to place calls (false: sizes only). */
  calls: boolean;
  /** Whether to measure bundle sizes. */
  sizes: boolean;
}

const FLAGS =
  '--rounds=N, --warmup=N, --peers=widget,sipjs, --modes=cold,idle,warm, --timeout=S, --settle=MS, --only=calls|sizes';

function list<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const ids = value.split(',').filter(Boolean);
  const unknown = ids.filter((id) => !allowed.includes(id as T));
  if (ids.length === 0 || unknown.length > 0)
    throw new Error(`${flag} takes ids from: ${allowed.join(', ')} (got "${value}").`);
  // In the canonical order, once each.
  return allowed.filter((id) => ids.includes(id));
}

/** Reads the flags; throws with the offending flag and what is allowed. */
export function parseArgs(argv: readonly string[]): WidgetBenchArgs {
  const args: WidgetBenchArgs = {
    rounds: 10,
    warmup: 1,
    peers: [...PEER_IDS],
    modes: [...MODES],
    timeoutMs: 20_000,
    settleMs: 100,
    calls: true,
    sizes: true,
  };
  for (const arg of argv) {
    const [flag, value] = splitFlag(arg);
    if (flag === '--rounds') args.rounds = wholeFlag(flag, value, 1);
    else if (flag === '--warmup') args.warmup = wholeFlag(flag, value, 0);
    else if (flag === '--timeout') args.timeoutMs = wholeFlag(flag, value, 1) * 1000;
    else if (flag === '--settle') args.settleMs = wholeFlag(flag, value, 0);
    else if (flag === '--peers') args.peers = list(flag, value, PEER_IDS);
    else if (flag === '--modes') args.modes = list(flag, value, MODES);
    else if (flag === '--only') {
      if (value !== 'calls' && value !== 'sizes')
        throw new Error(`--only takes calls or sizes, got "${value}".`);
      args.calls = value === 'calls';
      args.sizes = value === 'sizes';
    } else {
      throw new Error(`Unknown flag "${arg}". Flags: ${FLAGS}.`);
    }
  }
  return args;
}

/**
 * The order of one round: every mode, and in each every peer, both rotated by the round so that no
 * peer (and no mode) always goes first.
 */
export function roundOrder<P, M>(
  peers: readonly P[],
  modes: readonly M[],
  round: number,
): { peer: P; mode: M }[] {
  const rotate = <T>(items: readonly T[]): T[] => items.map((_, i) => items[(i + round) % items.length]!);
  return rotate(modes).flatMap((mode) => rotate(peers).map((peer) => ({ peer, mode })));
}
