import { describe, expect, test } from 'vitest';
import { parseDemoArgs } from './demo-args.js';

describe('parseDemoArgs', () => {
  test('no flags: the whole demo on the default ports', () => {
    expect(parseDemoArgs([], {})).toEqual({ check: false, pbxOnly: false, portOffset: 0, help: false });
  });

  test('--check with a report file and an offset from the environment', () => {
    expect(parseDemoArgs(['--check', '--report', 'r.json'], { AIPBX_DEMO_PORT_OFFSET: '90' })).toEqual({
      check: true,
      pbxOnly: false,
      portOffset: 90,
      help: false,
      reportFile: 'r.json',
    });
  });

  test('--port-offset wins over the environment', () => {
    expect(
      parseDemoArgs(['--pbx-only', '--port-offset', '5'], { AIPBX_DEMO_PORT_OFFSET: '90' }),
    ).toMatchObject({
      pbxOnly: true,
      portOffset: 5,
    });
  });

  test.each([
    [['--chek'], 'unknown argument "--chek"'],
    [['--check', '--pbx-only'], '--check and --pbx-only do not go together'],
    [['--report', 'x'], '--report needs --check'],
    [['--check', '--report'], '--report needs a value'],
    [['--port-offset', '--check'], '--port-offset needs a value'],
    [['--port-offset', '-3'], 'the port offset must be a whole number from 0 to 1000, not "-3"'],
    [['--port-offset', '1.5'], 'the port offset must be a whole number from 0 to 1000, not "1.5"'],
  ])('%j is refused: %s', (args, message) => {
    expect(parseDemoArgs(args, {})).toBe(message);
  });
});
