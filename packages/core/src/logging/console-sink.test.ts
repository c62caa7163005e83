import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleSink } from './console-sink.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

function fakeConsole(methods: string[]): Record<string, ReturnType<typeof vi.fn>> {
  const fake: Record<string, ReturnType<typeof vi.fn>> = {};
  for (const name of methods) fake[name] = vi.fn();
  vi.stubGlobal('console', fake);
  return fake;
}

describe('consoleSink', () => {
  it('uses the console method of the record level, with a scope prefix and the fields', () => {
    const fake = fakeConsole(['debug', 'info', 'warn', 'error', 'log']);
    consoleSink({ level: 'debug', message: 'frame', time: 0, scope: 'ami', fields: { bytes: 12 } });
    consoleSink({ level: 'info', message: 'up', time: 0 });
    consoleSink({ level: 'warn', message: 'retry', time: 0, scope: 'ari' });
    consoleSink({ level: 'error', message: 'down', time: 0 });
    expect(fake.debug).toHaveBeenCalledWith('[aipbx:ami]', 'frame', { bytes: 12 });
    expect(fake.info).toHaveBeenCalledWith('[aipbx]', 'up');
    expect(fake.warn).toHaveBeenCalledWith('[aipbx:ari]', 'retry');
    expect(fake.error).toHaveBeenCalledWith('[aipbx]', 'down');
    expect(fake.log).not.toHaveBeenCalled();
  });

  it('falls back to console.log when the level method is missing', () => {
    const fake = fakeConsole(['log']);
    consoleSink({ level: 'debug', message: 'm', time: 0 });
    expect(fake.log).toHaveBeenCalledWith('[aipbx]', 'm');
  });

  it('does nothing where there is no console', () => {
    vi.stubGlobal('console', undefined);
    expect(() => consoleSink({ level: 'error', message: 'm', time: 0 })).not.toThrow();
  });
});
