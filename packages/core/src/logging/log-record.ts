import type { LogLevel } from './log-level.js';

/** One log entry, already redacted, as handed to a {@link LogSink}. */
export interface LogRecord {
  /** Severity (never `'silent'`). */
  level: Exclude<LogLevel, 'silent'>;
  /** What happened, for people. Secrets are already replaced by `[REDACTED]`. */
  message: string;
  /** When, in milliseconds since the Unix epoch (`Date.now()`). */
  time: number;
  /** Structured details, redacted: secret-looking keys hold `[REDACTED]`. */
  fields?: Record<string, unknown>;
  /** Which part of the SDK wrote it, e.g. `ami` or `ami:monitor`. */
  scope?: string;
}

/**
 * Where records go: the console, a file, pino, a test array. Called synchronously; an exception
 * it throws is swallowed, so logging never breaks the code that logs.
 *
 * @example
 * ```ts
 * const toPino: LogSink = (r) => pino[r.level]({ ...r.fields, scope: r.scope }, r.message);
 * ```
 */
export type LogSink = (record: LogRecord) => void;
