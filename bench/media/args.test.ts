import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it('has the brief’s defaults: every transport, 20 latency calls, 100 calls at 20/s for 20 s', () => {
    const args = parseArgs([]);
    expect(args).toMatchObject({
      transports: ['websocket', 'audiosocket', 'rtp'],
      rounds: 20,
      bursts: 5,
      sippEcho: 5,
      calls: 100,
      rate: 20,
      seconds: 20,
      latency: true,
      load: true,
      rtpPorts: 1000,
      listen: { portMin: 42_000, portMax: 42_299 },
      idleWait: 120,
    });
    expect(args.appNice).toBeUndefined();
  });

  it('reads every flag, and keeps the transports in table order', () => {
    const args = parseArgs([
      '--transports=rtp,websocket',
      '--rounds=3',
      '--bursts=2',
      '--sipp-echo=0',
      '--calls=10',
      '--rate=2.5',
      '--seconds=4',
      '--only=load',
      '--rtp-ports=200',
      '--listen-ports=43000-43009',
      '--app-nice=-5',
      '--idle-wait=0',
    ]);
    expect(args).toMatchObject({
      transports: ['websocket', 'rtp'],
      rounds: 3,
      bursts: 2,
      sippEcho: 0,
      calls: 10,
      rate: 2.5,
      seconds: 4,
      latency: false,
      load: true,
      rtpPorts: 200,
      listen: { portMin: 43_000, portMax: 43_009 },
      appNice: -5,
      idleWait: 0,
    });
    expect(parseArgs(['--only=latency'])).toMatchObject({ latency: true, load: false });
  });

  it.each([
    ['--rounds=0', /--rounds needs a whole number ≥ 1/],
    ['--calls=1.5', /--calls needs a whole number/],
    ['--rate=0', /--rate needs a positive number/],
    ['--seconds=', /--seconds needs a positive number/],
    ['--transports=sip', /--transports takes names from: websocket, audiosocket, rtp/],
    ['--only=both', /--only takes latency or load/],
    ['--rtp-ports=2000', /100 to 1000/],
    ['--listen-ports=5000', /MIN-MAX/],
    ['--listen-ports=900-1000', /MIN-MAX/],
    ['--app-nice=-21', /-20 to 19/],
    ['--verbose', /Unknown flag "--verbose"/],
  ])('refuses %s', (flag, message) => {
    expect(() => parseArgs([flag])).toThrow(message);
  });

  it('needs a listen port per call for AudioSocket and RTP under load, not for websocket alone', () => {
    expect(() => parseArgs(['--listen-ports=42000-42049'])).toThrow(/50 ports for 100 calls/);
    expect(parseArgs(['--listen-ports=42000-42049', '--transports=websocket']).calls).toBe(100);
    expect(parseArgs(['--listen-ports=42000-42049', '--only=latency']).latency).toBe(true);
  });
});
