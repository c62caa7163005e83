import { describe, expect, it } from 'vitest';
import { isLevelEnabled, isLogLevel, LOG_LEVELS } from './log-level.js';

describe('log levels', () => {
  it('orders levels from most to least verbose', () => {
    expect(LOG_LEVELS).toEqual(['debug', 'info', 'warn', 'error', 'silent']);
    expect(isLevelEnabled('info', 'debug')).toBe(false);
    expect(isLevelEnabled('info', 'info')).toBe(true);
    expect(isLevelEnabled('info', 'error')).toBe(true);
    expect(isLevelEnabled('silent', 'error')).toBe(false);
    expect(isLevelEnabled('debug', 'silent')).toBe(false);
  });

  it('recognises level names only', () => {
    expect(isLogLevel('warn')).toBe(true);
    expect(isLogLevel('WARN')).toBe(false);
    expect(isLogLevel('trace')).toBe(false);
    expect(isLogLevel(1)).toBe(false);
  });
});
