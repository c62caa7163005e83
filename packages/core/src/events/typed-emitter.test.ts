import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { TypedEmitter } from './typed-emitter.js';

interface TestEvents {
  data: (value: number, label: string) => void;
  ready: () => void;
  error: (error: Error) => void;
}

class TestEmitter extends TypedEmitter<TestEvents> {}

/** Replaces queueMicrotask with a recorder so asynchronously rethrown errors can be inspected. */
function captureMicrotasks(): Array<() => void> {
  const tasks: Array<() => void> = [];
  vi.stubGlobal('queueMicrotask', (task: () => void) => {
    tasks.push(task);
  });
  return tasks;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('TypedEmitter', () => {
  it('passes every argument to listeners in registration order and reports whether any listened', () => {
    const emitter = new TestEmitter();
    const calls: string[] = [];
    expect(emitter.emit('data', 1, 'a')).toBe(false);
    emitter.on('data', (value, label) => calls.push(`first ${value} ${label}`));
    emitter.on('data', (value, label) => calls.push(`second ${value} ${label}`));
    expect(emitter.emit('data', 7, 'x')).toBe(true);
    expect(calls).toEqual(['first 7 x', 'second 7 x']);
  });

  it('binds `this` to the emitter for function listeners', () => {
    const emitter = new TestEmitter();
    let seen: unknown;
    emitter.on('ready', function (this: unknown) {
      seen = this;
    });
    emitter.emit('ready');
    expect(seen).toBe(emitter);
  });

  it('runs a once listener a single time', () => {
    const emitter = new TestEmitter();
    const listener = vi.fn();
    emitter.once('ready', listener);
    expect(emitter.listenerCount('ready')).toBe(1);
    emitter.emit('ready');
    emitter.emit('ready');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(emitter.listenerCount('ready')).toBe(0);
  });

  it('off removes on and once registrations of that listener only, and ignores unknown listeners', () => {
    const emitter = new TestEmitter();
    const removed = vi.fn();
    const kept = vi.fn();
    emitter.on('ready', removed).once('ready', removed).on('ready', kept);
    emitter.off('ready', vi.fn());
    expect(emitter.listenerCount('ready')).toBe(3);
    emitter.off('ready', removed);
    expect(emitter.listenerCount('ready')).toBe(1);
    emitter.emit('ready');
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it('keeps a listener shared by two events registered on the other event after off', () => {
    const emitter = new TestEmitter();
    const shared = vi.fn();
    emitter.on('ready', shared);
    emitter.on('error', shared);
    emitter.off('ready', shared);
    emitter.emit('ready');
    emitter.emit('error', new Error('boom'));
    expect(shared).toHaveBeenCalledTimes(1);
    expect(shared).toHaveBeenCalledWith(new Error('boom'));
  });

  it('lists event names and removes all listeners of one event or of every event', () => {
    const emitter = new TestEmitter();
    emitter.on('ready', () => {});
    emitter.on('data', () => {});
    emitter.on('data', () => {});
    expect(emitter.eventNames().sort()).toEqual(['data', 'ready']);
    emitter.removeAllListeners('data');
    expect(emitter.listenerCount('data')).toBe(0);
    expect(emitter.listenerCount('ready')).toBe(1);
    emitter.removeAllListeners();
    expect(emitter.eventNames()).toEqual([]);
  });

  it('does not throw when error is emitted without listeners', () => {
    const emitter = new TestEmitter();
    expect(emitter.emit('error', new Error('nobody listens'))).toBe(false);
  });

  it('emit lets a listener exception reach the caller and skips later listeners', () => {
    const emitter = new TestEmitter();
    const later = vi.fn();
    emitter.on('ready', () => {
      throw new Error('listener failed');
    });
    emitter.on('ready', later);
    expect(() => emitter.emit('ready')).toThrow('listener failed');
    expect(later).not.toHaveBeenCalled();
  });

  it('safeEmit runs every listener and rethrows each exception asynchronously, not to the caller', () => {
    const tasks = captureMicrotasks();
    const emitter = new TestEmitter();
    const first = new Error('first failed');
    const second = new TypeError('second failed');
    const later = vi.fn();
    emitter.on('data', () => {
      throw first;
    });
    emitter.on('data', () => {
      throw second;
    });
    emitter.on('data', later);

    expect(emitter.safeEmit('data', 1, 'x')).toBe(true);
    expect(later).toHaveBeenCalledWith(1, 'x');
    expect(tasks).toHaveLength(2);
    expect(() => tasks[0]?.()).toThrow(first);
    expect(() => tasks[1]?.()).toThrow(second);
  });

  it('safeEmit still removes a once listener that throws', () => {
    captureMicrotasks();
    const emitter = new TestEmitter();
    emitter.once('ready', () => {
      throw new Error('once failed');
    });
    emitter.safeEmit('ready');
    expect(emitter.listenerCount('ready')).toBe(0);
  });

  it('a plain emit nested inside safeEmit keeps plain semantics, and emit is plain again afterwards', () => {
    const tasks = captureMicrotasks();
    const emitter = new TestEmitter();
    let nestedError: unknown;
    emitter.on('error', () => {
      throw new Error('nested listener failed');
    });
    emitter.on('ready', () => {
      try {
        emitter.emit('error', new Error('x'));
      } catch (error) {
        nestedError = error;
      }
    });
    emitter.safeEmit('ready');
    expect(nestedError).toEqual(new Error('nested listener failed'));
    expect(tasks).toHaveLength(0);
    expect(() => emitter.emit('error', new Error('y'))).toThrow('nested listener failed');
  });

  it('types event names and listener arguments', () => {
    const emitter = new TestEmitter();
    emitter.on('data', (value, label) => {
      expectTypeOf(value).toEqualTypeOf<number>();
      expectTypeOf(label).toEqualTypeOf<string>();
    });
    expectTypeOf(emitter.eventNames()).toEqualTypeOf<Array<'data' | 'ready' | 'error'>>();
    // @ts-expect-error: 'nope' is not a declared event
    emitter.on('nope', () => {});
    // @ts-expect-error: data carries (number, string)
    emitter.emit('data', 'one', 'two');
    // @ts-expect-error: ready carries no arguments
    emitter.emit('ready', 1);
    expect(emitter.listenerCount('data')).toBe(1);
  });
});
