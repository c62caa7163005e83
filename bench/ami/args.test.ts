import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it('replays the bench’s own assistant recording by default', () => {
    const args = parseArgs([]);
    expect(args).toMatchObject({
      record: false,
      mixes: ['assistant'],
      captures: [],
      rounds: 3,
      timeoutMs: 120_000,
      targetBytes: 30 * 1024 * 1024,
      loginPauseMs: 20,
    });
    expect(args.clients.map((c) => c.id)).toEqual(['aipbx', 'asterisk-manager', 'asterisk-ami-client']);
  });

  it('replays capture files instead of the recording, in the order given', () => {
    const args = parseArgs(['--capture=office.bin', '--capture=/tmp/a=b.bin']);
    expect(args.mixes).toEqual([]);
    expect(args.captures).toEqual(['office.bin', '/tmp/a=b.bin']);
  });

  it('replays the chosen recordings, and captures after them when both are given', () => {
    expect(parseArgs(['--mix=operators,assistant']).mixes).toEqual(['operators', 'assistant']);
    const both = parseArgs(['--capture=office.bin', '--mix=assistant', '--mix=operators,assistant']);
    expect(both.mixes).toEqual(['assistant', 'operators']);
    expect(both.captures).toEqual(['office.bin']);
  });

  it('records the chosen mixes again with --record', () => {
    expect(parseArgs(['--record', '--mix=operators'])).toMatchObject({ record: true, mixes: ['operators'] });
    expect(parseArgs(['--record'])).toMatchObject({ record: true, mixes: ['assistant'] });
  });

  it('refuses --record with captures alone: there is no recording of its own to make', () => {
    expect(() => parseArgs(['--record', '--capture=office.bin'])).toThrow(/--mix/);
  });

  it('reads the numeric flags and the clients', () => {
    const args = parseArgs([
      '--rounds=7',
      '--timeout=30',
      '--target-mb=5',
      '--login-pause=0',
      '--clients=asterisk-manager,aipbx',
    ]);
    expect(args).toMatchObject({
      rounds: 7,
      timeoutMs: 30_000,
      targetBytes: 5 * 1024 * 1024,
      loginPauseMs: 0,
    });
    expect(args.clients.map((c) => c.id)).toEqual(['aipbx', 'asterisk-manager']);
  });

  it.each([
    ['--mix=office', /--mix takes names from: assistant, operators/],
    ['--mix=', /--mix takes names/],
    ['--capture=', /--capture needs a file/],
    ['--capture', /--capture needs a file/],
    ['--rounds=0', /--rounds needs a positive number/],
    ['--rounds', /--rounds needs a positive number/],
    ['--login-pause=1.5', /--login-pause needs whole milliseconds/],
    ['--login-pause', /--login-pause needs whole milliseconds/],
    ['--clients=nope', /--clients takes ids from/],
    ['--fast', /Unknown flag "--fast".*--capture=PATH/],
  ])('refuses %s, saying what is allowed', (flag, message) => {
    expect(() => parseArgs([flag])).toThrow(message);
  });
});
