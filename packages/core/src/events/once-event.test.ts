import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { AbortError, TimeoutError, ValidationError } from '../errors/index.js';
import { onceEvent } from './once-event.js';
import { TypedEmitter } from './typed-emitter.js';

interface TestEvents {
  message: (kind: string, size: number) => void;
  ready: () => void;
}

class TestEmitter extends TypedEmitter<TestEvents> {}

afterEach(() => {
  vi.useRealTimers();
});

describe('onceEvent', () => {
  it('resolves with the emitted arguments and removes its listener', async () => {
    const emitter = new TestEmitter();
    const waiting = onceEvent(emitter, 'message', { timeoutMs: 1_000 });
    expect(emitter.listenerCount('message')).toBe(1);
    emitter.emit('message', 'hello', 5);
    await expect(waiting).resolves.toEqual(['hello', 5]);
    expect(emitter.listenerCount('message')).toBe(0);
  });

  it('resolves with an empty tuple for an event without arguments', async () => {
    const emitter = new TestEmitter();
    const waiting = onceEvent(emitter, 'ready');
    emitter.emit('ready');
    await expect(waiting).resolves.toEqual([]);
  });

  it('ignores emissions the filter rejects', async () => {
    const emitter = new TestEmitter();
    const waiting = onceEvent(emitter, 'message', { timeoutMs: 1_000, filter: (kind) => kind === 'wanted' });
    emitter.emit('message', 'other', 1);
    expect(emitter.listenerCount('message')).toBe(1);
    emitter.emit('message', 'wanted', 2);
    await expect(waiting).resolves.toEqual(['wanted', 2]);
    expect(emitter.listenerCount('message')).toBe(0);
  });

  it('rejects with what the filter throws and cleans up', async () => {
    const emitter = new TestEmitter();
    const failure = new Error('filter broke');
    const waiting = onceEvent(emitter, 'message', {
      filter: () => {
        throw failure;
      },
    });
    emitter.emit('message', 'x', 1);
    await expect(waiting).rejects.toBe(failure);
    expect(emitter.listenerCount('message')).toBe(0);
  });

  it('rejects with TimeoutError after timeoutMs and removes its listener', async () => {
    vi.useFakeTimers();
    const emitter = new TestEmitter();
    const waiting = onceEvent(emitter, 'ready', { timeoutMs: 250 });
    const outcome = waiting.catch((error: unknown) => error);
    vi.advanceTimersByTime(249);
    expect(emitter.listenerCount('ready')).toBe(1);
    vi.advanceTimersByTime(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', timeoutMs: 250 });
    expect((error as Error).message).toContain('"ready"');
    expect(emitter.listenerCount('ready')).toBe(0);
  });

  it('clears its timer once the event arrives', async () => {
    vi.useFakeTimers();
    const emitter = new TestEmitter();
    const waiting = onceEvent(emitter, 'ready', { timeoutMs: 250 });
    expect(vi.getTimerCount()).toBe(1);
    emitter.emit('ready');
    await waiting;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with AbortError carrying the reason when the signal aborts, and cleans up', async () => {
    const emitter = new TestEmitter();
    const controller = new AbortController();
    const removeSpy = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = onceEvent(emitter, 'ready', { signal: controller.signal });
    const reason = new Error('user closed the page');
    controller.abort(reason);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ code: 'ABORTED', cause: reason });
    expect(emitter.listenerCount('ready')).toBe(0);
    expect(removeSpy).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('removes its abort handler when the event arrives first', async () => {
    const emitter = new TestEmitter();
    const controller = new AbortController();
    const removeSpy = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = onceEvent(emitter, 'ready', { signal: controller.signal });
    emitter.emit('ready');
    await expect(waiting).resolves.toEqual([]);
    expect(removeSpy).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('rejects at once for an already aborted signal without adding a listener', async () => {
    const emitter = new TestEmitter();
    const reason = new Error('gone');
    await expect(onceEvent(emitter, 'ready', { signal: AbortSignal.abort(reason) })).rejects.toMatchObject({
      code: 'ABORTED',
      cause: reason,
    });
    expect(emitter.listenerCount('ready')).toBe(0);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    'rejects timeoutMs %s as invalid input',
    async (timeoutMs) => {
      const emitter = new TestEmitter();
      const error = await onceEvent(emitter, 'ready', { timeoutMs }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems[0]?.field).toBe('timeoutMs');
      expect(emitter.listenerCount('ready')).toBe(0);
    },
  );

  it('infers the argument tuple from a subclass', async () => {
    const emitter = new TestEmitter();
    const waiting = onceEvent(emitter, 'message', {
      filter: (kind, size) => {
        expectTypeOf(kind).toEqualTypeOf<string>();
        expectTypeOf(size).toEqualTypeOf<number>();
        return true;
      },
    });
    expectTypeOf(waiting).resolves.toEqualTypeOf<[string, number]>();
    // @ts-expect-error: 'nope' is not a declared event
    onceEvent(emitter, 'nope').catch(() => {});
    emitter.emit('message', 'typed', 3);
    await expect(waiting).resolves.toEqual(['typed', 3]);
  });
});
