import { describe, expect, it } from 'vitest';
import type { CallTallyReport } from './protocol.js';
import {
  type AriBenchContext,
  bedSection,
  type ConnectRun,
  connectCells,
  type LoadRun,
  loadCells,
  median,
  meetsConnectTarget,
  meetsLoadTarget,
  percentile,
  renderConsoleTable,
  renderMarkdownReport,
  renderMarkdownTable,
  summarizeConnect,
  summarizeLoad,
} from './summary.js';

const peers = [
  { id: 'aipbx', name: '@aipbx/node-ari', version: '0.1.0' },
  { id: 'ari-client', name: 'ari-client', version: '2.2.0' },
  { id: 'raw', name: 'raw bot', version: 'ws 8.23.0' },
];

const connect = (
  peer: string,
  round: number,
  connectMs: number,
  peakRssMb = 60,
  listed = true,
): ConnectRun => ({
  peer,
  round,
  ok: true,
  connectMs,
  loadMs: connectMs * 0.8,
  peakRssMb,
  listed,
});

const tally = (calls: number, overrides: Partial<CallTallyReport> = {}): CallTallyReport => ({
  started: calls,
  answered: calls,
  playing: calls,
  hungUp: calls,
  ended: calls,
  errors: {},
  answerLatencyMs: Array.from({ length: calls }, (_, i) => i + 1),
  ...overrides,
});

const load = (
  peer: string,
  round: number,
  appCpuSeconds: number,
  overrides: Partial<LoadRun> = {},
): LoadRun => ({
  peer,
  round,
  ok: true,
  placed: 20,
  successful: 20,
  failed: 0,
  peakCalls: 10,
  seconds: 12,
  appCpuSeconds,
  asteriskCpuSeconds: 8,
  tally: tally(20),
  leftovers: { timers: 0 },
  peakRssMb: 70,
  ...overrides,
});

describe('median and percentile', () => {
  it('take the middle value and the nearest rank', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('summarizeConnect', () => {
  const runs = [
    connect('aipbx', 0, 40, 60),
    connect('aipbx', 1, 50, 62),
    connect('aipbx', 2, 45, 61),
    connect('ari-client', 0, 200, 80),
    connect('ari-client', 1, 180, 82),
    connect('ari-client', 2, 190, 81),
  ];

  it('takes medians and ratios to the baseline, and judges the 0.25× target', () => {
    const [subject, baseline] = summarizeConnect(peers.slice(0, 2), runs, 'ari-client');
    expect(subject).toMatchObject({
      connectMs: 45,
      peakRssMb: 61,
      connectRange: [40, 50],
      listed: 3,
      okRuns: 3,
    });
    expect(subject?.connectRatio).toBeCloseTo(45 / 190, 10);
    expect(subject?.rssRatio).toBeCloseTo(61 / 81, 10);
    expect(baseline?.connectRatio).toBe(1);
    expect(subject && meetsConnectTarget(subject)).toBe(true);
    expect(subject && meetsConnectTarget(subject, 0.2)).toBe(false);
  });

  it('notes failed runs and apps Asterisk did not list, and then misses the target', () => {
    const [subject] = summarizeConnect(
      peers.slice(0, 2),
      [
        ...runs,
        { peer: 'aipbx', round: 3, ok: false, error: 'ECONNREFUSED' },
        connect('aipbx', 4, 41, 60, false),
      ],
      'ari-client',
    );
    expect(subject?.notes).toEqual([
      'run 4: failed — ECONNREFUSED',
      'run 5: Asterisk did not list the app after it registered',
    ]);
    expect(subject?.listed).toBe(3);
    expect(subject && meetsConnectTarget(subject)).toBe(false);
  });

  it('notes what runs printed on stderr, once', () => {
    const [, baseline] = summarizeConnect(
      peers.slice(0, 2),
      [
        connect('ari-client', 0, 200),
        { ...connect('ari-client', 1, 190), stderr: '(node:1) [DEP0005] DeprecationWarning:\n  Buffer()' },
        { ...connect('ari-client', 2, 195), stderr: 'again' },
      ],
      'ari-client',
    );
    expect(baseline?.notes).toEqual([
      '2 of 3 runs printed on stderr, e.g. run 2: "(node:1) [DEP0005] DeprecationWarning: Buffer()"',
    ]);
  });
});

describe('summarizeLoad', () => {
  it('adds calls over runs, takes CPU medians and the ratio to the raw bot', () => {
    const runs = [
      load('aipbx', 0, 1.0),
      load('aipbx', 1, 1.2),
      load('aipbx', 2, 1.1),
      load('raw', 0, 1.4),
      load('raw', 1, 1.3),
      load('raw', 2, 1.5),
    ];
    const [subject, , raw] = summarizeLoad(peers, runs, 'raw');
    expect(subject).toMatchObject({
      placed: 60,
      failedCalls: 0,
      handled: 60,
      appErrors: 0,
      appCpuSeconds: 1.1,
    });
    expect(subject?.cpuRatio).toBeCloseTo(1.1 / 1.4, 10);
    expect(subject).toMatchObject({ answerP50Ms: 10, answerP95Ms: 19, asteriskCpuSeconds: 8, peakCalls: 10 });
    expect(raw?.cpuRatio).toBe(1);
    expect(subject && meetsLoadTarget(subject)).toBe(true);
    expect(subject?.notes).toEqual([]);
  });

  it('counts calls sipp did not complete and app errors, notes leftovers, and then misses the target', () => {
    const runs = [
      load('aipbx', 0, 1.0, {
        successful: 18,
        failed: 2,
        tally: tally(20, { ended: 19, errors: { answer: { count: 2, samples: ['404 Channel not found'] } } }),
        leftovers: { 'app.calls': 1 },
      }),
      load('raw', 0, 1.4),
    ];
    const [subject] = summarizeLoad(peers, runs, 'raw');
    expect(subject).toMatchObject({ failedCalls: 2, appErrors: 2, leftovers: { 'app.calls': 1 } });
    expect(subject?.notes).toEqual([
      'run 1: 2 answer error(s), e.g. 404 Channel not found',
      'run 1: 1 app.calls left after every call ended',
      'run 1: 20 calls reached the app, 19 left it',
    ]);
    expect(subject && meetsLoadTarget(subject)).toBe(false);
  });

  it('does not know the failed calls when sipp printed nothing, nor when a run failed', () => {
    const { successful: _s, failed: _f, ...noStats } = load('aipbx', 0, 1);
    const [subject] = summarizeLoad(peers, [noStats], 'raw');
    expect(subject?.failedCalls).toBeUndefined();
    expect(subject?.notes).toEqual(['run 1: sipp printed no statistics']);
    const [failed] = summarizeLoad(
      peers,
      [{ peer: 'aipbx', round: 0, ok: false, error: 'no "ready"', placed: 20 }],
      'raw',
    );
    expect(failed?.failedCalls).toBeUndefined();
    expect(failed?.notes).toEqual(['run 1: failed — no "ready"']);
    expect(failed && meetsLoadTarget(failed)).toBe(false);
  });
});

describe('tables', () => {
  const connectRows = summarizeConnect(
    peers.slice(0, 2),
    [connect('aipbx', 0, 40), connect('ari-client', 0, 200, 80)],
    'ari-client',
  );

  it('have one row per peer in the connect table', () => {
    const cells = connectCells(connectRows, 'ari-client');
    expect(cells[1]).toEqual([
      '@aipbx/node-ari',
      '0.1.0',
      '1/1',
      '40.0',
      '40.0–40.0',
      '32.0',
      '60.0',
      '0.20×',
      '0.75×',
      '1/1',
    ]);
  });

  it('have one row per peer in the load table', () => {
    const rows = summarizeLoad(peers, [load('aipbx', 0, 1.0), load('raw', 0, 2.0)], 'raw');
    const cells = loadCells(rows, 'raw bot');
    expect(cells[0]?.[7]).toBe('CPU vs raw bot');
    expect(cells[1]).toEqual([
      '@aipbx/node-ari',
      '0.1.0',
      '20',
      '0',
      '20',
      '0',
      '1.00',
      '0.50×',
      '8.00',
      '70.0',
      '10.0 / 19.0',
      '10',
    ]);
    expect(cells[2]?.slice(2, 8)).toEqual(['0', '?', '0', '0', '—', '—']);
  });

  it('render as Markdown with numbers right-aligned, and as aligned console text', () => {
    const cells = connectCells(connectRows, 'ari-client');
    const md = renderMarkdownTable(cells).split('\n');
    expect(md[1]).toBe('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const text = renderConsoleTable(cells).split('\n');
    expect(text).toHaveLength(4);
    expect(text[2]?.indexOf('0.1.0')).toBe(text[0]?.indexOf('version'));
    expect(text[3]?.indexOf('0.1.0')).toBe(-1);
    expect(text[3]?.indexOf('2.2.0')).toBe(text[0]?.indexOf('version'));
  });
});

describe('the report', () => {
  const context: AriBenchContext = {
    asteriskVersion: 'Asterisk 22.10.1',
    connectRounds: 15,
    loadRounds: 3,
    calls: 300,
    rate: 10,
    holdSeconds: 10,
    media: 'sound:tt-allbusy',
    rtpPorts: 1000,
    node: 'v20.20.2',
    cpu: 'Test CPU',
    cores: 2,
    date: '2026-11-30',
    footprints: [
      { name: '@aipbx/node-ari', packages: 4, megabytes: 0.2, workspace: 2 },
      { name: 'ari-client', packages: 60, megabytes: 7.3 },
    ],
    bedNotes: [],
  };
  const names = { subject: '@aipbx/node-ari', connectBaseline: 'ari-client', loadBaseline: 'raw bot' };
  const connectRows = summarizeConnect(
    peers,
    [connect('aipbx', 0, 60), connect('ari-client', 0, 200), connect('raw', 0, 45)],
    'ari-client',
  );
  const loadRows = summarizeLoad(
    peers,
    [load('aipbx', 0, 1.0), load('ari-client', 0, 1.5), load('raw', 0, 1.4)],
    'raw',
  );

  it('gives both tables, the verdicts, leftovers and footprints', () => {
    const page = renderMarkdownReport(connectRows, loadRows, context, names);
    expect(page).toContain("Target for @aipbx/node-ari: connect ≤ 0.25× ari-client's — **not met**.");
    expect(page).toContain("CPU ≤ 1.5× the raw bot's — **met**.");
    expect(page).toContain('300 calls at 10/s');
    expect(page).toContain('@aipbx/node-ari: 0 timers; ari-client: 0 timers; raw bot: 0 timers.');
    expect(page).toContain('- ari-client: 60 packages with its dependencies, 7.3 MB on disk');
    expect(page).toContain(
      '2 of them workspace packages (built here from source, not sized); the other 2 take 0.2 MB',
    );
    expect(page).toContain('## Failures and oddities\n\n- none');
    expect(page).toContain("no warning or error in Asterisk's log during the load");
  });

  it('leaves the load part out of a connect-only run', () => {
    const page = renderMarkdownReport(connectRows, [], context, names);
    expect(page).toContain('## Connect');
    expect(page).not.toContain('## Load');
    expect(page).not.toContain('## The bed under load');
  });

  it('describes the RTP ports the run had, and this run’s log', () => {
    expect(bedSection(context)[0]).toContain('The bench gives its own instance 1000');
    const narrow = bedSection({
      ...context,
      rtpPorts: 100,
      bedNotes: ['raw bot run 1: Asterisk logged 2× "x"'],
    });
    expect(narrow[0]).toContain('left the bed its own 100 RTP ports');
    expect(narrow.at(-1)).toBe('- This run: raw bot run 1: Asterisk logged 2× "x"');
  });
});
