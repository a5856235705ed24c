/**
 * The domain: from a Trengo ticket to the HighLevel record the sidebar shows.
 * Matching order: the contact picked for this ticket, then email, then phone in E.164.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { ContactView, MatchedView, TicketContact } from '../../shared/api';
import { toE164 } from '../../shared/phone';
import type { GhlClient, GhlContact } from '../ghl/index';
import type { TicketChoices } from '../store/ticket-choices';
import type { TrengoClient, TrengoTicket } from '../trengo/client';
import { AppError } from '../errors';
import { toAppointments, toCandidate, toContactCard, toNotes, toTasks } from './view';

export type ContactServiceOptions = {
  ghl: GhlClient;
  trengo: TrengoClient;
  choices: TicketChoices;
  locationId: string;
  appUrl: string;
  timeZone: string;
  defaultCountry: CountryCode;
  /** How long a ticket's Trengo contact is reused before Trengo is asked again. */
  ticketTtlMs: number;
  now?: () => Date;
};

/** How long a lookup started at launch waits for the widget's first request. */
const prefetchTtlMs = 10_000;

/** How many matches the search asks for; more than one is enough to show the picker. */
const candidateLimit = 10;

export function createContactService(options: ContactServiceOptions) {
  const { ghl, trengo, choices, defaultCountry } = options;
  const now = options.now ?? (() => new Date());
  const ticketContacts = new Map<string, { value: Promise<TicketContact>; expiresAt: number }>();

  /** The ticket's contact as Trengo knows it, reused for a short while so repeat opens skip Trengo. */
  function ticketContact(ticketId: string): Promise<TicketContact> {
    const cached = ticketContacts.get(ticketId);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const value = trengo.getTicket(ticketId).then((ticket) => fromTicket(ticket, defaultCountry));
    ticketContacts.set(ticketId, { value, expiresAt: Date.now() + options.ticketTtlMs });
    value.catch(() => ticketContacts.delete(ticketId));
    return value;
  }

  /** HighLevel contacts that fit the Trengo contact: by email first, then by phone. */
  async function findMatches(contact: TicketContact): Promise<GhlContact[]> {
    if (contact.email) {
      const byEmail = await ghl.searchContacts({ email: contact.email, pageLimit: candidateLimit });
      if (byEmail.contacts.length > 0) return byEmail.contacts;
    }
    if (contact.phone?.startsWith('+')) {
      const byPhone = await ghl.searchContacts({ phone: contact.phone, pageLimit: candidateLimit });
      return byPhone.contacts;
    }
    return [];
  }

  /** The full view of one HighLevel contact: its tasks, notes and appointments fetched in parallel. */
  async function matchedView(ticket: TicketContact, contact: GhlContact | string): Promise<MatchedView> {
    const contactId = typeof contact === 'string' ? contact : contact.id;
    const [record, tasks, notes, events] = await Promise.all([
      typeof contact === 'string' ? ghl.getContact(contact) : contact,
      ghl.getTasks(contactId),
      ghl.getNotes(contactId),
      ghl.getAppointments(contactId),
    ]);
    const at = now();
    const appointments = toAppointments(events, options.timeZone, at);
    return {
      status: 'matched',
      ticketContact: ticket,
      contact: toContactCard(record, options),
      tasks: toTasks(tasks, at),
      notes: toNotes(notes),
      upcomingAppointments: appointments.upcoming,
      pastAppointments: appointments.past,
    };
  }

  /** The sidebar for a ticket: matched, not found, or several to pick from. */
  async function lookUp(ticketId: string): Promise<ContactView> {
    const ticket = await ticketContact(ticketId);
    const chosenId = choices.get(ticketId);
    if (chosenId) return matchedView(ticket, chosenId);
    const matches = await findMatches(ticket);
    const [only, ...others] = matches;
    if (!only) return { status: 'notFound', ticketContact: ticket };
    if (others.length === 0) return matchedView(ticket, only);
    return { status: 'multiple', ticketContact: ticket, candidates: matches.map(toCandidate) };
  }

  /** Lookups in flight: concurrent requests for one ticket share one. */
  const lookups = new Map<string, Promise<ContactView>>();
  /** Lookups started at launch, kept for the widget's first request. */
  const prefetched = new Map<string, { view: Promise<ContactView>; expiresAt: number }>();

  function viewForTicket(ticketId: string): Promise<ContactView> {
    const early = prefetched.get(ticketId);
    prefetched.delete(ticketId);
    if (early && early.expiresAt > Date.now()) return early.view;
    const pending = lookups.get(ticketId);
    if (pending) return pending;
    const lookup = lookUp(ticketId).finally(() => lookups.delete(ticketId));
    lookups.set(ticketId, lookup);
    return lookup;
  }

  return {
    /** The sidebar for a ticket, joining a lookup already under way for it. */
    viewForTicket,

    /**
     * Starts the lookup while the widget page is still loading, so the outside calls overlap
     * the page load; the widget's first request then takes this result (at most `prefetchTtlMs` old).
     */
    prefetch(ticketId: string): void {
      const view = viewForTicket(ticketId);
      view.catch(() => undefined);
      prefetched.set(ticketId, { view, expiresAt: Date.now() + prefetchTtlMs });
    },

    /** Records the agent's pick among several matches for this ticket and returns its view. */
    async chooseForTicket(ticketId: string, contactId: string): Promise<MatchedView> {
      const ticket = await ticketContact(ticketId);
      const match = (await findMatches(ticket)).find((candidate) => candidate.id === contactId);
      if (!match) {
        throw new AppError(403, 'forbidden', 'That HighLevel contact is not one of the matches for this ticket. Reload and pick again.');
      }
      choices.set(ticketId, contactId);
      prefetched.delete(ticketId);
      return matchedView(ticket, match);
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;

/** The ticket's contact with its phone in E.164 where it can be read. */
function fromTicket(ticket: TrengoTicket, defaultCountry: CountryCode): TicketContact {
  const contact = ticket.contact;
  if (!contact) return { id: null, name: null, email: null, phone: null };
  // Trengo's `identifier` is the channel address: an email on email channels, a number on phone ones.
  const identifier = contact.identifier;
  const email = contact.email ?? (identifier?.includes('@') ? identifier : null);
  const rawPhone = contact.phone ?? (identifier && !identifier.includes('@') ? identifier : null);
  return {
    id: contact.id,
    name: contact.name ?? contact.full_name,
    email,
    phone: rawPhone ? (toE164(rawPhone, defaultCountry) ?? rawPhone) : null,
  };
}
