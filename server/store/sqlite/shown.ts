/** The contact each ticket's sidebar last showed by matching, kept across restarts. */
import type { ShownContacts } from '../port';
import type { Db } from './database';

/** Longer than any age a caller asks for. */
const maxAgeKeptMs = 24 * 60 * 60_000;

export function createShownContacts(db: Db, now: () => number = Date.now): ShownContacts {
  const select = db.prepare<[string, number], { ghl_contact_id: string }>('SELECT ghl_contact_id FROM shown WHERE ticket_id = ? AND shown_at >= ?');
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO shown (ticket_id, ghl_contact_id, shown_at) VALUES (?, ?, ?)
     ON CONFLICT (ticket_id) DO UPDATE SET ghl_contact_id = excluded.ghl_contact_id, shown_at = excluded.shown_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM shown WHERE ticket_id = ?');
  // What no ticket may act on any more is dropped at start-up, so the table stays small.
  db.prepare<[number]>('DELETE FROM shown WHERE shown_at < ?').run(now() - maxAgeKeptMs);
  return {
    get: (ticketId, maxAgeMs) => select.get(ticketId, now() - maxAgeMs)?.ghl_contact_id,
    set: (ticketId, ghlContactId) => void upsert.run(ticketId, ghlContactId, now()),
    clear: (ticketId) => void remove.run(ticketId),
  };
}
