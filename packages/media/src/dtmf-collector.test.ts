import { AbortError, ValidationError } from '@aipbx/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DtmfCollector } from './dtmf-collector.js';

describe('DtmfCollector', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands type-ahead over first, then live digits, up to the terminator', async () => {
    const dtmf = new DtmfCollector();
    dtmf.push('1');
    dtmf.push('2');
    const got = dtmf.collect({ terminator: '#' });
    dtmf.push('3');
    dtmf.push('#');
    dtmf.push('9');
    expect(await got).toBe('123');
    expect(await dtmf.collect({ max: 1 })).toBe('9');
  });

  it('ends on the inter-digit pause and the overall deadline, with the digits so far', async () => {
    const dtmf = new DtmfCollector();
    const paused = dtmf.collect({ timeoutMs: 5000, interDigitTimeoutMs: 1000 });
    dtmf.push('4');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await paused).toBe('4');
    const deadline = dtmf.collect({ timeoutMs: 2000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(await deadline).toBe('');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves a pending collection when the call ends, and later ones at once', async () => {
    const dtmf = new DtmfCollector();
    const pending = dtmf.collect({ max: 4 });
    dtmf.push('7');
    dtmf.end();
    expect(await pending).toBe('7');
    expect(await dtmf.collect()).toBe('');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a new collection take over a pending one', async () => {
    const dtmf = new DtmfCollector();
    const first = dtmf.collect({ max: 3 });
    dtmf.push('1');
    const second = dtmf.collect({ max: 1 });
    dtmf.push('2');
    expect(await first).toBe('1');
    expect(await second).toBe('2');
  });

  it('refuses bad options and honours an abort signal', async () => {
    const dtmf = new DtmfCollector();
    await expect(dtmf.collect({ max: 0, terminator: 'x', timeoutMs: -1 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    const controller = new AbortController();
    const aborted = dtmf.collect({ signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    dtmf.clear();
    expect(vi.getTimerCount()).toBe(0);
  });
});
