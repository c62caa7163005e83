/**
 * A deliberately simple AMI frame splitter, independent of every client under test, used to count
 * what a recording holds. Asterisk ends every frame with an empty line (`\r\n\r\n`); a frame is an
 * event when it has an `Event:` header.
 */

/** What a recorded AMI byte stream holds. */
export interface StreamCensus {
  /** Complete frames (ended by an empty line). */
  frames: number;
  /** Frames with an `Event:` header: the number every client must deliver. */
  events: number;
  /** Events per event name, e.g. `{ Newchannel: 812, VarSet: 9120 }`. */
  byName: Record<string, number>;
  /** Events with a byte of 0x80 or more: UTF-8 text such as a caller's name. */
  nonAsciiEvents: number;
  /** Bytes up to and including the end of the last complete frame; anything after it is a partial frame. */
  completeBytes: number;
}

const FRAME_END = Buffer.from('\r\n\r\n', 'latin1');
const EVENT = 'Event:';
const NON_ASCII = /[\u0080-\u00ff]/;

/** Extracts the event name of one frame (without its terminating empty line), or undefined. */
function eventName(frame: string): string | undefined {
  let at: number;
  if (frame.startsWith(EVENT)) at = 0;
  else {
    const inner = frame.indexOf(`\r\n${EVENT}`);
    if (inner < 0) return undefined;
    at = inner + 2;
  }
  const eol = frame.indexOf('\r\n', at);
  return frame.slice(at + EVENT.length, eol < 0 ? frame.length : eol).trim();
}

/**
 * Splits `bytes` into AMI frames at every `\r\n\r\n` and counts them. A trailing partial frame is
 * not counted (its length is the difference between `bytes.length` and `completeBytes`).
 *
 * @param bytes - raw bytes as Asterisk sent them (after the banner and the login response)
 * @returns the frame and event counts, events per name, events with non-ASCII bytes, and where the
 *   last complete frame ends
 */
export function censusAmiStream(bytes: Uint8Array): StreamCensus {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const byName = new Map<string, number>();
  let frames = 0;
  let events = 0;
  let nonAsciiEvents = 0;
  let start = 0;
  for (let end = buffer.indexOf(FRAME_END, start); end >= 0; end = buffer.indexOf(FRAME_END, start)) {
    // Header names and event names are ASCII; latin1 decoding is exact for them and never throws.
    const frame = buffer.toString('latin1', start, end);
    start = end + FRAME_END.length;
    if (frame.trim() === '') continue;
    frames++;
    const name = eventName(frame);
    if (name !== undefined) {
      events++;
      byName.set(name, (byName.get(name) ?? 0) + 1);
      if (NON_ASCII.test(frame)) nonAsciiEvents++;
    }
  }
  const sorted = [...byName].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { frames, events, byName: Object.fromEntries(sorted), nonAsciiEvents, completeBytes: start };
}
