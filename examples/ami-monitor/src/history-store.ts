/**
 * The call history in SQLite (sql.js: SQLite compiled to WebAssembly, since Node 20 has no
 * `node:sqlite`). The database lives in memory and is written to its file after every insert,
 * atomically: the bytes go to a temporary file beside it, which is flushed and renamed over the
 * old one, so a crash mid-write leaves the previous file whole and never a torn one.
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { CallDirection, CallDisposition, CallParty, CompletedCall } from '@aipbx/ami';
import initSqlJs from 'sql.js';

/** One finished call as stored: the JSON the HTTP API and the event stream carry. */
export interface HistoryRow {
  /** The row's number in this database: grows with every insert, never reused. */
  seq: number;
  /** The call's id (Asterisk's `Linkedid`). */
  id: string;
  caller: CallParty;
  callee: CallParty;
  direction: CallDirection;
  /** `click-to-call` for calls placed through the monitor, otherwise `pbx`. */
  origin: 'pbx' | 'click-to-call';
  /** The assistant that served the call, or `null`. */
  assistant: string | null;
  /** ISO 8601 times (UTC). */
  startedAt: string;
  answeredAt: string | null;
  endedAt: string;
  durationSec: number;
  billableSec: number;
  disposition: CallDisposition;
  /** Q.850 cause of the first hangup; 0 when unknown. */
  hangupCause: number;
  hangupCauseText: string;
  /** The call ended while the monitor was disconnected (its end time is the resync time). */
  endedWhileDisconnected: boolean;
  /** Names of the call's channels, e.g. `PJSIP/301-00000004`. */
  channels: string[];
}

/** A finished call as JSON, before it has a row number. */
export type CompletedCallRecord = Omit<HistoryRow, 'seq'>;

/** The JSON form of a finished call. */
export function completedCallRecord(call: CompletedCall): CompletedCallRecord {
  return {
    id: call.id,
    caller: { number: call.caller.number, name: call.caller.name },
    callee: { number: call.callee.number, name: call.callee.name },
    direction: call.direction,
    origin: call.origin,
    assistant: call.assistant ?? null,
    startedAt: call.startedAt.toISOString(),
    answeredAt: call.answeredAt ? call.answeredAt.toISOString() : null,
    endedAt: call.endedAt.toISOString(),
    durationSec: call.durationSec,
    billableSec: call.billableSec,
    disposition: call.disposition,
    hangupCause: call.hangupCause,
    hangupCauseText: call.hangupCauseText,
    endedWhileDisconnected: call.endedWhileDisconnected,
    channels: call.channels.map((channel) => channel.name),
  };
}

/** The database file cannot be used: not SQLite, another schema, or unreadable. */
export class HistoryStoreError extends Error {
  /** The database file concerned. */
  readonly file: string;

  constructor(file: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HistoryStoreError';
    this.file = file;
  }
}

/** The `calls` table; one row per finished call. Times are ISO 8601 UTC text, flags 0/1. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS calls (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id TEXT NOT NULL,
  caller_number TEXT NOT NULL,
  caller_name TEXT NOT NULL,
  callee_number TEXT NOT NULL,
  callee_name TEXT NOT NULL,
  direction TEXT NOT NULL,
  origin TEXT NOT NULL,
  assistant TEXT,
  started_at TEXT NOT NULL,
  answered_at TEXT,
  ended_at TEXT NOT NULL,
  duration_sec INTEGER NOT NULL,
  billable_sec INTEGER NOT NULL,
  disposition TEXT NOT NULL,
  hangup_cause INTEGER NOT NULL,
  hangup_cause_text TEXT NOT NULL,
  ended_while_disconnected INTEGER NOT NULL,
  channels TEXT NOT NULL
);
`;

/** Indexes for the newest-first query and for looking a call up by its id. */
const INDEXES = `
CREATE INDEX IF NOT EXISTS calls_ended_at ON calls (ended_at);
CREATE INDEX IF NOT EXISTS calls_call_id ON calls (call_id);
`;

const COLUMNS = [
  'seq',
  'call_id',
  'caller_number',
  'caller_name',
  'callee_number',
  'callee_name',
  'direction',
  'origin',
  'assistant',
  'started_at',
  'answered_at',
  'ended_at',
  'duration_sec',
  'billable_sec',
  'disposition',
  'hangup_cause',
  'hangup_cause_text',
  'ended_while_disconnected',
  'channels',
] as const;

const INSERT = `INSERT INTO calls (${COLUMNS.slice(1).join(', ')}) VALUES (${COLUMNS.slice(1)
  .map(() => '?')
  .join(', ')})`;

/** Most rows {@link HistoryStore.recent} returns at once. */
export const MAX_HISTORY_QUERY = 10_000;

type SqlModule = Awaited<ReturnType<typeof initSqlJs>>;
type Database = InstanceType<SqlModule['Database']>;
type SqlValue = initSqlJs.SqlValue;

let sqlModule: Promise<SqlModule> | undefined;

/**
 * sql.js with its WebAssembly binary read from the installed package. The path is resolved from
 * this module's location, which also works from the runner's bundle under `node_modules/.cache`
 * (third-party packages stay imports there, resolved by walking up to the repository's
 * `node_modules`).
 */
function loadSql(): Promise<SqlModule> {
  sqlModule ??= (async () => {
    let wasmFile: string;
    try {
      wasmFile = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
    } catch (err) {
      throw new Error('sql.js is not installed: run npm install in the repository first.', { cause: err });
    }
    const bytes = await readFile(wasmFile);
    const wasmBinary = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    return initSqlJs({ wasmBinary });
  })();
  sqlModule.catch(() => {
    sqlModule = undefined;
  });
  return sqlModule;
}

/**
 * The call history: `insert` each finished call, read the newest with `recent`. One store per
 * file: two processes writing the same file would overwrite each other's rows.
 */
export class HistoryStore {
  /** Absolute path of the database file. */
  readonly file: string;
  #db: Database | undefined;
  #closing = false;
  /** The write that is queued but has not taken its snapshot yet; later inserts share it. */
  #queued: Promise<void> | undefined;
  /** The last write queued; the next one starts after it. */
  #lastWrite: Promise<void> = Promise.resolve();
  #writes = 0;
  #closed: Promise<void> = Promise.resolve();

  private constructor(file: string, db: Database) {
    this.file = file;
    this.#db = db;
  }

  /**
   * Opens the database file, or creates it with an empty history when it does not exist (or is
   * empty). Temporary files a crash left beside it are removed.
   *
   * @throws HistoryStoreError naming the file when it is not an SQLite database, has a `calls`
   *   table of another shape, or cannot be read or written
   */
  static async open(file: string): Promise<HistoryStore> {
    const path = resolve(file);
    const SQL = await loadSql();
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new HistoryStoreError(
          path,
          `Cannot read the call history database ${path}: ${(err as Error).message}.`,
          { cause: err },
        );
      }
    }
    let db: Database | undefined;
    try {
      db = new SQL.Database(bytes && bytes.length > 0 ? bytes : undefined);
      db.exec(SCHEMA);
    } catch (err) {
      db?.close();
      throw new HistoryStoreError(
        path,
        `The call history database ${path} is not a usable SQLite database (${(err as Error).message}). ` +
          'Move it away to start a new history, or choose another file.',
        { cause: err },
      );
    }
    const present = new Set(
      (db.exec('PRAGMA table_info(calls)')[0]?.values ?? []).map((row) => String(row[1])),
    );
    const missing = COLUMNS.filter((column) => !present.has(column));
    if (missing.length > 0) {
      db.close();
      throw new HistoryStoreError(
        path,
        `The call history database ${path} has a "calls" table without the columns ${missing.join(', ')}: ` +
          'it was made by something else. Move it away to start a new history, or choose another file.',
      );
    }
    db.exec(INDEXES);
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    } catch (err) {
      db.close();
      throw new HistoryStoreError(
        path,
        `Cannot create the folder of the call history database ${path}: ${(err as Error).message}.`,
        { cause: err },
      );
    }
    await removeLeftovers(path);
    const store = new HistoryStore(path, db);
    if (!bytes || bytes.length === 0) {
      // A new history: write the empty database now, so a folder it cannot write to shows at once.
      try {
        await store.#persist();
      } catch (err) {
        db.close();
        throw err;
      }
    }
    return store;
  }

  /** Whether {@link close} has been called. */
  get closed(): boolean {
    return this.#closing;
  }

  /**
   * Stores a finished call. Resolves with its row once the file on disk holds it; rejects
   * when writing the file failed (the row stays in memory and goes out with the next write).
   */
  async insert(call: CompletedCall): Promise<HistoryRow> {
    if (this.#closing)
      throw new Error(`The call history ${this.file} is closed; call ${call.id} was not stored.`);
    const db = this.#open();
    const record = completedCallRecord(call);
    const values: SqlValue[] = [
      record.id,
      record.caller.number,
      record.caller.name,
      record.callee.number,
      record.callee.name,
      record.direction,
      record.origin,
      record.assistant,
      record.startedAt,
      record.answeredAt,
      record.endedAt,
      record.durationSec,
      record.billableSec,
      record.disposition,
      record.hangupCause,
      record.hangupCauseText,
      record.endedWhileDisconnected ? 1 : 0,
      JSON.stringify(record.channels),
    ];
    db.run(INSERT, values);
    const seq = Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
    await this.#persist();
    return { seq, ...record };
  }

  /** The newest `limit` calls (by end time), newest first. */
  recent(limit = 100): HistoryRow[] {
    const db = this.#open();
    const n = Math.max(0, Math.min(MAX_HISTORY_QUERY, Math.floor(Number.isFinite(limit) ? limit : 0)));
    const result = db.exec(
      `SELECT ${COLUMNS.join(', ')} FROM calls ORDER BY ended_at DESC, seq DESC LIMIT ${n}`,
    )[0];
    return (result?.values ?? []).map(rowOf);
  }

  /** How many calls the history holds. */
  count(): number {
    return Number(this.#open().exec('SELECT count(*) FROM calls')[0]?.values[0]?.[0] ?? 0);
  }

  /** Waits for pending writes, then closes the database. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closing) return this.#closed;
    this.#closing = true;
    this.#closed = this.#lastWrite
      .catch(() => {})
      .then(() => {
        this.#db?.close();
        this.#db = undefined;
      });
    return this.#closed;
  }

  #open(): Database {
    if (!this.#db) throw new Error(`The call history ${this.file} is closed.`);
    return this.#db;
  }

  /** Queues a write of the whole database; inserts made before it starts share it. */
  #persist(): Promise<void> {
    if (this.#queued) return this.#queued;
    const write = this.#lastWrite
      .catch(() => {})
      .then(() => {
        this.#queued = undefined;
        return this.#write();
      });
    this.#queued = write;
    this.#lastWrite = write;
    return write;
  }

  /** Writes a snapshot to a temporary file, flushes it and renames it over the database file. */
  async #write(): Promise<void> {
    const db = this.#open();
    const bytes = db.export();
    const tmp = join(dirname(this.file), `${basename(this.file)}.tmp-${process.pid}-${++this.#writes}`);
    try {
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.file);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => {});
      throw new HistoryStoreError(
        this.file,
        `Cannot write the call history database ${this.file}: ${(err as Error).message}.`,
        { cause: err },
      );
    }
    await syncDirectory(dirname(this.file));
  }
}

/** Opens (or creates) the call history in `file`; see {@link HistoryStore.open}. */
export function openHistoryStore(file: string): Promise<HistoryStore> {
  return HistoryStore.open(file);
}

function rowOf(values: SqlValue[]): HistoryRow {
  const text = (i: number) => String(values[i] ?? '');
  const optional = (i: number) => (values[i] === null || values[i] === undefined ? null : String(values[i]));
  const number = (i: number) => Number(values[i] ?? 0);
  let channels: string[] = [];
  try {
    const parsed: unknown = JSON.parse(text(18));
    if (Array.isArray(parsed)) channels = parsed.map(String);
  } catch {
    channels = [];
  }
  return {
    seq: number(0),
    id: text(1),
    caller: { number: text(2), name: text(3) },
    callee: { number: text(4), name: text(5) },
    direction: text(6) as CallDirection,
    origin: text(7) === 'click-to-call' ? 'click-to-call' : 'pbx',
    assistant: optional(8),
    startedAt: text(9),
    answeredAt: optional(10),
    endedAt: text(11),
    durationSec: number(12),
    billableSec: number(13),
    disposition: text(14) as CallDisposition,
    hangupCause: number(15),
    hangupCauseText: text(16),
    endedWhileDisconnected: number(17) === 1,
    channels,
  };
}

/** Removes `<file>.tmp-*` files an interrupted write left behind. */
async function removeLeftovers(file: string): Promise<void> {
  const prefix = `${basename(file)}.tmp-`;
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix))
      .map((name) => rm(join(dirname(file), name), { force: true })),
  );
}

/** Flushes a directory entry (the rename) to disk where the platform allows it. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a directory; the rename itself is still atomic.
  }
}
