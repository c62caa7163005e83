/**
 * Asterisk's AudioSocket protocol (res_audiosocket), as bytes. Every message, in both directions,
 * is a 3-byte header and a payload:
 *
 * ```text
 * | kind (1 byte) | payload length (2 bytes, big-endian) | payload (length bytes) |
 * ```
 *
 * Pure: no sockets, no timers.
 */

/**
 * Message kinds, as Asterisk 22 defines them (`enum ast_audiosocket_msg_kind`). "From Asterisk" and
 * "to Asterisk" are seen from the application at the other end of the socket.
 *
 * Audio is signed 16-bit linear PCM, mono, in the host byte order of the Asterisk machine (little-
 * endian on the usual x86-64 and ARM64 builds). The kinds for rates other than 8 kHz arrived in
 * Asterisk 22.7.0; Asterisk sends the kind that matches the channel's slin format and, on receipt,
 * maps each kind back to that format. Asterisk accepts only `Hangup` and the audio kinds from the
 * application: any other kind, or audio with an empty payload, ends its read with an error.
 */
export const AudioSocketKind = {
  /** Hang the channel up. To Asterisk; empty payload. */
  Hangup: 0x00,
  /** The connection's UUID, 16 bytes; the first message from Asterisk. */
  Uuid: 0x01,
  /** A DTMF key as one ASCII byte (`0`–`9`, `*`, `#`, `A`–`D`). From Asterisk (since 22.4.0). */
  Dtmf: 0x03,
  /** Audio, slin at 8 kHz. Both ways. */
  Audio8k: 0x10,
  /** Audio, slin12 (12 kHz). Both ways. */
  Audio12k: 0x11,
  /** Audio, slin16 (16 kHz). Both ways. */
  Audio16k: 0x12,
  /** Audio, slin24 (24 kHz). Both ways. */
  Audio24k: 0x13,
  /** Audio, slin32 (32 kHz). Both ways. */
  Audio32k: 0x14,
  /** Audio, slin44 (44.1 kHz). Both ways. */
  Audio44k: 0x15,
  /** Audio, slin48 (48 kHz). Both ways. */
  Audio48k: 0x16,
  /** Audio, slin96 (96 kHz). Both ways. */
  Audio96k: 0x17,
  /** Audio, slin192 (192 kHz). Both ways. */
  Audio192k: 0x18,
  /** An error on the Asterisk side; payload is a 1-byte error code. From Asterisk. */
  Error: 0xff,
} as const;

/** One of the {@link AudioSocketKind} values. */
export type AudioSocketKind = (typeof AudioSocketKind)[keyof typeof AudioSocketKind];

/** Bytes in a message header: kind and length. */
export const AUDIOSOCKET_HEADER_LENGTH = 3;
/** The largest payload the 16-bit length field can state. */
export const AUDIOSOCKET_MAX_PAYLOAD = 0xffff;

const AUDIO_RATES: ReadonlyMap<number, number> = new Map([
  [AudioSocketKind.Audio8k, 8000],
  [AudioSocketKind.Audio12k, 12_000],
  [AudioSocketKind.Audio16k, 16_000],
  [AudioSocketKind.Audio24k, 24_000],
  [AudioSocketKind.Audio32k, 32_000],
  [AudioSocketKind.Audio44k, 44_100],
  [AudioSocketKind.Audio48k, 48_000],
  [AudioSocketKind.Audio96k, 96_000],
  [AudioSocketKind.Audio192k, 192_000],
]);

/** The sample rate, Hz, of an audio kind; `undefined` for a kind that does not carry audio. */
export function audioSocketSampleRate(kind: number): number | undefined {
  return AUDIO_RATES.get(kind);
}

/** The audio kind for a sample rate, Hz; `undefined` when AudioSocket has none for that rate. */
export function audioSocketKindForRate(sampleRate: number): AudioSocketKind | undefined {
  for (const [kind, rate] of AUDIO_RATES) {
    if (rate === sampleRate) return kind as AudioSocketKind;
  }
  return undefined;
}

/**
 * Builds one message.
 *
 * @param kind - the message kind, 0–255: normally an {@link AudioSocketKind}.
 * @param payload - the payload, copied; empty by default (as for `Hangup`).
 * @throws RangeError when `kind` is not an integer in 0–255 or the payload is longer than 65535 bytes.
 */
export function encodeAudioSocket(kind: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  if (!Number.isInteger(kind) || kind < 0 || kind > 0xff) {
    throw new RangeError(`AudioSocket kind must be an integer from 0 to 255, got ${String(kind)}`);
  }
  if (payload.length > AUDIOSOCKET_MAX_PAYLOAD) {
    throw new RangeError(
      `AudioSocket payload of ${payload.length} bytes is longer than the ${AUDIOSOCKET_MAX_PAYLOAD} a message can carry`,
    );
  }
  const out = Buffer.allocUnsafe(AUDIOSOCKET_HEADER_LENGTH + payload.length);
  out[0] = kind;
  out.writeUInt16BE(payload.length, 1);
  out.set(payload, AUDIOSOCKET_HEADER_LENGTH);
  return out;
}

/** Limits of an {@link AudioSocketDecoder}. */
export interface AudioSocketDecoderOptions {
  /**
   * Largest payload accepted, bytes. A message that states a longer one is reported through
   * `onError` and the decoder stops. Default 65535 (anything the length field can state).
   */
  maxPayloadLength?: number;
}

/**
 * Where an {@link AudioSocketDecoder} delivers what it decodes, in stream order, each call made
 * after the decoder has updated its own state.
 *
 * A callback that throws does not disturb the decoder: the rest of the same `write` is still
 * decoded and delivered, then `write` rethrows the first error (an `AggregateError` when several
 * callbacks threw).
 */
export interface AudioSocketDecoderCallbacks {
  /**
   * One complete message. Kinds the decoder does not know are delivered as they are; the caller
   * decides what to do with them. `payload` may be a view into a chunk passed to `write`: copy it to
   * keep it after that chunk's memory is reused.
   */
  onMessage: (kind: number, payload: Buffer) => void;
  /** The stream broke the decoder's limits; it ignores all further input. Called at most once. */
  onError: (error: Error) => void;
}

const EMPTY = Buffer.alloc(0);

/**
 * A pure, incremental AudioSocket decoder: feed it the bytes of a socket with
 * {@link AudioSocketDecoder.write}, in chunks of any size and split anywhere, and get whole
 * messages back through `onMessage`. No socket, no timers.
 *
 * A message whose stated payload length is above `maxPayloadLength` is a fatal error: the stream
 * can no longer be trusted to be in step, so the decoder reports it through `onError` once and then
 * ignores everything written to it.
 */
export class AudioSocketDecoder {
  readonly #callbacks: AudioSocketDecoderCallbacks;
  readonly #maxPayloadLength: number;
  /** Header bytes received so far for the message in progress (0–3). */
  readonly #header = Buffer.alloc(AUDIOSOCKET_HEADER_LENGTH);
  #headerLength = 0;
  /** Payload of the message in progress, once its header is complete and it spans chunks. */
  #payload: Buffer | undefined;
  #payloadLength = 0;
  #failed = false;

  /**
   * @throws RangeError when `maxPayloadLength` is not an integer from 0 to 65535.
   */
  constructor(callbacks: AudioSocketDecoderCallbacks, options: AudioSocketDecoderOptions = {}) {
    const max = options.maxPayloadLength ?? AUDIOSOCKET_MAX_PAYLOAD;
    if (!Number.isInteger(max) || max < 0 || max > AUDIOSOCKET_MAX_PAYLOAD) {
      throw new RangeError(`maxPayloadLength must be an integer from 0 to 65535, got ${String(max)}`);
    }
    this.#callbacks = callbacks;
    this.#maxPayloadLength = max;
  }

  /** True once the decoder has reported an error and stopped reading. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Bytes held for a message that is not complete yet (header and payload so far). */
  get pending(): number {
    return this.#headerLength + this.#payloadLength;
  }

  /** Decodes `chunk`, delivering every message it completes. Ignored after an error. */
  write(chunk: Uint8Array): void {
    if (this.#failed || chunk.length === 0) return;
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const errors: unknown[] = [];
    const deliver = (kind: number, payload: Buffer): void => {
      try {
        this.#callbacks.onMessage(kind, payload);
      } catch (error) {
        errors.push(error);
      }
    };

    let offset = 0;
    while (offset < data.length && !this.#failed) {
      if (this.#headerLength < AUDIOSOCKET_HEADER_LENGTH) {
        // Gather the header, which may itself be split across chunks.
        const take = Math.min(AUDIOSOCKET_HEADER_LENGTH - this.#headerLength, data.length - offset);
        data.copy(this.#header, this.#headerLength, offset, offset + take);
        this.#headerLength += take;
        offset += take;
        if (this.#headerLength < AUDIOSOCKET_HEADER_LENGTH) break;

        const kind = this.#header[0]!;
        const length = this.#header.readUInt16BE(1);
        if (length > this.#maxPayloadLength) {
          this.#fail(
            new Error(
              `AudioSocket message of kind 0x${kind.toString(16).padStart(2, '0')} states a payload of ` +
                `${length} bytes, above the limit of ${this.#maxPayloadLength}`,
            ),
            errors,
          );
          break;
        }
        if (length === 0) {
          this.#headerLength = 0;
          deliver(kind, EMPTY);
          continue;
        }
        if (data.length - offset >= length) {
          // The whole payload is in this chunk: hand out a view, no copy.
          const payload = data.subarray(offset, offset + length);
          offset += length;
          this.#headerLength = 0;
          deliver(kind, payload);
          continue;
        }
        this.#payload = Buffer.allocUnsafe(length);
        this.#payloadLength = 0;
      }

      // Fill the payload of a message that spans chunks.
      const payload = this.#payload!;
      const take = Math.min(payload.length - this.#payloadLength, data.length - offset);
      data.copy(payload, this.#payloadLength, offset, offset + take);
      this.#payloadLength += take;
      offset += take;
      if (this.#payloadLength === payload.length) {
        const kind = this.#header[0]!;
        this.#headerLength = 0;
        this.#payload = undefined;
        this.#payloadLength = 0;
        deliver(kind, payload);
      }
    }

    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} AudioSocket callbacks threw`);
  }

  #fail(error: Error, errors: unknown[]): void {
    this.#failed = true;
    this.#headerLength = 0;
    this.#payload = undefined;
    this.#payloadLength = 0;
    try {
      this.#callbacks.onError(error);
    } catch (thrown) {
      errors.push(thrown);
    }
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Formats the 16 bytes of a `Uuid` message as a lowercase UUID string
 * (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
 *
 * @throws RangeError when `bytes` is not exactly 16 bytes long.
 */
export function formatUuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) {
    throw new RangeError(`a UUID is 16 bytes, got ${bytes.length}`);
  }
  const h = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Turns a UUID string (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, any case) into its 16 bytes, as a
 * `Uuid` message carries them.
 *
 * @throws SyntaxError when `text` is not in that form.
 */
export function parseUuid(text: string): Buffer {
  if (!UUID_PATTERN.test(text)) {
    throw new SyntaxError(
      `not a UUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx in hex): ${JSON.stringify(text)}`,
    );
  }
  return Buffer.from(text.replaceAll('-', ''), 'hex');
}
