/**
 * What the SIP benchmark's parent tells its app process (`sip-child.ts`). The request travels as
 * JSON in the media benchmark's {@link REQUEST_VARIABLE}; the app answers with the media
 * benchmark's messages (`ready`, `all-open`, `first-close`, `load`, `failed`: bench/media/protocol.ts),
 * so the parent's `AppProcess` and the load's report are the same on both sides.
 */
import type { LoadCallReport } from '../media/protocol.js';

export { type AppMessage, type LoadReport, REQUEST_VARIABLE } from '../media/protocol.js';

/** A SIP call's RTP counters at its end (`call.rtpStats`). */
export interface CallRtp {
  packetsSent: number;
  packetsReceived: number;
  /** Packets the receive buffer gave up waiting for. */
  packetsLost: number;
  /** Packets that came after their turn, or twice, and were dropped. */
  packetsLate: number;
  /** Interarrival jitter of the caller's stream as the service saw it, ms. */
  jitterMs: number;
  /** Our packets Asterisk said it lost (its last RTCP report), when it sent one. */
  lostByPbx?: number;
}

/** What one SIP call counted: the media bench's counts and, on the SIP side, its RTP's. */
export interface SipLoadCallReport extends LoadCallReport {
  rtp?: CallRtp;
}

/** Where the SIP service registers, where it takes RTP, and what it does with every call. */
export interface SipAppRequest {
  /** The PBX's SIP address and the extensions to register as (with their credentials). */
  sip: {
    server: string;
    port: number;
    users: { extension: string; username: string; password: string; displayName: string }[];
  };
  /** The service's RTP range. */
  rtp: { host: string; portMin: number; portMax: number };
  /** ms each call keeps its media open. */
  holdMs: number;
  /** Calls expected, to say when all have their media open. */
  calls: number;
}
