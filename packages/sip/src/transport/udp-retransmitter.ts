import { type Logger, noopLogger } from '@aipbx/core';
import { headerFields } from './sip-framer.js';

/** RFC 3261 T1, the round-trip estimate: 500 ms. */
export const SIP_T1_MS = 500;

/** RFC 3261 T2, the longest retransmission interval of non-INVITE requests and INVITE responses: 4 s. */
export const SIP_T2_MS = 4000;

/** The timers a {@link UdpRetransmitter} runs on; tests inject fake ones. */
export interface RetransmitTimers {
  /** Calls `callback` once after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/**
 * The global `setTimeout`/`clearTimeout`, looked up at each call (so `vi.useFakeTimers()` applies
 * even to a retransmitter made before it).
 */
export const SYSTEM_TIMERS: RetransmitTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Options of a {@link UdpRetransmitter}. */
export interface UdpRetransmitterOptions {
  /** Sends a message again, as it is. A rejection or throw is logged and retransmitting goes on. */
  send: (message: string) => void | Promise<void>;
  /** Default {@link SYSTEM_TIMERS}. */
  timers?: RetransmitTimers;
  /** Default {@link SIP_T1_MS}. */
  t1Ms?: number;
  /** Default {@link SIP_T2_MS}. */
  t2Ms?: number;
  /** Retransmissions are logged at debug level by their start line only. Default: silent. */
  logger?: Logger;
}

/** What the retransmitter needs to know of a message; parsed from its text, nothing more. */
interface MessageSummary {
  startLine: string;
  /** Request method, or undefined for a response. */
  method: string | undefined;
  /** Status code, or undefined for a request. */
  status: number | undefined;
  /** `branch` of the top Via. */
  branch: string | undefined;
  /** Method of the CSeq header. */
  cseqMethod: string | undefined;
}

/** A message being retransmitted until its answer (or its ACK) comes, or 64×T1 has passed. */
interface Retransmission {
  key: string;
  message: string;
  startLine: string;
  /** INVITE requests keep doubling their interval; everything else is capped at T2. */
  uncapped: boolean;
  /** A non-INVITE request that got a provisional response: retransmitted every T2 (Timer E in Proceeding). */
  proceeding: boolean;
  /** Wait before the next retransmission, ms. */
  interval: number;
  /** Time since the first transmission when the timer is due, ms. */
  due: number;
  handle: unknown;
}

/**
 * RFC 3261 §17 retransmissions for an unreliable transport (UDP), the part sip.js's transactions
 * leave out (Timers A, E and G; the give-up Timers B, F and H are sip.js's, so giving up here is
 * silent):
 *
 * - a request other than ACK is sent again after T1, 2·T1, 4·T1… until a response with the same top
 *   Via branch and CSeq method arrives. An INVITE keeps doubling and stops at any response (Timer
 *   A). Other requests are capped at T2 and stop at a final response; a provisional one makes them
 *   go on every T2 (Timer E, Proceeding state). Note CANCEL shares its INVITE's branch and is
 *   tracked separately by its CSeq method.
 * - a final non-2xx response to an INVITE (300–699) is sent again after T1, doubling up to T2,
 *   until the ACK with the same branch arrives (Timer G).
 * - either stops after 64·T1 (32 s) at most.
 *
 * sip.js already retransmits its 2xx to INVITE until the ACK, and re-sends its last response when
 * a request is retransmitted, so responses other than 300–699 to INVITE are never retransmitted
 * here, and a message handed over again unchanged keeps its schedule. Nothing received is
 * absorbed: {@link UdpRetransmitter.received} only looks.
 *
 * @example
 * ```ts
 * const retransmitter = new UdpRetransmitter({ send: (message) => socket.send(message) });
 * retransmitter.sent(message); // after each send
 * retransmitter.received(message); // for each message received
 * retransmitter.stop(); // on disconnect
 * ```
 */
export class UdpRetransmitter {
  readonly #send: (message: string) => void | Promise<void>;
  readonly #timers: RetransmitTimers;
  readonly #t1: number;
  readonly #t2: number;
  readonly #logger: Logger;
  /** Requests waiting for a response, by branch and CSeq method. */
  readonly #requests = new Map<string, Retransmission>();
  /** Final non-2xx responses to INVITE waiting for the ACK, by branch. */
  readonly #responses = new Map<string, Retransmission>();

  /** A retransmitter for one UDP socket; `stop()` it when the socket closes. */
  constructor(options: UdpRetransmitterOptions) {
    this.#send = options.send;
    this.#timers = options.timers ?? SYSTEM_TIMERS;
    this.#t1 = options.t1Ms ?? SIP_T1_MS;
    this.#t2 = options.t2Ms ?? SIP_T2_MS;
    this.#logger = options.logger ?? noopLogger;
  }

  /** Messages being retransmitted now. */
  get pending(): number {
    return this.#requests.size + this.#responses.size;
  }

  /**
   * Notes a message just sent: a request other than ACK, or a 300–699 response to INVITE, starts
   * being retransmitted. Anything else, or a message without a top Via branch, is ignored.
   */
  sent(message: string): void {
    const summary = summarize(message);
    if (!summary?.branch) return;
    if (summary.method !== undefined) {
      if (summary.method === 'ACK') return;
      const key = transactionKey(summary.branch, summary.cseqMethod ?? summary.method);
      this.#track(this.#requests, key, message, summary.startLine, summary.method === 'INVITE');
      return;
    }
    const status = summary.status ?? 0;
    if (summary.cseqMethod === 'INVITE' && status >= 300 && status <= 699) {
      this.#track(this.#responses, summary.branch, message, summary.startLine, false);
    }
  }

  /**
   * Looks at a message received: a response ends (or, when provisional to a non-INVITE, slows) the
   * retransmission of its request; an ACK ends that of the final response it acknowledges.
   */
  received(message: string): void {
    const summary = summarize(message);
    if (!summary?.branch) return;
    if (summary.status !== undefined) {
      this.#answered(transactionKey(summary.branch, summary.cseqMethod ?? ''), summary.status);
    } else if (summary.method === 'ACK') {
      this.#end(this.#responses, summary.branch);
    }
  }

  /** Forgets a message whose sending failed: sip.js ends its transaction then. */
  cancel(message: string): void {
    const summary = summarize(message);
    if (!summary?.branch) return;
    if (summary.method !== undefined) {
      const key = transactionKey(summary.branch, summary.cseqMethod ?? summary.method);
      if (this.#requests.get(key)?.message === message) this.#end(this.#requests, key);
    } else if (this.#responses.get(summary.branch)?.message === message) {
      this.#end(this.#responses, summary.branch);
    }
  }

  /** Stops every retransmission and clears every timer. The retransmitter can be used again. */
  stop(): void {
    for (const entry of [...this.#requests.values(), ...this.#responses.values()]) {
      this.#timers.clearTimeout(entry.handle);
    }
    this.#requests.clear();
    this.#responses.clear();
  }

  #track(
    table: Map<string, Retransmission>,
    key: string,
    message: string,
    startLine: string,
    uncapped: boolean,
  ): void {
    const existing = table.get(key);
    // sip.js re-sending the same message (a response to a retransmitted request) keeps the schedule.
    if (existing?.message === message) return;
    if (existing) this.#end(table, key);
    const entry: Retransmission = {
      key,
      message,
      startLine,
      uncapped,
      proceeding: false,
      interval: this.#t1,
      due: this.#t1,
      handle: undefined,
    };
    table.set(key, entry);
    entry.handle = this.#timers.setTimeout(() => this.#fire(table, entry), entry.interval);
  }

  #fire(table: Map<string, Retransmission>, entry: Retransmission): void {
    if (table.get(entry.key) !== entry) return;
    this.#logger.debug('sip retransmit', { startLine: entry.startLine, afterMs: entry.due });
    this.#resend(entry.message);
    entry.interval = entry.proceeding
      ? this.#t2
      : entry.uncapped
        ? entry.interval * 2
        : Math.min(entry.interval * 2, this.#t2);
    // Timers B/F/H end the transaction at 64·T1: no retransmission at or after that.
    if (entry.due + entry.interval >= 64 * this.#t1) {
      table.delete(entry.key);
      return;
    }
    entry.due += entry.interval;
    entry.handle = this.#timers.setTimeout(() => this.#fire(table, entry), entry.interval);
  }

  #answered(key: string, status: number): void {
    const entry = this.#requests.get(key);
    if (!entry) return;
    if (entry.uncapped || status >= 200) {
      this.#end(this.#requests, key);
      return;
    }
    // A provisional response to a non-INVITE: go on every T2 until the final one (RFC 3261 §17.1.2.2).
    entry.proceeding = true;
  }

  #end(table: Map<string, Retransmission>, key: string): void {
    const entry = table.get(key);
    if (!entry) return;
    this.#timers.clearTimeout(entry.handle);
    table.delete(key);
  }

  #resend(message: string): void {
    try {
      const result = this.#send(message);
      if (result instanceof Promise) result.catch((error: unknown) => this.#sendFailed(error));
    } catch (error) {
      this.#sendFailed(error);
    }
  }

  #sendFailed(error: unknown): void {
    this.#logger.debug('sip retransmission not sent', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Responses match requests by top Via branch and CSeq method (RFC 3261 §17.1.3). */
function transactionKey(branch: string, method: string): string {
  return `${branch} ${method}`;
}

const BRANCH = /;\s*branch\s*=\s*([^\s;,]+)/i;
const CSEQ = /^\d+\s+(\S+)/;
const STATUS_LINE = /^SIP\/2\.0 +(\d{3})\b/i;

/**
 * Reads the start line, the top Via's branch and the CSeq method of a message, or undefined when
 * it has no start line.
 */
function summarize(message: string): MessageSummary | undefined {
  const lineEnd = message.indexOf('\r\n');
  if (lineEnd <= 0) return undefined;
  const startLine = message.slice(0, lineEnd);
  const status = STATUS_LINE.exec(startLine);
  const space = startLine.indexOf(' ');
  const summary: MessageSummary = {
    startLine,
    // Methods are case-sensitive (RFC 3261 §7.1): `ack` is not an ACK.
    method: status ? undefined : space === -1 ? startLine : startLine.slice(0, space),
    status: status ? Number(status[1]) : undefined,
    branch: undefined,
    cseqMethod: undefined,
  };
  for (const { name, value } of headerFields(message)) {
    if (summary.branch === undefined && (name === 'via' || name === 'v')) {
      // The top Via is the first value of the first Via header.
      const top = value.split(',', 1)[0] ?? '';
      summary.branch = BRANCH.exec(top)?.[1] ?? '';
    } else if (summary.cseqMethod === undefined && name === 'cseq') {
      summary.cseqMethod = CSEQ.exec(value)?.[1];
    }
    if (summary.branch !== undefined && summary.cseqMethod !== undefined) break;
  }
  return summary;
}
