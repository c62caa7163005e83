/**
 * SDP (RFC 4566) for a call with one audio stream, and the offer/answer rules of RFC 3264: what the
 * PBX offers or answers is read with {@link parseSdp}; what we offer or answer is written with
 * {@link createOffer} and {@link createAnswer}; {@link negotiate} turns the remote description into
 * the settings of the call's RTP session.
 *
 * Only G.711 (PCMU, PCMA) and RFC 4733 telephone-events are supported. G.711 is what every PBX offers
 * and costs nothing to code; G.722 would need an SB-ADPCM codec and Opus a native library, for audio
 * the assistant gets at 16 kHz anyway (G.711 is interpolated, see `resample.ts`).
 *
 * Pure: no sockets, no clocks.
 */
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { ProtocolError } from '@aipbx/core';

/**
 * Which way media flows, seen from the side that wrote the description (RFC 3264 §5.1):
 * `sendonly` from the PBX means "I send, do not send to me" (it put us on hold).
 */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The codecs this package speaks: G.711 µ-law and A-law. */
export type G711Encoding = 'PCMU' | 'PCMA';

/** One format on the audio m-line. */
export interface SdpPayload {
  /** RTP payload type, 0–127. */
  readonly payloadType: number;
  /** Encoding name as written in `a=rtpmap` (or RFC 3551's name of a static type), e.g. `PCMU`, `opus`. */
  readonly encoding: string;
  /** RTP clock rate, Hz. */
  readonly clockRate: number;
}

/** A G.711 format both sides support. */
export interface SdpCodec extends SdpPayload {
  /** `PCMU` or `PCMA`, upper-case whatever the SDP wrote. */
  readonly encoding: G711Encoding;
}

/** The RFC 4733 telephone-event format of the audio stream. */
export interface SdpTelephoneEvent {
  /** RTP payload type (dynamic, usually 101). */
  readonly payloadType: number;
  /** RTP clock rate, Hz (8000 alongside G.711). */
  readonly clockRate: number;
}

/** One m-line, whatever its media (kept so an answer can reject the streams it does not take). */
export interface SdpMediaLine {
  /** `audio`, `video`, `application`… */
  readonly media: string;
  /** Port; 0 for a rejected or removed stream. */
  readonly port: number;
  /** Transport protocol, e.g. `RTP/AVP`, `RTP/SAVP`. */
  readonly protocol: string;
  /** The formats, as written. */
  readonly formats: readonly string[];
}

/** The `o=` line of a description. */
export interface SdpOriginLine {
  /** The user name, usually `-`. */
  readonly username: string;
  /** The session id: the same in every description of a call. */
  readonly sessionId: string;
  /** Kept as written: it may exceed 2^53. Unchanged between two descriptions means unchanged SDP. */
  readonly version: string;
}

/** What {@link parseSdp} reads: the audio stream of a description. */
export interface SdpDescription {
  /** The `o=` line, when present. */
  readonly origin: SdpOriginLine | undefined;
  /**
   * Where the audio stream receives RTP: the stream's `c=` address, or the session's. `0.0.0.0` is
   * the old (RFC 2543) way of putting a call on hold; {@link direction} accounts for it.
   */
  readonly address: string;
  /** `IP4` or `IP6`. */
  readonly addressType: 'IP4' | 'IP6';
  /** RTP port; 0 means the stream is rejected or removed (then {@link codec} may be undefined). */
  readonly port: number;
  /** Transport protocol of the stream, `RTP/AVP` (or `RTP/AVPF`). */
  readonly protocol: string;
  /** Every audio format offered, in the m-line's order of preference, except telephone-event. */
  readonly payloads: readonly SdpPayload[];
  /** The first format of {@link payloads} this package supports; set whenever {@link port} is not 0. */
  readonly codec: SdpCodec | undefined;
  /** The telephone-event format, when offered (the 8 kHz one when there are several). */
  readonly telephoneEvent?: SdpTelephoneEvent;
  /**
   * The stream's direction (media level, else session level, else `sendrecv`). A `c=` of `0.0.0.0`
   * takes `recv` away: `sendrecv` becomes `sendonly`, `recvonly` becomes `inactive`.
   */
  readonly direction: MediaDirection;
  /** `a=ptime`, ms. */
  readonly ptime?: number;
  /** `a=rtcp` port (RFC 3605); RTCP goes to RTP port + 1 when absent. */
  readonly rtcpPort?: number;
  /** `a=rtcp` address, when it names one. */
  readonly rtcpAddress?: string;
  /** Every m-line of the description, in order. */
  readonly streams: readonly SdpMediaLine[];
  /** Index in {@link streams} of the audio stream described here. */
  readonly streamIndex: number;
}

/** What the RTP session of a call needs from a negotiation (the shape of `RtpSession.configure`). */
export interface NegotiatedMedia {
  /** Where to send RTP (before symmetric RTP learns better). */
  readonly remoteAddress: string;
  /** Their RTP port. */
  readonly remotePort: number;
  /** Where to send RTCP, when the remote said (`a=rtcp`); else RTP port + 1. */
  readonly remoteRtcpPort?: number;
  /** The codec's payload type, as the offer numbered it. */
  readonly payloadType: number;
  /** The codec. */
  readonly encoding: G711Encoding;
  /** Payload type of telephone-events, when both sides have them. */
  readonly telephoneEventPayloadType?: number;
  /** Our direction: what we may do (send, receive, both, neither). */
  readonly direction: MediaDirection;
}

/** Payload type of telephone-event in our offers (the usual choice of Asterisk and phones). */
export const DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

/** What we put in our own descriptions. */
export interface LocalSdp {
  /** The `o=` line's session id and version, one per call (see {@link SdpOrigin}). */
  readonly origin: SdpOrigin;
  /** Where we receive RTP: the RTP session's `localAddress`. */
  readonly address: string;
  /** The RTP session's `rtpPort`. */
  readonly port: number;
  /** The codecs we accept, in our order of preference. Default PCMU, PCMA. */
  readonly codecs?: readonly G711Encoding[];
  /** Offer or accept RFC 4733 telephone-events. Default true. */
  readonly telephoneEvent?: boolean;
  /** Their payload type in an offer (an answer keeps the offer's). Default 101. */
  readonly telephoneEventPayloadType?: number;
  /** What we want: `sendonly` puts the other side on hold. Default `sendrecv`. */
  readonly direction?: MediaDirection;
  /** The `s=` line. Default `aipbx`. */
  readonly sessionName?: string;
}

/** Packetisation we send and ask for, ms. */
const PTIME = 20;

const DEFAULT_CODECS: readonly G711Encoding[] = ['PCMU', 'PCMA'];

/** RFC 3551 static payload types that may come without `a=rtpmap`. */
const STATIC_PAYLOADS: ReadonlyMap<number, { encoding: string; clockRate: number }> = new Map([
  [0, { encoding: 'PCMU', clockRate: 8000 }],
  [3, { encoding: 'GSM', clockRate: 8000 }],
  [4, { encoding: 'G723', clockRate: 8000 }],
  [8, { encoding: 'PCMA', clockRate: 8000 }],
  [9, { encoding: 'G722', clockRate: 8000 }],
  [13, { encoding: 'CN', clockRate: 8000 }],
  [18, { encoding: 'G729', clockRate: 8000 }],
]);

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** Transport protocols of plain RTP; SRTP (`RTP/SAVP`, `UDP/TLS/RTP/SAVPF`) is not supported. */
const PLAIN_RTP = /^RTP\/AVPF?$/i;

/** The `o=` line's session id and version for one call's descriptions (RFC 4566 §5.2, RFC 3264 §8). */
export class SdpOrigin {
  /** Numeric session id, the same in every description of the call. */
  readonly sessionId: string;
  #version: number;
  /** The last description written, without its `o=` line. */
  #lastBody: string | undefined;

  /** A new session: a random id, and a first version equal to it (as Asterisk and PJSIP do). */
  constructor(init: { sessionId?: number; version?: number } = {}) {
    const id = init.sessionId ?? randomInt(1, 2 ** 31);
    this.sessionId = String(id);
    this.#version = init.version ?? id;
  }

  /** The version of the last description written. */
  get version(): number {
    return this.#version;
  }

  /**
   * The `o=` line for a description whose other lines are `body`: the version goes up by one when
   * the body differs from the previous description's, and stays when it is the same (RFC 3264 §8).
   */
  line(body: string, address: string): string {
    if (this.#lastBody !== undefined && this.#lastBody !== body) this.#version++;
    this.#lastBody = body;
    return `o=- ${this.sessionId} ${this.#version} IN ${addressType(address)} ${address}`;
  }
}

/**
 * Reads a description's audio stream.
 *
 * Lenient where real PBXs differ (LF or CRLF line ends, unknown lines and attributes, static types
 * without `a=rtpmap`, multicast TTLs), strict where the call cannot work.
 *
 * @throws ProtocolError (`PROTOCOL`) when the text is not SDP, has no audio stream, offers only SRTP,
 *   offers no G.711 codec, or gives no connection address for the audio.
 */
export function parseSdp(text: string): SdpDescription {
  const { session, media, origin } = splitSections(text);
  const streams = media.map((m) => m.line);
  const index = pickAudio(media);
  const chosen = media[index]!;
  const connection = chosen.connection ?? session.connection;
  if (connection === undefined) {
    throw new ProtocolError(
      'The SDP gives no connection address (c=) for its audio stream: the PBX sent an incomplete description',
    );
  }
  const { payloads, telephoneEvent } = readFormats(chosen);
  const codec = chosen.line.port === 0 ? undefined : firstSupported(payloads, DEFAULT_CODECS);
  if (chosen.line.port !== 0 && codec === undefined) throw noCodec(payloads);
  const direction = chosen.direction ?? session.direction ?? 'sendrecv';
  const rtcp = chosen.attributes.get('rtcp')?.[0];
  const ptime = chosen.attributes.get('ptime')?.[0] ?? session.attributes.get('ptime')?.[0];
  return {
    origin,
    address: connection.address,
    addressType: connection.type,
    port: chosen.line.port,
    protocol: chosen.line.protocol,
    payloads,
    codec,
    ...(telephoneEvent === undefined ? {} : { telephoneEvent }),
    direction: isUnspecified(connection.address) ? withoutReceive(direction) : direction,
    ...readPtime(ptime),
    ...(rtcp === undefined ? {} : readRtcp(rtcp)),
    streams,
    streamIndex: index,
  };
}

/**
 * What our RTP session does, given the remote description (an offer we answer, or the answer to our
 * offer): their address and port, the first of their codecs we accept (in their order), their
 * telephone-event type, and our direction (theirs mirrored, within what we want).
 *
 * @returns `undefined` when the remote stream has port 0 (rejected or removed: no media).
 * @throws ProtocolError when none of their codecs is one of `local.codecs`.
 */
export function negotiate(
  remote: SdpDescription,
  local: Pick<LocalSdp, 'codecs' | 'direction' | 'telephoneEvent'> = {},
): NegotiatedMedia | undefined {
  if (remote.port === 0) return undefined;
  const codec = firstSupported(remote.payloads, local.codecs ?? DEFAULT_CODECS);
  if (codec === undefined) throw noCodec(remote.payloads, local.codecs);
  const event = local.telephoneEvent === false ? undefined : remote.telephoneEvent;
  return {
    remoteAddress: remote.address,
    remotePort: remote.port,
    ...(remote.rtcpPort === undefined ? {} : { remoteRtcpPort: remote.rtcpPort }),
    payloadType: codec.payloadType,
    encoding: codec.encoding,
    ...(event?.clockRate === codec.clockRate ? { telephoneEventPayloadType: event.payloadType } : {}),
    direction: intersect(local.direction ?? 'sendrecv', mirror(remote.direction)),
  };
}

/**
 * Our offer: one audio stream with our codecs (PCMU, PCMA by default), telephone-event 101, 20 ms
 * packets and our direction. Each new description of the call raises the `o=` version.
 */
export function createOffer(local: LocalSdp): string {
  const codecs = local.codecs ?? DEFAULT_CODECS;
  const types = codecs.map((c) => (c === 'PCMU' ? 0 : 8));
  const event =
    local.telephoneEvent === false
      ? undefined
      : (local.telephoneEventPayloadType ?? DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE);
  const formats = event === undefined ? types : [...types, event];
  const lines = [
    `m=audio ${local.port} RTP/AVP ${formats.join(' ')}`,
    ...codecs.map((c, i) => `a=rtpmap:${types[i]} ${c}/8000`),
    ...telephoneEventLines(event),
    `a=ptime:${PTIME}`,
    `a=${local.direction ?? 'sendrecv'}`,
  ];
  return describe(local, lines);
}

/**
 * Our answer to `offer` (RFC 3264 §6): the first offered codec we accept, under the offer's payload
 * type number, with the offer's telephone-event type when it has one; the direction mirrors the
 * offer's (`sendonly` → `recvonly`, `recvonly` → `sendonly`, `inactive` → `inactive`) within ours.
 * A stream offered with port 0, and every m-line other than the audio stream, is answered with port 0
 * (rejected), so the answer has as many m-lines as the offer.
 *
 * @throws ProtocolError when none of the offered codecs is one of `local.codecs` (answer 488).
 */
export function createAnswer(offer: SdpDescription, local: LocalSdp): string {
  const negotiated = negotiate(offer, local);
  const lines = offer.streams.flatMap((stream, i) =>
    i === offer.streamIndex && negotiated !== undefined
      ? answerAudio(negotiated, local.port)
      : [`m=${stream.media} 0 ${stream.protocol} ${stream.formats.join(' ')}`],
  );
  return describe(local, lines);
}

function answerAudio(negotiated: NegotiatedMedia, port: number): string[] {
  const event = negotiated.telephoneEventPayloadType;
  const formats = event === undefined ? [negotiated.payloadType] : [negotiated.payloadType, event];
  return [
    `m=audio ${port} RTP/AVP ${formats.join(' ')}`,
    `a=rtpmap:${negotiated.payloadType} ${negotiated.encoding}/8000`,
    ...telephoneEventLines(event),
    `a=ptime:${PTIME}`,
    `a=${negotiated.direction}`,
  ];
}

function telephoneEventLines(payloadType: number | undefined): string[] {
  if (payloadType === undefined) return [];
  return [`a=rtpmap:${payloadType} telephone-event/8000`, `a=fmtp:${payloadType} 0-16`];
}

/** A whole description: session lines, then `mediaLines`; CRLF line ends. */
function describe(local: LocalSdp, mediaLines: readonly string[]): string {
  const body = [
    `s=${local.sessionName ?? 'aipbx'}`,
    `c=IN ${addressType(local.address)} ${local.address}`,
    't=0 0',
    ...mediaLines,
  ];
  const origin = local.origin.line(body.join('\r\n'), local.address);
  return `${['v=0', origin, ...body].join('\r\n')}\r\n`;
}

function addressType(address: string): 'IP4' | 'IP6' {
  return isIP(address) === 6 ? 'IP6' : 'IP4';
}

// ---- parsing ----

interface Connection {
  type: 'IP4' | 'IP6';
  address: string;
}

/** Attributes and connection of the session or of one m-line. */
interface Section {
  connection: Connection | undefined;
  direction: MediaDirection | undefined;
  /** Attribute values by name (`rtpmap` → every `a=rtpmap:` value); flags have an empty value. */
  attributes: Map<string, string[]>;
}

interface MediaSection extends Section {
  line: SdpMediaLine;
}

function newSection(): Section {
  return { connection: undefined, direction: undefined, attributes: new Map() };
}

function splitSections(text: string): {
  session: Section;
  media: MediaSection[];
  origin: SdpOriginLine | undefined;
} {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines[0] !== 'v=0') {
    throw new ProtocolError(
      `Not an SDP description: it must begin with "v=0", got ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`,
    );
  }
  const session = newSection();
  const media: MediaSection[] = [];
  let origin: SdpOriginLine | undefined;
  let current: Section = session;
  for (const line of lines) {
    const type = line[0];
    const value = line.slice(2);
    if (line[1] !== '=') continue;
    if (type === 'm') {
      const section: MediaSection = { ...newSection(), line: readMediaLine(value) };
      media.push(section);
      current = section;
    } else if (type === 'c') current.connection = readConnection(value);
    else if (type === 'a') addAttribute(current, value);
    else if (type === 'o' && current === session) origin = readOrigin(value);
  }
  return { session, media, origin };
}

function readMediaLine(value: string): SdpMediaLine {
  const [media, port, protocol, ...formats] = value.split(/\s+/);
  // A port may carry a count of ports (`49170/2`); only the first is used.
  const number = Number(port?.split('/')[0]);
  if (
    media === undefined ||
    protocol === undefined ||
    !Number.isInteger(number) ||
    number < 0 ||
    number > 65_535
  ) {
    throw new ProtocolError(
      `The SDP has a malformed media line "m=${value}": expected "m=audio <port> RTP/AVP <formats>"`,
    );
  }
  return { media, port: number, protocol, formats };
}

function readConnection(value: string): Connection {
  const [net, type, address] = value.split(/\s+/);
  if (net !== 'IN' || (type !== 'IP4' && type !== 'IP6') || address === undefined) {
    throw new ProtocolError(
      `The SDP has a connection line "c=${value}" that is not "IN IP4 <address>" or "IN IP6 <address>"`,
    );
  }
  // Multicast addresses carry /ttl and /count suffixes.
  return { type, address: address.split('/')[0]! };
}

function readOrigin(value: string): SdpOriginLine | undefined {
  const [username, sessionId, version] = value.split(/\s+/);
  if (username === undefined || sessionId === undefined || version === undefined) return undefined;
  return { username, sessionId, version };
}

function addAttribute(section: Section, value: string): void {
  const colon = value.indexOf(':');
  const name = (colon < 0 ? value : value.slice(0, colon)).trim();
  const content = colon < 0 ? '' : value.slice(colon + 1).trim();
  if ((DIRECTIONS as readonly string[]).includes(name)) {
    section.direction = name as MediaDirection;
    return;
  }
  const list = section.attributes.get(name);
  if (list === undefined) section.attributes.set(name, [content]);
  else list.push(content);
}

/** Index of the audio stream to use; throws when there is none that can work. */
function pickAudio(media: readonly MediaSection[]): number {
  const audio = media.flatMap((m, i) => (m.line.media === 'audio' ? [i] : []));
  if (audio.length === 0) {
    const found = media.map((m) => m.line.media).join(', ') || 'none';
    throw new ProtocolError(`The SDP has no audio stream (m=audio); media lines found: ${found}`);
  }
  const active = audio.filter((i) => media[i]!.line.port !== 0);
  if (active.length === 0) return audio[0]!;
  const plain = active.filter((i) => PLAIN_RTP.test(media[i]!.line.protocol));
  if (plain.length === 0) {
    const protocols = active.map((i) => media[i]!.line.protocol).join(', ');
    throw new ProtocolError(
      `The SDP offers audio only over ${protocols} (SRTP); aipbx speaks plain RTP (RTP/AVP): turn media encryption off for this extension or trunk on the PBX`,
    );
  }
  const supported = plain.find((i) => firstSupported(readFormats(media[i]!).payloads, DEFAULT_CODECS));
  return supported ?? plain[0]!;
}

function readFormats(section: MediaSection): {
  payloads: SdpPayload[];
  telephoneEvent: SdpTelephoneEvent | undefined;
} {
  const maps = new Map<number, { encoding: string; clockRate: number }>();
  for (const value of section.attributes.get('rtpmap') ?? []) {
    const match = /^(\d+)\s+([^/\s]+)\/(\d+)/.exec(value);
    if (match !== null) maps.set(Number(match[1]), { encoding: match[2]!, clockRate: Number(match[3]) });
  }
  const payloads: SdpPayload[] = [];
  const events: SdpTelephoneEvent[] = [];
  for (const format of section.line.formats) {
    const payloadType = Number(format);
    if (!/^\d+$/.test(format) || payloadType > 127) continue;
    const map = maps.get(payloadType) ?? STATIC_PAYLOADS.get(payloadType);
    if (map === undefined) continue;
    if (map.encoding.toLowerCase() === 'telephone-event')
      events.push({ payloadType, clockRate: map.clockRate });
    else payloads.push({ payloadType, ...map });
  }
  const telephoneEvent = events.find((e) => e.clockRate === 8000) ?? events[0];
  return { payloads, telephoneEvent };
}

function firstSupported(
  payloads: readonly SdpPayload[],
  codecs: readonly G711Encoding[],
): SdpCodec | undefined {
  for (const payload of payloads) {
    const encoding = payload.encoding.toUpperCase();
    if (payload.clockRate === 8000 && (codecs as readonly string[]).includes(encoding)) {
      return { payloadType: payload.payloadType, encoding: encoding as G711Encoding, clockRate: 8000 };
    }
  }
  return undefined;
}

function noCodec(
  payloads: readonly SdpPayload[],
  codecs: readonly G711Encoding[] = DEFAULT_CODECS,
): ProtocolError {
  const offered = payloads.map((p) => `${p.encoding}/${p.clockRate}`).join(', ') || 'none';
  return new ProtocolError(
    `The SDP offers no codec aipbx can use (offered: ${offered}); supported: ${codecs.join(', ')} (G.711): allow G.711 µ-law or A-law for this extension or trunk on the PBX`,
  );
}

function readRtcp(value: string): { rtcpPort?: number; rtcpAddress?: string } {
  const [port, net, , address] = value.split(/\s+/);
  const number = Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65_535) return {};
  return net === 'IN' && address !== undefined
    ? { rtcpPort: number, rtcpAddress: address }
    : { rtcpPort: number };
}

function readPtime(value: string | undefined): { ptime?: number } {
  const ptime = value === undefined ? Number.NaN : Number.parseFloat(value);
  return Number.isFinite(ptime) && ptime > 0 ? { ptime } : {};
}

/** `0.0.0.0` (or `::`): "do not send to me" in RFC 2543 hold. */
function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

function fromFlags(send: boolean, receive: boolean): MediaDirection {
  if (send) return receive ? 'sendrecv' : 'sendonly';
  return receive ? 'recvonly' : 'inactive';
}

function withoutReceive(direction: MediaDirection): MediaDirection {
  return fromFlags(sends(direction), false);
}

/** The other side's direction seen from ours: they send ⇔ we receive. */
function mirror(direction: MediaDirection): MediaDirection {
  return fromFlags(receives(direction), sends(direction));
}

function intersect(a: MediaDirection, b: MediaDirection): MediaDirection {
  return fromFlags(sends(a) && sends(b), receives(a) && receives(b));
}
