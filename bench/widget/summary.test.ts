import { describe, expect, it } from 'vitest';
import type { ProbeSnapshot } from './page/probe-types.js';
import {
  type CallRun,
  callCells,
  callOk,
  callTimes,
  phaseCells,
  sizeCells,
  summarize,
  verdictLine,
  verdicts,
} from './summary.js';

/** A page's record of a call clicked at 1000 ms (page time), up after `established` ms, heard after `audio` ms. */
function probe(established: number, audio: number, extra: Partial<ProbeSnapshot> = {}): ProbeSnapshot {
  return {
    peakLevel: 0.08,
    sockets: [{ createdAt: 900, openAt: 950 }],
    hoverAt: 990,
    clickAt: 1000,
    clickStampAt: 997,
    establishedAt: 1000 + established,
    firstAudioAt: 1000 + audio,
    microphoneAt: 1020,
    iceGatheredAt: 1150,
    ...extra,
  };
}

const run = (
  peer: 'widget' | 'sipjs',
  mode: 'cold' | 'warm',
  round: number,
  established: number,
): CallRun => ({
  peer,
  mode,
  round,
  probe: probe(established, established + 30),
  assistantId: 'widget-assistant',
});

describe('callTimes', () => {
  it('measures every milestone from the click, negative before it', () => {
    const t = callTimes(probe(200, 240, { chunkRequestedAt: 800, dtlsConnectedAt: 1215 }));
    expect(t).toEqual({
      established: 200,
      establishedFromInput: 203,
      firstAudio: 240,
      hoverToClick: 10,
      inputDelay: 3,
      chunkRequested: -200,
      socketOpen: -50,
      microphone: 20,
      iceGathered: 150,
      dtlsConnected: 215,
    });
  });

  it('takes the first socket that opened and leaves out what was not seen', () => {
    const t = callTimes({
      peakLevel: 0,
      sockets: [{ createdAt: 1001 }, { createdAt: 1002, openAt: 1040 }],
      clickAt: 1000,
    });
    expect(t).toEqual({ socketOpen: 40 });
  });
});

describe('callOk', () => {
  it('counts a call that was clicked, came up and was heard, with no error', () => {
    expect(callOk(run('widget', 'cold', 0, 200))).toBe(true);
    expect(callOk({ ...run('widget', 'cold', 0, 200), error: 'timed out' })).toBe(false);
    expect(callOk({ peer: 'widget', mode: 'cold', round: 0 })).toBe(false);
    const silent = probe(200, 0);
    delete silent.firstAudioAt;
    expect(callOk({ peer: 'sipjs', mode: 'cold', round: 0, probe: silent })).toBe(false);
    expect(
      callOk({ peer: 'sipjs', mode: 'cold', round: 0, probe: probe(200, 240, { failure: 'failed (busy)' }) }),
    ).toBe(false);
  });
});

describe('summarize', () => {
  const runs: CallRun[] = [
    ...[300, 200, 250].map((ms, i) => run('widget', 'cold', i, ms)),
    ...[200, 240, 220].map((ms, i) => run('sipjs', 'cold', i, ms)),
    ...[180, 190, 170].map((ms, i) => run('widget', 'warm', i, ms)),
    ...[200, 200, 200].map((ms, i) => run('sipjs', 'warm', i, ms)),
  ];

  it('gives one row per mode and peer, in the order asked, with medians and ratios to raw sip.js in the same mode', () => {
    const rows = summarize(['widget', 'sipjs'], ['cold', 'warm'], runs);
    expect(rows.map((r) => `${r.mode}/${r.peer}`)).toEqual([
      'cold/widget',
      'cold/sipjs',
      'warm/widget',
      'warm/sipjs',
    ]);
    const [coldWidget, coldRaw, warmWidget, warmRaw] = rows;
    expect(coldWidget).toMatchObject({ okRuns: 3, runs: 3, established: { median: 250, p90: 300 } });
    expect(coldWidget?.firstAudio.median).toBe(280);
    expect(coldWidget?.phases).toMatchObject({ microphone: 20, iceGathered: 150, inputDelay: 3 });
    expect(coldRaw?.established.median).toBe(220);
    expect(coldWidget?.establishedRatio).toBeCloseTo(250 / 220);
    expect(coldRaw?.establishedRatio).toBe(1);
    expect(warmWidget?.establishedRatio).toBeCloseTo(0.9);
    expect(warmRaw?.notes).toEqual([]);
  });

  it('leaves failed calls out of the numbers and says why in the notes', () => {
    const failed: CallRun = { ...run('widget', 'cold', 3, 5000), error: 'no audio within 20 s of the click' };
    const odd: CallRun = { ...run('widget', 'cold', 4, 100), assistantId: 'other', leftOnPbx: true };
    const [row] = summarize(['widget'], ['cold'], [...runs, failed, odd]);
    expect(row?.runs).toBe(5);
    expect(row?.okRuns).toBe(4);
    expect(row?.established.median).toBe(225);
    expect(row?.notes).toEqual([
      'call 4: not counted — no audio within 20 s of the click',
      'call 5: the Stasis app saw assistant "other"',
      'call 5: the call was still up on the PBX after the page hung up',
    ]);
  });

  it('has no ratio without a raw sip.js row', () => {
    const [row] = summarize(['widget'], ['warm'], runs);
    expect(row?.establishedRatio).toBeUndefined();
  });
});

describe('tables and verdicts', () => {
  const runs: CallRun[] = [
    ...[260, 250].map((ms, i) => run('widget', 'cold', i, ms)),
    ...[200, 200].map((ms, i) => run('sipjs', 'cold', i, ms)),
    ...[350, 350].map((ms, i) => run('widget', 'warm', i, ms)),
    ...[340, 340].map((ms, i) => run('sipjs', 'warm', i, ms)),
  ];
  const rows = summarize(['widget', 'sipjs'], ['cold', 'warm'], runs);

  it('shows p90 columns only when asked, and ratios on the widget rows only', () => {
    const plain = callCells(rows, false);
    expect(plain[0]).not.toContain('p90');
    expect(plain[1]).toEqual(['<aipbx-call>', 'cold', '2/2', '255.0', '285.0', '1.27×', '1.24×']);
    expect(plain[2]).toEqual(['raw sip.js', 'cold', '2/2', '200.0', '230.0', '', '']);
    const withP90 = callCells(rows, true);
    expect(withP90[0]?.filter((h) => h === 'p90')).toHaveLength(2);
    expect(withP90[1]).toHaveLength(withP90[0]!.length);
  });

  it('lays the phases out in call order, ending with established and first audio', () => {
    const cells = phaseCells(rows);
    expect(cells[0]?.slice(-4)).toEqual(['established', 'ICE connected', 'DTLS connected', 'first audio']);
    expect(cells[1]?.[cells[0]!.indexOf('microphone')]).toBe('20.0');
    expect(cells[1]?.[cells[0]!.indexOf('ICE connected')]).toBe('–');
  });

  it('judges the targets: ≤ 1.1× raw sip.js cold and warm, pre-warmed ≤ 300 ms', () => {
    const [cold, warm, warm300] = verdicts(rows);
    expect(cold).toMatchObject({ met: false });
    expect(cold?.detail).toContain('255.0 ms vs 200.0 ms = 1.27×');
    expect(warm).toMatchObject({ met: true });
    expect(warm300).toMatchObject({ met: false, detail: '350.0 ms median' });
    expect(verdictLine(warm300!)).toBe(
      'pre-warmed widget: click → established ≤ 300 ms — not met (350.0 ms median)',
    );
    expect(verdictLine(warm!, true)).toContain('— **met** (');
  });

  it('says "not measured" when a row has no successful call', () => {
    const failed = summarize(
      ['widget', 'sipjs'],
      ['warm'],
      [{ peer: 'widget', mode: 'warm', round: 0, error: 'x' }],
    );
    const [ratioTarget, msTarget] = verdicts(failed);
    expect(ratioTarget?.met).toBeUndefined();
    expect(verdictLine(msTarget!)).toContain('not measured');
  });

  it('gives sizes with ratios to the widget total', () => {
    const cells = sizeCells(
      [
        { name: 'widget total', what: 'both files', minified: 200_000, gzip: 60_000 },
        { name: 'sip.js', what: 'whole', minified: 300_000, gzip: 66_000 },
      ],
      'widget total',
    );
    expect(cells[1]?.slice(2)).toEqual(['200,000', '60,000', '1.00×', '1.00×']);
    expect(cells[2]?.slice(2)).toEqual(['300,000', '66,000', '1.50×', '1.10×']);
  });
});
