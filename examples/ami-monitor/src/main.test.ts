import { join } from 'node:path';
import { demoStateDir } from '@aipbx/demo/demo-connection.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseArgs } from './main.js';

describe('parseArgs', () => {
  it('defaults to port 4401 and the demo state folder', () => {
    expect(parseArgs([])).toEqual({ port: DEFAULT_PORT, dbFile: join(demoStateDir(), 'ami-monitor.sqlite') });
    expect(DEFAULT_PORT).toBe(4401);
  });

  it('reads --port and --db, separate or with =', () => {
    expect(parseArgs(['--port', '0', '--db', '/tmp/x.sqlite'])).toEqual({ port: 0, dbFile: '/tmp/x.sqlite' });
    expect(parseArgs(['--port=8080', '--db=/tmp/a=b.sqlite'])).toEqual({
      port: 8080,
      dbFile: '/tmp/a=b.sqlite',
    });
  });

  it('refuses bad ports, missing values and unknown arguments', () => {
    for (const args of [
      ['--port', '65536'],
      ['--port', '-1'],
      ['--port', '1e3'],
      ['--port', 'x'],
      ['--port'],
    ]) {
      expect(() => parseArgs(args), args.join(' ')).toThrow(/--port/);
    }
    expect(() => parseArgs(['--db'])).toThrow(/--db needs a value/);
    expect(() => parseArgs(['--db', '--port', '1'])).toThrow(/--db needs a value/);
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown argument "--verbose"/);
  });
});
