/** The audit log for the operator, as CSV or JSON, by time range, contact, ticket, action and result. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../store/port';
import { auditCsv } from './audit-csv';
import { valid } from './validation';

const auditQuery = z.strictObject({
  format: z.enum(['csv', 'json'], { error: 'Use csv or json.' }).default('json'),
  from: z.iso.datetime({ offset: true, error: 'Use an ISO 8601 time such as 2026-01-31T00:00:00Z.' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'Use an ISO 8601 time such as 2026-01-31T00:00:00Z.' }).optional(),
  contactId: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'Use a HighLevel or Trengo contact id.').optional(),
  ticketId: z.string().regex(/^\d{1,20}$/, 'Use a Trengo ticket id (digits).').optional(),
  action: z.string().regex(/^[A-Za-z.]{1,40}$/, 'Use an action such as createNote, launch or retry.').optional(),
  result: z.string().regex(/^[a-z]{1,20}$/, 'Use a result such as done, failed, pending or refused.').optional(),
  /** The newest first: a viewer shows the latest entries; an export keeps the order they were recorded in. */
  order: z.enum(['oldest', 'newest'], { error: 'Use oldest or newest.' }).default('oldest'),
  limit: z.coerce.number({ error: 'Use a number of entries.' }).int().min(1).max(100_000, 'At most 100000.').optional(),
});

export function auditRoutes(options: { audit: AuditLog }) {
  return new Hono()
    .get('/audit', valid('query', auditQuery), (c) => {
      const { format, from, to, contactId, ticketId, action, result, order, limit } = c.req.valid('query');
      const entries = options.audit.list({
        newest: order === 'newest',
        ...(limit === undefined ? {} : { limit }),
        ...(from === undefined ? {} : { from: new Date(from).toISOString() }),
        ...(to === undefined ? {} : { to: new Date(to).toISOString() }),
        ...(contactId === undefined ? {} : { contactId }),
        ...(ticketId === undefined ? {} : { ticketId }),
        ...(action === undefined ? {} : { action }),
        ...(result === undefined ? {} : { result }),
      });
      if (format === 'json') return c.json({ entries });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
      return c.body(auditCsv(entries));
    });
}
