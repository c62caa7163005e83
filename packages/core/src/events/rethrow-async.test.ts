import { afterEach, describe, expect, it, vi } from 'vitest';
import { rethrowAsync } from './rethrow-async.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('rethrowAsync', () => {
  it('throws the same error later from a microtask, not now', () => {
    const tasks: Array<() => void> = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => tasks.push(task));
    const error = new RangeError('listener bug');
    expect(() => rethrowAsync(error)).not.toThrow();
    expect(tasks).toHaveLength(1);
    expect(() => tasks[0]?.()).toThrow(error);
  });

  it('falls back to a zero-delay timer where queueMicrotask is missing', () => {
    const timers: Array<{ task: () => void; delay: number | undefined }> = [];
    vi.stubGlobal('queueMicrotask', undefined);
    vi.stubGlobal('setTimeout', (task: () => void, delay?: number) => {
      timers.push({ task, delay });
      return 0;
    });
    const error = new Error('no microtasks here');
    rethrowAsync(error);
    expect(timers).toHaveLength(1);
    expect(timers[0]?.delay).toBe(0);
    expect(() => timers[0]?.task()).toThrow(error);
  });
});
