/**
 * Capture files for `--capture=PATH`: any AMI stream someone recorded from their own Asterisk,
 * replayed exactly like the bench's own recordings.
 *
 * Format: the raw bytes Asterisk sent on a session logged in with `Events: on`, from right after
 * the login response. A capture of the whole session may also start with the banner line
 * (`Asterisk Call Manager/…`) and the login response (`Response: Success` … `Message:
 * Authentication accepted`): both are taken off (the banner is replayed as the greeting). Without
 * a banner the replay greets with {@link DEFAULT_BANNER}. A partial frame at the end (the capture
 * was stopped mid-frame) is left out. Frames must end as Asterisk ends them, with CR LF CR LF.
 */
import { readFile } from 'node:fs/promises';
import { censusAmiStream, type StreamCensus } from './stream-census.js';

/** The banner replayed for a capture that has none: Asterisk 22's (AMI 11.0.0). */
export const DEFAULT_BANNER = 'Asterisk Call Manager/11.0.0';

/** A capture ready to replay. */
export interface Capture {
  /** The bytes to replay: complete frames only, after any banner and login response. */
  stream: Buffer;
  /** The banner to greet with: the file's own, or {@link DEFAULT_BANNER}. */
  banner: string;
  /** True when the banner came from the file. */
  bannerInFile: boolean;
  /** True when a login response at the start was taken off. */
  loginResponseRemoved: boolean;
  /** Bytes of a partial frame at the end that were left out. */
  partialTailBytes: number;
  /** What the replayed bytes hold (every client must deliver `census.events`). */
  census: StreamCensus;
}

const CRLF = '\r\n';
const FRAME_END = '\r\n\r\n';

/** A login response: the frame starts with `Response: Success` and says the login was accepted. */
function isLoginResponse(frame: string): boolean {
  return /^Response: Success\r\n/i.test(frame) && /\r\nMessage: Authentication accepted(\r\n|$)/i.test(frame);
}

/**
 * Takes `bytes` apart as described in this module's comment.
 *
 * @throws Error when no complete event frame is left, saying what the file must hold
 */
export function parseCapture(bytes: Buffer): Capture {
  let offset = 0;
  let banner = DEFAULT_BANNER;
  let bannerInFile = false;
  let loginResponseRemoved = false;
  // Header names, the banner and the login response are ASCII: latin1 reads them exactly.
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 4096));
  const eol = head.indexOf(CRLF);
  if (eol > 0 && /Call Manager\//i.test(head.slice(0, eol)) && !head.slice(0, eol).includes(': ')) {
    banner = head.slice(0, eol);
    bannerInFile = true;
    offset = eol + CRLF.length;
  }
  const end = head.indexOf(FRAME_END, offset);
  if (end >= 0 && isLoginResponse(head.slice(offset, end))) {
    offset = end + FRAME_END.length;
    loginResponseRemoved = true;
  }
  const body = bytes.subarray(offset);
  const census = censusAmiStream(body);
  if (census.events === 0) {
    const bareLf = body.includes('\n\n') && !body.includes(FRAME_END);
    throw new Error(
      'it holds no complete AMI event frame' +
        (bareLf ? ' (its lines end in a bare LF: keep the bytes as Asterisk sent them, CR LF)' : '') +
        '. A capture is the raw bytes Asterisk sent after logging in with `Events: on`; see bench/README.md.',
    );
  }
  return {
    stream: body.subarray(0, census.completeBytes),
    banner,
    bannerInFile,
    loginResponseRemoved,
    partialTailBytes: body.length - census.completeBytes,
    census,
  };
}

/**
 * Reads and parses a capture file.
 *
 * @throws Error naming the file when it cannot be read or holds no event
 */
export async function loadCapture(path: string): Promise<Capture> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`cannot read the capture ${path}: ${(error as Error).message}`);
  }
  try {
    return parseCapture(bytes);
  } catch (error) {
    throw new Error(`the capture ${path}: ${(error as Error).message}`);
  }
}
