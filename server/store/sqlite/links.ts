/**
 * Which HighLevel contact a Trengo customer is linked to: set when an agent picks one of several
 * matches, links a contact found by search, or creates one. Every later ticket of the same
 * customer opens on it.
 */
import type { Links } from '../port';
import type { Db } from './database';

export function createLinks(db: Db, now: () => Date = () => new Date()): Links {
  const select = db.prepare<[string], { ghl_contact_id: string }>('SELECT ghl_contact_id FROM links WHERE trengo_key = ?');
  const upsert = db.prepare<[string, string, string]>(
    `INSERT INTO links (trengo_key, ghl_contact_id, linked_at) VALUES (?, ?, ?)
     ON CONFLICT (trengo_key) DO UPDATE SET ghl_contact_id = excluded.ghl_contact_id, linked_at = excluded.linked_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM links WHERE trengo_key = ?');

  return {
    /** The linked HighLevel contact id, if any. */
    get: (key: string): string | undefined => select.get(key)?.ghl_contact_id,
    set: (key: string, ghlContactId: string): void => void upsert.run(key, ghlContactId, now().toISOString()),
    clear: (key: string): void => void remove.run(key),
  };
}
