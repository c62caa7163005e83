export { consoleSink } from './console-sink.js';
export { createLogger, type LoggerOptions } from './create-logger.js';
export { isLogLevel, LOG_LEVELS, type LogLevel } from './log-level.js';
export type { LogRecord, LogSink } from './log-record.js';
export type { Logger } from './logger.js';
export { noopLogger } from './noop-logger.js';
export { isSensitiveKey, REDACTED, type RedactOptions, redact, redactText } from './redact.js';
