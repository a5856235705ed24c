/**
 * The server's one SQLite file: pending writes, contact links, the audit log, the webhook inbox
 * and the read copy of contacts. Opened in WAL
 * mode with full syncs, so a write the server accepted survives a crash or a restart.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreInUseError } from '../port';

export type Db = Database.Database;

/** Schema changes in order; `PRAGMA user_version` counts how many a file has had. */
const migrations: string[] = [
  `
  CREATE TABLE links (
    trengo_key TEXT PRIMARY KEY,
    ghl_contact_id TEXT NOT NULL,
    linked_at TEXT NOT NULL
  );

  CREATE TABLE writes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    queue TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    trengo_contact_id TEXT,
    link_key TEXT NOT NULL,
    ghl_contact_id TEXT,
    payload TEXT NOT NULL,
    summary TEXT NOT NULL,
    reason TEXT,
    record_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    may_exist INTEGER NOT NULL DEFAULT 0,
    verified INTEGER NOT NULL DEFAULT 0,
    first_sent_at TEXT,
    next_attempt_at INTEGER NOT NULL,
    idempotency_key TEXT,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX writes_idempotency ON writes (ticket_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX writes_queue ON writes (state, queue, seq);
  CREATE INDEX writes_contact ON writes (ghl_contact_id, seq);
  CREATE INDEX writes_link ON writes (link_key, seq);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    ticket_id TEXT,
    trengo_contact_id TEXT,
    ghl_contact_id TEXT,
    write_id TEXT,
    fields TEXT,
    result TEXT NOT NULL,
    ghl_status INTEGER,
    trace_id TEXT,
    detail TEXT
  );
  CREATE INDEX audit_at ON audit (at);
  `,
  `
  CREATE TABLE shown (
    ticket_id TEXT PRIMARY KEY,
    ghl_contact_id TEXT NOT NULL,
    shown_at INTEGER NOT NULL
  );
  `,
  `
  ALTER TABLE writes ADD COLUMN unknown_since INTEGER;
  `,
  `
  CREATE TABLE inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    occurred_at INTEGER,
    received_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    error TEXT,
    processed_at INTEGER
  );
  CREATE UNIQUE INDEX inbox_event ON inbox (source, event_id);
  CREATE INDEX inbox_open ON inbox (state, subject, seq);

  CREATE TABLE read_copy (
    contact_id TEXT PRIMARY KEY,
    parts TEXT NOT NULL,
    as_of INTEGER NOT NULL,
    used_at INTEGER NOT NULL
  );
  CREATE INDEX read_copy_used ON read_copy (used_at);

  CREATE TABLE trengo_webhooks (
    event_type TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL,
    url TEXT NOT NULL,
    signing_secret TEXT NOT NULL,
    registered_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    set_at INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE automation_rules (
    rule TEXT PRIMARY KEY,
    settings TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE automation_runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    rule TEXT NOT NULL,
    event TEXT NOT NULL,
    subject TEXT NOT NULL,
    input TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX automation_runs_open ON automation_runs (state, subject, seq);

  CREATE TABLE automation_landed_work (
    write_id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    line TEXT NOT NULL,
    landed_at INTEGER NOT NULL,
    run_id TEXT
  );
  CREATE INDEX automation_landed_work_untold ON automation_landed_work (run_id, ticket_id, landed_at);
  `,
  `
  CREATE TABLE admin_sessions (
    id TEXT PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER NOT NULL,
    ended_at INTEGER
  );
  `,
];

/**
 * Takes the database's lock for this process, so one process alone sends the outbox's writes: a
 * second server on the same file would send them twice. The lock is an exclusive transaction on a
 * lock file beside the database, held until released; the operating system drops it when the
 * process dies, even by `kill -9`, so a restart takes over at once. Throws `StoreInUseError` when
 * another process holds it.
 */
export function lockDatabase(path: string): () => void {
  if (path === ':memory:') return () => undefined;
  mkdirSync(dirname(path), { recursive: true });
  const lock = new Database(`${path}.lock`, { timeout: 0 });
  try {
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY') throw new StoreInUseError(path);
    throw error;
  }
  return () => {
    lock.exec('ROLLBACK');
    lock.close();
  };
}

/** Opens (creating when missing) the database file and brings its schema up to date. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const applied = Number(db.pragma('user_version', { simple: true }));
  migrations.slice(applied).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${applied + index + 1}`);
    })();
  });
}

/** Deletes a database file with its WAL and shared-memory files (the demo starts empty); call it holding the lock. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
