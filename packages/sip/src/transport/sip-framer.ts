import { ProtocolError } from '@aipbx/core';

/** Largest header section accepted (start line and headers, up to the blank line): 64 KiB. */
export const MAX_SIP_HEADER_BYTES = 64 * 1024;

/** Largest body accepted by default: 1 MiB, far above any SDP, NOTIFY or MESSAGE a PBX sends. */
export const MAX_SIP_BODY_BYTES = 1024 * 1024;

/** Options of a {@link SipFramer}. */
export interface SipFramerOptions {
  /** Largest header section, bytes. Default {@link MAX_SIP_HEADER_BYTES}. */
  maxHeaderBytes?: number;
  /** Largest body, bytes; a larger `Content-Length` is an error. Default {@link MAX_SIP_BODY_BYTES}. */
  maxBodyBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const BLANK_LINE = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

/**
 * Splits the byte stream of a SIP connection (TCP or TLS) into whole SIP messages (RFC 3261 §18.3,
 * §7.5).
 *
 * A message is its start line and headers up to the first blank line (CRLFCRLF), then exactly
 * `Content-Length` bytes of body (the compact form `l:` counts too; no `Content-Length` means no
 * body). Lengths are counted in bytes, so UTF-8 bodies and chunks that split a character are fine:
 * each message is decoded only once it is complete. CRLFs between messages — the RFC 5626
 * keep-alives `CRLFCRLF` and `CRLF` — are skipped.
 *
 * After an error the stream cannot be resynchronised: the framer keeps failing, and the connection
 * should be closed.
 *
 * @example
 * ```ts
 * const framer = new SipFramer();
 * socket.on('data', (chunk) => {
 *   for (const message of framer.push(chunk)) ua.onMessage(message);
 * });
 * ```
 */
export class SipFramer {
  readonly #maxHeaderBytes: number;
  readonly #maxBodyBytes: number;
  /** Bytes received and not yet returned as a message. */
  #buffer: Buffer = EMPTY;
  /** Where the search for the blank line resumes: the bytes before it have been searched. */
  #searchFrom = 0;
  /** Set once the stream was found broken; every later push throws it again. */
  #failure: ProtocolError | undefined;

  /** A framer for one connection; make a new one for each connection. */
  constructor(options: SipFramerOptions = {}) {
    this.#maxHeaderBytes = options.maxHeaderBytes ?? MAX_SIP_HEADER_BYTES;
    this.#maxBodyBytes = options.maxBodyBytes ?? MAX_SIP_BODY_BYTES;
  }

  /** Bytes held back waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.#buffer.length;
  }

  /**
   * Adds bytes received from the connection and returns the messages they complete, in order
   * (often none, sometimes several).
   *
   * @throws ProtocolError (`PROTOCOL`) when the stream is not SIP framing: a header section over
   *   `maxHeaderBytes`, or a missing, malformed, conflicting or oversized `Content-Length`. The
   *   messages completed before the bad one in the same chunk are lost with it; close the connection.
   */
  push(chunk: Uint8Array): string[] {
    if (this.#failure) throw this.#failure;
    if (chunk.length > 0) {
      this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
    }
    const messages: string[] = [];
    try {
      for (let message = this.#next(); message !== undefined; message = this.#next()) messages.push(message);
    } catch (error) {
      this.#failure = error as ProtocolError;
      this.#buffer = EMPTY;
      throw error;
    }
    return messages;
  }

  /** Takes one whole message off the buffer, or returns undefined when more bytes are needed. */
  #next(): string | undefined {
    this.#skipKeepAlives();
    const buffer = this.#buffer;
    if (buffer.length === 0) return undefined;
    const blank = buffer.indexOf(BLANK_LINE, this.#searchFrom);
    if (blank === -1) {
      if (buffer.length > this.#maxHeaderBytes) throw this.#headersTooLong(buffer.length);
      // The blank line may straddle this chunk and the next: search its last 3 bytes again.
      this.#searchFrom = Math.max(0, buffer.length - (BLANK_LINE.length - 1));
      return undefined;
    }
    const bodyStart = blank + BLANK_LINE.length;
    if (bodyStart > this.#maxHeaderBytes) throw this.#headersTooLong(bodyStart);
    const head = buffer.toString('latin1', 0, blank);
    const end = bodyStart + (contentLength(head, this.#maxBodyBytes) ?? 0);
    if (buffer.length < end) return undefined;
    const message = buffer.toString('utf8', 0, end);
    this.#buffer = end === buffer.length ? EMPTY : buffer.subarray(end);
    this.#searchFrom = 0;
    return message;
  }

  /** Drops CRLFs in front of the next message (RFC 3261 §7.5, RFC 5626 §3.5.1 keep-alives). */
  #skipKeepAlives(): void {
    const buffer = this.#buffer;
    let start = 0;
    while (start < buffer.length && (buffer[start] === CR || buffer[start] === LF)) start++;
    if (start === 0) return;
    this.#buffer = start === buffer.length ? EMPTY : buffer.subarray(start);
    this.#searchFrom = Math.max(0, this.#searchFrom - start);
  }

  #headersTooLong(bytes: number): ProtocolError {
    return new ProtocolError(
      `A SIP message's headers exceed ${this.#maxHeaderBytes} bytes (${bytes} bytes without the blank line that ends them): the peer is not speaking SIP on this port, or the stream is corrupt. Check the PBX's transport and port.`,
    );
  }
}

/**
 * Reads `Content-Length` (or compact `l`) from a header section; undefined when there is none.
 *
 * @throws ProtocolError when a value is not a whole number, two values disagree, or it is over `max`.
 */
function contentLength(head: string, max: number): number | undefined {
  let length: number | undefined;
  for (const { name, value } of headerFields(head)) {
    if (name !== 'content-length' && name !== 'l') continue;
    if (!/^\d{1,15}$/.test(value)) {
      throw new ProtocolError(
        `A SIP message has a malformed Content-Length ${JSON.stringify(value.slice(0, 40))}: it must be a whole number of bytes. The stream cannot be split into messages any more.`,
      );
    }
    const parsed = Number(value);
    if (length !== undefined && parsed !== length) {
      throw new ProtocolError(
        `A SIP message has two different Content-Length values (${length} and ${parsed}); the stream cannot be split into messages any more.`,
      );
    }
    length = parsed;
  }
  if (length !== undefined && length > max) {
    throw new ProtocolError(
      `A SIP message announces a ${length}-byte body (Content-Length), over the ${max}-byte limit; the connection is dropped rather than buffering it.`,
    );
  }
  return length;
}

/**
 * The header fields of a SIP message's header section (the start line, then headers separated by
 * CRLF; anything from the blank line on is ignored): names lower-cased, folded continuation lines
 * joined, values trimmed, in order.
 */
export function* headerFields(head: string): Generator<{ name: string; value: string }> {
  const blank = head.indexOf('\r\n\r\n');
  const lines = (blank === -1 ? head : head.slice(0, blank)).split('\r\n');
  let current: { name: string; value: string } | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) current.value = `${current.value} ${line.trim()}`;
      continue;
    }
    if (current) yield current;
    const colon = line.indexOf(':');
    current =
      colon === -1
        ? undefined
        : { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() };
  }
  if (current) yield current;
}

/**
 * Turns one UDP datagram into the SIP message it carries (RFC 3261 §18.3): leading CRLFs are
 * dropped, a keep-alive (nothing but CRLFs) gives undefined, and bytes after the `Content-Length`
 * announced are cut off. A datagram without a blank line, or with a bad `Content-Length`, is
 * returned as it is, for sip.js to reject: it spoils only itself.
 */
export function datagramMessage(datagram: Uint8Array): string | undefined {
  const buffer = Buffer.isBuffer(datagram) ? datagram : Buffer.from(datagram);
  let start = 0;
  while (start < buffer.length && (buffer[start] === CR || buffer[start] === LF)) start++;
  if (start === buffer.length) return undefined;
  const blank = buffer.indexOf(BLANK_LINE, start);
  let end = buffer.length;
  if (blank !== -1) {
    try {
      const length = contentLength(buffer.toString('latin1', start, blank), Number.MAX_SAFE_INTEGER);
      if (length !== undefined) end = Math.min(end, blank + BLANK_LINE.length + length);
    } catch {
      // Left for sip.js to reject.
    }
  }
  return buffer.toString('utf8', start, end);
}
