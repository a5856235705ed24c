/** The Trengo sandbox's data, in memory, seeded from the demo seed. */
import type { Seed } from '../seed';
import type { TrengoChannelRecord, TrengoContactRecord, TrengoTicketRecord } from './records';

/** Tickets, contacts and channels keyed by id; tests may read and change them directly. */
export class TrengoStore {
  readonly tickets = new Map<number, TrengoTicketRecord>();
  readonly contacts = new Map<number, TrengoContactRecord>();
  readonly channels = new Map<number, TrengoChannelRecord>();

  constructor(seed: Seed) {
    this.reset(seed);
  }

  /** Drops everything and loads a fresh copy of the seed. */
  reset(seed: Seed): void {
    const fresh = structuredClone(seed.trengo);
    this.tickets.clear();
    this.contacts.clear();
    this.channels.clear();
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
}
