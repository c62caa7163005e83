import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, ValidationError } from '../errors/index.js';
import { sleep } from './sleep.js';

/** Tracks whether a promise has settled, without awaiting it. */
function track(promise: Promise<void>): { settled: () => boolean; outcome: Promise<unknown> } {
  let done = false;
  const outcome = promise.then(
    () => {
      done = true;
      return 'resolved';
    },
    (error: unknown) => {
      done = true;
      return error;
    },
  );
  return { settled: () => done, outcome };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it('resolves after the given time and not before', async () => {
    const waiting = track(sleep(1_000));
    await vi.advanceTimersByTimeAsync(999);
    expect(waiting.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(waiting.outcome).resolves.toBe('resolved');
  });

  it('resolves a zero wait on the next timer turn', async () => {
    const waiting = track(sleep(0));
    await vi.advanceTimersByTimeAsync(0);
    await expect(waiting.outcome).resolves.toBe('resolved');
  });

  it('rejects with AbortError carrying the reason and clears its timer when aborted', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('shutting down');
    controller.abort(reason);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ code: 'ABORTED', cause: reason });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for an already aborted signal without starting a timer', async () => {
    await expect(sleep(5, AbortSignal.abort('stop'))).rejects.toMatchObject({
      code: 'ABORTED',
      cause: 'stop',
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops listening to the signal once it resolves', async () => {
    const controller = new AbortController();
    const removeSpy = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = track(sleep(10, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    await expect(waiting.outcome).resolves.toBe('resolved');
    expect(removeSpy).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('chains timers for waits longer than one timer can hold instead of firing early', async () => {
    const max = 2_147_483_647;
    const waiting = track(sleep(max + 5_000));
    await vi.advanceTimersByTimeAsync(max);
    expect(waiting.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(waiting.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(waiting.outcome).resolves.toBe('resolved');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects a duration of %s as invalid input',
    async (ms) => {
      await expect(sleep(ms)).rejects.toBeInstanceOf(ValidationError);
      expect(vi.getTimerCount()).toBe(0);
    },
  );
});
