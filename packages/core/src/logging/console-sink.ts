import type { LogRecord } from './log-record.js';

type ConsoleMethod = (...data: unknown[]) => void;

/**
 * The default {@link LogSink}: writes to `globalThis.console` with the method of the record's
 * level (`console.debug`, `console.info`, `console.warn`, `console.error`), as
 * `[aipbx:scope] message` followed by the fields object when there is one. Does nothing where
 * there is no console.
 */
export function consoleSink(record: LogRecord): void {
  const target = (globalThis as unknown as { console?: Partial<Record<string, ConsoleMethod>> }).console;
  if (target === undefined) return;
  const write = target[record.level] ?? target.log;
  if (typeof write !== 'function') return;
  const prefix = record.scope === undefined ? '[aipbx]' : `[aipbx:${record.scope}]`;
  if (record.fields === undefined) write.call(target, prefix, record.message);
  else write.call(target, prefix, record.message, record.fields);
}
