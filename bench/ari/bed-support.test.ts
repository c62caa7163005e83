import { describe, expect, it } from 'vitest';
import { logWarnings } from './bed-support.js';

describe('logWarnings', () => {
  it('counts warnings and errors by message, without times, thread or call ids and numbers', () => {
    const log = [
      '[Nov 30 15:48:29] WARNING[31744][C-00000001]: res_stasis_playback.c:280 playback_final_update: 1796053699.0: Playback failed for sound:x',
      '[Nov 30 15:48:30] WARNING[31757][C-00000002]: res_stasis_playback.c:280 playback_final_update: 1796053699.1: Playback failed for sound:x',
      '[Nov 30 15:48:31] ERROR[31758][C-00000003]: res_rtp_asterisk.c:4000 rtp_allocate_transport: no port',
      '[Nov 30 15:48:31] NOTICE[31658]: loader.c:2568 load_modules: 352 modules will be loaded.',
      '    -- Executing [pizza-order@aipbx-assistant:1] NoOp',
      '',
    ].join('\n');
    expect(logWarnings(log)).toEqual([
      {
        message: 'WARNING: res_stasis_playback.c:# playback_final_update: #.#: Playback failed for sound:x',
        count: 2,
      },
      { message: 'ERROR: res_rtp_asterisk.c:# rtp_allocate_transport: no port', count: 1 },
    ]);
  });

  it('keeps the most frequent `limit` messages', () => {
    const log = ['a', 'a', 'b', 'c'].map((m) => `[t] WARNING[1]: ${m}`).join('\n');
    expect(logWarnings(log, 1)).toEqual([{ message: 'WARNING: a', count: 2 }]);
  });
});
