import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionError, TypedEmitter, ValidationError, type ValidationProblem } from '@aipbx/core';
import {
  advanceTimestamp,
  bindInRange,
  decodeAlaw,
  decodeRtp,
  decodeTelephoneEvent,
  decodeUlaw,
  encodeAlaw,
  encodeRtp,
  encodeTelephoneEvent,
  encodeUlaw,
  type MediaListen,
  nextSequence,
  type RtpPacket,
} from '@aipbx/media';
import { JitterBuffer } from './jitter-buffer.js';
import {
  decodeRtcp,
  encodeRtcpReport,
  ntpTime,
  ReceptionStatistics,
  type RtcpPacket,
  type RtcpReportBlock,
  type RtcpSenderInfo,
  roundTripMs,
} from './rtcp.js';
import type { G711Encoding, MediaDirection } from './sdp.js';

/** G.711's RTP clock, Hz: one tick per sample. */
const CLOCK_RATE = 8000;
/** Packetisation, ms, and its ticks. */
const PACKET_MS = 20;
const PACKET_TICKS = (CLOCK_RATE * PACKET_MS) / 1000;
/** No frame for longer than this (ms) is a silence gap: the next packet starts a talkspurt. */
const GAP_MS = 100;
/** Default time between RTCP reports, ms (RFC 3550 §6.2's minimum is 5 s). */
const RTCP_INTERVAL_MS = 5000;
/** Default time packets from a source other than the negotiated one are ignored (NAT), ms. */
const LATCH_GRACE_MS = 500;
/** End packets of a telephone-event, sent 20 ms apart (RFC 4733 §2.5.1.4). */
const DTMF_END_PACKETS = 3;
const DTMF_DIGIT = /^[0-9*#A-D]$/i;
/** The longest key: RFC 4733's 16-bit duration holds 8.19 s at 8 kHz. */
const MAX_DTMF_MS = 8000;

/** Where a session binds, and how it behaves. */
export interface RtpSessionOptions extends MediaListen {
  /** RTCP canonical name. Default `aipbx@<localAddress>`. */
  cname?: string;
  /** Packets the receive buffer holds while one is missing (20 ms each). Default 3. */
  jitterDepth?: number;
  /** Time between RTCP reports, ms. Default 5000. */
  rtcpIntervalMs?: number;
  /**
   * After `configure()`, how long packets from a source other than the negotiated address:port are
   * ignored, ms (default 500). The negotiated source is latched at once; another one (the PBX behind
   * NAT) only after this, so packets still in flight to a reused port from an earlier call cannot
   * capture it.
   */
  latchGraceMs?: number;
}

/** What the session needs from the SDP negotiation (sdp.ts's `negotiate()` returns this shape). */
export interface RtpSessionConfig {
  /** Where to send RTP until symmetric RTP learns where the peer really sends from. */
  remoteAddress: string;
  /** Their RTP port (0: no media). */
  remotePort: number;
  /** Where to send RTCP; default `remotePort + 1`. */
  remoteRtcpPort?: number;
  /** The negotiated codec's payload type (0 for PCMU and 8 for PCMA, or the offer's number). */
  payloadType: number;
  /** The negotiated codec. */
  encoding: G711Encoding;
  /** The negotiated RFC 4733 telephone-event payload type; without it, no DTMF is sent or read. */
  telephoneEventPayloadType?: number;
  /** Our direction: `recvonly` and `inactive` send nothing; `sendonly` and `inactive` drop what comes in. */
  direction: MediaDirection;
}

/** The peer's view of our stream, from its last RTCP report. */
export interface RtpRemoteReport {
  /** Share of our packets it lost in its last interval, 0–1. */
  fractionLost: number;
  /** Our packets it lost since the start. */
  cumulativeLost: number;
  /** The jitter it sees on our stream, ms. */
  jitterMs: number;
  /** Round trip, ms, when the report answers one of our SRs. */
  roundTripMs: number | undefined;
  /** When the report arrived (Unix ms). */
  receivedAt: number;
}

/** Counters of one session. */
export interface RtpSessionStats {
  /** RTP packets sent (audio and telephone-events). */
  packetsSent: number;
  /** RTP packets received from the peer. */
  packetsReceived: number;
  /** Packets the receive buffer gave up waiting for. */
  packetsLost: number;
  /** Packets that came after their turn, or twice, and were dropped. */
  packetsLate: number;
  /** RFC 3550 interarrival jitter of the peer's stream, ms. */
  jitterMs: number;
  /** When the last packet came (Unix ms); undefined before the first. */
  lastReceivedAt: number | undefined;
  /** The peer's last RTCP report on our stream. */
  remote: RtpRemoteReport | undefined;
}

/** Events of an {@link RtpSession}. */
export interface RtpSessionEvents {
  /** One received packet of audio, decoded: 8 kHz linear samples (160 for 20 ms), in sequence order. */
  audio: (samples: Int16Array) => void;
  /** A key the peer pressed (RFC 4733), once per key, when it is released. */
  dtmf: (digit: string, durationMs: number) => void;
  /** RTCP SRs, RRs and BYEs from the peer. */
  rtcp: (packets: readonly RtcpPacket[]) => void;
  /** Both sockets are closed: `close()`, or a socket failed (`error`). */
  close: (error?: Error) => void;
}

interface Endpoint {
  address: string;
  port: number;
}

/**
 * One call's RTP (and RTCP) over UDP: G.711 both ways, RFC 4733 DTMF both ways, a small reordering
 * buffer on receipt, RTCP reports every 5 s, symmetric RTP for PBXs behind NAT.
 *
 * RTP gets an even port of the range and RTCP the next one (RFC 3550 §11); both go back to the range
 * on `close()`. Nothing is sent or received until {@link configure} gives the negotiated SDP.
 *
 * Symmetric RTP (RFC 4961): the first packet from the peer fixes (latches) where it comes from; from
 * then on packets go to that address and port, and packets from anywhere else are ignored.
 *
 * @example
 * ```ts
 * const session = await RtpSession.open({ host: '0.0.0.0', advertise: '198.51.100.7', portMin: 5700, portMax: 5750 });
 * const sdp = createAnswer(parseSdp(offer), { origin, address: session.localAddress, port: session.rtpPort });
 * session.configure(negotiate(parseSdp(offer))!);
 * session.on('audio', (samples) => …);
 * ```
 */
export class RtpSession extends TypedEmitter<RtpSessionEvents> {
  /** The address written into SDP: `advertise`, else `host`. */
  readonly localAddress: string;
  /** Our RTP port (even); RTCP is on the next one. */
  readonly rtpPort: number;
  /** Our SSRC. */
  readonly ssrc = randomInt(0, 2 ** 32 - 1);

  readonly #rtp: Socket;
  readonly #rtcp: Socket;
  readonly #cname: string;
  readonly #rtcpIntervalMs: number;
  readonly #latchGraceMs: number;
  readonly #jitter: JitterBuffer<RtpPacket>;
  #config: RtpSessionConfig | undefined;
  #configuredAt = 0;
  #latched: Endpoint | undefined;
  #rtcpLatched: Endpoint | undefined;

  #sequence = randomInt(0, 2 ** 16);
  #timestamp = randomInt(0, 2 ** 31);
  #marker = true;
  /** When the last packet went out (performance.now()), and its timestamp. */
  #lastSent: { at: number; timestamp: number } | undefined;
  #dtmfActive = false;
  /** Keys queued or playing, and the promise the next one waits for. */
  #dtmfPending = 0;
  #dtmfQueue: Promise<void> = Promise.resolve();
  #octetsSent = 0;
  #sentSinceReport = false;
  #rtcpTimer: ReturnType<typeof setInterval> | undefined;

  #remoteSsrc: number | undefined;
  #reception: ReceptionStatistics | undefined;
  #lastDtmfTimestamp: number | undefined;
  readonly #stats: Omit<RtpSessionStats, 'jitterMs'> = {
    packetsSent: 0,
    packetsReceived: 0,
    packetsLost: 0,
    packetsLate: 0,
    lastReceivedAt: undefined,
    remote: undefined,
  };

  #closed = false;
  #closing: Promise<void> | undefined;

  private constructor(rtp: Socket, rtcp: Socket, port: number, options: RtpSessionOptions) {
    super();
    this.#rtp = rtp;
    this.#rtcp = rtcp;
    this.rtpPort = port;
    this.localAddress = options.advertise ?? options.host;
    this.#cname = options.cname ?? `aipbx@${this.localAddress}`;
    this.#rtcpIntervalMs = options.rtcpIntervalMs ?? RTCP_INTERVAL_MS;
    this.#latchGraceMs = options.latchGraceMs ?? LATCH_GRACE_MS;
    this.#jitter = new JitterBuffer({ depth: options.jitterDepth ?? 3 });
    rtp.on('message', (data, from) => this.#onRtp(data, from));
    rtcp.on('message', (data, from) => this.#onRtcp(data, from));
    for (const socket of [rtp, rtcp]) {
      socket.on('error', (error) => void this.#shutdown(error));
      socket.on('close', () => void this.#shutdown());
    }
  }

  /**
   * Binds an even port of the range for RTP and the next one for RTCP. A pair whose odd port is
   * taken is given back and another tried.
   *
   * @throws ValidationError (`INVALID_INPUT`) when the range holds no even/odd pair.
   * @throws ConnectionError (`CONNECTION_FAILED`) when every pair of the range is in use.
   */
  static async open(options: RtpSessionOptions): Promise<RtpSession> {
    const { host, portMin, portMax } = options;
    const first = portMin + (portMin % 2);
    const pairs = Math.floor((portMax - first - 1) / 2) + 1;
    checkRange(portMin, portMax, pairs);
    try {
      const [rtp, rtcp, port] = await bindInRange({ host, portMin: 0, portMax: pairs - 1 }, (i) =>
        bindPair(host, first + 2 * i),
      );
      return new RtpSession(rtp, rtcp, port, options);
    } catch (error) {
      if (!(error instanceof ConnectionError)) throw error;
      throw new ConnectionError(
        'CONNECTION_FAILED',
        `${host}:${portMin}-${portMax}`,
        `Every RTP port pair (an even port for RTP, the next for RTCP) from ${portMin} to ${portMax} on ${host} is in use: widen the RTP port range (two ports per concurrent call).`,
        { cause: error },
      );
    }
  }

  /** Our RTCP port: {@link rtpPort} + 1. */
  get rtcpPort(): number {
    return this.rtpPort + 1;
  }

  /** Where RTP goes now: the latched source, else the negotiated address; undefined before `configure()`. */
  get remote(): Readonly<Endpoint> | undefined {
    if (this.#config === undefined) return undefined;
    return this.#latched ?? { address: this.#config.remoteAddress, port: this.#config.remotePort };
  }

  /** The current direction; `inactive` before `configure()`. */
  get direction(): MediaDirection {
    return this.#config?.direction ?? 'inactive';
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Counters so far. */
  get stats(): Readonly<RtpSessionStats> {
    return { ...this.#stats, jitterMs: this.#reception?.jitterMs ?? 0 };
  }

  /**
   * Starts media, or changes it on a re-INVITE (new address, port, codec or direction). A new remote
   * address or port drops the latched source, so the peer is learnt again.
   *
   * @throws ValidationError (`INVALID_INPUT`) for a port or payload type out of range.
   */
  configure(config: RtpSessionConfig): void {
    checkConfig(config);
    if (this.#closed) return;
    const previous = this.#config;
    if (previous?.remoteAddress !== config.remoteAddress || previous.remotePort !== config.remotePort) {
      this.#latched = undefined;
      this.#rtcpLatched = undefined;
      this.#configuredAt = performance.now();
    }
    if (!sends(previous?.direction ?? 'inactive') && sends(config.direction)) this.#marker = true;
    this.#config = { ...config };
    if (this.#rtcpTimer === undefined) {
      this.#rtcpTimer = setInterval(() => this.#sendReport(), this.#rtcpIntervalMs);
      this.#rtcpTimer.unref();
    }
  }

  /**
   * Sends 20 ms of audio (160 samples at 8 kHz) as one RTP packet in the negotiated codec. Does
   * nothing before `configure()`, while the direction does not send (`recvonly`, `inactive`), while a
   * DTMF key is being sent, or after `close()`.
   */
  sendFrame(samples: Int16Array): void {
    const config = this.#config;
    if (config === undefined || samples.length === 0 || this.#dtmfActive || !this.#canSend()) return;
    const payload = config.encoding === 'PCMA' ? encodeAlaw(samples) : encodeUlaw(samples);
    const timestamp = this.#startPacket();
    this.#send(config.payloadType, timestamp, payload);
    this.#timestamp = advanceTimestamp(timestamp, samples.length);
  }

  /**
   * Sends one DTMF key as RFC 4733 telephone-events: a packet every 20 ms with the duration so far,
   * then three end packets, all with the event's timestamp, in the audio's sequence space; audio is
   * held back meanwhile. Keys sent while one is playing wait their turn.
   *
   * @param digit - `0`–`9`, `*`, `#`, `A`–`D`.
   * @param durationMs - how long the key is held, ms (rounded to 20 ms, at least 40). Default 100.
   * @returns true once sent; false when it could not be (no telephone-event negotiated, the
   *   direction does not send, the session closed).
   * @throws ValidationError (`INVALID_INPUT`, as a rejection) for anything but a DTMF key, or a
   *   duration outside 1–8000 ms.
   */
  sendDtmf(digit: string, durationMs = 100): Promise<boolean> {
    const problems: ValidationProblem[] = [];
    if (!DTMF_DIGIT.test(digit)) {
      problems.push({
        field: 'digit',
        message: `must be one of 0-9, *, #, A-D; got ${JSON.stringify(digit)}`,
      });
    }
    if (!(durationMs > 0 && durationMs <= MAX_DTMF_MS)) {
      problems.push({
        field: 'durationMs',
        message: `must be from 1 to ${MAX_DTMF_MS} ms, got ${durationMs}`,
      });
    }
    if (problems.length > 0) return Promise.reject(new ValidationError('DTMF key', problems));
    // The first key starts at once (audio is held back from this call on); later ones queue.
    const play = () => this.#playDtmf(digit, durationMs);
    const played = this.#dtmfPending === 0 ? play() : this.#dtmfQueue.then(play);
    this.#dtmfPending++;
    const done = (): void => {
      this.#dtmfPending--;
    };
    this.#dtmfQueue = played.then(done, done);
    return played;
  }

  /** Closes both sockets (their ports go back to the range) and stops RTCP. Safe to call again. */
  close(): Promise<void> {
    return this.#shutdown();
  }

  // ---- sending ----

  #canSend(): boolean {
    const config = this.#config;
    if (this.#closed || config === undefined || !sends(config.direction)) return false;
    const remote = this.remote!;
    return remote.port !== 0 && !isUnspecified(remote.address);
  }

  /** The timestamp of the packet about to go: after a silence gap, moved on by the time that passed. */
  #startPacket(): number {
    const now = performance.now();
    const last = this.#lastSent;
    if (last !== undefined && now - last.at > GAP_MS) {
      const elapsed = Math.round(((now - last.at) * CLOCK_RATE) / 1000);
      const ahead = (this.#timestamp - last.timestamp) >>> 0;
      if (elapsed > ahead) this.#timestamp = advanceTimestamp(last.timestamp, elapsed);
      this.#marker = true;
    }
    return this.#timestamp;
  }

  #send(payloadType: number, timestamp: number, payload: Uint8Array): void {
    const remote = this.remote!;
    const packet = encodeRtp({
      payloadType,
      sequence: this.#sequence,
      timestamp,
      ssrc: this.ssrc,
      marker: this.#marker,
      payload,
    });
    this.#marker = false;
    this.#sequence = nextSequence(this.#sequence);
    this.#lastSent = { at: performance.now(), timestamp };
    this.#stats.packetsSent++;
    this.#octetsSent += payload.length;
    this.#sentSinceReport = true;
    this.#rtp.send(packet, remote.port, remote.address, ignoreSendError);
  }

  async #playDtmf(digit: string, durationMs: number): Promise<boolean> {
    const payloadType = this.#config?.telephoneEventPayloadType;
    if (payloadType === undefined || !this.#canSend()) return false;
    const updates = Math.max(2, Math.round(durationMs / PACKET_MS));
    const total = updates + DTMF_END_PACKETS;
    this.#dtmfActive = true;
    const start = this.#startPacket();
    this.#marker = true;
    try {
      for (let i = 1; i <= total; i++) {
        const duration = Math.min(i, updates) * PACKET_TICKS;
        this.#send(payloadType, start, encodeTelephoneEvent({ digit, end: i > updates, duration }));
        if (i === total) return true;
        await sleep(PACKET_MS);
        if (!this.#canSend()) return false;
      }
      return true;
    } finally {
      this.#dtmfActive = false;
      // Audio resumes where the event's time ends, as a new talkspurt.
      this.#timestamp = advanceTimestamp(start, total * PACKET_TICKS);
      this.#marker = true;
    }
  }

  // ---- receiving ----

  #onRtp(data: Buffer, from: RemoteInfo): void {
    if (this.#closed || this.#config === undefined) return;
    const packet = decodeRtp(data);
    if (packet === undefined || !this.#accept(from)) return;
    if (packet.ssrc !== this.#remoteSsrc) this.#newSource(packet.ssrc);
    const eventType = this.#config.telephoneEventPayloadType;
    this.#stats.packetsReceived++;
    this.#stats.lastReceivedAt = Date.now();
    this.#reception!.onPacket(
      packet.sequence,
      packet.timestamp,
      performance.now(),
      packet.payloadType !== eventType,
    );
    const release = this.#jitter.push(packet.sequence, packet);
    this.#stats.packetsLost += release.lost;
    if (release.dropped !== undefined) this.#stats.packetsLate++;
    for (const p of release.packets) this.#deliver(p);
  }

  /** Symmetric RTP: latches the first source heard, then hears only it. */
  #accept(from: RemoteInfo): boolean {
    const latched = this.#latched;
    if (latched !== undefined) return latched.address === from.address && latched.port === from.port;
    const config = this.#config!;
    const negotiated = from.address === config.remoteAddress && from.port === config.remotePort;
    if (!negotiated && performance.now() - this.#configuredAt < this.#latchGraceMs) return false;
    this.#latched = { address: from.address, port: from.port };
    return true;
  }

  /** A new SSRC: the old stream's held packets go out, and counting starts over. */
  #newSource(ssrc: number): void {
    for (const p of this.#jitter.flush().packets) this.#deliver(p);
    this.#jitter.reset();
    this.#remoteSsrc = ssrc;
    this.#reception = new ReceptionStatistics(ssrc, CLOCK_RATE);
    this.#lastDtmfTimestamp = undefined;
  }

  #deliver(packet: RtpPacket): void {
    const config = this.#config!;
    if (!receives(config.direction)) return;
    if (packet.payloadType === config.telephoneEventPayloadType) {
      this.#onEvent(packet);
      return;
    }
    const encoding = encodingOf(packet.payloadType, config);
    if (encoding === undefined || packet.payload.length === 0) return; // comfort noise, unknown types
    this.safeEmit('audio', encoding === 'PCMA' ? decodeAlaw(packet.payload) : decodeUlaw(packet.payload));
  }

  /** Reports a key once, on its first end packet; the retransmitted end packets share its timestamp. */
  #onEvent(packet: RtpPacket): void {
    const event = decodeTelephoneEvent(packet.payload);
    if (event === undefined || !event.end || packet.timestamp === this.#lastDtmfTimestamp) return;
    this.#lastDtmfTimestamp = packet.timestamp;
    this.safeEmit('dtmf', event.digit, (event.duration * 1000) / CLOCK_RATE);
  }

  // ---- RTCP ----

  #onRtcp(data: Buffer, from: RemoteInfo): void {
    const config = this.#config;
    if (this.#closed || config === undefined) return;
    const peer = this.#latched?.address ?? config.remoteAddress;
    const graceOver = performance.now() - this.#configuredAt >= this.#latchGraceMs;
    if (from.address !== peer && !graceOver) return;
    const packets = decodeRtcp(data);
    if (packets.length === 0) return;
    this.#rtcpLatched ??= { address: from.address, port: from.port };
    for (const packet of packets) this.#readRtcp(packet);
    this.safeEmit('rtcp', packets);
  }

  #readRtcp(packet: RtcpPacket): void {
    if (packet.type === 'bye') return;
    if (packet.type === 'sr' && packet.ssrc === this.#remoteSsrc) {
      this.#reception?.onSenderReport(packet.ntpSeconds, packet.ntpFraction, performance.now());
    }
    const ours = packet.reports.find((r) => r.ssrc === this.ssrc);
    if (ours !== undefined) this.#stats.remote = remoteReport(ours);
  }

  #sendReport(): void {
    const config = this.#config;
    if (this.#closed || config === undefined) return;
    const to = this.#rtcpLatched ?? {
      address: config.remoteAddress,
      port: config.remoteRtcpPort ?? config.remotePort + 1,
    };
    if (isUnspecified(to.address) || config.remotePort === 0) return;
    const report = encodeRtcpReport({
      ssrc: this.ssrc,
      cname: this.#cname,
      ...(this.#sentSinceReport ? { sender: this.#senderInfo() } : {}),
      reports: this.#reception === undefined ? [] : [this.#reception.report(performance.now())],
    });
    this.#sentSinceReport = false;
    this.#rtcp.send(report, to.port, to.address, ignoreSendError);
  }

  #senderInfo(): RtcpSenderInfo {
    const { seconds, fraction } = ntpTime(Date.now());
    const last = this.#lastSent;
    const elapsed = last === undefined ? 0 : Math.round(((performance.now() - last.at) * CLOCK_RATE) / 1000);
    return {
      ntpSeconds: seconds,
      ntpFraction: fraction,
      rtpTimestamp: advanceTimestamp(last?.timestamp ?? this.#timestamp, elapsed),
      packetCount: this.#stats.packetsSent,
      octetCount: this.#octetsSent,
    };
  }

  // ---- closing ----

  #shutdown(error?: Error): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    clearInterval(this.#rtcpTimer);
    this.#closing = Promise.all([closeSocket(this.#rtp), closeSocket(this.#rtcp)]).then(() => {
      this.safeEmit('close', error);
    });
    return this.#closing;
  }
}

function remoteReport(block: RtcpReportBlock): RtpRemoteReport {
  const receivedAt = Date.now();
  return {
    fractionLost: block.fractionLost,
    cumulativeLost: block.cumulativeLost,
    jitterMs: (block.jitter * 1000) / CLOCK_RATE,
    roundTripMs: roundTripMs(block, receivedAt),
    receivedAt,
  };
}

/** The codec of a received payload type: the negotiated one, or G.711's static numbers. */
function encodingOf(payloadType: number, config: RtpSessionConfig): G711Encoding | undefined {
  if (payloadType === config.payloadType) return config.encoding;
  if (payloadType === 0) return 'PCMU';
  if (payloadType === 8) return 'PCMA';
  return undefined;
}

function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

function ignoreSendError(): void {
  // UDP: a packet that cannot leave (no route yet, ICMP unreachable) is a lost packet, not a failure.
}

function checkRange(portMin: number, portMax: number, pairs: number): void {
  const isPort = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65_535;
  const problems: ValidationProblem[] = [];
  if (!isPort(portMin))
    problems.push({ field: 'portMin', message: 'must be a whole number from 1 to 65535' });
  if (!isPort(portMax))
    problems.push({ field: 'portMax', message: 'must be a whole number from 1 to 65535' });
  if (problems.length === 0 && pairs < 1) {
    problems.push({
      field: 'portMax',
      message: `the range ${portMin}-${portMax} holds no even port followed by an odd one: RTP needs an even port and RTCP the next`,
    });
  }
  if (problems.length > 0) throw new ValidationError('RTP port range', problems);
}

function checkConfig(config: RtpSessionConfig): void {
  const problems: ValidationProblem[] = [];
  const isPayloadType = (pt: number) => Number.isInteger(pt) && pt >= 0 && pt <= 127 && (pt < 64 || pt > 95);
  if (!Number.isInteger(config.remotePort) || config.remotePort < 0 || config.remotePort > 65_535) {
    problems.push({ field: 'remotePort', message: 'must be a whole number from 0 to 65535' });
  }
  if (!isPayloadType(config.payloadType)) {
    problems.push({ field: 'payloadType', message: 'must be an RTP payload type: 0-63 or 96-127' });
  }
  const event = config.telephoneEventPayloadType;
  if (event !== undefined && !isPayloadType(event)) {
    problems.push({
      field: 'telephoneEventPayloadType',
      message: 'must be an RTP payload type: 0-63 or 96-127',
    });
  }
  if (config.encoding !== 'PCMU' && config.encoding !== 'PCMA') {
    problems.push({ field: 'encoding', message: 'must be PCMU or PCMA' });
  }
  if (problems.length > 0) throw new ValidationError('RTP session configuration', problems);
}

function bindSocket(host: string, port: number): Promise<Socket> {
  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      void closeSocket(socket);
      reject(error);
    };
    socket.once('error', fail);
    socket.bind(port, host, () => {
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** RTP on `port`, RTCP on `port + 1`; when the second is taken the first is given back. */
async function bindPair(host: string, port: number): Promise<[Socket, Socket, number]> {
  const rtp = await bindSocket(host, port);
  try {
    return [rtp, await bindSocket(host, port + 1), port];
  } catch (error) {
    await closeSocket(rtp);
    throw error;
  }
}

function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
