/** The audit export as CSV. */
import type { AuditEntry } from '../store/port';

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
