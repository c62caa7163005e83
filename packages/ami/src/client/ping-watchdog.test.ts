import { TimeoutError } from '@aipbx/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PingWatchdog, type PingWatchdogOptions } from './ping-watchdog.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A watchdog whose pings stay open until the test settles them. */
function setup(options: Partial<PingWatchdogOptions> = {}) {
  const pings: { resolve: () => void; reject: (e: unknown) => void; timeoutMs: number }[] = [];
  const dead: TimeoutError[] = [];
  const state = { canPing: true };
  const watchdog = new PingWatchdog({
    intervalMs: 100,
    timeoutMs: 50,
    canPing: () => state.canPing,
    ping: (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        pings.push({ resolve, reject, timeoutMs });
      }),
    onDead: (error) => dead.push(error),
    ...options,
  });
  return { watchdog, pings, dead, state };
}

describe('PingWatchdog', () => {
  it('pings every interval, one Ping at a time, with its timeout', async () => {
    const { watchdog, pings } = setup();
    watchdog.start();
    expect(watchdog.running).toBe(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(pings).toHaveLength(1); // the second tick found the first Ping unanswered
    expect(pings[0]!.timeoutMs).toBe(50);
    pings[0]!.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(pings).toHaveLength(2);
    watchdog.stop();
  });

  it('does not ping while it may not (not connected, reading paused)', async () => {
    const { watchdog, pings, state } = setup();
    state.canPing = false;
    watchdog.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(pings).toHaveLength(0);
    state.canPing = true;
    await vi.advanceTimersByTimeAsync(100);
    expect(pings).toHaveLength(1);
    watchdog.stop();
  });

  it('reports a Ping that timed out, and only a timeout', async () => {
    const { watchdog, pings, dead } = setup();
    watchdog.start();
    await vi.advanceTimersByTimeAsync(100);
    pings[0]!.reject(new Error('connection lost'));
    await vi.advanceTimersByTimeAsync(100);
    expect(dead).toHaveLength(0);
    const timeout = new TimeoutError('no answer', 50);
    pings[1]!.reject(timeout);
    await vi.advanceTimersByTimeAsync(0);
    expect(dead).toEqual([timeout]);
    watchdog.stop();
  });

  it('ignores the answer to a Ping sent before it was stopped', async () => {
    const { watchdog, pings, dead } = setup();
    watchdog.start();
    await vi.advanceTimersByTimeAsync(100);
    watchdog.stop();
    expect(watchdog.running).toBe(false);
    watchdog.start();
    pings[0]!.reject(new TimeoutError('no answer', 50));
    await vi.advanceTimersByTimeAsync(100);
    expect(dead).toHaveLength(0);
    expect(pings).toHaveLength(2); // the stale Ping did not block the new run
    watchdog.stop();
  });

  it('stays off with an interval of 0', async () => {
    const { watchdog, pings } = setup({ intervalMs: 0 });
    watchdog.start();
    expect(watchdog.running).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pings).toHaveLength(0);
  });
});
