/**
 * The audit log: every write, search and link made through the server, with who it was for and
 * what HighLevel answered. Never holds a token: entries are built from validated action fields,
 * HighLevel's status, trace id and messages (which the HighLevel client already redacts).
 */
import type { AuditEntry, AuditFilter, AuditLog, NewAuditEntry } from '../port';
import type { Db } from './database';

/** The longest text kept in one cell, so a 10,000-character note does not bloat the log. */
const maxText = 2000;

const clip = (text: string | null): string | null => (text !== null && text.length > maxText ? `${text.slice(0, maxText)}…` : text);

type Row = {
  id: number;
  at: string;
  action: string;
  ticket_id: string | null;
  trengo_contact_id: string | null;
  ghl_contact_id: string | null;
  write_id: string | null;
  fields: string | null;
  result: string;
  ghl_status: number | null;
  trace_id: string | null;
  detail: string | null;
};

export function createAuditLog(db: Db, now: () => Date = () => new Date()): AuditLog {
  const insert = db.prepare(
    `INSERT INTO audit (at, action, ticket_id, trengo_contact_id, ghl_contact_id, write_id, fields, result, ghl_status, trace_id, detail)
     VALUES (@at, @action, @ticketId, @trengoContactId, @ghlContactId, @writeId, @fields, @result, @ghlStatus, @traceId, @detail)`,
  );
  const query = (order: 'ASC' | 'DESC') =>
    db.prepare<
      { from: string | null; to: string | null; contactId: string | null; ticketId: string | null; action: string | null; result: string | null; limit: number },
      Row
    >(
      `SELECT * FROM audit
       WHERE (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
         AND (@contactId IS NULL OR ghl_contact_id = @contactId OR trengo_contact_id = @contactId)
         AND (@ticketId IS NULL OR ticket_id = @ticketId)
         AND (@action IS NULL OR action = @action)
         AND (@result IS NULL OR result = @result)
       ORDER BY id ${order} LIMIT @limit`,
    );
  const select = { oldest: query('ASC'), newest: query('DESC') };

  return {
    record(entry: NewAuditEntry): void {
      insert.run({ ...entry, at: now().toISOString(), fields: clip(entry.fields), detail: clip(entry.detail) });
    },

    /** Entries in the order they were recorded (newest first with `newest`). */
    list(filter: AuditFilter = {}): AuditEntry[] {
      return select[filter.newest ? 'newest' : 'oldest']
        .all({
          from: filter.from ?? null,
          to: filter.to ?? null,
          contactId: filter.contactId ?? null,
          ticketId: filter.ticketId ?? null,
          action: filter.action ?? null,
          result: filter.result ?? null,
          limit: filter.limit ?? 100_000,
        })
        .map((row) => ({
          id: row.id,
          at: row.at,
          action: row.action,
          ticketId: row.ticket_id,
          trengoContactId: row.trengo_contact_id,
          ghlContactId: row.ghl_contact_id,
          writeId: row.write_id,
          fields: row.fields,
          result: row.result,
          ghlStatus: row.ghl_status,
          traceId: row.trace_id,
          detail: row.detail,
        }));
    },
  };
}
