import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletedCall } from '@aipbx/ami';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore, HistoryStoreError, openHistoryStore } from './history-store.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ami-monitor-history-'));
  file = join(dir, 'calls.sqlite');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A finished call that ended `endedSec` seconds after the epoch used here. */
function completed(id: string, endedSec: number, overrides: Partial<CompletedCall> = {}): CompletedCall {
  const startedAt = new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + (endedSec - 10) * 1000);
  return {
    id,
    caller: { number: '301', name: 'Desk Phone One' },
    callee: { number: '302', name: 'Оператор Два' },
    direction: 'internal',
    origin: 'pbx',
    startedAt,
    answeredAt: new Date(startedAt.getTime() + 2000),
    assistant: undefined,
    channels: [
      {
        id: `${id}-a`,
        name: 'PJSIP/301-00000001',
        state: 'Up',
        callerId: { number: '301', name: '' },
        connectedLine: { number: '302', name: '' },
        context: 'aipbx-operators',
        exten: '302',
        bridgeId: undefined,
        onHold: false,
      },
    ],
    bridges: [],
    endedAt: new Date(startedAt.getTime() + 10_000),
    durationSec: 10,
    billableSec: 8,
    disposition: 'answered',
    hangupCause: 16,
    hangupCauseText: 'Normal Clearing',
    endedWhileDisconnected: false,
    ...overrides,
  };
}

describe('HistoryStore', () => {
  it('keeps every field of a finished call across close and reopen', async () => {
    const store = await openHistoryStore(file);
    const row = await store.insert(
      completed('1795460373.0', 100, {
        assistant: 'support-bot',
        caller: { number: '+4930', name: 'O\'Brien, "x"' },
      }),
    );
    await store.close();

    const again = await HistoryStore.open(file);
    const rows = again.recent();
    expect(rows).toEqual([row]);
    expect(row).toEqual({
      seq: 1,
      id: '1795460373.0',
      caller: { number: '+4930', name: 'O\'Brien, "x"' },
      callee: { number: '302', name: 'Оператор Два' },
      direction: 'internal',
      origin: 'pbx',
      assistant: 'support-bot',
      startedAt: '2026-01-01T12:01:30.000Z',
      answeredAt: '2026-01-01T12:01:32.000Z',
      endedAt: '2026-01-01T12:01:40.000Z',
      durationSec: 10,
      billableSec: 8,
      disposition: 'answered',
      hangupCause: 16,
      hangupCauseText: 'Normal Clearing',
      endedWhileDisconnected: false,
      channels: ['PJSIP/301-00000001'],
    });
    await again.close();
  });

  it('stores an unanswered call with nulls, and a call ended while disconnected', async () => {
    const store = await openHistoryStore(file);
    const row = await store.insert(
      completed('2.0', 5, {
        answeredAt: undefined,
        billableSec: 0,
        disposition: 'no-answer',
        hangupCause: 0,
        hangupCauseText: '',
        endedWhileDisconnected: true,
        origin: 'click-to-call',
      }),
    );
    expect(row).toMatchObject({ answeredAt: null, assistant: null, endedWhileDisconnected: true });
    expect(store.recent()[0]).toEqual(row);
    await store.close();
  });

  it("stores the names of the call's channels", async () => {
    const store = await openHistoryStore(file);
    expect((await store.insert(completed('4.0', 8))).channels).toEqual(['PJSIP/301-00000001']);
    await store.close();
  });

  it('returns the newest calls first, as many as asked', async () => {
    const store = await openHistoryStore(file);
    // Inserted out of order: a resync can store a call that ended earlier after a later one.
    for (const [id, ended] of [
      ['a', 30],
      ['b', 10],
      ['c', 50],
      ['d', 20],
    ] as const) {
      await store.insert(completed(id, ended));
    }
    expect(store.recent().map((r) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(store.recent(2).map((r) => r.id)).toEqual(['c', 'a']);
    expect(store.recent(0)).toEqual([]);
    expect(store.recent(-5)).toEqual([]);
    expect(store.recent(Number.NaN)).toEqual([]);
    expect(store.count()).toBe(4);
    await store.close();
  });

  it('loses no row when many inserts run at once, and leaves no temporary file', async () => {
    const store = await openHistoryStore(file);
    const rows = await Promise.all(Array.from({ length: 60 }, (_, i) => store.insert(completed(`c${i}`, i))));
    expect(new Set(rows.map((r) => r.seq)).size).toBe(60);
    await store.close();
    const again = await openHistoryStore(file);
    expect(again.count()).toBe(60);
    expect(again.recent(1000).map((r) => r.id)).toEqual(Array.from({ length: 60 }, (_, i) => `c${59 - i}`));
    await again.close();
    expect(await readdir(dir)).toEqual(['calls.sqlite']);
  });

  it('writes the file before insert resolves', async () => {
    const store = await openHistoryStore(file);
    await store.insert(completed('x', 1));
    // Read by a second store while the first is still open: the row is on disk already.
    const reader = await openHistoryStore(file);
    expect(reader.recent().map((r) => r.id)).toEqual(['x']);
    await reader.close();
    await store.close();
  });

  it('keeps the previous file whole when a write fails, and stores the row with the next write', async () => {
    const store = await openHistoryStore(file);
    await store.insert(completed('first', 1));
    const before = await readFile(file);
    // Block the next temporary file with a folder of the same name, as a full disk or a crash
    // mid-write would stop it. Writes are numbered per store: the new file's first write at open,
    // the first insert's, and this one, the third.
    const blocker = join(dir, `calls.sqlite.tmp-${process.pid}-3`);
    await mkdir(blocker);
    const failed = await store.insert(completed('second', 2)).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(HistoryStoreError);
    expect((failed as Error).message).toContain(file);
    expect(await readFile(file)).toEqual(before);
    await rm(blocker, { recursive: true });
    await store.insert(completed('third', 3));
    await store.close();
    const again = await openHistoryStore(file);
    expect(again.recent().map((r) => r.id)).toEqual(['third', 'second', 'first']);
    await again.close();
  });

  it('removes temporary files an interrupted write left behind, and keeps the rows', async () => {
    const store = await openHistoryStore(file);
    await store.insert(completed('kept', 1));
    await store.close();
    await writeFile(join(dir, 'calls.sqlite.tmp-99999-7'), 'half a database');
    const again = await openHistoryStore(file);
    expect(again.recent().map((r) => r.id)).toEqual(['kept']);
    expect(await readdir(dir)).toEqual(['calls.sqlite']);
    await again.close();
  });

  it('refuses a file that is not SQLite with an error naming the file', async () => {
    await writeFile(file, 'this is not a database, but it is long enough to look like a header to SQLite');
    const error = await openHistoryStore(file).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HistoryStoreError);
    expect(error).toMatchObject({ name: 'HistoryStoreError', file });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/not a usable SQLite database/);
    // The file is left as it was for the user to look at.
    expect(await readFile(file, 'utf8')).toMatch(/^this is not a database/);
  });

  it('refuses an SQLite file whose calls table has another shape', async () => {
    // Make a database with a different `calls` table through sql.js itself.
    const { default: initSqlJs } = await import('sql.js');
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE calls (id INTEGER PRIMARY KEY, who TEXT)');
    await writeFile(file, db.export());
    db.close();
    const error = await openHistoryStore(file).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HistoryStoreError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('call_id');
  });

  it('creates the file at once, and reports a folder it cannot write to', async () => {
    const store = await openHistoryStore(file);
    expect(await readdir(dir)).toEqual(['calls.sqlite']);
    await store.close();
    // A regular file where the folder should be: nothing can be created below it.
    const error = await openHistoryStore(join(file, 'sub', 'calls.sqlite')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HistoryStoreError);
    expect((error as Error).message).toContain(join(file, 'sub', 'calls.sqlite'));
  });

  it('starts an empty history in an empty file, and creates missing folders', async () => {
    await writeFile(file, '');
    const store = await openHistoryStore(file);
    expect(store.recent()).toEqual([]);
    await store.close();
    const nested = await openHistoryStore(join(dir, 'a', 'b', 'calls.sqlite'));
    await nested.insert(completed('n', 1));
    await nested.close();
    expect((await readdir(join(dir, 'a', 'b'))).sort()).toEqual(['calls.sqlite']);
  });

  it('rejects inserts after close, and waits for pending writes when closing', async () => {
    const store = await openHistoryStore(file);
    const pending = store.insert(completed('last', 1));
    await store.close();
    await expect(pending).resolves.toMatchObject({ id: 'last' });
    await expect(store.insert(completed('late', 2))).rejects.toThrow(/closed/);
    await store.close();
    const again = await openHistoryStore(file);
    expect(again.count()).toBe(1);
    await again.close();
  });
});
