/** The operator page's sign-ins, by the hash of their cookie's token. */
import type { AdminSessionRecord, AdminSessionStore } from '../port';
import type { Db } from './database';

type Row = { id: string; csrf_token: string; created_at: number; used_at: number; ended_at: number | null };

export function createAdminSessionStore(db: Db): AdminSessionStore {
  const insert = db.prepare<[string, string, number, number]>('INSERT INTO admin_sessions (id, csrf_token, created_at, used_at) VALUES (?, ?, ?, ?)');
  const select = db.prepare<[string], Row>('SELECT * FROM admin_sessions WHERE id = ?');
  const touch = db.prepare<[number, string]>('UPDATE admin_sessions SET used_at = ? WHERE id = ?');
  const end = db.prepare<[number, string]>('UPDATE admin_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
  const prune = db.prepare<[number]>('DELETE FROM admin_sessions WHERE used_at < ?');
  const fromRow = (row: Row): AdminSessionRecord => ({ id: row.id, csrfToken: row.csrf_token, createdAt: row.created_at, usedAt: row.used_at, endedAt: row.ended_at });
  return {
    create: (session) => void insert.run(session.id, session.csrfToken, session.createdAt, session.usedAt),
    find: (id) => {
      const row = select.get(id);
      return row && fromRow(row);
    },
    touch: (id, at) => void touch.run(at, id),
    end: (id, at) => void end.run(at, id),
    prune: (before) => prune.run(before).changes,
  };
}
