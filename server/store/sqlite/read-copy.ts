/** The read copy of contacts: the records the sidebar's view is made from, with the time they were true. */
import type { CopiedParts, ReadCopy } from '../port';
import type { Db } from './database';

export function createReadCopy(db: Db, now: () => number = Date.now): ReadCopy {
  const statements = {
    get: db.prepare<[string], { parts: string; as_of: number }>('SELECT parts, as_of FROM read_copy WHERE contact_id = ?'),
    // A copy older than the one held never replaces it (a slow read that started before an event).
    put: db.prepare<[string, string, number, number]>(
      `INSERT INTO read_copy (contact_id, parts, as_of, used_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (contact_id) DO UPDATE SET parts = excluded.parts, as_of = excluded.as_of, used_at = excluded.used_at
       WHERE excluded.as_of >= read_copy.as_of`,
    ),
    touch: db.prepare<[number, string]>('UPDATE read_copy SET used_at = ? WHERE contact_id = ?'),
    remove: db.prepare<[string]>('DELETE FROM read_copy WHERE contact_id = ?'),
    prune: db.prepare<[number]>('DELETE FROM read_copy WHERE used_at < ?'),
  };
  return {
    get(contactId) {
      const row = statements.get.get(contactId);
      if (!row) return undefined;
      try {
        return { parts: JSON.parse(row.parts) as CopiedParts, asOf: row.as_of };
      } catch {
        // The server wrote it; a copy it cannot read is as good as none.
        return undefined;
      }
    },
    put: (contactId, parts, asOf) => void statements.put.run(contactId, JSON.stringify(parts), asOf, now()),
    touch: (contactId) => void statements.touch.run(now(), contactId),
    delete: (contactId) => void statements.remove.run(contactId),
    prune: (before) => statements.prune.run(before).changes,
  };
}
