import { describe, expect, it } from 'vitest';
import { checkSippRun, sippStatistic } from './sipp-process.js';

const screen = (ok: number, failed: number) =>
  [
    `  Successful call        |        0                  |       ${ok}`,
    `  Failed call            |        0                  |        ${failed}`,
  ].join('\n');

describe('sippStatistic', () => {
  it('reads the cumulative column of the last statistics screen', () => {
    const stdout = `${screen(3, 0)}\n…\n${screen(30, 2)}\n`;
    expect(sippStatistic(stdout, 'Successful call')).toBe(30);
    expect(sippStatistic(stdout, 'Failed call')).toBe(2);
    expect(sippStatistic('no screen', 'Successful call')).toBeUndefined();
  });
});

describe('checkSippRun', () => {
  const run = { code: 1, successful: 28, failed: 2, stderrTail: '' };

  it('accepts a run where some calls failed', () => {
    expect(() => checkSippRun(run, 'desk calls', 'the log')).not.toThrow();
  });

  it('refuses a run where sipp failed, printed nothing, or no call succeeded', () => {
    expect(() => checkSippRun({ ...run, code: 255, stderrTail: 'bad flag' }, 'desk calls', 'x')).toThrow(
      'sipp (desk calls) failed (exit 255): bad flag',
    );
    expect(() => checkSippRun({ ...run, successful: undefined }, 'desk calls', 'x')).toThrow(
      /without its final statistics/,
    );
    expect(() => checkSippRun({ ...run, successful: 0 }, 'desk calls', 'the log')).toThrow(
      'No call of sipp (desk calls) succeeded; see the log.',
    );
  });
});
