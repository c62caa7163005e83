import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it('has the issue’s defaults: 300 calls at 10/s held 10 s, 15 connect runs, every peer', () => {
    const args = parseArgs([]);
    expect(args).toMatchObject({
      calls: 300,
      rate: 10,
      holdSeconds: 10,
      rounds: 15,
      connect: true,
      load: true,
    });
    expect(args.peers.map((p) => p.id)).toEqual(['aipbx', 'ari-client', 'raw']);
  });

  it('reads every flag', () => {
    const args = parseArgs([
      '--rounds=5',
      '--load-rounds=2',
      '--warmup=0',
      '--calls=50',
      '--rate=2.5',
      '--hold=4',
      '--media=sound:beep',
      '--peers=raw,aipbx',
      '--only=load',
      '--rtp-ports=100',
    ]);
    expect(args).toMatchObject({
      rounds: 5,
      loadRounds: 2,
      warmup: 0,
      calls: 50,
      rate: 2.5,
      holdSeconds: 4,
      media: 'sound:beep',
      connect: false,
      load: true,
      rtpPorts: 100,
    });
    expect(args.peers.map((p) => p.id)).toEqual(['aipbx', 'raw']);
  });

  it('says what is wrong with a bad flag', () => {
    expect(() => parseArgs(['--rounds=0'])).toThrow(/--rounds needs a whole number ≥ 1/);
    expect(() => parseArgs(['--rate=fast'])).toThrow(/--rate needs a positive number/);
    expect(() => parseArgs(['--peers=asterisk-manager'])).toThrow(
      /--peers takes ids from: aipbx, ari-client, raw/,
    );
    expect(() => parseArgs(['--only=both'])).toThrow(/--only takes connect or load/);
    expect(() => parseArgs(['--rtp-ports=5000'])).toThrow(/100 to 1000/);
    expect(() => parseArgs(['--verbose'])).toThrow(/Unknown flag "--verbose"/);
  });
});
