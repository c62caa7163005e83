import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { createLogger } from './create-logger.js';
import type { LogRecord } from './log-record.js';

function collect(): { records: LogRecord[]; sink: (record: LogRecord) => void } {
  const records: LogRecord[] = [];
  return { records, sink: (record) => records.push(record) };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createLogger', () => {
  it('writes records at and above its level, with time, and without empty fields or scope keys', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const { records, sink } = collect();
    const log = createLogger({ sink });
    expect(log.level).toBe('info');
    log.debug('hidden');
    log.info('connected');
    log.warn('slow', { ms: 900 });
    log.error('failed');
    expect(records).toEqual([
      { level: 'info', message: 'connected', time: 1_700_000_000_000 },
      { level: 'warn', message: 'slow', time: 1_700_000_000_000, fields: { ms: 900 } },
      { level: 'error', message: 'failed', time: 1_700_000_000_000 },
    ]);
    expect(Object.keys(records[0] ?? {})).toEqual(['level', 'message', 'time']);
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ] as const)('at level %s writes %j', (level, expected) => {
    const { records, sink } = collect();
    const log = createLogger({ level, sink });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(records.map((r) => r.level)).toEqual(expected);
  });

  it('redacts messages and fields before the sink sees them, without changing the caller’s fields', () => {
    const { records, sink } = collect();
    const log = createLogger({ sink });
    const fields = {
      username: 'admin',
      secret: 'amiSecret1',
      frame: 'Action: Login\r\nSecret: amiSecret1\r\n',
    };
    log.info('login to wss://admin:amiSecret1@pbx/ws', fields);
    expect(records[0]?.message).toBe('login to wss://admin:[REDACTED]@pbx/ws');
    expect(records[0]?.fields).toEqual({
      username: 'admin',
      secret: '[REDACTED]',
      frame: 'Action: Login\r\nSecret: [REDACTED]\r\n',
    });
    expect(fields.secret).toBe('amiSecret1');
    expect(JSON.stringify(records)).not.toContain('amiSecret1');
  });

  it('replaces configured secrets wherever they appear, also in children', () => {
    const { records, sink } = collect();
    const log = createLogger({ sink, secrets: ['Zx9!pass'] });
    log.info('user typed Zx9!pass by mistake', { note: ['also Zx9!pass here'] });
    log.child('ami').warn('again Zx9!pass');
    expect(JSON.stringify(records)).not.toContain('Zx9!pass');
    expect(records[0]?.message).toBe('user typed [REDACTED] by mistake');
    expect(records[1]?.message).toBe('again [REDACTED]');
  });

  it('children share level and sink and append their scope', () => {
    const { records, sink } = collect();
    const root = createLogger({ sink, level: 'warn' });
    const ami = root.child('ami');
    const monitor = ami.child('monitor');
    expect(monitor.level).toBe('warn');
    root.warn('root');
    ami.info('dropped');
    ami.warn('from ami');
    monitor.error('from monitor');
    expect(records.map((r) => [r.scope, r.message])).toEqual([
      [undefined, 'root'],
      ['ami', 'from ami'],
      ['ami:monitor', 'from monitor'],
    ]);
    createLogger({ sink, scope: 'ari' }).child('bridge').error('x');
    expect(records.at(-1)?.scope).toBe('ari:bridge');
  });

  it('ignores a sink that throws', () => {
    const log = createLogger({
      sink: () => {
        throw new Error('disk full');
      },
    });
    expect(() => log.error('still fine')).not.toThrow();
  });

  it('rejects invalid options, listing every problem', () => {
    let caught: unknown;
    try {
      createLogger({
        level: 'verbose' as 'info',
        sink: 'console' as unknown as () => void,
        scope: 3 as unknown as string,
        secrets: [1] as unknown as string[],
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).problems.map((p) => p.field)).toEqual([
      'level',
      'sink',
      'scope',
      'secrets',
    ]);
  });

  it('writes to the console by default', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    createLogger({ scope: 'ami', secrets: ['pw1234'] }).info('logged in with pw1234');
    expect(info).toHaveBeenCalledWith('[aipbx:ami]', 'logged in with [REDACTED]');
  });
});
