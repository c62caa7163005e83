import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { TypedEmitter } from '@aipbx/core';
import {
  bindInRange,
  decodeRtp,
  encodeRtp,
  type MediaFormatInfo,
  type MediaListen,
  type MediaTransport,
  type MediaTransportEvents,
} from '@aipbx/media';

/**
 * Payload types Asterisk uses for these formats on an externalMedia RTP channel: the static G.711
 * ones, and Asterisk's own fixed numbers for linear PCM (L16 at 8 and 16 kHz). The first packet
 * from Asterisk confirms or corrects them.
 */
const PAYLOAD_TYPES: Readonly<Record<string, number>> = { ulaw: 0, alaw: 8, slin: 11, slin16: 118 };

/** How long packets from a source other than the one Asterisk reports are ignored (NAT, ms). */
const NAT_GRACE_MS = 500;

/**
 * Plain RTP over UDP (`externalMedia` with transport `udp`, encapsulation `rtp`): the app binds a
 * UDP port from its range and tells Asterisk (`external_host`); Asterisk sends to it and the app
 * sends back to the address Asterisk reports (`UNICASTRTP_LOCAL_ADDRESS`/`_PORT`). Linear PCM
 * travels big-endian on the wire (RFC 3551 L16) and is swapped to and from little-endian here;
 * packets that are not RTP, or RFC 4733 events (DTMF arrives through ARI), are ignored.
 */
export class RtpTransport extends TypedEmitter<MediaTransportEvents> implements MediaTransport {
  readonly kind = 'rtp';
  readonly #socket: Socket;
  readonly #format: MediaFormatInfo;
  #remote: { address: string; port: number } | undefined;
  #payloadType: number;
  readonly #ssrc = randomInt(0, 2 ** 32 - 1);
  #sequence = randomInt(0, 2 ** 16);
  #timestamp = randomInt(0, 2 ** 31);
  #first = true;
  #closed = false;
  /** `address:port` of the one source heard. */
  #latched: string | undefined;
  #connectedAt: number | undefined;

  private constructor(socket: Socket, format: MediaFormatInfo) {
    super();
    this.#socket = socket;
    this.#format = format;
    this.#payloadType = PAYLOAD_TYPES[format.format] ?? 0;
    socket.on('message', (data, from) => this.#receive(data, from));
    socket.on('close', () => this.#onClose());
    socket.on('error', (error) => this.#onClose(error));
  }

  /** Binds a UDP port of the range for one call. */
  static async open(
    listen: MediaListen,
    format: MediaFormatInfo,
  ): Promise<{ port: number; transport: RtpTransport }> {
    const family = listen.host.includes(':') ? 'udp6' : 'udp4';
    return bindInRange(listen, (port) => {
      const socket = createSocket(family);
      return new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, listen.host, () => {
          socket.off('error', reject);
          resolve({ port, transport: new RtpTransport(socket, format) });
        });
      });
    });
  }

  /** Where Asterisk receives: from the channel's `UNICASTRTP_LOCAL_ADDRESS` and `_PORT`. */
  connect(address: string, port: number): void {
    this.#remote = { address, port };
    this.#connectedAt = performance.now();
  }

  send(frame: Buffer): void {
    if (this.#closed || this.#remote === undefined) return;
    const payload = this.#format.bytesPerSample === 2 ? swap16(frame) : frame;
    const packet = encodeRtp({
      payloadType: this.#payloadType,
      sequence: this.#sequence,
      timestamp: this.#timestamp,
      ssrc: this.#ssrc,
      marker: this.#first,
      payload,
    });
    this.#first = false;
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + frame.length / this.#format.bytesPerSample) >>> 0;
    this.#socket.send(packet, this.#remote.port, this.#remote.address);
  }

  flush(): void {
    // Asterisk plays RTP as it arrives: nothing is queued on its side.
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.close(() => resolve());
    });
  }

  #receive(data: Buffer, from: { address: string; port: number }): void {
    // Symmetric RTP: one source is heard, and the app sends back to it. Asterisk's reported
    // address is taken at once; another source (Asterisk behind NAT) only after a grace period,
    // so packets still in flight to a reused port from an earlier call cannot capture it.
    const source = `${from.address}:${from.port}`;
    if (this.#latched === undefined) {
      const reported =
        this.#remote !== undefined && `${this.#remote.address}:${this.#remote.port}` === source;
      if (
        !reported &&
        (this.#connectedAt === undefined || performance.now() - this.#connectedAt < NAT_GRACE_MS)
      )
        return;
      this.#latched = source;
      this.#remote = { address: from.address, port: from.port };
    } else if (this.#latched !== source) {
      return;
    }
    const packet = decodeRtp(data);
    if (packet === undefined || packet.payloadType === 101 || packet.payload.length === 0) return;
    // Asterisk's own number for this format wins over the table.
    if (packet.payloadType !== this.#payloadType && packet.payloadType < 96 === this.#payloadType < 96) {
      this.#payloadType = packet.payloadType;
    }
    const payload = Buffer.from(packet.payload);
    this.safeEmit('audio', this.#format.bytesPerSample === 2 ? swap16(payload) : payload);
  }

  #onClose(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.safeEmit('close', error);
  }
}

/** A copy with every 16-bit sample's bytes swapped (big-endian ↔ little-endian). */
function swap16(data: Uint8Array): Buffer {
  const out = Buffer.from(data);
  out.swap16();
  return out;
}
