/** The widget API for the ticket a session was issued for. */
import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { contactChoiceSchema } from '../../shared/api';
import type { ContactService } from '../domain/matching';
import type { Sessions } from '../platform/session';
import { rejectInvalid } from './validation';
import { requireSession, type SessionEnv } from './widget-session';

export function contactRoutes(options: { sessions: Sessions; contacts: ContactService }) {
  const { sessions, contacts } = options;
  return new Hono<SessionEnv>()
    .use(requireSession(sessions))
    .get('/contact', async (c) => c.json(await contacts.viewForTicket(c.get('session').ticketId)))
    .put('/contact/choice', zValidator('json', contactChoiceSchema, rejectInvalid), async (c) =>
      c.json(await contacts.chooseForTicket(c.get('session').ticketId, c.req.valid('json').contactId)),
    );
}

export type ContactRoutes = ReturnType<typeof contactRoutes>;
