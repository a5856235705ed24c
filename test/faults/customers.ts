/**
 * The customers a fault run works on, added to the sandboxes before the server starts: contacts
 * HighLevel already holds (each with two tasks and a Trengo ticket matched by email), and Trengo
 * customers HighLevel does not know, one ticket for each contact an agent will create.
 */
import type { Sandboxes } from '../../sandbox/index';
import type { GhlContactRecord } from '../../sandbox/highlevel/records';
import type { TrengoContactRecord } from '../../sandbox/trengo/records';

/** A customer matched in HighLevel, whose ticket the agents write to. */
export interface KnownCustomer {
  ticketId: string;
  contactId: string;
  firstName: string;
  /** Tasks HighLevel holds before the run. */
  taskIds: string[];
}

/** A Trengo customer HighLevel does not know: the agent creates the contact from this ticket. */
export interface NewCustomer {
  ticketId: string;
}

/** A HighLevel id: 20 letters and digits, distinct for every prefix and number. */
const ghlId = (prefix: string, n: number) => `${prefix}${String(n).padStart(6, '0')}`.padEnd(20, 'z');

const trengoTime = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

/** Adds `known` matched customers and `unknown` customers to create; returns their tickets. */
export function addCustomers(sandboxes: Sandboxes, known: number, unknown: number): { known: KnownCustomer[]; unknown: NewCustomer[] } {
  const { ghl, trengo, seed } = sandboxes;
  const now = new Date();
  const channel = seed.trengo.channels[0];
  if (!channel) throw new Error('The seed has no Trengo channel');

  const addTicket = (id: number, contact: TrengoContactRecord) => {
    trengo.store.contacts.set(contact.id, contact);
    trengo.store.tickets.set(id, {
      id,
      status: 'OPEN',
      subject: `Fault run ticket ${id}`,
      contact_id: contact.id,
      channel_id: channel.id,
      user_id: null,
      created_at: trengoTime(now),
      updated_at: trengoTime(now),
      contact,
      channel,
    });
  };
  const trengoContact = (id: number, name: string, email: string | null): TrengoContactRecord => ({
    id,
    name,
    full_name: name,
    email,
    phone: null,
    identifier: email,
    abbr: name.slice(0, 1),
    color: '#5B6AD0',
    avatar: null,
    is_private: false,
    created_at: trengoTime(now),
  });

  const knownCustomers = Array.from({ length: known }, (_, index): KnownCustomer => {
    const contactId = ghlId('fAc', index);
    // Zero-padded, so that no customer's email is found by a search for another's.
    const email = `customer-${String(index).padStart(3, '0')}@faults.example`;
    const firstName = `Customer${index}`;
    const contact: GhlContactRecord = {
      id: contactId,
      locationId: ghl.locationId,
      name: `${firstName} Fault`,
      firstName,
      lastName: 'Fault',
      firstNameLowerCase: firstName.toLowerCase(),
      lastNameLowerCase: 'fault',
      fullNameLowerCase: `${firstName} fault`.toLowerCase(),
      email,
      emailLowerCase: email,
      dnd: false,
      type: 'customer',
      tags: ['existing'],
      dateAdded: now.toISOString(),
      dateUpdated: now.toISOString(),
      customFields: [],
    };
    ghl.store.contacts.set(contactId, contact);
    const taskIds = [0, 1].map((n) => ghlId(`fAt${String(index).padStart(4, '0')}x`, n));
    for (const [n, id] of taskIds.entries()) {
      ghl.store.tasks.set(id, { id, contactId, title: `Existing task ${n}`, dueDate: '2031-03-01T09:00:00.000Z', completed: false });
    }
    const ticketId = 7000 + index;
    addTicket(ticketId, trengoContact(60_000 + index, `${firstName} Fault`, email));
    return { ticketId: String(ticketId), contactId, firstName, taskIds };
  });

  const newCustomers = Array.from({ length: unknown }, (_, index): NewCustomer => {
    const ticketId = 8000 + index;
    addTicket(ticketId, trengoContact(70_000 + index, `Newcomer ${index}`, null));
    return { ticketId: String(ticketId) };
  });

  return { known: knownCustomers, unknown: newCustomers };
}
