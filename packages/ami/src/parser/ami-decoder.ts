import { ProtocolError } from '@aipbx/core';
import { AmiMessage } from './ami-message.js';

/** Limits and behaviour of an {@link AmiDecoder}. */
export interface AmiDecoderOptions {
  /**
   * Largest frame accepted, counted in decoded characters including one per line break. A larger
   * frame is reported through `onError` and dropped; the decoder skips to the next blank line.
   * Default 1 MiB (1,048,576).
   */
  maxFrameLength?: number;
  /**
   * Longest single line accepted, in bytes while it is still incomplete and in characters once
   * decoded. A longer line is reported through `onError` and its frame is dropped. Default 64 KiB.
   */
  maxLineLength?: number;
  /**
   * Whether the stream starts with the `Asterisk Call Manager/x.y.z` banner line (true for a socket
   * to Asterisk or Yeastar). When true, the first line without a colon, or any first line naming
   * `Call Manager/`, goes to `onBanner`. Default true.
   */
  expectBanner?: boolean;
}

/**
 * Where an {@link AmiDecoder} delivers what it decodes. Each callback is invoked after the decoder
 * has finished updating its own state, in stream order.
 *
 * Contract for callbacks that throw: the decoder's state is never affected; every other item of
 * the same `write` is still delivered in order; then `write` rethrows the first error (an
 * `AggregateError` when several callbacks threw). The AMI client never lets a listener's error
 * reach the decoder: it rethrows listener errors on `process.nextTick`.
 */
export interface AmiDecoderCallbacks {
  /** The banner line, e.g. `Asterisk Call Manager/11.0.0`, without its line break. */
  onBanner?: (line: string) => void;
  /** One complete frame. */
  onMessage: (message: AmiMessage) => void;
  /** A frame or line over its limit; it was dropped and decoding continues with the next frame. */
  onError?: (error: ProtocolError) => void;
}

/** Default for {@link AmiDecoderOptions.maxFrameLength}: 1 MiB. */
export const DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;
/** Default for {@link AmiDecoderOptions.maxLineLength}: 64 KiB. */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

const LF = 10;
const CR = 13;
const SPACE = 32;
const END_COMMAND = '--END COMMAND--';

enum Mode {
  /** Before the banner line. */
  Banner = 0,
  /** Between frames or reading `Name: value` lines. */
  Headers = 1,
  /** Inside a legacy `Response: Follows` body, until `--END COMMAND--`. */
  Follows = 2,
  /** Dropping the rest of an oversized frame until a blank line. */
  Skip = 3,
}

type Delivery = AmiMessage | ProtocolError | string;

function isFollowsHeader(lower: string): boolean {
  return lower === 'actionid' || lower === 'privilege' || lower === 'message';
}

/**
 * A pure, incremental AMI decoder: feed it bytes with {@link AmiDecoder.write} in chunks of any
 * size, get banner, messages and errors back through callbacks. No socket, no timers.
 *
 * Handles `\r\n`, `\r\n\n` and bare `\n` line endings, extra blank lines between frames, headers
 * without a value, repeated headers, legacy `Response: Follows` … `--END COMMAND--` command output
 * (Asterisk 13 and older, Yeastar) and UTF-8 characters split across chunks (bytes are decoded per
 * complete line, never per chunk). A frame or line over its limit is an error, never unbounded
 * memory: the decoder holds at most `maxLineLength` undecoded bytes plus `maxFrameLength`
 * characters of the current frame ({@link AmiDecoder.buffered}).
 *
 * @example
 * ```ts
 * const decoder = new AmiDecoder({
 *   onBanner: (line) => console.log('connected to', line),
 *   onMessage: (msg) => console.log(msg.type, msg.name),
 *   onError: (err) => console.warn(err.message),
 * });
 * socket.on('data', (chunk) => decoder.write(chunk));
 * ```
 */
export class AmiDecoder {
  readonly #callbacks: AmiDecoderCallbacks;
  readonly #maxFrame: number;
  readonly #maxLine: number;
  readonly #expectBanner: boolean;

  #mode: Mode;
  /** Bytes of a line whose line break has not arrived yet. */
  #partial: Buffer | undefined;
  /** Dropping the bytes of an overlong line until its line break. */
  #discardingLine = false;

  #names: string[] = [];
  #values: string[] = [];
  #output: string[] = [];
  #frameLength = 0;
  /** Inside a Follows body: still reading its leading `ActionID:`/`Privilege:` headers. */
  #followsHeaders = false;

  #queue: Delivery[] = [];
  #delivering = false;

  /**
   * @param callbacks - where decoded items go
   * @param options - limits; see {@link AmiDecoderOptions}
   * @throws RangeError when a limit is not a positive integer
   */
  constructor(callbacks: AmiDecoderCallbacks, options: AmiDecoderOptions = {}) {
    this.#callbacks = callbacks;
    this.#maxFrame = positive('maxFrameLength', options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH);
    this.#maxLine = positive('maxLineLength', options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
    this.#expectBanner = options.expectBanner ?? true;
    this.#mode = this.#expectBanner ? Mode.Banner : Mode.Headers;
  }

  /**
   * How much input the decoder is holding: undecoded bytes of an incomplete line plus decoded
   * characters of the incomplete frame. Never exceeds `maxLineLength + maxFrameLength`.
   */
  get buffered(): number {
    return (this.#partial?.length ?? 0) + this.#frameLength;
  }

  /**
   * Feeds the next chunk of the stream. Never throws because of the input (bad input is reported
   * through `onError`); rethrows errors thrown by callbacks, as described in {@link AmiDecoderCallbacks}.
   */
  write(chunk: Buffer | Uint8Array): void {
    let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (data.length > 0) {
      if (this.#discardingLine) {
        const nl = data.indexOf(LF);
        if (nl === -1) data = data.subarray(data.length);
        else {
          this.#discardingLine = false;
          data = data.subarray(nl + 1);
        }
      }
      if (this.#partial !== undefined && data.length > 0) data = this.#completePartial(data);
      if (data.length > 0) this.#consume(data);
    }
    this.#deliver();
  }

  /**
   * Forgets everything buffered (a partial line, a partial frame) and, if the decoder expects a
   * banner, waits for one again. Call it when the underlying connection is replaced.
   */
  reset(): void {
    this.#partial = undefined;
    this.#discardingLine = false;
    this.#clearFrame();
    this.#mode = this.#expectBanner ? Mode.Banner : Mode.Headers;
  }

  /** Joins the buffered start of a line with the start of `data`; returns what is left of `data`. */
  #completePartial(data: Buffer): Buffer {
    const partial = this.#partial!;
    const nl = data.indexOf(LF);
    if (nl === -1) {
      if (partial.length + data.length > this.#maxLine) {
        this.#partial = undefined;
        this.#discardingLine = true;
        this.#lineTooLong();
      } else {
        this.#partial = Buffer.concat([partial, data]);
      }
      return data.subarray(data.length);
    }
    this.#partial = undefined;
    const text = Buffer.concat([partial, data.subarray(0, nl + 1)]).toString('utf8');
    this.#lines(text);
    return data.subarray(nl + 1);
  }

  /** Decodes every complete line of `data` in one go and keeps the incomplete tail as bytes. */
  #consume(data: Buffer): void {
    const last = data.lastIndexOf(LF);
    const tail = data.length - (last + 1);
    if (last !== -1) this.#lines(data.toString('utf8', 0, last + 1));
    if (tail === 0) return;
    if (tail > this.#maxLine) {
      this.#discardingLine = true;
      this.#lineTooLong();
    } else {
      // Copy: a subarray would pin the whole socket chunk in memory.
      this.#partial = Buffer.from(data.subarray(last + 1));
    }
  }

  /** Handles `text`, which is one or more complete lines, each ending in `\n`. */
  #lines(text: string): void {
    let pos = 0;
    let colon = -2; // position of the next ':' at or after pos; -1: none left; -2: not searched yet
    const n = text.length;
    while (pos < n) {
      const nl = text.indexOf('\n', pos);
      let end = nl;
      while (end > pos && text.charCodeAt(end - 1) === CR) end--;
      const next = nl + 1;

      if (end - pos > this.#maxLine) {
        this.#lineTooLong();
        pos = next;
        continue;
      }

      switch (this.#mode) {
        case Mode.Headers: {
          if (end === pos) {
            if (this.#frameLength > 0) this.#emitFrame();
            break;
          }
          if (!this.#grow(end - pos + 1)) break;
          if (colon !== -1 && colon < pos) colon = text.indexOf(':', pos);
          if (colon === -1 || colon >= end) {
            this.#output.push(text.slice(pos, end));
            break;
          }
          const name = text.slice(pos, colon);
          let v = colon + 1;
          if (v < end && text.charCodeAt(v) === SPACE) v++;
          const value = v === end ? '' : text.slice(v, end);
          if (this.#names.length === 0 && name.length === 8 && value.length === 7) {
            if (name.toLowerCase() === 'response' && value.toLowerCase() === 'follows') {
              this.#mode = Mode.Follows;
              this.#followsHeaders = true;
            }
          }
          this.#names.push(name);
          this.#values.push(value);
          break;
        }
        case Mode.Follows: {
          if (!this.#grow(end - pos + 1)) break;
          const line = text.slice(pos, end);
          if (line.endsWith(END_COMMAND)) {
            const before = line.slice(0, line.length - END_COMMAND.length);
            if (before.length > 0) this.#output.push(before);
            this.#emitFrame();
            break;
          }
          if (this.#followsHeaders) {
            const c = line.indexOf(':');
            if (c > 0 && isFollowsHeader(line.slice(0, c).toLowerCase())) {
              const value = line.charCodeAt(c + 1) === SPACE ? line.slice(c + 2) : line.slice(c + 1);
              this.#names.push(line.slice(0, c));
              this.#values.push(value);
              break;
            }
            this.#followsHeaders = false;
          }
          this.#output.push(line);
          break;
        }
        case Mode.Skip: {
          if (end === pos) this.#mode = Mode.Headers;
          break;
        }
        case Mode.Banner: {
          if (end === pos) break;
          const line = text.slice(pos, end);
          this.#mode = Mode.Headers;
          if (line.indexOf(':') === -1 || /call manager\//i.test(line)) {
            this.#queue.push(line);
            break;
          }
          // No banner: this is already the first header of a frame; read it again as one.
          continue;
        }
      }
      pos = next;
    }
  }

  /** Counts `length` more characters into the frame; on overflow drops the frame and returns false. */
  #grow(length: number): boolean {
    this.#frameLength += length;
    if (this.#frameLength <= this.#maxFrame) return true;
    this.#clearFrame();
    this.#mode = Mode.Skip;
    this.#queue.push(
      new ProtocolError(
        `An AMI frame exceeded maxFrameLength (${this.#maxFrame} characters); it was dropped and ` +
          'decoding resumed at the next frame. Raise maxFrameLength if the PBX legitimately sends frames this large.',
      ),
    );
    return false;
  }

  #lineTooLong(): void {
    this.#clearFrame();
    this.#mode = this.#mode === Mode.Banner ? Mode.Headers : Mode.Skip;
    this.#queue.push(
      new ProtocolError(
        `An AMI line exceeded maxLineLength (${this.#maxLine}); its frame was dropped and decoding ` +
          'resumed at the next frame. Check that the peer speaks AMI, or raise maxLineLength.',
      ),
    );
  }

  #emitFrame(): void {
    this.#queue.push(new AmiMessage(this.#names, this.#values, this.#output));
    this.#names = [];
    this.#values = [];
    this.#output = [];
    this.#frameLength = 0;
    this.#mode = Mode.Headers;
  }

  #clearFrame(): void {
    if (this.#names.length > 0) this.#names = [];
    if (this.#values.length > 0) this.#values = [];
    if (this.#output.length > 0) this.#output = [];
    this.#frameLength = 0;
    this.#followsHeaders = false;
  }

  /** Delivers queued items in order. Reentrant writes append to the queue and are drained here. */
  #deliver(): void {
    if (this.#delivering || this.#queue.length === 0) return;
    this.#delivering = true;
    const errors: unknown[] = [];
    const cb = this.#callbacks;
    try {
      for (let i = 0; i < this.#queue.length; i++) {
        const item = this.#queue[i]!;
        try {
          if (item instanceof AmiMessage) cb.onMessage(item);
          else if (typeof item === 'string') cb.onBanner?.(item);
          else cb.onError?.(item);
        } catch (err) {
          errors.push(err);
        }
      }
    } finally {
      this.#queue = [];
      this.#delivering = false;
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several AMI decoder callbacks threw.');
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`AmiDecoder option ${name} must be a positive integer; got ${value}.`);
  }
  return value;
}
