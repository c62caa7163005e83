import { isAscii } from 'node:buffer';
import { ProtocolError, ValidationError, type ValidationProblem } from '@aipbx/core';
import { AmiMessage } from './ami-message.js';
import { HighByteScanner } from './high-bytes.js';

/** Limits and behaviour of an {@link AmiDecoder}. */
export interface AmiDecoderOptions {
  /**
   * Largest frame accepted, counted in decoded characters including one per line break. A larger
   * frame is reported through `onError` and dropped; the decoder skips to the next blank line
   * (CR LF CR LF). Default 1 MiB (1,048,576).
   */
  maxFrameLength?: number;
  /**
   * Longest single line accepted: everything up to its CR LF, bare `\n` included (in a legacy
   * command-output body, up to `\n`). Counted in bytes and characters while it is still arriving
   * and in characters once decoded. A longer line is reported through `onError`, the rest of it is
   * dropped up to its CR LF, and so is its frame. Default 64 KiB.
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
 * reach the decoder: it rethrows listener errors asynchronously, from a microtask
 * (`queueMicrotask`, through @aipbx/core's `rethrowAsync`).
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
/**
 * Most non-ASCII values the decoder keeps decoded: caller and connected-line names repeat in every
 * event of a call.
 */
const UTF8_CACHE_ENTRIES = 256;
/** Longest value, in bytes, the cache keeps. */
const UTF8_CACHE_VALUE_BYTES = 128;
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
 * **Line breaks.** Asterisk ends every header line with `\r\n` and every frame with a blank line
 * (`\r\n\r\n`), and so does Yeastar. The decoder holds the peer to that: in the banner and in
 * headers only CR LF ends a line, and a blank line is CR LF CR LF. A lone `\n` or a lone `\r` is
 * part of the value. Asterisk writes some values verbatim (a dialled `Exten`, `AppData`, caller
 * names), so a caller who dials a URL-encoded `%0A` puts a bare LF into an event; reading that LF
 * as a line break would let them forge headers and whole frames (`Event: Injected`). Here it stays
 * inside the value: `Exten: a\n\nEvent: Injected\n\r\n` is one `Exten` header.
 *
 * What no client can defend against: a value that carries a whole CR LF pair (a dialled
 * `%0D%0A`) is indistinguishable from a real line break. Such values have to be stopped before
 * Asterisk writes them; the Asterisk configuration that `@aipbx/core` generates does that (see
 * `docs/security.md`).
 *
 * The one place a bare `\n` is a line break is the body of a legacy `Response: Follows` …
 * `--END COMMAND--` command output (Asterisk 13 and older, Yeastar): its lines end in `\n` (a `\r`
 * before it is dropped), and the frame ends at the first line that ends in `--END COMMAND--`.
 * That legacy format cannot be made safe: command output containing such a line ends the frame
 * early. Modern Asterisk sends command output as `Output:` headers instead.
 *
 * Also handled: extra blank lines between frames, headers without a value, repeated headers and
 * UTF-8 characters split across chunks (bytes are decoded per complete line, never per chunk).
 * A frame or line over its limit is an error, never unbounded memory: the decoder holds at most
 * `maxLineLength` characters and bytes of an incomplete line plus `maxFrameLength` characters of
 * the current frame ({@link AmiDecoder.buffered}).
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
  /** Bytes after the last `\n` seen: the start of a line not yet decoded. */
  #partial: Buffer | undefined;
  /**
   * The decoded start of a banner, header or skipped line that contains a bare `\n` and has not
   * reached its CR LF yet. Undefined when no such line is open (the usual case).
   */
  #carry: string | undefined;
  /** Dropping the bytes of an overlong line until its CR LF. */
  #discardingLine = false;
  /** While discarding: the last byte dropped was a CR (a CR LF may straddle two chunks). */
  #discardCR = false;

  #names: string[] = [];
  #values: string[] = [];
  #output: string[] = [];
  #frameLength = 0;
  /** Inside a Follows body: still reading its leading `ActionID:`/`Privilege:` headers. */
  #followsHeaders = false;

  #queue: Delivery[] = [];
  #delivering = false;

  /** Non-ASCII values decoded lately, by their latin1 reading (see {@link AmiDecoder.#utf8Value}). */
  readonly #utf8Values = new Map<string, string>();

  /**
   * @param callbacks - where decoded items go
   * @param options - limits; see {@link AmiDecoderOptions}
   * @throws ValidationError (`INVALID_INPUT`) naming each limit that is not a positive integer
   */
  constructor(callbacks: AmiDecoderCallbacks, options: AmiDecoderOptions = {}) {
    this.#callbacks = callbacks;
    const problems: ValidationProblem[] = [];
    this.#maxFrame = positive('maxFrameLength', options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH, problems);
    this.#maxLine = positive('maxLineLength', options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, problems);
    if (problems.length > 0) throw new ValidationError('AmiDecoder options', problems);
    this.#expectBanner = options.expectBanner ?? true;
    this.#mode = this.#expectBanner ? Mode.Banner : Mode.Headers;
  }

  /**
   * How much input the decoder is holding: undecoded bytes and decoded characters of an incomplete
   * line plus decoded characters of the incomplete frame. Never exceeds
   * `maxLineLength + maxFrameLength`.
   */
  get buffered(): number {
    return (this.#partial?.length ?? 0) + (this.#carry?.length ?? 0) + this.#frameLength;
  }

  /**
   * Feeds the next chunk of the stream. Never throws because of the input (bad input is reported
   * through `onError`); rethrows errors thrown by callbacks, as described in {@link AmiDecoderCallbacks}.
   */
  write(chunk: Buffer | Uint8Array): void {
    let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (data.length > 0) {
      if (this.#discardingLine) data = this.#discard(data);
      else if (this.#partial !== undefined) data = this.#completePartial(data);
      else {
        this.#consume(data);
        break;
      }
    }
    this.#deliver();
  }

  /**
   * Forgets everything buffered (a partial line, a partial frame) and, if the decoder expects a
   * banner, waits for one again. Call it when the underlying connection is replaced.
   */
  reset(): void {
    this.#partial = undefined;
    this.#carry = undefined;
    this.#discardingLine = false;
    this.#discardCR = false;
    this.#clearFrame();
    this.#mode = this.#expectBanner ? Mode.Banner : Mode.Headers;
  }

  /** Drops bytes up to and including the next CR LF; returns what follows it. */
  #discard(data: Buffer): Buffer {
    let from = 0;
    for (;;) {
      const nl = data.indexOf(LF, from);
      if (nl === -1) {
        this.#discardCR = data[data.length - 1] === CR;
        return data.subarray(data.length);
      }
      if (nl > 0 ? data[nl - 1] === CR : this.#discardCR) {
        this.#discardingLine = false;
        this.#discardCR = false;
        return data.subarray(nl + 1);
      }
      from = nl + 1;
    }
  }

  /** Starts dropping an overlong line that is still arriving; `endsInCR`: its last byte so far is a CR. */
  #startDiscarding({ endsInCR }: { endsInCR: boolean }): void {
    this.#partial = undefined;
    this.#lineTooLong();
    this.#discardingLine = true;
    this.#discardCR = endsInCR;
  }

  /** Joins the buffered start of a line with the start of `data`; returns what is left of `data`. */
  #completePartial(data: Buffer): Buffer {
    const partial = this.#partial!;
    const nl = data.indexOf(LF);
    if (nl === -1) {
      if ((this.#carry?.length ?? 0) + partial.length + data.length > this.#maxLine) {
        this.#startDiscarding({ endsInCR: data[data.length - 1] === CR });
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

  /**
   * Reads every complete line of `data` in one go and keeps the incomplete tail as bytes. The lines
   * are read as latin1, one character per byte, which is their text exactly while they are ASCII;
   * when some are not, {@link AmiDecoder.#lines} decodes those from their bytes as UTF-8.
   */
  #consume(data: Buffer): void {
    const last = data.lastIndexOf(LF);
    const tail = data.length - (last + 1);
    if (last !== -1) {
      const text = data.toString('latin1', 0, last + 1);
      if (isAscii(last + 1 === data.length ? data : data.subarray(0, last + 1))) this.#lines(text);
      else this.#lines(text, data);
    }
    if (tail === 0) return;
    if (this.#discardingLine) {
      this.#discard(data.subarray(last + 1));
    } else if ((this.#carry?.length ?? 0) + tail > this.#maxLine) {
      this.#startDiscarding({ endsInCR: data[data.length - 1] === CR });
    } else {
      // Copy: a subarray would pin the whole socket chunk in memory.
      this.#partial = Buffer.from(data.subarray(last + 1));
    }
  }

  /**
   * Handles `text`, which ends in `\n`: one or more `\n`-terminated pieces. In the Follows body each
   * piece is a line; everywhere else a line ends only at CR LF, so a piece ending in a bare `\n`
   * continues into the next (kept in {@link AmiDecoder.#carry} when it runs past `text`).
   *
   * With `bytes`, `text` is their latin1 reading and holds non-ASCII bytes. What holds one of them
   * is decoded from its own bytes as UTF-8: the value of a header whose name is ASCII, else the
   * whole line or piece. Each such range starts and ends at an ASCII byte (a line break, the
   * colon or the space after it), so its decoding is exactly its part of the whole chunk decoded as
   * UTF-8, and lengths are counted in those characters. Without `bytes`, `text` is the text itself.
   */
  #lines(text: string, bytes?: Buffer): void {
    const n = text.length;
    const maxLine = this.#maxLine;
    const scanner = bytes === undefined ? undefined : new HighByteScanner(bytes, n);
    // Position of the next non-ASCII byte at or after pos (n: none left).
    let high = scanner === undefined ? n : scanner.next(0);
    let colon = -2; // position of the next ':' in text at or after pos; -1: none left; -2: not searched yet
    let pos = 0;
    while (pos < n) {
      const nl = text.indexOf('\n', pos);
      if (high < pos) high = scanner!.next(pos);
      const end = nl - 1;
      if (
        this.#mode === Mode.Headers &&
        this.#carry === undefined &&
        end >= pos &&
        text.charCodeAt(end) === CR &&
        high >= end &&
        end - pos <= maxLine
      ) {
        // The usual line, kept short here so that it is compiled early: a header or the blank
        // line after a frame, ASCII, ended by CR LF, within the limit.
        if (end === pos) {
          if (this.#frameLength > 0) this.#emitFrame();
        } else if (this.#grow(end - pos + 1)) {
          if (colon !== -1 && colon < pos) colon = text.indexOf(':', pos);
          if (colon === -1 || colon >= end) this.#output.push(text.slice(pos, end));
          else {
            const v = text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
            this.#header(text.slice(pos, colon), v === end ? '' : text.slice(v, end));
          }
        }
        pos = nl + 1;
      } else {
        pos = this.#otherLine(text, bytes, pos, nl, high);
        colon = -2;
      }
    }
  }

  /**
   * Every line {@link AmiDecoder.#lines} does not read itself: the banner, a legacy Follows body,
   * lines dropped while skipping, lines with a bare `\n` or carried over from the last write, lines
   * that are not ASCII, lines over the limit. `pos` is where the line (or piece) starts, `nl` the
   * first `\n` at or after it, `high` the first non-ASCII byte at or after it. Returns where the
   * next line starts (`text.length` when the rest of `text` was kept for the next write).
   */
  #otherLine(text: string, bytes: Buffer | undefined, pos: number, nl: number, high: number): number {
    const n = text.length;
    const maxLine = this.#maxLine;
    if (this.#mode === Mode.Follows) {
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      const line = high < end ? bytes!.toString('utf8', pos, end) : text.slice(pos, end);
      if (line.length > maxLine) this.#lineTooLong();
      else this.#followsLine(line);
      return nl + 1;
    }

    // Banner, headers, skipping: the line is src[start, end), and ends with CR LF.
    let src = text;
    let own = false; // src is a string of its own, not text
    let start = pos;
    let end: number;
    let length: number; // of the line, in characters
    let utf8Value: string | undefined; // the value of a header whose value alone is not ASCII, decoded
    if (this.#carry === undefined && nl > pos && text.charCodeAt(nl - 1) === CR) {
      end = nl - 1; // no bare LF, no carried start
      length = end - start;
      if (high < end) {
        const colon = text.indexOf(':', start);
        if (colon !== -1 && colon < high && this.#mode === Mode.Headers) {
          // An ASCII name and a value that is not: decode the value (it starts before `high`).
          const v = text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
          utf8Value = this.#utf8Value(text, bytes!, v, end);
          length = v - start + utf8Value.length;
        } else {
          // Any other line that is not ASCII: its own UTF-8 text.
          src = bytes!.toString('utf8', pos, end);
          own = true;
          start = 0;
          end = src.length;
          length = end;
        }
      }
    } else {
      // A bare LF is part of the line (or a line carried from an earlier write goes on): find its CR LF.
      while (nl !== -1 && text.charCodeAt(nl - 1) !== CR) nl = text.indexOf('\n', nl + 1);
      if (nl === -1) {
        const piece = high < n ? bytes!.toString('utf8', pos, n) : pos === 0 ? text : text.slice(pos);
        const carried = this.#carry === undefined ? piece : this.#carry + piece;
        if (carried.length > maxLine) this.#startDiscarding({ endsInCR: false });
        else this.#carry = carried;
        return n;
      }
      const head = high < nl - 1 ? bytes!.toString('utf8', pos, nl - 1) : text.slice(pos, nl - 1);
      src = this.#carry === undefined ? head : this.#carry + head;
      this.#carry = undefined;
      own = true;
      start = 0;
      end = src.length;
      length = end;
    }
    const next = nl + 1;

    if (length > maxLine) {
      this.#lineTooLong();
      return next;
    }
    const mode = this.#mode;
    if (mode === Mode.Skip) {
      if (end === start) this.#mode = Mode.Headers;
      return next;
    }
    if (mode === Mode.Banner) {
      if (end === start) return next;
      this.#mode = Mode.Headers;
      const line = src.slice(start, end);
      if (line.indexOf(':') === -1 || /call manager\//i.test(line)) {
        this.#queue.push(line);
        return next;
      }
      // No banner: this is already the first header of a frame; read it as one below.
    }
    if (end === start) {
      if (this.#frameLength > 0) this.#emitFrame();
      return next;
    }
    if (!this.#grow(length + 1)) return next;
    const c = own ? src.indexOf(':') : text.indexOf(':', start);
    if (c === -1 || c >= end) {
      this.#output.push(src.slice(start, end));
      return next;
    }
    let v = c + 1;
    if (v < end && src.charCodeAt(v) === SPACE) v++;
    this.#header(src.slice(start, c), utf8Value ?? (v === end ? '' : src.slice(v, end)));
    return next;
  }

  /** Adds a header to the frame; a frame that starts with `Response: Follows` goes on as a legacy body. */
  #header(name: string, value: string): void {
    if (this.#names.length === 0 && name.length === 8 && value.length === 7) {
      if (name.toLowerCase() === 'response' && value.toLowerCase() === 'follows') {
        this.#mode = Mode.Follows;
        this.#followsHeaders = true;
      }
    }
    this.#names.push(name);
    this.#values.push(value);
  }

  /**
   * The UTF-8 text of `bytes[from, to)`, whose latin1 reading is `text[from, to)`. Short values are
   * kept decoded for the next time: a call's caller and connected-line names come in each of its
   * events.
   */
  #utf8Value(text: string, bytes: Buffer, from: number, to: number): string {
    if (to - from > UTF8_CACHE_VALUE_BYTES) return bytes.toString('utf8', from, to);
    const cache = this.#utf8Values;
    const cached = cache.get(text.slice(from, to));
    if (cached !== undefined) return cached;
    const value = bytes.toString('utf8', from, to);
    if (cache.size >= UTF8_CACHE_ENTRIES) cache.clear();
    // A key of its own: a slice of `text` would keep the whole chunk in memory.
    cache.set(bytes.toString('latin1', from, to), value);
    return value;
  }

  /** One line of a legacy `Response: Follows` body, its line break removed. */
  #followsLine(line: string): void {
    if (!this.#grow(line.length + 1)) return;
    if (line.endsWith(END_COMMAND)) {
      const before = line.slice(0, line.length - END_COMMAND.length);
      if (before.length > 0) this.#output.push(before);
      this.#emitFrame();
      return;
    }
    if (this.#followsHeaders) {
      const c = line.indexOf(':');
      if (c > 0 && isFollowsHeader(line.slice(0, c).toLowerCase())) {
        const value = line.charCodeAt(c + 1) === SPACE ? line.slice(c + 2) : line.slice(c + 1);
        this.#names.push(line.slice(0, c));
        this.#values.push(value);
        return;
      }
      this.#followsHeaders = false;
    }
    this.#output.push(line);
  }

  /** Counts `length` more characters into the frame; on overflow drops the frame and returns false. */
  #grow(length: number): boolean {
    this.#frameLength += length;
    if (this.#frameLength <= this.#maxFrame) return true;
    this.#clearFrame();
    this.#mode = Mode.Skip;
    this.#queue.push(
      new ProtocolError(
        `An AMI frame was longer than the frame length limit (maxFrameLength, ${this.#maxFrame} characters ` +
          'for the whole frame); the frame was dropped and decoding resumed at the next frame. Raise ' +
          'maxFrameLength if the PBX legitimately sends frames this large.',
      ),
    );
    return false;
  }

  #lineTooLong(): void {
    this.#carry = undefined;
    this.#clearFrame();
    this.#mode = this.#mode === Mode.Banner ? Mode.Headers : Mode.Skip;
    this.#queue.push(
      new ProtocolError(
        `An AMI line was longer than the line length limit (maxLineLength, ${this.#maxLine} characters ` +
          'for one line); its frame was dropped and decoding resumed at the next frame. Check that the ' +
          'peer speaks AMI, or raise maxLineLength.',
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

function positive(name: string, value: number, problems: ValidationProblem[]): number {
  if (!Number.isInteger(value) || value <= 0) {
    problems.push({ field: name, message: `must be a positive integer; got ${String(value)}.` });
  }
  return value;
}
