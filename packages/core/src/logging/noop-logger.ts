import type { Logger } from './logger.js';

const nothing = (): void => {};

/** A {@link Logger} that writes nothing (level `'silent'`); its children are itself. */
export const noopLogger: Logger = Object.freeze({
  level: 'silent',
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
  child: (): Logger => noopLogger,
});
