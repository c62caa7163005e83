import { describe, expect, it } from 'vitest';
import {
  type ClientSummary,
  countDifferences,
  describeMix,
  median,
  meetsTarget,
  type RunMeasurement,
  renderConsoleTable,
  renderMarkdownReport,
  renderMarkdownTable,
  type StreamReport,
  summarize,
  tableCells,
} from './summary.js';

const clients = [
  { id: 'aipbx', name: '@aipbx/ami', version: '0.1.0' },
  { id: 'asterisk-manager', name: 'asterisk-manager', version: '0.2.0' },
];
const sentByName = { Newchannel: 40, VarSet: 60 };

function run(
  client: string,
  round: number,
  eventsPerSecond: number,
  peakRssMb: number,
  events = 100,
): RunMeasurement {
  return {
    client,
    round,
    ok: true,
    events,
    byName: sentByName,
    eventsPerSecond,
    seconds: events / eventsPerSecond,
    peakRssMb,
    end: 'complete',
  };
}

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('countDifferences', () => {
  it('lists missing and extra events by name, largest first', () => {
    expect(countDifferences({ A: 10, B: 5 }, { A: 7, B: 5, C: 1 })).toEqual(['A −3', 'C +1']);
  });

  it('caps the list and says how many names are left out', () => {
    const sent = { A: 6, B: 5, C: 4 };
    expect(countDifferences(sent, {}, 2)).toEqual(['A −6', 'B −5', '… 1 more names']);
  });
});

describe('summarize', () => {
  it('takes medians per client and ratios to the baseline', () => {
    const runs = [
      run('aipbx', 0, 600_000, 60),
      run('aipbx', 1, 500_000, 62),
      run('aipbx', 2, 550_000, 61),
      run('asterisk-manager', 0, 50_000, 80),
      run('asterisk-manager', 1, 55_000, 82),
      run('asterisk-manager', 2, 52_000, 81),
    ];
    const [subject, baseline] = summarize(clients, runs, 100, sentByName, 'asterisk-manager');
    expect(subject?.eventsPerSecond).toBe(550_000);
    expect(subject?.peakRssMb).toBe(61);
    expect(subject?.speedRatio).toBeCloseTo(550_000 / 52_000, 10);
    expect(subject?.rssRatio).toBeCloseTo(61 / 81, 10);
    expect(baseline?.speedRatio).toBe(1);
    expect(subject?.notes).toEqual([]);
    expect(subject && meetsTarget(subject, 100)).toBe(true);
  });

  it('notes count mismatches with the names that differ, and failed runs', () => {
    const short: RunMeasurement = {
      ...run('asterisk-manager', 1, 40_000, 80, 97),
      byName: { Newchannel: 40, VarSet: 57 },
      end: 'idle',
    };
    const failed: RunMeasurement = {
      client: 'aipbx',
      round: 0,
      ok: false,
      error: 'could not be built',
      events: 0,
      byName: {},
      end: 'error',
    };
    const [subject, baseline] = summarize(
      clients,
      [failed, run('asterisk-manager', 0, 50_000, 80), short],
      100,
      sentByName,
      'asterisk-manager',
    );
    expect(subject?.eventsPerSecond).toBeUndefined();
    expect(subject?.speedRatio).toBeUndefined();
    expect(subject?.notes).toEqual(['run 1: failed — could not be built']);
    expect(baseline?.notes).toEqual(['run 2: delivered 97 of 100 (stream went quiet; VarSet −3)']);
    expect(baseline?.delivered).toEqual([100, 97]);
  });

  it('does not call the target met when a run lost events, however fast', () => {
    const runs = [run('aipbx', 0, 900_000, 50, 99), run('asterisk-manager', 0, 50_000, 80)];
    const [subject] = summarize(clients, runs, 100, sentByName, 'asterisk-manager');
    expect(subject && meetsTarget(subject, 100)).toBe(false);
  });

  it('does not call the target met when RSS is higher than the baseline', () => {
    const runs = [run('aipbx', 0, 900_000, 90), run('asterisk-manager', 0, 50_000, 80)];
    const [subject] = summarize(clients, runs, 100, sentByName, 'asterisk-manager');
    expect(subject && meetsTarget(subject, 100)).toBe(false);
  });
});

describe('tables', () => {
  const rows = summarize(
    clients,
    [run('aipbx', 0, 500_000, 60), run('asterisk-manager', 0, 50_000, 80)],
    100,
    sentByName,
    'asterisk-manager',
  );
  const cells = tableCells(rows, 100, 'asterisk-manager');

  it('has one row per client with counts, RSS and ratios', () => {
    expect(cells[1]).toEqual(['@aipbx/ami', '0.1.0', '500,000', '100 of 100 ✓', '60.0', '10.00×', '0.75×']);
    expect(cells[2]?.slice(2)).toEqual(['50,000', '100 of 100 ✓', '80.0', '1.00×', '1.00×']);
  });

  it('renders Markdown with numeric columns right-aligned', () => {
    const lines = renderMarkdownTable(cells).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    expect(lines[2]).toBe('| @aipbx/ami | 0.1.0 | 500,000 | 100 of 100 ✓ | 60.0 | 10.00× | 0.75× |');
  });

  it('renders aligned console columns', () => {
    const lines = renderConsoleTable(cells).split('\n');
    const column = (line: string | undefined) => line?.indexOf('version');
    expect(lines).toHaveLength(4);
    expect(lines[2]?.indexOf('0.1.0')).toBe(column(lines[0]));
    expect(lines[3]?.indexOf('0.2.0')).toBe(column(lines[0]));
  });
});

describe('describeMix', () => {
  it('gives the most frequent names with their share, the number of names and the mean size', () => {
    const byName = { VarSet: 60, Newchannel: 30, Hangup: 10 };
    expect(describeMix({ byName, sent: 100, bytes: 38_200, nonAsciiEvents: 0 }, 2)).toBe(
      'Most frequent events: VarSet 60.0 %, Newchannel 30.0 %; 3 event names, 382 bytes per event on average, all ASCII',
    );
    expect(describeMix({ byName, sent: 100, bytes: 38_200, nonAsciiEvents: 67 }, 1)).toMatch(
      /VarSet 60\.0 %; .*, 67\.0 % of events with non-ASCII \(UTF-8\) text$/,
    );
  });
});

describe('renderMarkdownReport', () => {
  const context = {
    rounds: 3,
    loginPauseMs: 20,
    node: 'v20.19.0',
    cpu: 'Test CPU',
    cores: 2,
    command: 'npm run bench -- ami --mix=assistant,operators',
  };
  const stream = (title: string, rows: ClientSummary[]): StreamReport => ({
    title,
    source: 'One recorded stream of real Asterisk 22.5.0 AMI events (31.0 MB, 100 events from 2,550 calls)',
    sent: 100,
    bytes: 31_000_000,
    byName: sentByName,
    nonAsciiEvents: 0,
    rows,
  });

  it('states the stream, its mix, the verdict on the target and every mismatch', () => {
    const runs = [
      run('aipbx', 0, 600_000, 60),
      { ...run('asterisk-manager', 0, 50_000, 80, 98), end: 'idle' },
    ];
    const rows = summarize(clients, runs, 100, sentByName, 'asterisk-manager');
    const page = renderMarkdownReport(
      [stream('Recording "assistant"', rows)],
      context,
      'asterisk-manager',
      '@aipbx/ami',
    );
    expect(page).toContain('## Recording "assistant"');
    expect(page).toContain(
      'Asterisk 22.5.0 AMI events (31.0 MB, 100 events from 2,550 calls). Most frequent events: VarSet 60.0 %',
    );
    expect(page).toContain('— **met**.');
    expect(page).toContain('- asterisk-manager, run 1: delivered 98 of 100');
    expect(page).toContain('pauses 20 ms');
    expect(page).toContain('Regenerate with `npm run bench -- ami --mix=assistant,operators`');
  });

  it('has a section per stream, each with its own verdict', () => {
    const fast = summarize(
      clients,
      [run('aipbx', 0, 600_000, 60), run('asterisk-manager', 0, 50_000, 80)],
      100,
      sentByName,
      'asterisk-manager',
    );
    const slow = summarize(
      clients,
      [run('aipbx', 0, 100_000, 60), run('asterisk-manager', 0, 50_000, 80)],
      100,
      sentByName,
      'asterisk-manager',
    );
    const page = renderMarkdownReport(
      [stream('Recording "assistant"', fast), stream('Capture `office.bin`', slow)],
      context,
      'asterisk-manager',
      '@aipbx/ami',
    );
    expect(page).toContain('2 streams of real Asterisk AMI events');
    const [first, second] = page.split('## Capture `office.bin`');
    expect(first).toContain('— **met**.');
    expect(second).toContain('— **not met**.');
    expect(second).toContain('Count mismatches and failures:\n\n- none');
  });
});
