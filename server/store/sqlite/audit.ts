/**
 * The audit log: every write, search and link made through the server, with who it was for and
 * what HighLevel answered. Never holds a token: entries are built from validated action fields,
 * HighLevel's status, trace id and messages (which the HighLevel client already redacts).
 */
import type { Db } from './database';

export interface AuditEntry {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  /** A write kind (`createTask`, …), or `search`, `link`, `unlink`, `retry`, `discard`. */
  action: string;
  ticketId: string | null;
  trengoContactId: string | null;
  ghlContactId: string | null;
  writeId: string | null;
  /** The fields the action carried, as JSON. */
  fields: string | null;
  /** `done`, `pending`, `failed`, `discarded`, `ok` or `error`. */
  result: string;
  /** HighLevel's HTTP status, when it answered. */
  ghlStatus: number | null;
  traceId: string | null;
  /** The reason or the message, in words. */
  detail: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditFilter {
  /** ISO 8601; entries at or after it. */
  from?: string;
  /** ISO 8601; entries before it. */
  to?: string;
  /** A HighLevel or Trengo contact id. */
  contactId?: string;
  limit?: number;
}

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

export function createAuditLog(db: Db, now: () => Date = () => new Date()) {
  const insert = db.prepare(
    `INSERT INTO audit (at, action, ticket_id, trengo_contact_id, ghl_contact_id, write_id, fields, result, ghl_status, trace_id, detail)
     VALUES (@at, @action, @ticketId, @trengoContactId, @ghlContactId, @writeId, @fields, @result, @ghlStatus, @traceId, @detail)`,
  );
  const select = db.prepare<{ from: string | null; to: string | null; contactId: string | null; limit: number }, Row>(
    `SELECT * FROM audit
     WHERE (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
       AND (@contactId IS NULL OR ghl_contact_id = @contactId OR trengo_contact_id = @contactId)
     ORDER BY id LIMIT @limit`,
  );

  return {
    record(entry: NewAuditEntry): void {
      insert.run({ ...entry, at: now().toISOString(), fields: clip(entry.fields), detail: clip(entry.detail) });
    },

    /** Entries in the order they were recorded. */
    list(filter: AuditFilter = {}): AuditEntry[] {
      return select
        .all({
          from: filter.from ?? null,
          to: filter.to ?? null,
          contactId: filter.contactId ?? null,
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

export type AuditLog = ReturnType<typeof createAuditLog>;

const csvColumns: Array<[keyof AuditEntry, string]> = [
  ['at', 'time'],
  ['action', 'action'],
  ['result', 'result'],
  ['ticketId', 'ticket'],
  ['trengoContactId', 'trengo_contact'],
  ['ghlContactId', 'highlevel_contact'],
  ['writeId', 'write'],
  ['fields', 'fields'],
  ['ghlStatus', 'highlevel_status'],
  ['traceId', 'trace_id'],
  ['detail', 'detail'],
];

/**
 * Entries as CSV (RFC 4180): a header row, every cell quoted when it holds a comma, quote or line
 * break. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a
 * leading `'`, since agents type the text the log quotes.
 */
export function auditCsv(entries: AuditEntry[]): string {
  const cell = (value: string | number | null): string => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    csvColumns.map(([, header]) => header).join(','),
    ...entries.map((entry) => csvColumns.map(([key]) => cell(entry[key])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
