/**
 * The calls automations make to Trengo's REST API v2, as `../shared/reference/trengo/README.md`
 * describes them: channels, a contact per channel (the existing one for a known identifier),
 * tickets, messages to the customer and internal notes, labels, close and reopen. A message that
 * is not an internal note is recorded as delivered (`store.delivered`): what the customer would
 * have received, so tests count messages to customers.
 */
import { Hono, type Context } from 'hono';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { TrengoActivityError, trengoTimestamp, type TrengoActivity } from './activity';
import { newTrengoContact, type TrengoContactRecord } from './records';
import { pageParam, paginated } from './routes';
import type { TrengoStore } from './store';

const id = z.coerce.number({ error: 'The selected id is invalid.' }).int().positive('The selected id is invalid.');
const text = (field: string, max: number) =>
  z.string({ error: `The ${field} field is required.` }).trim().min(1, `The ${field} field is required.`).max(max, `The ${field} may not be greater than ${max} characters.`);

const newContactInput = z.object({ identifier: text('identifier', 255), name: z.string().trim().max(255).optional() });
const newTicketInput = z.object({ channel_id: id, contact_id: id, subject: z.string().trim().max(255).nullish() });
const ticketMessageInput = z.object({ message: text('message', 100_000), internal_note: z.union([z.boolean(), z.enum(['0', '1', 'true', 'false'])]).optional() });
const messageInput = z.object({
  channel_id: id,
  contact_identifier: text('contact identifier', 255),
  contact_name: z.string().trim().max(255).optional(),
  message: text('message', 100_000),
  email_subject: z.string().trim().max(255).optional(),
});
const labelInput = z.object({ label_id: id });

/** Laravel's 422: the first message, and every message by field. */
function invalid(c: Context, error: z.ZodError) {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) (errors[String(issue.path[0] ?? 'body')] ??= []).push(issue.message);
  return c.json({ message: Object.values(errors)[0]?.[0] ?? 'The given data was invalid.', errors }, 422);
}

async function bodyOf(c: Context): Promise<unknown> {
  return (c.req.header('Content-Type') ?? '').includes('application/json') ? c.req.json().catch(() => ({})) : c.req.parseBody().catch(() => ({}));
}

const notFound = { message: 'Not found.' };

/** Two identifiers are the same customer: emails without regard to case, numbers by their E.164 form. */
function sameIdentifier(contact: TrengoContactRecord, identifier: string): boolean {
  if (identifier.includes('@')) return [contact.email, contact.identifier].some((known) => known?.toLowerCase() === identifier.toLowerCase());
  const e164 = (value: string) => parsePhoneNumberFromString(value, { defaultCountry: 'US' })?.number ?? value.replace(/\D/g, '');
  const wanted = e164(identifier);
  return wanted !== '' && [contact.phone, contact.identifier].some((known) => known !== null && e164(known) === wanted);
}

/** Routes to mount at `/api/v2`, behind the sandbox's token, rate limit and faults. */
export function trengoConversationRoutes(store: TrengoStore, activity: TrengoActivity, now: () => Date = () => new Date()) {
  /** The channel's contact of this identifier, made when there is none (`created` says which). */
  function contactOn(identifier: string, name: string | undefined): { contact: TrengoContactRecord; created: boolean } {
    const known = store.listContacts().find((contact) => sameIdentifier(contact, identifier));
    if (known) return { contact: known, created: false };
    const isEmail = identifier.includes('@');
    const contact = newTrengoContact(store.newContactId(), name || identifier, isEmail ? identifier : null, isEmail ? null : identifier, trengoTimestamp(now()));
    store.contacts.set(contact.id, contact);
    return { contact, created: true };
  }

  const app = new Hono()
    .get('/channels', (c) => c.json(paginated(c, [...store.channels.values()].sort((a, b) => a.id - b.id), pageParam.optional().parse(c.req.query('page')) ?? 1)))
    .post('/channels/:channelId/contacts', async (c) => {
      const channelId = id.safeParse(c.req.param('channelId'));
      if (!channelId.success || !store.channels.has(channelId.data)) return c.json(notFound, 404);
      const input = newContactInput.safeParse(await bodyOf(c));
      if (!input.success) return invalid(c, input.error);
      const { contact, created } = contactOn(input.data.identifier, input.data.name);
      return c.json(contact, created ? 201 : 200);
    })
    .post('/tickets', async (c) => {
      const input = newTicketInput.safeParse(await bodyOf(c));
      if (!input.success) return invalid(c, input.error);
      const contact = store.contacts.get(input.data.contact_id);
      if (!contact) return c.json({ message: 'The selected contact id is invalid.', errors: { contact_id: ['The selected contact id is invalid.'] } }, 422);
      if (!store.channels.has(input.data.channel_id)) return c.json({ message: 'The selected channel id is invalid.', errors: { channel_id: ['The selected channel id is invalid.'] } }, 422);
      return c.json(activity.openTicket(contact, input.data.channel_id, input.data.subject ?? null), 201);
    })
    .get('/tickets/:ticketId/messages', (c) => {
      const ticketId = id.safeParse(c.req.param('ticketId'));
      if (!ticketId.success || !store.tickets.has(ticketId.data)) return c.json(notFound, 404);
      // Trengo lists a ticket's messages newest first.
      const messages = [...(store.messages.get(ticketId.data) ?? [])].reverse();
      return c.json(paginated(c, messages, pageParam.optional().parse(c.req.query('page')) ?? 1));
    })
    .post('/tickets/:ticketId/messages', async (c) => {
      const ticketId = id.safeParse(c.req.param('ticketId'));
      const ticket = ticketId.success ? store.tickets.get(ticketId.data) : undefined;
      if (!ticket) return c.json(notFound, 404);
      const input = ticketMessageInput.safeParse(await bodyOf(c));
      if (!input.success) return invalid(c, input.error);
      const internal = input.data.internal_note === true || input.data.internal_note === '1' || input.data.internal_note === 'true';
      return c.json(store.addMessage(ticket, { message: input.data.message, type: internal ? 'NOTE' : 'OUTBOUND' }, trengoTimestamp(now())), 201);
    })
    .post('/messages', async (c) => {
      const input = messageInput.safeParse(await bodyOf(c));
      if (!input.success) return invalid(c, input.error);
      if (!store.channels.has(input.data.channel_id)) return c.json({ message: 'The selected channel id is invalid.', errors: { channel_id: ['The selected channel id is invalid.'] } }, 422);
      const { contact } = contactOn(input.data.contact_identifier, input.data.contact_name);
      const ticket = activity.ticketFor(contact, input.data.channel_id, input.data.email_subject ?? null);
      const message = store.addMessage(ticket, { message: input.data.message, type: 'OUTBOUND', subject: input.data.email_subject ?? null }, trengoTimestamp(now()));
      return c.json({ ...message, contact_id: contact.id }, 201);
    })
    .get('/labels', (c) => c.json(paginated(c, [...store.labels.values()].sort((a, b) => a.id - b.id), pageParam.optional().parse(c.req.query('page')) ?? 1)))
    .post('/tickets/:ticketId/labels', async (c) => {
      const input = labelInput.safeParse(await bodyOf(c));
      if (!input.success) return invalid(c, input.error);
      activity.labelTicket(Number(c.req.param('ticketId')), input.data.label_id, true);
      return c.json({ message: 'OK' });
    })
    .delete('/tickets/:ticketId/labels/:labelId', (c) => {
      activity.labelTicket(Number(c.req.param('ticketId')), Number(c.req.param('labelId')), false);
      return c.body(null, 204);
    })
    .post('/tickets/:ticketId/close', (c) => c.json(activity.closeTicket(Number(c.req.param('ticketId')))))
    .post('/tickets/:ticketId/reopen', (c) => c.json(activity.reopenTicket(Number(c.req.param('ticketId')))));
  app.onError((error, c) => {
    if (error instanceof TrengoActivityError) return c.json(error.status === 404 ? notFound : { message: error.message }, error.status);
    throw error;
  });
  return app;
}
