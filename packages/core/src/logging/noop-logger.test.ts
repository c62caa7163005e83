import { describe, expect, it } from 'vitest';
import { noopLogger } from './noop-logger.js';

describe('noopLogger', () => {
  it('is silent, frozen, and its own child', () => {
    expect(noopLogger.level).toBe('silent');
    expect(noopLogger.child('x')).toBe(noopLogger);
    expect(Object.isFrozen(noopLogger)).toBe(true);
    expect(() => noopLogger.error('nothing', { password: 'x' })).not.toThrow();
  });
});
