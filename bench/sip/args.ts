/**
 * The SIP benchmark's flags (see main.ts and bench/README.md).
 */

/** The two sides the bench compares, in the order the table shows them. */
export const SIDES = ['sip', 'ari'] as const;

import { positiveFlag, splitFlag, wholeFlag } from '../shared/flags.js';
export type Side = (typeof SIDES)[number];

/** Parsed command line. */
export interface SipBenchArgs {
  /** Calls of each side's load. */
  calls: number;
  /** Calls started per second by sipp. */
  rate: number;
  /** Seconds each call keeps its media open. */
  seconds: number;
  /** The SIP service's RTP ports (two per call: RTP on an even port, RTCP on the next). */
  rtpPorts: { portMin: number; portMax: number };
  /** The sides to run. */
  sides: Side[];
  /** Longest wait for the machine to be idle before each side's run, s (0: do not wait). */
  idleWait: number;
}

export const DEFAULTS: Readonly<Omit<SipBenchArgs, 'rtpPorts' | 'sides'>> = {
  calls: 50,
  rate: 10,
  seconds: 20,
  idleWait: 60,
};

/** The service's RTP range by default: clear of the beds' (20000–28999) and the tests' (41000–46999). */
export const DEFAULT_RTP_PORTS = { portMin: 48_000, portMax: 48_999 } as const;

/**
 * Calls the bed carries at most: its RTP range is widened to 1000 ports, and a call to the SIP
 * service takes four of them (the caller's leg and the leg to the service, RTP and RTCP each).
 */
export const MAX_CALLS = 250;

const USAGE =
  'Flags: --calls=N, --rate=N, --seconds=N, --rtp-ports=MIN-MAX (the SIP service’s), --only=sip|ari, --idle-wait=S.';

/** RTP/RTCP pairs (an even port and the next) within `min`–`max`. */
export function portPairs(min: number, max: number): number {
  const first = min + (min % 2);
  return first + 1 > max ? 0 : Math.floor((max - first - 1) / 2) + 1;
}

/** Reads the flags; throws with the offending flag and what is allowed. */
export function parseArgs(argv: readonly string[]): SipBenchArgs {
  const args: SipBenchArgs = { ...DEFAULTS, rtpPorts: { ...DEFAULT_RTP_PORTS }, sides: [...SIDES] };
  for (const arg of argv) {
    const [flag, value] = splitFlag(arg);
    if (flag === '--calls') args.calls = wholeFlag(flag, value, 1, MAX_CALLS);
    else if (flag === '--rate') args.rate = positiveFlag(flag, value);
    else if (flag === '--seconds') args.seconds = positiveFlag(flag, value);
    else if (flag === '--idle-wait') args.idleWait = wholeFlag(flag, value, 0);
    else if (flag === '--rtp-ports') {
      const m = /^(\d+)-(\d+)$/.exec(value);
      const [min, max] = m ? [Number(m[1]), Number(m[2])] : [Number.NaN, Number.NaN];
      if (!(min >= 1024 && max <= 65_535 && min < max))
        throw new Error(`--rtp-ports needs MIN-MAX within 1024–65535, got "${value}".`);
      args.rtpPorts = { portMin: min, portMax: max };
    } else if (flag === '--only') {
      if (!(SIDES as readonly string[]).includes(value))
        throw new Error(`--only takes ${SIDES.join(' or ')}, got "${value}".`);
      args.sides = [value as Side];
    } else {
      throw new Error(`Unknown flag "${arg}". ${USAGE}`);
    }
  }
  const pairs = portPairs(args.rtpPorts.portMin, args.rtpPorts.portMax);
  if (args.sides.includes('sip') && pairs < args.calls)
    throw new Error(
      `--rtp-ports ${args.rtpPorts.portMin}-${args.rtpPorts.portMax} holds ${pairs} RTP/RTCP pairs for ${args.calls} calls: each call takes two ports.`,
    );
  return args;
}
