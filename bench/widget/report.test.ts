import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { markdownCells, renderMarkdownReport, type WidgetReportInput } from './report.js';
import { type CallRun, summarize, verdicts } from './summary.js';

describe('markdownCells', () => {
  it('puts element names in code so Markdown does not take them for HTML, and leaves the rest', () => {
    expect(markdownCells([["<aipbx-call>'s first script", 'a < b > c', '<b>']])).toEqual([
      ["`<aipbx-call>`'s first script", 'a < b > c', '<b>'],
    ]);
  });
});

describe('renderMarkdownReport', () => {
  const call = (peer: 'widget' | 'sipjs', mode: 'cold' | 'warm', round: number, ms: number): CallRun => ({
    peer,
    mode,
    round,
    probe: {
      peakLevel: 0.1,
      sockets: [],
      clickAt: 100,
      clickStampAt: 98,
      establishedAt: 100 + ms,
      firstAudioAt: 130 + ms,
    },
  });
  const input = (rounds: number): WidgetReportInput => {
    const runs = Array.from({ length: rounds }, (_, i) => [
      call('widget', 'cold', i, 250),
      call('sipjs', 'cold', i, 200),
      call('widget', 'warm', i, 190),
      call('sipjs', 'warm', i, 200),
    ]).flat();
    const rows = summarize(['widget', 'sipjs'], ['cold', 'warm'], runs);
    return {
      rows,
      sizes: [{ name: 'widget total', what: 'both files', minified: 1000, gzip: 500 }],
      verdicts: verdicts(rows),
      problems: [],
      args: { ...parseArgs([`--rounds=${rounds}`]), modes: ['cold', 'warm'] },
      asteriskVersion: 'Asterisk 22.10.1',
      chromiumVersion: '156.0',
      sipjsVersion: '0.21.2',
      stunResolves: false,
      node: 'v20.20.2',
      cpu: 'CPU',
      cores: 2,
      date: '2026-11-30',
    };
  };

  it('has the call table with the verdicts, the phases, the sizes and the versions', () => {
    const page = renderMarkdownReport(input(3));
    expect(page).toContain('| `<aipbx-call>` | cold | 3/3 | 250.0 | 280.0 | 1.25× | 1.22× |');
    expect(page).toContain('— **not met** (250.0 ms vs 200.0 ms = 1.25×');
    expect(page).toContain('click → established ≤ 300 ms — **met** (190.0 ms median)');
    expect(page).toContain('## Where the time goes');
    expect(page).toContain('| widget total | both files | 1,000 | 500 | 1.00× | 1.00× |');
    expect(page).toContain('Chromium 156.0');
    expect(page).toContain('Asterisk 22.10.1');
    expect(page).toContain('- none');
    expect(page).not.toContain('p90');
  });

  it('adds p90 columns from 10 rounds on', () => {
    expect(renderMarkdownReport(input(10))).toContain('| p90 |');
  });
});
