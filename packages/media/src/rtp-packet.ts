/**
 * RTP packets (RFC 3550 §5.1) and RFC 4733 telephone-events, as bytes. Pure functions, no sockets.
 *
 * Header layout (network byte order):
 *
 * ```text
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers  × CC       |
 * |  extension profile (if X)     |   extension length in words   |
 * |                  extension data × length words                |
 * |                  payload ...  | padding ... | padding count   |
 * ```
 */

/** Bytes in the fixed part of every RTP header. */
export const RTP_HEADER_LENGTH = 12;

/** What {@link encodeRtp} needs to build one packet. */
export interface RtpPacketInit {
  /** Payload type, 0–127 except 64–95 (see {@link encodeRtp}). PCMU is 0, PCMA 8. */
  payloadType: number;
  /** Sequence number; any integer, taken modulo 2^16 so a running counter can be passed as is. */
  sequence: number;
  /** Media timestamp in clock ticks; any integer, taken modulo 2^32. */
  timestamp: number;
  /** Synchronisation source, 0 to 2^32 − 1. */
  ssrc: number;
  /** Marker bit: for audio, set on the first packet of a talkspurt. Default false. */
  marker?: boolean;
  /** The payload, copied into the packet. */
  payload: Uint8Array;
}

/** A header extension (RFC 3550 §5.3.1). */
export interface RtpHeaderExtension {
  /** The 16-bit profile-defined value in front of the extension (e.g. 0xBEDE for RFC 8285). */
  readonly profile: number;
  /** The extension's data, without its 4-byte preamble: a view into the decoded buffer. */
  readonly data: Uint8Array;
}

/** One decoded RTP packet. */
export interface RtpPacket {
  /** Marker bit. */
  readonly marker: boolean;
  /** Payload type, 0–127. */
  readonly payloadType: number;
  /** Sequence number, 0 to 2^16 − 1. */
  readonly sequence: number;
  /** Timestamp, 0 to 2^32 − 1. */
  readonly timestamp: number;
  /** Synchronisation source, 0 to 2^32 − 1. */
  readonly ssrc: number;
  /** Contributing sources, in header order (usually empty). */
  readonly csrc: readonly number[];
  /** The header extension, when the X bit is set. */
  readonly extension: RtpHeaderExtension | undefined;
  /** Bytes of padding removed from the end (0 when the P bit is clear). */
  readonly paddingLength: number;
  /** The payload: a view into the decoded buffer (no copy), without header, extension or padding. */
  readonly payload: Uint8Array;
}

const SEQUENCE_MODULUS = 0x1_0000;
const TIMESTAMP_MODULUS = 0x1_0000_0000;

function wrap(value: number, modulus: number, what: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`RTP ${what} must be a safe integer, got ${String(value)}`);
  }
  return ((value % modulus) + modulus) % modulus;
}

/**
 * True when the second header byte lies in 192–223 (marker set, payload type 64–95): the range RFC
 * 5761 §4 leaves to RTCP packet types (SR 200, RR 201, SDES 202, BYE 203, APP 204, feedback 205/206…)
 * so that RTP and RTCP can share a port.
 */
function looksLikeRtcp(secondByte: number): boolean {
  return secondByte >= 192 && secondByte <= 223;
}

/**
 * Builds one RTP version 2 packet: a 12-byte header (no CSRC, no extension, no padding) and the
 * payload. The sequence number is taken modulo 2^16 and the timestamp modulo 2^32, so counters that
 * keep counting wrap as RFC 3550 requires.
 *
 * @throws RangeError when the payload type is not an integer in 0–127, or lies in 64–95 (reserved by
 * RFC 5761 §4 so that RTP stays distinguishable from RTCP); when the SSRC is not an integer in
 * 0 to 2^32 − 1; or when the sequence number or timestamp is not a safe integer.
 */
export function encodeRtp(init: RtpPacketInit): Buffer {
  const { payloadType, ssrc, payload } = init;
  if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
    throw new RangeError(`RTP payload type must be an integer from 0 to 127, got ${String(payloadType)}`);
  }
  if (payloadType >= 64 && payloadType <= 95) {
    throw new RangeError(
      `RTP payload type ${payloadType} is in 64–95, which RFC 5761 reserves to keep RTP apart from RTCP`,
    );
  }
  if (!Number.isInteger(ssrc) || ssrc < 0 || ssrc >= TIMESTAMP_MODULUS) {
    throw new RangeError(`RTP SSRC must be an integer from 0 to 4294967295, got ${String(ssrc)}`);
  }
  const sequence = wrap(init.sequence, SEQUENCE_MODULUS, 'sequence number');
  const timestamp = wrap(init.timestamp, TIMESTAMP_MODULUS, 'timestamp');

  const packet = Buffer.allocUnsafe(RTP_HEADER_LENGTH + payload.length);
  packet[0] = 0x80; // V=2, P=0, X=0, CC=0
  packet[1] = (init.marker === true ? 0x80 : 0) | payloadType;
  packet.writeUInt16BE(sequence, 2);
  packet.writeUInt32BE(timestamp, 4);
  packet.writeUInt32BE(ssrc, 8);
  packet.set(payload, RTP_HEADER_LENGTH);
  return packet;
}

/**
 * Reads one RTP packet. Returns `undefined`, and never throws, for anything that is not a valid RTP
 * version 2 packet:
 *
 * - shorter than the 12-byte fixed header, or a version other than 2;
 * - a CSRC list or header extension that runs past the end;
 * - the P bit set with a padding count of 0 or one that reaches into the header;
 * - a second byte in 192–223, which is RTCP sharing the port (RFC 5761 §4), not RTP.
 *
 * The payload and extension data are views into `buf`: copy them to keep them after `buf` changes.
 */
export function decodeRtp(buf: Uint8Array): RtpPacket | undefined {
  const length = buf.length;
  if (length < RTP_HEADER_LENGTH) return undefined;
  const first = buf[0]!;
  const second = buf[1]!;
  if (first >> 6 !== 2) return undefined;
  if (looksLikeRtcp(second)) return undefined;

  const view = new DataView(buf.buffer, buf.byteOffset, length);
  const csrcCount = first & 0x0f;
  let offset = RTP_HEADER_LENGTH + 4 * csrcCount;
  if (offset > length) return undefined;
  const csrc: number[] = [];
  for (let i = RTP_HEADER_LENGTH; i < offset; i += 4) csrc.push(view.getUint32(i));

  let extension: RtpHeaderExtension | undefined;
  if ((first & 0x10) !== 0) {
    if (offset + 4 > length) return undefined;
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    const start = offset + 4;
    offset = start + 4 * words;
    if (offset > length) return undefined;
    extension = { profile, data: buf.subarray(start, offset) };
  }

  let paddingLength = 0;
  if ((first & 0x20) !== 0) {
    paddingLength = buf[length - 1]!;
    if (paddingLength === 0 || offset + paddingLength > length) return undefined;
  }

  return {
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequence: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrc,
    extension,
    paddingLength,
    payload: buf.subarray(offset, length - paddingLength),
  };
}

/** The sequence number after `sequence`, wrapping from 65535 to 0. */
export function nextSequence(sequence: number): number {
  return (sequence + 1) % SEQUENCE_MODULUS;
}

/**
 * How far sequence number `b` is ahead of `a`, in −32768 to 32767, across the 2^16 wrap: positive
 * when `b` is newer, negative when it is older (a late or repeated packet), 0 when equal.
 */
export function sequenceDelta(a: number, b: number): number {
  const d = (((b - a) % SEQUENCE_MODULUS) + SEQUENCE_MODULUS) % SEQUENCE_MODULUS;
  return d >= SEQUENCE_MODULUS / 2 ? d - SEQUENCE_MODULUS : d;
}

/** `timestamp` advanced by `ticks` clock ticks, wrapping at 2^32. */
export function advanceTimestamp(timestamp: number, ticks: number): number {
  return (((timestamp + ticks) % TIMESTAMP_MODULUS) + TIMESTAMP_MODULUS) % TIMESTAMP_MODULUS;
}

/** One RFC 4733 §2.3 telephone-event payload that names a DTMF key. */
export interface TelephoneEvent {
  /** Event code, 0–15. */
  readonly event: number;
  /** The key: `0`–`9` for events 0–9, `*` 10, `#` 11, `A`–`D` 12–15. */
  readonly digit: string;
  /** E bit: this packet ends the event. */
  readonly end: boolean;
  /** Power level of the tone, in −dBm0 (0–63; larger is quieter). */
  readonly volume: number;
  /** Duration so far, in RTP clock ticks from the event's timestamp (0–65535). */
  readonly duration: number;
}

/** Bytes in one telephone-event payload. */
export const TELEPHONE_EVENT_LENGTH = 4;

const DTMF_DIGITS = '0123456789*#ABCD';

/**
 * Reads an RFC 4733 telephone-event payload (the payload of an RTP packet whose payload type was
 * negotiated as `telephone-event`):
 *
 * ```text
 * |     event     |E|R| volume    |          duration             |
 * ```
 *
 * Returns `undefined` when the payload is shorter than 4 bytes or the event is not a DTMF key
 * (codes above 15, such as 16 for a hook flash). Bytes after the first four are ignored; the
 * reserved R bit is ignored as the RFC asks.
 */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < TELEPHONE_EVENT_LENGTH) return undefined;
  const event = payload[0]!;
  const digit = DTMF_DIGITS[event];
  if (digit === undefined) return undefined;
  const flags = payload[1]!;
  return {
    event,
    digit,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

/** What {@link encodeTelephoneEvent} needs: a key, and optionally the other fields. */
export interface TelephoneEventInit {
  /** The key: one of `0`–`9`, `*`, `#`, `A`–`D` (case-insensitive). */
  digit: string;
  /** Set on the last packets of the event. Default false. */
  end?: boolean;
  /** Power level in −dBm0, 0–63. Default 10. */
  volume?: number;
  /** Duration in RTP clock ticks, 0–65535. Default 0. */
  duration?: number;
}

/**
 * Builds a 4-byte RFC 4733 telephone-event payload for a DTMF key.
 *
 * @throws RangeError when the digit is not a DTMF key, the volume is not an integer in 0–63, or the
 * duration is not an integer in 0–65535.
 */
export function encodeTelephoneEvent(init: TelephoneEventInit): Buffer {
  const event = init.digit.length === 1 ? DTMF_DIGITS.indexOf(init.digit.toUpperCase()) : -1;
  if (event < 0) {
    throw new RangeError(
      `telephone-event digit must be one of 0-9, *, #, A-D; got ${JSON.stringify(init.digit)}`,
    );
  }
  const volume = init.volume ?? 10;
  if (!Number.isInteger(volume) || volume < 0 || volume > 63) {
    throw new RangeError(`telephone-event volume must be an integer from 0 to 63, got ${String(volume)}`);
  }
  const duration = init.duration ?? 0;
  if (!Number.isInteger(duration) || duration < 0 || duration > 0xffff) {
    throw new RangeError(
      `telephone-event duration must be an integer from 0 to 65535, got ${String(duration)}`,
    );
  }
  const out = Buffer.alloc(TELEPHONE_EVENT_LENGTH);
  out[0] = event;
  out[1] = (init.end === true ? 0x80 : 0) | volume;
  out.writeUInt16BE(duration, 2);
  return out;
}
