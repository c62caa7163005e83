import { describe, expect, it } from 'vitest';
import { MAX_CALLS, parseArgs, portPairs } from './args.js';

describe('parseArgs', () => {
  it('has the brief’s defaults: 50 calls at 10/s held 20 s, both sides, RTP 48000–48999', () => {
    expect(parseArgs([])).toEqual({
      calls: 50,
      rate: 10,
      seconds: 20,
      idleWait: 60,
      rtpPorts: { portMin: 48_000, portMax: 48_999 },
      sides: ['sip', 'ari'],
    });
  });

  it('reads every flag', () => {
    expect(
      parseArgs([
        '--calls=20',
        '--rate=2.5',
        '--seconds=10',
        '--rtp-ports=50000-50099',
        '--only=ari',
        '--idle-wait=0',
      ]),
    ).toEqual({
      calls: 20,
      rate: 2.5,
      seconds: 10,
      idleWait: 0,
      rtpPorts: { portMin: 50_000, portMax: 50_099 },
      sides: ['ari'],
    });
    expect(parseArgs(['--only=sip']).sides).toEqual(['sip']);
  });

  it('refuses what it cannot run, naming the flag', () => {
    expect(() => parseArgs(['--calls=0'])).toThrow(/--calls needs a whole number from 1 to 250/);
    expect(() => parseArgs([`--calls=${MAX_CALLS + 1}`])).toThrow(/--calls/);
    expect(() => parseArgs(['--rate=-1'])).toThrow(/--rate needs a positive number/);
    expect(() => parseArgs(['--seconds='])).toThrow(/--seconds/);
    expect(() => parseArgs(['--rtp-ports=80-90'])).toThrow(/--rtp-ports needs MIN-MAX/);
    expect(() => parseArgs(['--rtp-ports=50000'])).toThrow(/--rtp-ports needs MIN-MAX/);
    expect(() => parseArgs(['--only=both'])).toThrow(/--only takes sip or ari/);
    expect(() => parseArgs(['--transports=rtp'])).toThrow(/Unknown flag "--transports=rtp"/);
  });

  it('wants an RTP/RTCP pair per call for the SIP side only', () => {
    expect(() => parseArgs(['--calls=50', '--rtp-ports=50000-50019'])).toThrow(
      /holds 10 RTP\/RTCP pairs for 50 calls/,
    );
    expect(parseArgs(['--calls=50', '--rtp-ports=50000-50019', '--only=ari']).calls).toBe(50);
    expect(parseArgs(['--calls=10', '--rtp-ports=50000-50019']).calls).toBe(10);
  });
});

describe('portPairs', () => {
  it('counts even ports with their odd neighbour inside the range', () => {
    expect(portPairs(48_000, 48_999)).toBe(500);
    expect(portPairs(48_001, 48_004)).toBe(1);
    expect(portPairs(48_000, 48_000)).toBe(0);
    expect(portPairs(48_001, 48_002)).toBe(0);
  });
});
