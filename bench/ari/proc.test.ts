import { describe, expect, it } from 'vitest';
import { cpuSecondsBetween, parseProcStat, parseVmHwm, readPeakRss, readProcCpu } from './proc.js';

const line = (comm: string, utime: number, stime: number) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1200 0 0 0 ${utime} ${stime} 0 0 20 0 37 0 9876 123456 789 ` +
  '18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n';

describe('parseProcStat', () => {
  it('reads the command, state, and user and system ticks', () => {
    expect(parseProcStat(line('asterisk', 1234, 567))).toEqual({
      comm: 'asterisk',
      state: 'S',
      userTicks: 1234,
      systemTicks: 567,
    });
  });

  it('counts fields from the last ")" so a command name with spaces and parentheses cannot shift them', () => {
    const stat = parseProcStat(line('we ird) (name', 10, 20));
    expect(stat.comm).toBe('we ird) (name');
    expect([stat.userTicks, stat.systemTicks]).toEqual([10, 20]);
  });

  it('rejects text that is not a stat line', () => {
    expect(() => parseProcStat('no parentheses here')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('1 (x) S 1')).toThrow(/utime/);
  });
});

describe('cpuSecondsBetween', () => {
  it('adds user and system time between two readings', () => {
    const before = parseProcStat(line('node', 100, 50));
    const after = parseProcStat(line('node', 250, 75));
    expect(cpuSecondsBetween(before, after, 100)).toBeCloseTo(1.75, 10);
  });
});

describe('parseVmHwm', () => {
  it('reads the peak RSS in bytes', () => {
    expect(parseVmHwm('Name:\tnode\nVmPeak:\t 999 kB\nVmHWM:\t   61234 kB\nVmRSS:\t 60000 kB\n')).toBe(
      61234 * 1024,
    );
  });

  it('is undefined without the line', () => {
    expect(parseVmHwm('Name:\tnode\n')).toBeUndefined();
  });
});

describe('reading this process', () => {
  it('works on Linux and is undefined for a process that does not exist', () => {
    if (process.platform === 'linux') {
      expect(readProcCpu('self')?.userTicks).toBeGreaterThanOrEqual(0);
      expect(readPeakRss('self')).toBeGreaterThan(0);
    }
    expect(readProcCpu(2 ** 30)).toBeUndefined();
    expect(readPeakRss(2 ** 30)).toBeUndefined();
  });
});
