/** The widget API for the ticket a session was issued for. */
import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { contactChoiceSchema } from '../../shared/api';
import type { ContactService } from '../contacts/service';
import { AppError } from '../errors';
import type { Session, Sessions } from '../session';

type Env = { Variables: { session: Session } };

export function contactRoutes(options: { sessions: Sessions; contacts: ContactService }) {
  const { sessions, contacts } = options;
  return new Hono<Env>()
    .use(async (c, next) => {
      const header = c.req.header('authorization') ?? '';
      const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      const verdict = sessions.verify(token);
      if (!verdict.ok) {
        throw verdict.reason === 'expired'
          ? new AppError(401, 'session_expired', 'This sidebar session has expired. Reopen the ticket to start a new one.')
          : new AppError(401, 'unauthorized', 'This sidebar session is not valid. Reopen the ticket in Trengo.');
      }
      c.set('session', verdict.session);
      await next();
    })
    .get('/contact', async (c) => c.json(await contacts.viewForTicket(c.get('session').ticketId)))
    .put('/contact/choice', zValidator('json', contactChoiceSchema, rejectInvalid), async (c) =>
      c.json(await contacts.chooseForTicket(c.get('session').ticketId, c.req.valid('json').contactId)),
    );
}

/** Turns a failed validation into the one error shape, naming each field. */
export function rejectInvalid(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): void {
  if (result.success) return;
  const fields = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.map(String).join('.') || 'body', issue.message]));
  throw new AppError(400, 'bad_request', 'Some of the input is not valid.', { fields });
}

export type ContactRoutes = ReturnType<typeof contactRoutes>;
