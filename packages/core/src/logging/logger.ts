import type { LogLevel } from './log-level.js';

/**
 * What SDK classes log through. Get one from `createLogger`, use `noopLogger` for
 * silence, or implement it yourself to forward to your own logging library (then redaction is
 * yours to do; `redact` helps).
 */
export interface Logger {
  /** The least severe level this logger writes. */
  readonly level: LogLevel;
  /** Detailed tracing: frames sent and received, state transitions. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Normal milestones: connected, logged in, call started. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something went wrong and was handled: a reconnect, a dropped malformed frame. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Something failed and the caller will see it. */
  error(message: string, fields?: Record<string, unknown>): void;
  /**
   * A logger for a part of the SDK: same level, sink and secrets, with `scope` appended to this
   * logger's scope (`ami` → `ami:monitor`).
   */
  child(scope: string): Logger;
}
