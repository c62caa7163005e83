import { DEFAULT_DIALPLAN, type Logger } from '@aipbx/core';
import type { CompletedCall } from './call.js';

/** The operators' dialplan context of the Asterisk configuration @aipbx/core generates (`aipbx-operators`). */
export const DEFAULT_OPERATOR_CONTEXT: string = DEFAULT_DIALPLAN.operatorContext;

/** Options of {@link CallMonitor}. */
export interface CallMonitorOptions {
  /** How many finished calls to keep in memory, newest last. Default 1000. */
  historyLimit?: number;
  /**
   * Called with every finished call, for persistence (a database, a CRM). May be async; a failure
   * is reported as an `error` event and the call stays in the in-memory history.
   */
  historySink?: (call: CompletedCall) => void | Promise<void>;
  /** Click-to-call settings. */
  clickToCall?: ClickToCallDefaults;
  /**
   * Where the monitor logs, under the scope `ami:monitor`. An `error` (a failed resync, a history
   * sink that threw) that no `error` listener takes is logged here at `error` level rather than
   * dropped. Default: the client's `logger` when it was given one; otherwise such errors are
   * written with `console.error`.
   */
  logger?: Logger;
  /** The clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
}

/** Defaults for {@link CallMonitor.call}. */
export interface ClickToCallDefaults {
  /**
   * Dialplan context in which `to` is dialled once `from` answers: 1–79 letters, digits, `_` or
   * `-`. Default `aipbx-operators` (the operators' context of @aipbx/core's generated dialplan);
   * FreePBX uses `from-internal`.
   */
  context?: string;
  /**
   * How to reach extension `from` (already validated: letters, digits, `_ . + -`). Default
   * `` ext => `PJSIP/${ext}` ``. It must return exactly one channel, `Tech/resource` such as
   * `SIP/301` or `PJSIP/301@office`: no `&` (that would ring several channels), no spaces, `,`,
   * `;`, `|`, quotes, brackets, parentheses, backslashes or control characters. Anything else
   * makes {@link CallMonitor.call} reject with a `ValidationError` before any action is sent.
   */
  channel?: (extension: string) => string;
  /** How long `from` may ring, in ms. Default 30,000. */
  ringTimeoutMs?: number;
}

/** One click-to-call request. */
export interface ClickToCallRequest {
  /**
   * The extension rung first (the user who clicked): 1–64 letters, digits, `_`, `.`, `+` or `-`,
   * not starting with `_`, `-` or `.`. An extension, never a dial string: how it is reached is
   * {@link ClickToCallDefaults.channel}'s business.
   */
  from: string;
  /**
   * The number dialled once `from` answers: 1–64 letters, digits, `_`, `.`, `+`, `-`, `*` or `#`
   * (feature codes such as `*97`), not starting with `_`, `-` or `.`.
   */
  to: string;
  /** Overrides {@link ClickToCallDefaults.context}; the same rules apply. */
  context?: string;
  /** Overrides {@link ClickToCallDefaults.ringTimeoutMs}; `to` rings as long as the dialplan lets it. */
  ringTimeoutMs?: number;
  /**
   * Caller id shown on `from`'s phone, without CR, LF or other control characters. Default
   * `"<to>" <to>`, so the user sees whom they are calling.
   */
  callerId?: string;
  /** How long to wait for the whole call to connect, in ms. Default twice the ring timeout plus 10 s. */
  timeoutMs?: number;
  /** Cancels waiting (the call itself goes on; hang it up with {@link CallMonitor.hangup}). */
  signal?: AbortSignal;
}
