/** The Trengo sandbox's data, in memory, seeded from the demo seed. */
import type { Seed } from '../seed';
import type { TrengoChannelRecord, TrengoContactRecord, TrengoLabelRecord, TrengoMessageRecord, TrengoTicketRecord } from './records';

/** A message that went to a customer, as they would have received it. */
export interface DeliveredMessage {
  messageId: number;
  ticketId: number;
  contactId: number;
  channelId: number;
  message: string;
  /** The subject of an email, when one was given. */
  subject: string | null;
  at: string;
}

/** The labels every sandbox starts with. */
export const sandboxLabels: readonly TrengoLabelRecord[] = [
  { id: 71, name: 'VIP', color: '#F5A623' },
  { id: 72, name: 'Complaint', color: '#D0021B' },
  { id: 73, name: 'Billing', color: '#4A90E2' },
];

/** Tickets, contacts and channels keyed by id; tests may read and change them directly. */
export class TrengoStore {
  readonly tickets = new Map<number, TrengoTicketRecord>();
  readonly contacts = new Map<number, TrengoContactRecord>();
  readonly channels = new Map<number, TrengoChannelRecord>();
  /** Each ticket's messages and internal notes, oldest first. */
  readonly messages = new Map<number, TrengoMessageRecord[]>();
  readonly labels = new Map<number, TrengoLabelRecord>();
  /** The label ids on each ticket. */
  readonly ticketLabels = new Map<number, Set<number>>();
  /** Every message a customer would have received, in the order sent: what tests count. */
  readonly delivered: DeliveredMessage[] = [];
  #nextMessageId = 800_001;

  constructor(seed: Seed) {
    this.reset(seed);
  }

  /** Drops everything and loads a fresh copy of the seed. */
  reset(seed: Seed): void {
    const fresh = structuredClone(seed.trengo);
    this.tickets.clear();
    this.contacts.clear();
    this.channels.clear();
    this.messages.clear();
    this.labels.clear();
    this.ticketLabels.clear();
    this.delivered.length = 0;
    this.#nextMessageId = 800_001;
    for (const label of sandboxLabels) this.labels.set(label.id, { ...label });
    for (const channel of fresh.channels) this.channels.set(channel.id, channel);
    for (const contact of fresh.contacts) this.contacts.set(contact.id, contact);
    for (const ticket of fresh.tickets) this.tickets.set(ticket.id, ticket);
  }

  /** Tickets newest first, the order Trengo lists them in. */
  listTickets(): TrengoTicketRecord[] {
    return [...this.tickets.values()].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  }

  listContacts(): TrengoContactRecord[] {
    return [...this.contacts.values()].sort((a, b) => a.id - b.id);
  }

  /** An id after every ticket's. */
  newTicketId(): number {
    return Math.max(0, ...this.tickets.keys()) + 1;
  }

  /** An id after every contact's. */
  newContactId(): number {
    return Math.max(0, ...this.contacts.keys()) + 1;
  }

  /** Adds a message to a ticket; one that is not an internal note reaches the customer and is recorded as delivered. */
  addMessage(ticket: TrengoTicketRecord, input: { message: string; type: TrengoMessageRecord['type']; subject?: string | null }, createdAt: string): TrengoMessageRecord {
    const record: TrengoMessageRecord = {
      id: this.#nextMessageId++,
      ticket_id: ticket.id,
      type: input.type,
      message: input.message,
      internal_note: input.type === 'NOTE',
      created_at: createdAt,
    };
    this.messages.set(ticket.id, [...(this.messages.get(ticket.id) ?? []), record]);
    if (input.type === 'OUTBOUND') {
      this.delivered.push({
        messageId: record.id,
        ticketId: ticket.id,
        contactId: ticket.contact_id,
        channelId: ticket.channel_id,
        message: input.message,
        subject: input.subject ?? null,
        at: createdAt,
      });
    }
    return record;
  }

  /** The labels on a ticket. */
  labelsOf(ticketId: number): TrengoLabelRecord[] {
    return [...(this.ticketLabels.get(ticketId) ?? [])].flatMap((id) => {
      const label = this.labels.get(id);
      return label ? [label] : [];
    });
  }
}
