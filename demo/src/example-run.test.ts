import { describe, expect, test } from 'vitest';
import { portOption } from './example-run.js';

describe('portOption', () => {
  test('the fallback without --port, the number with it', () => {
    expect(portOption([], 4400)).toBe(4400);
    expect(portOption(['--port', '0'], 4400)).toBe(0);
    expect(portOption(['x', '--port', '8080'], 4400)).toBe(8080);
  });

  test.each([
    [['--port']],
    [['--port', '-1']],
    [['--port', '70000']],
    [['--port', '1e3']],
    [['--port', 'http']],
  ])('%j is refused with what was wrong', (args) => {
    expect(portOption(args, 4400)).toMatch(/^--port must be a port number, not "/);
  });
});
