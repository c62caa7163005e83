import { describe, expect, it } from 'vitest';
import { type ProcessTicks, parseProcStatCpu, parseThreadSched, topConsumers } from './machine.js';

describe('/proc/stat', () => {
  it('counts everything but idle and I/O wait as busy', () => {
    const text = 'cpu  100 5 50 1000 20 3 2 1 7 0\ncpu0 50 2 25 500 10 1 1 0 0 0\nintr 1 2\n';
    expect(parseProcStatCpu(text)).toEqual({ busyTicks: 161, totalTicks: 1181 });
  });

  it('refuses a text without the cpu line', () => {
    expect(() => parseProcStatCpu('intr 1\n')).toThrow(/no "cpu" line/);
    expect(() => parseProcStatCpu('cpu a b c d\n')).toThrow(/unreadable/);
  });
});

describe('topConsumers', () => {
  it('ranks the other processes by ticks used, new ones from zero', () => {
    const before: ProcessTicks = new Map([
      [1, { comm: 'init', ticks: 10 }],
      [2, { comm: 'tsc', ticks: 100 }],
      [3, { comm: 'asterisk', ticks: 0 }],
    ]);
    const after: ProcessTicks = new Map([
      [1, { comm: 'init', ticks: 10 }],
      [2, { comm: 'tsc', ticks: 160 }],
      [3, { comm: 'asterisk', ticks: 500 }],
      [4, { comm: 'npm', ticks: 80 }],
    ]);
    expect(topConsumers(before, after, [3])).toEqual([
      { pid: 4, comm: 'npm', ticks: 80 },
      { pid: 2, comm: 'tsc', ticks: 60 },
    ]);
    expect(topConsumers(before, after, [], 1)).toEqual([{ pid: 3, comm: 'asterisk', ticks: 500 }]);
  });
});

describe('schedstat', () => {
  it('reads run and run-queue wait time, and the major faults', () => {
    const stat = '42 (node (x)) S 1 42 42 0 -1 4194560 9000 0 7 0 120 30 0 0 20 0 11 0 5 0';
    expect(parseThreadSched('193643931 73809304 559\n', stat)).toEqual({
      runMs: 193.643931,
      waitMs: 73.809304,
      majorFaults: 7,
    });
    expect(() => parseThreadSched('x', stat)).toThrow(/unreadable/);
  });
});
