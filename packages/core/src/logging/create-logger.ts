import { ValidationError, type ValidationProblem } from '../errors/index.js';
import { consoleSink } from './console-sink.js';
import { isLevelEnabled, isLogLevel, LOG_LEVELS, type LogLevel } from './log-level.js';
import type { LogRecord, LogSink } from './log-record.js';
import type { Logger } from './logger.js';
import { redact, redactText } from './redact.js';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Least severe level written. Default `'info'`. */
  level?: LogLevel;
  /** Where records go. Default {@link consoleSink}. */
  sink?: LogSink;
  /** Scope of this logger, e.g. `ami`; children append theirs (`ami:monitor`). */
  scope?: string;
  /**
   * Exact values that must never be written, e.g. the configured AMI secret or SIP password:
   * replaced by `[REDACTED]` wherever they appear in messages and fields, on top of the
   * shape-based redaction. Children inherit them.
   */
  secrets?: readonly string[];
}

/**
 * Creates a {@link Logger}. Every record passes through {@link redactText} (message) and
 * {@link redact} (fields), with `secrets` applied, before the sink sees it. Records below `level`
 * are dropped before any redaction work is done. A sink that throws is ignored.
 *
 * @throws `ValidationError` (`INVALID_INPUT`) for an unknown level, a sink that is not a function,
 *   or secrets that are not strings.
 *
 * @example
 * ```ts
 * const log = createLogger({ level: 'debug', scope: 'ami', secrets: [options.secret] });
 * log.debug('sent', { frame }); // the secret never reaches the console
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const { level = 'info', sink = consoleSink, scope, secrets = [] } = options;
  const problems: ValidationProblem[] = [];
  if (!isLogLevel(level))
    problems.push({ field: 'level', message: `must be one of ${LOG_LEVELS.join(', ')}` });
  if (typeof sink !== 'function')
    problems.push({ field: 'sink', message: 'must be a function taking a log record' });
  if (scope !== undefined && typeof scope !== 'string')
    problems.push({ field: 'scope', message: 'must be a string' });
  if (!Array.isArray(secrets) || !secrets.every((s) => typeof s === 'string')) {
    problems.push({ field: 'secrets', message: 'must be an array of strings' });
  }
  if (problems.length > 0) throw new ValidationError('logger options', problems);
  return makeLogger(level, sink, scope, Object.freeze([...secrets]));
}

function makeLogger(
  level: LogLevel,
  sink: LogSink,
  scope: string | undefined,
  secrets: readonly string[],
): Logger {
  const write = (
    recordLevel: LogRecord['level'],
    message: string,
    fields?: Record<string, unknown>,
  ): void => {
    if (!isLevelEnabled(level, recordLevel)) return;
    const record: LogRecord = {
      level: recordLevel,
      message: redactText(message, { secrets }),
      time: Date.now(),
    };
    if (fields !== undefined) record.fields = redact(fields, { secrets }) as Record<string, unknown>;
    if (scope !== undefined) record.scope = scope;
    try {
      sink(record);
    } catch {
      // A broken sink must not break the code that logs.
    }
  };
  return {
    level,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (childScope) =>
      makeLogger(level, sink, scope === undefined ? childScope : `${scope}:${childScope}`, secrets),
  };
}
