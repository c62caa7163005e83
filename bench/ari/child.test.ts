import { describe, expect, it } from 'vitest';
import { createTally } from './child.js';

describe('createTally', () => {
  it('counts each step, keeps answer latencies and at most three messages per failing step', () => {
    const { tally, report } = createTally();
    tally.started();
    tally.started();
    tally.answered(1.5);
    tally.answered(2.5);
    tally.playing();
    tally.hungUp();
    tally.ended();
    for (let i = 0; i < 5; i++) tally.error('play', new Error(`failed ${i}`));
    tally.error('hangup', 'gone');
    expect(report()).toEqual({
      started: 2,
      answered: 2,
      playing: 1,
      hungUp: 1,
      ended: 1,
      errors: {
        play: { count: 5, samples: ['failed 0', 'failed 1', 'failed 2'] },
        hangup: { count: 1, samples: ['gone'] },
      },
      answerLatencyMs: [1.5, 2.5],
    });
  });
});
