/**
 * How much a logger writes, from most to least verbose. A logger at a level writes records of
 * that level and above; `'silent'` writes nothing.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Every {@link LogLevel}, from most to least verbose. */
export const LOG_LEVELS: readonly LogLevel[] = Object.freeze(['debug', 'info', 'warn', 'error', 'silent']);

/** True when `value` is one of the {@link LOG_LEVELS}. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * True when a logger at `threshold` writes records of `level`. Internal to `createLogger`.
 *
 * @internal
 */
export function isLevelEnabled(threshold: LogLevel, level: LogLevel): boolean {
  return level !== 'silent' && LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}
