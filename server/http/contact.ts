/** The ticket's contact: the sidebar's view, and the agent's pick when several HighLevel contacts match. */
import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { contactChoiceSchema } from '../../shared/api';
import type { ContactService } from '../domain/matching';
import { rejectInvalid } from './validation';
import type { SessionEnv } from './widget-session';

/** The contact routes of the widget API; `api.ts` mounts them behind the session check. */
export function contactRoutes(options: { contacts: ContactService }) {
  const { contacts } = options;
  return new Hono<SessionEnv>()
    .get('/contact', async (c) => c.json(await contacts.openTicket(c.get('session').ticketId)))
    .put('/contact/choice', zValidator('json', contactChoiceSchema, rejectInvalid), async (c) =>
      c.json(await contacts.chooseForTicket(c.get('session').ticketId, c.req.valid('json').contactId)),
    );
}
