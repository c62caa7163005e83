import { describe, expect, it } from 'vitest';
import { parseSippStats } from './sipp-load.js';

/** The end of sipp 3.6's output: the scenario screen, then the statistics screen. */
function finalScreens(successful: number, failed: number, peak: number, response: string): string {
  return [
    '------------------------------ Scenario Screen -------- [1-9]: Change Screen --',
    `  ${successful + failed} calls (limit 300)                     Peak was ${peak} calls, after 10 s`,
    '------------------------------ Test Terminated --------------------------------',
    '----------------------------- Statistics Screen ------- [1-9]: Change Screen --',
    '  Counter Name           | Periodic value            | Cumulative value',
    `  Successful call        |        3                  |      ${successful}                 `,
    `  Failed call            |        0                  |        ${failed}                 `,
    `  Response Time 1        | 00:00:00:002000           | ${response}          `,
    '  Call Length            | 00:00:10:004000           | 00:00:10:003000          ',
    '------------------------------ Test Terminated --------------------------------',
  ].join('\n');
}

describe('parseSippStats', () => {
  it('takes the cumulative column of the last screen', () => {
    const early = finalScreens(10, 1, 20, '00:00:00:001000');
    const last = finalScreens(298, 2, 101, '00:00:01:500500');
    expect(parseSippStats(`${early}\n${last}`)).toEqual({
      successful: 298,
      failed: 2,
      peakCalls: 101,
      responseMs: 1500.5,
    });
  });

  it('leaves out what sipp did not print', () => {
    expect(parseSippStats('Resolving remote host... Done.\n')).toEqual({});
  });
});
