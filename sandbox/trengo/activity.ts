/**
 * What happens in Trengo that the API the server calls does not do: a customer writes in, an
 * agent closes or reopens a ticket. Each change sends the webhooks registered for it; the same
 * actions are offered to other processes under `/_sandbox`.
 */
import { Hono } from 'hono';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { newTrengoContact, type TrengoContactRecord, type TrengoTicketRecord } from './records';
import type { TrengoStore } from './store';
import type { TrengoEventType, TrengoWebhooks } from './webhooks';

/** A message from a customer. */
export interface InboundMessage {
  message: string;
  /** The ticket it lands on (a closed one reopens); without it, the sender's open ticket on the channel, or a new one. */
  ticketId?: number;
  /** The sender, when Trengo knows them already. */
  contactId?: number;
  /** The sender by address: an existing contact with this email or phone, else a new contact. */
  from?: { name?: string; email?: string; phone?: string };
  /** The channel it comes through; without it, the ticket's, else email for an email address and WhatsApp for a phone. */
  channelId?: number;
  /** The subject of a ticket it opens. */
  subject?: string;
}

/** Where an inbound message landed. */
export interface InboundResult {
  ticket: TrengoTicketRecord;
  contact: TrengoContactRecord;
  messageId: number;
  /** True when the message opened a new ticket. */
  ticketCreated: boolean;
}

/** Thrown for a ticket, contact or channel the store does not have (404), or a message without a sender (400). */
export class TrengoActivityError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 404,
  ) {
    super(message);
    this.name = 'TrengoActivityError';
  }
}

const emailChannelId = 301;
const phoneChannelId = 302;

/** Customer and agent activity on the Trengo sandbox's data, with the webhooks it sends. */
export class TrengoActivity {
  constructor(
    private readonly store: TrengoStore,
    private readonly webhooks: TrengoWebhooks,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A customer's message arrives: finds or makes the contact and ticket, then sends INBOUND (after TICKET_CREATED or TICKET_REOPENED). */
  receiveMessage(inbound: InboundMessage): InboundResult {
    const existing = inbound.ticketId === undefined ? undefined : this.#ticket(inbound.ticketId);
    const contact = existing?.contact ?? this.#sender(inbound);
    const channelId = existing?.channel_id ?? inbound.channelId ?? (contact.email ? emailChannelId : phoneChannelId);
    const channel = this.store.channels.get(channelId);
    if (!channel) throw new TrengoActivityError(`No channel ${channelId}`);

    let ticket = existing ?? this.#openTicketOf(contact.id, channelId);
    const ticketCreated = ticket === undefined;
    if (!ticket) {
      ticket = this.openTicket(contact, channelId, inbound.subject ?? null);
    } else if (ticket.status === 'CLOSED') {
      ticket = this.#setStatus(ticket, ticket.user_id === null ? 'OPEN' : 'ASSIGNED', 'TICKET_REOPENED');
    } else {
      ticket = { ...ticket, updated_at: trengoTimestamp(this.now()) };
      this.store.tickets.set(ticket.id, ticket);
    }

    const messageId = this.store.addMessage(ticket, { message: inbound.message, type: 'INBOUND' }, trengoTimestamp(this.now())).id;
    this.webhooks.publish('INBOUND', { ...eventFields(ticket), message_id: String(messageId), message: inbound.message });
    return { ticket, contact, messageId, ticketCreated };
  }

  /** A new open ticket of the contact on the channel: TICKET_CREATED. */
  openTicket(contact: TrengoContactRecord, channelId: number, subject: string | null): TrengoTicketRecord {
    const channel = this.store.channels.get(channelId);
    if (!channel) throw new TrengoActivityError(`No channel ${channelId}`);
    const stamp = trengoTimestamp(this.now());
    const ticket: TrengoTicketRecord = {
      id: this.store.newTicketId(),
      status: 'OPEN',
      subject,
      contact_id: contact.id,
      channel_id: channelId,
      user_id: null,
      created_at: stamp,
      updated_at: stamp,
      contact,
      channel,
    };
    this.store.tickets.set(ticket.id, ticket);
    this.#announce('TICKET_CREATED', ticket);
    return ticket;
  }

  /** The newest ticket of the contact on the channel that is not closed, or a new one. */
  ticketFor(contact: TrengoContactRecord, channelId: number, subject: string | null): TrengoTicketRecord {
    return this.#openTicketOf(contact.id, channelId) ?? this.openTicket(contact, channelId, subject);
  }

  /** An agent puts a label on a ticket or takes it off: TICKET_LABEL_ADDED or TICKET_LABEL_DELETED, only when that changes something. */
  labelTicket(ticketId: number, labelId: number, on: boolean): TrengoTicketRecord {
    const ticket = this.#ticket(ticketId);
    const label = this.store.labels.get(labelId);
    if (!label) throw new TrengoActivityError(`No label ${labelId}`);
    const labels = this.store.ticketLabels.get(ticketId) ?? new Set<number>();
    if (labels.has(labelId) === on) return ticket;
    if (on) labels.add(labelId);
    else labels.delete(labelId);
    this.store.ticketLabels.set(ticketId, labels);
    this.webhooks.publish(on ? 'TICKET_LABEL_ADDED' : 'TICKET_LABEL_DELETED', { ...eventFields(ticket), label_id: String(label.id), label_name: label.name });
    return ticket;
  }

  /** An agent closes the ticket: TICKET_CLOSED. Closing a closed ticket changes nothing and sends nothing. */
  closeTicket(ticketId: number): TrengoTicketRecord {
    const ticket = this.#ticket(ticketId);
    if (ticket.status === 'CLOSED') return ticket;
    return this.#setStatus(ticket, 'CLOSED', 'TICKET_CLOSED');
  }

  /** An agent reopens the ticket: TICKET_REOPENED. Reopening an open ticket changes nothing and sends nothing. */
  reopenTicket(ticketId: number): TrengoTicketRecord {
    const ticket = this.#ticket(ticketId);
    if (ticket.status !== 'CLOSED') return ticket;
    return this.#setStatus(ticket, ticket.user_id === null ? 'OPEN' : 'ASSIGNED', 'TICKET_REOPENED');
  }

  /** Nothing of its own to reset: messages live in the store; registrations and pending deliveries are the webhooks' own business. */
  reset(): void {}

  #ticket(ticketId: number): TrengoTicketRecord {
    const ticket = this.store.tickets.get(ticketId);
    if (!ticket) throw new TrengoActivityError(`No ticket ${ticketId}`);
    return ticket;
  }

  #setStatus(ticket: TrengoTicketRecord, status: TrengoTicketRecord['status'], event: TrengoEventType): TrengoTicketRecord {
    const updated: TrengoTicketRecord = { ...ticket, status, updated_at: trengoTimestamp(this.now()) };
    this.store.tickets.set(updated.id, updated);
    this.#announce(event, updated);
    return updated;
  }

  #announce(event: TrengoEventType, ticket: TrengoTicketRecord): void {
    this.webhooks.publish(event, eventFields(ticket));
  }

  /** The newest ticket of the contact on the channel that is not closed. */
  #openTicketOf(contactId: number, channelId: number): TrengoTicketRecord | undefined {
    return this.store
      .listTickets()
      .find((ticket) => ticket.contact_id === contactId && ticket.channel_id === channelId && ticket.status !== 'CLOSED');
  }

  #sender(inbound: InboundMessage): TrengoContactRecord {
    if (inbound.contactId !== undefined) {
      const contact = this.store.contacts.get(inbound.contactId);
      if (!contact) throw new TrengoActivityError(`No contact ${inbound.contactId}`);
      return contact;
    }
    const email = inbound.from?.email?.trim() || null;
    const phone = inbound.from?.phone?.trim() || null;
    if (!email && !phone) {
      throw new TrengoActivityError('An inbound message needs a ticketId, a contactId, or a sender email or phone', 400);
    }
    const known = this.store.listContacts().find(
      (contact) =>
        (email !== null && contact.email?.toLowerCase() === email.toLowerCase()) ||
        (phone !== null && [contact.phone, contact.identifier].some((text) => text !== null && samePhone(text, phone))),
    );
    if (known) return known;
    const name = inbound.from?.name?.trim() || email || phone || 'Unknown';
    const contact = newTrengoContact(this.store.newContactId(), name, email, phone, trengoTimestamp(this.now()));
    this.store.contacts.set(contact.id, contact);
    return contact;
  }
}

/**
 * The fields every ticket event carries, all strings as Trengo sends them; an empty value is an
 * empty string. `contact_identifier` is the address the customer writes from.
 */
function eventFields(ticket: TrengoTicketRecord): Record<string, string> {
  return {
    ticket_id: String(ticket.id),
    contact_id: String(ticket.contact_id),
    contact_name: ticket.contact.name,
    contact_email: ticket.contact.email ?? '',
    contact_identifier: ticket.contact.identifier ?? ticket.contact.phone ?? '',
    channel_id: String(ticket.channel_id),
    user_id: ticket.user_id === null ? '' : String(ticket.user_id),
    status: ticket.status,
  };
}

/** Two numbers written differently (`+1 415 555 0142`, `(415) 555-0142`) are the same when their E.164 forms are. */
function samePhone(a: string, b: string): boolean {
  const e164 = (text: string) => parsePhoneNumberFromString(text, { defaultCountry: 'US' })?.number ?? text.replace(/\D/g, '');
  const left = e164(a);
  return left !== '' && left === e164(b);
}

/** An instant as Trengo writes times: `YYYY-MM-DD HH:mm:ss` in UTC. */
export function trengoTimestamp(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}

const positiveId = z.number().int().positive();

/** Body of `POST /_sandbox/inbound`. */
export const inboundMessageSchema = z.strictObject({
  message: z.string().min(1),
  ticketId: positiveId.optional(),
  contactId: positiveId.optional(),
  from: z
    .strictObject({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() })
    .optional(),
  channelId: positiveId.optional(),
  subject: z.string().optional(),
});

/** Routes to mount at `/_sandbox`: `POST /inbound`, `POST /tickets/{id}/close`, `POST /tickets/{id}/reopen`. */
export function activityControlRoutes(activity: TrengoActivity) {
  const app = new Hono()
    .post('/inbound', async (c) => {
      const parsed = inboundMessageSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json({ message: 'Invalid inbound message', issues: z.treeifyError(parsed.error) }, 400);
      return c.json(activity.receiveMessage(parsed.data), 201);
    })
    .post('/tickets/:ticketId/close', (c) => c.json(activity.closeTicket(Number(c.req.param('ticketId')))))
    .post('/tickets/:ticketId/reopen', (c) => c.json(activity.reopenTicket(Number(c.req.param('ticketId')))))
    .post('/tickets/:ticketId/labels/:labelId', (c) => c.json(activity.labelTicket(Number(c.req.param('ticketId')), Number(c.req.param('labelId')), true)))
    .delete('/tickets/:ticketId/labels/:labelId', (c) => c.json(activity.labelTicket(Number(c.req.param('ticketId')), Number(c.req.param('labelId')), false)));
  app.onError((error, c) => {
    if (error instanceof TrengoActivityError) return c.json({ message: error.message }, error.status);
    console.error('Trengo sandbox failure', error);
    return c.json({ message: 'Server Error' }, 500);
  });
  return app;
}
