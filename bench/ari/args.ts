/**
 * The ARI benchmark's flags (see main.ts and bench/README.md).
 */

import { positiveFlag, splitFlag, wholeFlag } from '../shared/flags.js';
import { PEERS, type PeerDescriptor } from './peers/index.js';

/** RTP ports the bench gives its bed by default (the bed's own 100 carry 50 calls). */
export const RTP_PORTS = 1000;

/** Parsed command line. */
export interface AriBenchArgs {
  rounds: number;
  loadRounds: number;
  warmup: number;
  calls: number;
  rate: number;
  holdSeconds: number;
  media: string;
  peers: PeerDescriptor[];
  /** RTP ports of the bed (each call takes 2); 100 leaves the bed's own range. */
  rtpPorts: number;
  connect: boolean;
  load: boolean;
}

/** Reads the flags; throws with the offending flag and what is allowed. */
export function parseArgs(argv: readonly string[]): AriBenchArgs {
  const args: AriBenchArgs = {
    rounds: 15,
    loadRounds: 3,
    warmup: 1,
    calls: 300,
    rate: 10,
    holdSeconds: 10,
    media: 'sound:tt-allbusy',
    peers: [...PEERS],
    rtpPorts: RTP_PORTS,
    connect: true,
    load: true,
  };
  for (const arg of argv) {
    const [flag, value] = splitFlag(arg);
    if (flag === '--rounds') args.rounds = wholeFlag(flag, value, 1);
    else if (flag === '--load-rounds') args.loadRounds = wholeFlag(flag, value, 1);
    else if (flag === '--warmup') args.warmup = wholeFlag(flag, value, 0);
    else if (flag === '--calls') args.calls = wholeFlag(flag, value, 1);
    else if (flag === '--rate') args.rate = positiveFlag(flag, value);
    else if (flag === '--hold') args.holdSeconds = positiveFlag(flag, value);
    else if (flag === '--rtp-ports') {
      args.rtpPorts = wholeFlag(flag, value, 100);
      if (args.rtpPorts > 1000)
        throw new Error('--rtp-ports takes 100 to 1000 (the next bed’s range starts 1000 higher).');
    } else if (flag === '--media') {
      if (!/^[a-z]+:\S+$/.test(value))
        throw new Error(`--media needs a media URI such as sound:beep, got "${value}".`);
      args.media = value;
    } else if (flag === '--only') {
      if (value !== 'connect' && value !== 'load')
        throw new Error(`--only takes connect or load, got "${value}".`);
      args.connect = value === 'connect';
      args.load = value === 'load';
    } else if (flag === '--peers') {
      const ids = value.split(',').filter(Boolean);
      const unknown = ids.filter((id) => !PEERS.some((p) => p.id === id));
      if (unknown.length > 0 || ids.length === 0) {
        throw new Error(`--peers takes ids from: ${PEERS.map((p) => p.id).join(', ')} (got "${value}").`);
      }
      args.peers = PEERS.filter((p) => ids.includes(p.id));
    } else {
      throw new Error(
        `Unknown flag "${arg}". Flags: --rounds=N, --load-rounds=N, --warmup=N, --calls=N, --rate=N, --hold=S, ` +
          '--media=URI, --peers=id,…, --only=connect|load, --rtp-ports=N.',
      );
    }
  }
  return args;
}
