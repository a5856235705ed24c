/** Trengo REST API v2 routes the sidebar relies on: tickets and contacts, read only. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { TrengoStore } from './store';

/** Trengo pages its lists 25 at a time. */
export const trengoPageSize = 25;

const numericId = z.string().regex(/^\d+$/).transform(Number);
export const pageParam = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1)).catch(1);

const ticketListQuery = z.object({
  page: pageParam.optional(),
  contact_id: numericId.optional().catch(undefined),
  status: z.enum(['OPEN', 'ASSIGNED', 'CLOSED']).optional().catch(undefined),
});

const contactListQuery = z.object({
  page: pageParam.optional(),
  term: z.string().optional(),
});

/** Laravel's paginated envelope: `data`, `links`, `meta`. */
export function paginated<T>(c: Context, items: T[], page: number) {
  const lastPage = Math.max(1, Math.ceil(items.length / trengoPageSize));
  const start = (page - 1) * trengoPageSize;
  const data = items.slice(start, start + trengoPageSize);
  const path = new URL(c.req.url);
  const pageUrl = (n: number) => {
    path.searchParams.set('page', String(n));
    return path.toString();
  };
  return {
    data,
    links: {
      first: pageUrl(1),
      last: pageUrl(lastPage),
      prev: page > 1 ? pageUrl(page - 1) : null,
      next: page < lastPage ? pageUrl(page + 1) : null,
    },
    meta: {
      current_page: page,
      from: data.length > 0 ? start + 1 : null,
      last_page: lastPage,
      path: `${path.origin}${path.pathname}`,
      per_page: trengoPageSize,
      to: data.length > 0 ? start + data.length : null,
      total: items.length,
    },
  };
}

const notFoundBody = { message: 'Not found.' };

/** Routes to mount at `/api/v2`. */
export function trengoRoutes(store: TrengoStore) {
  return new Hono()
    .get('/tickets', (c) => {
      const query = ticketListQuery.parse(c.req.query());
      const tickets = store
        .listTickets()
        .filter((ticket) => query.contact_id === undefined || ticket.contact_id === query.contact_id)
        .filter((ticket) => query.status === undefined || ticket.status === query.status);
      return c.json(paginated(c, tickets, query.page ?? 1));
    })
    .get('/tickets/:ticketId', (c) => {
      const id = numericId.safeParse(c.req.param('ticketId'));
      const ticket = id.success ? store.tickets.get(id.data) : undefined;
      return ticket ? c.json({ ...ticket, labels: store.labelsOf(ticket.id) }) : c.json(notFoundBody, 404);
    })
    .get('/contacts', (c) => {
      const query = contactListQuery.parse(c.req.query());
      const term = query.term?.trim().toLowerCase() ?? '';
      const digits = term.replace(/\D/g, '');
      const contacts = store.listContacts().filter((contact) => {
        if (term === '') return true;
        const texts = [contact.name, contact.email, contact.phone, contact.identifier].map((text) => text?.toLowerCase());
        if (texts.some((text) => text?.includes(term))) return true;
        return digits.length >= 3 && [contact.phone, contact.identifier].some((text) => text?.replace(/\D/g, '').includes(digits));
      });
      return c.json(paginated(c, contacts, query.page ?? 1));
    })
    .get('/contacts/:contactId', (c) => {
      const id = numericId.safeParse(c.req.param('contactId'));
      const contact = id.success ? store.contacts.get(id.data) : undefined;
      return contact ? c.json(contact) : c.json(notFoundBody, 404);
    });
}
