/**
 * The media benchmark's flags (see main.ts and bench/README.md).
 */

/** The transports `call.media()` offers, in the order the tables show them. */
export const TRANSPORTS = ['websocket', 'audiosocket', 'rtp'] as const;

import { positiveFlag, splitFlag, wholeFlag } from '../shared/flags.js';
export type Transport = (typeof TRANSPORTS)[number];

/** Parsed command line. */
export interface MediaBenchArgs {
  transports: Transport[];
  /** Latency calls per transport (each with `bursts` bursts), through the bench's own RTP echo. */
  rounds: number;
  /** Tone bursts per latency call. */
  bursts: number;
  /** Latency calls per transport through sipp's `-rtp_echo` (round trip only), as a cross-check. */
  sippEcho: number;
  /** Calls of the load. */
  calls: number;
  /** Calls started per second by sipp. */
  rate: number;
  /** Seconds each load call keeps its media open. */
  seconds: number;
  latency: boolean;
  load: boolean;
  /** RTP ports of the bed (each SIP call takes 2, an RTP media channel 2 more). */
  rtpPorts: number;
  /** Ports the app listens on for AudioSocket and RTP (one per call). */
  listen: { portMin: number; portMax: number };
  /** The app process's nice value (−20 to 19; unset: inherited), to test whether it waits for CPU. */
  appNice?: number;
  /** Longest wait for the machine to be idle before each load run, s (0: do not wait). */
  idleWait: number;
}

export const DEFAULTS: Readonly<Omit<MediaBenchArgs, 'transports' | 'listen' | 'appNice'>> = {
  rounds: 20,
  bursts: 5,
  sippEcho: 5,
  calls: 100,
  rate: 20,
  seconds: 20,
  latency: true,
  load: true,
  rtpPorts: 1000,
  idleWait: 120,
};

const USAGE =
  'Flags: --transports=websocket,audiosocket,rtp, --rounds=N, --bursts=N, --sipp-echo=N, --calls=N, ' +
  '--rate=N, --seconds=N, --only=latency|load, --rtp-ports=N, --listen-ports=MIN-MAX, --app-nice=N, --idle-wait=S.';

/** Reads the flags; throws with the offending flag and what is allowed. */
export function parseArgs(argv: readonly string[]): MediaBenchArgs {
  const args: MediaBenchArgs = {
    ...DEFAULTS,
    transports: [...TRANSPORTS],
    listen: { portMin: 42_000, portMax: 42_299 },
  };
  for (const arg of argv) {
    const [flag, value] = splitFlag(arg);
    if (flag === '--rounds') args.rounds = wholeFlag(flag, value, 1);
    else if (flag === '--bursts') args.bursts = wholeFlag(flag, value, 1);
    else if (flag === '--sipp-echo') args.sippEcho = wholeFlag(flag, value, 0);
    else if (flag === '--calls') args.calls = wholeFlag(flag, value, 1);
    else if (flag === '--rate') args.rate = positiveFlag(flag, value);
    else if (flag === '--seconds') args.seconds = positiveFlag(flag, value);
    else if (flag === '--idle-wait') args.idleWait = wholeFlag(flag, value, 0);
    else if (flag === '--app-nice') {
      const n = Number(value);
      if (value === '' || !Number.isInteger(n) || n < -20 || n > 19)
        throw new Error(`--app-nice needs a whole number from -20 to 19, got "${value}".`);
      args.appNice = n;
    } else if (flag === '--rtp-ports') {
      args.rtpPorts = wholeFlag(flag, value, 100);
      if (args.rtpPorts > 1000)
        throw new Error('--rtp-ports takes 100 to 1000 (the next bed’s range starts 1000 higher).');
    } else if (flag === '--listen-ports') {
      const m = /^(\d+)-(\d+)$/.exec(value);
      const [min, max] = m ? [Number(m[1]), Number(m[2])] : [Number.NaN, Number.NaN];
      if (!(min >= 1024 && max <= 65_535 && min <= max))
        throw new Error(`--listen-ports needs MIN-MAX within 1024–65535, got "${value}".`);
      args.listen = { portMin: min, portMax: max };
    } else if (flag === '--only') {
      if (value !== 'latency' && value !== 'load')
        throw new Error(`--only takes latency or load, got "${value}".`);
      args.latency = value === 'latency';
      args.load = value === 'load';
    } else if (flag === '--transports') {
      const names = value.split(',').filter(Boolean);
      const unknown = names.filter((n) => !(TRANSPORTS as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0)
        throw new Error(`--transports takes names from: ${TRANSPORTS.join(', ')} (got "${value}").`);
      args.transports = TRANSPORTS.filter((t) => names.includes(t));
    } else {
      throw new Error(`Unknown flag "${arg}". ${USAGE}`);
    }
  }
  const ports = args.listen.portMax - args.listen.portMin + 1;
  if (args.load && args.transports.some((t) => t !== 'websocket') && ports < args.calls)
    throw new Error(
      `--listen-ports gives ${ports} ports for ${args.calls} calls: AudioSocket and RTP take one per call.`,
    );
  return args;
}
