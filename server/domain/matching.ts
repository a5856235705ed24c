/**
 * The domain: from a Trengo ticket to the HighLevel record the sidebar shows.
 * Matching order: the contact linked to the ticket's customer (picked, searched or created by an
 * agent), then email, then phone in E.164.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { ContactView, MatchedView, TicketContact } from '../../shared/api';
import { toE164 } from '../../shared/phone';
import type { CrmContact, CrmPort } from '../crm/port';
import type { HelpdeskPort, HelpdeskTicket } from '../helpdesk/port';
import { OutsideError } from '../platform/outside-http';
import { linkKey, type AuditLog, type CopiedParts, type Links, type ReadCopy, type ShownContacts } from '../store/port';
import type { Live } from './live';
import { createReadModel, type ReadModel, type RecordPart } from './read-model';
import { AppError } from '../platform/errors';
import { createRecent } from '../platform/recent';
import { startBudget } from '../platform/budget';
import { runInBackground } from '../platform/request-context';
import { toAppointments, toCandidate, toContactCard, toNotes, toTasks } from './view';

export type ContactServiceOptions = {
  crm: CrmPort;
  helpdesk: HelpdeskPort;
  /** The durable links of Trengo customers to HighLevel contacts. */
  links: Links;
  /** Where links and unlinks are recorded. */
  audit?: AuditLog;
  /** Where the contact each ticket showed is kept across restarts; memory only without it. */
  shown?: ShownContacts;
  locationId: string;
  appUrl: string;
  timeZone: string;
  defaultCountry: CountryCode;
  /**
   * How long a ticket's Trengo contact is reused before Trengo is asked again, and how long a
   * contact's read copy answers an open without a new read (older, it answers at once and is
   * read again behind). 0: every open reads HighLevel, and the copy only stands in when
   * HighLevel does not answer within `copyAfterMs`.
   */
  ticketTtlMs: number;
  /** The read copy of contacts; without it every open reads HighLevel. */
  readCopy?: ReadCopy;
  /** Told when a contact's records change, for the open sidebars. */
  live?: Live;
  /** With no cache time: how long an open waits for HighLevel before answering from the copy; default 1500. */
  copyAfterMs?: number;
  /**
   * Whether the CRM's budget for the location is used up right now (a call would wait its turn):
   * an open with a copy then answers from it at once instead of queueing behind the limit.
   */
  crmBusy?: () => boolean;
  /**
   * The time budget of an open; default 10000. A lookup still under way then is answered with a
   * clear error and goes on behind, so the widget's next try joins it.
   */
  openWithinMs?: number;
  now?: () => Date;
};

/** How long a lookup started at launch waits for the widget's first request. */
const prefetchTtlMs = 10_000;

/** How many matches the search asks for; more than one is enough to show the picker. */
const candidateLimit = 10;

/** How long the contact a ticket's sidebar showed is what that ticket's writes act on, without a new search. */
const shownTtlMs = 60 * 60_000;
/** How old the stored contact of a ticket may grow before an open writes it again. */
const shownRefreshMs = 10 * 60_000;
/** The most tickets (or contacts) each of the service's memories holds. */
const rememberedLimit = 5000;

/** The customer of a ticket as writes see it: who they are, their link key, and their HighLevel contact if known. */
export type TicketCustomer = { ticketId: string; ticket: TicketContact; key: string; ghlContactId: string | null };

export function createContactService(options: ContactServiceOptions) {
  const { crm, helpdesk, links, defaultCountry } = options;
  const now = options.now ?? (() => new Date());
  const ticketContacts = createRecent<string, Promise<TicketContact>>({ limit: rememberedLimit, ttlMs: options.ticketTtlMs });

  /** The ticket's contact as Trengo knows it, reused for a short while so repeat opens skip Trengo. */
  function ticketContact(ticketId: string): Promise<TicketContact> {
    const cached = ticketContacts.get(ticketId);
    if (cached) return cached;
    const value = helpdesk.getTicket(ticketId).then((ticket) => fromTicket(ticket, defaultCountry));
    ticketContacts.set(ticketId, value);
    value.catch(() => ticketContacts.delete(ticketId));
    return value;
  }

  /** HighLevel contacts that fit the Trengo contact: by email first, then by phone. */
  async function findMatches(contact: TicketContact): Promise<CrmContact[]> {
    if (contact.email) {
      const byEmail = await crm.searchContacts({ email: contact.email, pageLimit: candidateLimit });
      if (byEmail.contacts.length > 0) return byEmail.contacts;
    }
    if (contact.phone?.startsWith('+')) {
      const byPhone = await crm.searchContacts({ phone: contact.phone, pageLimit: candidateLimit });
      return byPhone.contacts;
    }
    return [];
  }

  /** The company record of each contact a sidebar showed, so its colleagues need no second look-up. */
  const businessOf = createRecent<string, string | null>({ limit: rememberedLimit, ttlMs: shownTtlMs });

  const readModel = createReadModel({ crm, ...(options.readCopy && { readCopy: options.readCopy }), ...(options.live && { live: options.live }) });

  /** The full view of one HighLevel contact, read now: its tasks, notes and appointments fetched in parallel. */
  async function matchedView(ticket: TicketContact, contact: CrmContact | string, linked: boolean): Promise<MatchedView> {
    return viewFromParts(ticket, await readModel.read(contact), linked);
  }

  /** The view of a contact's records; `asOf` (epoch ms) when they come from the copy. */
  function viewFromParts(ticket: TicketContact, parts: CopiedParts, linked: boolean, asOf?: number): MatchedView {
    const { contact: record, tasks, notes, appointments: events } = parts;
    businessOf.set(record.id, record.businessId ?? null);
    const at = now();
    const appointments = toAppointments(events, options.timeZone, at);
    return {
      status: 'matched',
      ticketContact: ticket,
      contact: toContactCard(record, options),
      linked,
      ...matchBasis(ticket, record, linked),
      tasks: toTasks(tasks, at),
      notes: toNotes(notes),
      upcomingAppointments: appointments.upcoming,
      pastAppointments: appointments.past,
      ...(asOf === undefined ? {} : { asOf: new Date(asOf).toISOString() }),
    };
  }

  /**
   * The contact each ticket's sidebar last showed by matching (not by link), so the ticket's
   * writes act on what the agent sees, and are accepted while HighLevel cannot be searched, after
   * a restart too. Memory answers repeat opens; the store is written only when the contact
   * changes or its time is getting old, so an open costs no disk write.
   */
  const shown = createRecent<string, { contactId: string | null; storedAt: number }>({ limit: rememberedLimit, ttlMs: shownTtlMs });
  function remember(ticketId: string, contactId: string | null): void {
    const known = shown.get(ticketId);
    const at = now().getTime();
    if (known && known.contactId === contactId && at - known.storedAt < shownRefreshMs) return;
    shown.set(ticketId, { contactId, storedAt: at });
    if (contactId === null) options.shown?.clear(ticketId);
    else options.shown?.set(ticketId, contactId);
  }
  function shownFor(ticketId: string): string | undefined {
    const known = shown.get(ticketId);
    return known ? (known.contactId ?? undefined) : options.shown?.get(ticketId, shownTtlMs);
  }

  /**
   * The sidebar for a ticket. With a copy of the contact the ticket showed or is linked to: the
   * copy at once while it is younger than the cache time, else at once too with a read behind it
   * (its changes reach the sidebar live); without a cache time, or when the server's own write
   * changed the contact since the copy was read, a read with the copy standing in when HighLevel
   * is slow or failing. While HighLevel's budget is used up, any copy answers at once. Without a
   * copy: read now.
   */
  async function lookUp(ticketId: string): Promise<ContactView> {
    const ticket = await ticketContact(ticketId);
    const linkedId = links.get(linkKey(ticketId, ticket.id));
    const knownId = linkedId ?? shownFor(ticketId);
    const copy = knownId ? readModel.copyOf(knownId) : undefined;
    if (!copy) return lookUpNow(ticketId, ticket);
    const fromCopy = () => viewFromParts(ticket, copy.parts, Boolean(linkedId), copy.asOf);
    // Under pressure the copy answers rather than an agent waiting behind the location's limit;
    // nothing is read behind it either: the next open after the pressure reads it again.
    if (options.crmBusy?.()) return fromCopy();
    // A copy from before the server's own write to the contact is read again, not shown as it is.
    if (options.ticketTtlMs > 0 && copy.current) {
      if (now().getTime() - copy.asOf > options.ticketTtlMs) revalidate(ticketId, ticket);
      return fromCopy();
    }
    const reading = lookUpNow(ticketId, ticket);
    const standIn = (error: unknown) => {
      if (error instanceof OutsideError && error.retryable) return fromCopy();
      throw error;
    };
    return startBudget(options.copyAfterMs ?? 1500).within(reading.catch(standIn), fromCopy);
  }

  /** Reads behind an answer from the copy; one at a time per ticket. */
  const revalidating = new Set<string>();
  function revalidate(ticketId: string, ticket: TicketContact): void {
    if (revalidating.has(ticketId)) return;
    revalidating.add(ticketId);
    runInBackground(() => lookUpNow(ticketId, ticket))
      .catch(() => undefined)
      .finally(() => revalidating.delete(ticketId));
  }

  /** The sidebar for a ticket read from HighLevel now: matched, not found, or several to pick from. */
  async function lookUpNow(ticketId: string, ticket: TicketContact): Promise<ContactView> {
    const key = linkKey(ticketId, ticket.id);
    const linkedId = links.get(key);
    if (linkedId) {
      try {
        remember(ticketId, null);
        return await matchedView(ticket, linkedId, true);
      } catch (error) {
        // A linked contact deleted in HighLevel: forget the link and match as if there were none.
        if (!(error instanceof OutsideError && error.kind === 'not_found')) throw error;
        links.clear(key);
      }
    }
    const matches = await findMatches(ticket);
    const [only, ...others] = matches;
    remember(ticketId, only && others.length === 0 ? only.id : null);
    if (!only) return { status: 'notFound', ticketContact: ticket };
    if (others.length === 0) return matchedView(ticket, only, false);
    return { status: 'multiple', ticketContact: ticket, candidates: matches.map(toCandidate) };
  }

  function recordLink(action: 'link' | 'unlink', ticketId: string, ticket: TicketContact, ghlContactId: string | null): void {
    options.audit?.record({
      action,
      ticketId,
      trengoContactId: ticket.id,
      ghlContactId,
      writeId: null,
      fields: null,
      result: 'ok',
      ghlStatus: null,
      traceId: null,
      detail: null,
    });
  }

  /** Lookups in flight: concurrent requests for one ticket share one. */
  const lookups = new Map<string, Promise<ContactView>>();
  /** Lookups started at launch, kept for the widget's first request. */
  const prefetched = createRecent<string, Promise<ContactView>>({ limit: rememberedLimit, ttlMs: prefetchTtlMs });

  function viewForTicket(ticketId: string): Promise<ContactView> {
    const early = prefetched.take(ticketId);
    if (early) return early;
    const pending = lookups.get(ticketId);
    if (pending) return pending;
    const lookup = lookUp(ticketId).finally(() => lookups.delete(ticketId));
    lookups.set(ticketId, lookup);
    return lookup;
  }

  return {
    /** The sidebar for a ticket, joining a lookup already under way for it. */
    viewForTicket,

    /** The contacts' records as the server keeps them. */
    readModel,

    /** HighLevel says part of a contact changed: that part is read again, if the server keeps a copy of the contact. */
    contactChanged: (contactId: string, part: RecordPart): Promise<void> => runInBackground(() => readModel.refresh(contactId, part)),

    /** HighLevel deleted a contact: its copy is dropped and its sidebars look again. */
    async contactDeleted(contactId: string): Promise<void> {
      readModel.deleted(contactId);
    },

    /**
     * A customer wrote, or a ticket was opened, in Trengo: the ticket's match and its contact's
     * records are looked up now, so the agent who opens it gets them from the copy at once.
     */
    async ticketActivity(ticketId: string): Promise<void> {
      await runInBackground(() => viewForTicket(ticketId));
    },

    /** The sidebar for a ticket within the open's time budget; a 504 when the outside systems take longer. */
    openTicket(ticketId: string): Promise<ContactView> {
      return startBudget(options.openWithinMs ?? 10_000).within(viewForTicket(ticketId), () => {
        throw new AppError(504, 'upstream_timeout', 'HighLevel or Trengo is slow to answer right now. Try again in a moment; the lookup carries on meanwhile.', {
          retryable: true,
        });
      });
    },

    /** The ticket's customer as Trengo knows them (reused briefly). */
    ticketContact,

    /**
     * Starts the lookup while the widget page is still loading, so the outside calls overlap
     * the page load; the widget's first request then takes this result (at most `prefetchTtlMs` old).
     */
    prefetch(ticketId: string): void {
      // A new launch starts from what the ticket is now, never from an earlier launch's result
      // (one that failed while a token was missing, say); a lookup under way is still joined.
      prefetched.delete(ticketId);
      const view = viewForTicket(ticketId);
      view.catch(() => undefined);
      prefetched.set(ticketId, view);
    },

    /** Links the agent's pick among several matches to the ticket's customer and returns its view. */
    async chooseForTicket(ticketId: string, contactId: string): Promise<MatchedView> {
      const ticket = await ticketContact(ticketId);
      const match = (await findMatches(ticket)).find((candidate) => candidate.id === contactId);
      if (!match) {
        throw new AppError(403, 'forbidden', 'That HighLevel contact is not one of the matches for this ticket. Reload and pick again.');
      }
      links.set(linkKey(ticketId, ticket.id), contactId);
      remember(ticketId, null);
      prefetched.delete(ticketId);
      recordLink('link', ticketId, ticket, contactId);
      return matchedView(ticket, match, true);
    },

    /** Links the ticket's customer to any HighLevel contact of the location (found by search) and returns its view. */
    async linkForTicket(ticketId: string, contactId: string): Promise<MatchedView> {
      const ticket = await ticketContact(ticketId);
      const contact = await crm.getContact(contactId);
      links.set(linkKey(ticketId, ticket.id), contact.id);
      remember(ticketId, null);
      prefetched.delete(ticketId);
      recordLink('link', ticketId, ticket, contact.id);
      return matchedView(ticket, contact, true);
    },

    /** Forgets the ticket customer's link: the sidebar matches by email and phone again. */
    async unlinkForTicket(ticketId: string): Promise<ContactView> {
      const ticket = await ticketContact(ticketId);
      const key = linkKey(ticketId, ticket.id);
      const linked = links.get(key) ?? null;
      links.clear(key);
      remember(ticketId, null);
      prefetched.delete(ticketId);
      recordLink('unlink', ticketId, ticket, linked);
      return lookUpNow(ticketId, ticket);
    },

    /**
     * The HighLevel contact a ticket's writes act on, found as the sidebar finds it: the link,
     * else the contact the sidebar showed for this ticket within the last hour, else a match now.
     * Null when the ticket has none (or several to pick from). With `match: false` only the link
     * counts, and HighLevel is not asked (creating a contact needs no match).
     */
    async customerOf(ticketId: string, { match = true } = {}): Promise<TicketCustomer> {
      const ticket = await ticketContact(ticketId);
      const key = linkKey(ticketId, ticket.id);
      const linked = links.get(key);
      if (linked || !match) return { ticketId, ticket, key, ghlContactId: linked ?? null };
      const recent = shownFor(ticketId);
      if (recent) return { ticketId, ticket, key, ghlContactId: recent };
      const matches = await findMatches(ticket);
      const only = matches.length === 1 ? matches[0] : undefined;
      remember(ticketId, only?.id ?? null);
      return { ticketId, ticket, key, ghlContactId: only?.id ?? null };
    },

    /**
     * The ticket's customer and the HighLevel contact its sidebar shows, as far as the server
     * knows without asking HighLevel (the link, else what the sidebar showed last).
     */
    async shownContactOf(ticketId: string): Promise<{ key: string; contactId: string | null }> {
      const ticket = await ticketContact(ticketId);
      const key = linkKey(ticketId, ticket.id);
      return { key, contactId: links.get(key) ?? shownFor(ticketId) ?? null };
    },

    /** The company of a contact as its last view showed it; undefined when no view showed it yet. */
    businessOf(contactId: string): string | null | undefined {
      return businessOf.get(contactId);
    },

    /** Drops the cached reads of a contact (and every cached search) after it changed: its copy is read again at the next open. */
    forgetCachedReads(contactId: string): void {
      crm.invalidateContact(contactId);
      readModel.changed(contactId);
    },

    /**
     * The server's own write to a contact was taken by HighLevel: cached reads are dropped, and
     * the contact's copy takes the change (see `ReadModel.took`) instead of being read again.
     */
    tookWrite(contactId: string, change: Parameters<ReadModel['took']>[1]): Promise<void> {
      crm.invalidateContact(contactId);
      return readModel.took(contactId, change);
    },

    /** Links a customer to a contact created for them, unless an agent linked one meanwhile. */
    linkCreated(key: string, contactId: string): void {
      if (!links.get(key)) links.set(key, contactId);
    },

    /**
     * The fresh sidebar of a ticket showing this contact, after a write: from the copy when the
     * write's change reached it (waiting for a re-read of the part it touched, if one is under
     * way), else read now (no cached read, no shared lookup).
     */
    async viewOfContact(ticketId: string, contactId: string): Promise<MatchedView> {
      prefetched.delete(ticketId);
      const ticket = await ticketContact(ticketId);
      const linked = links.get(linkKey(ticketId, ticket.id)) === contactId;
      await readModel.settled(contactId);
      const copy = readModel.copyOf(contactId);
      if (copy?.current) return viewFromParts(ticket, copy.parts, linked);
      crm.invalidateContact(contactId);
      return matchedView(ticket, contactId, linked);
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;

/** The ticket's customer with their phone in E.164 where it can be read. */
function fromTicket(ticket: HelpdeskTicket, defaultCountry: CountryCode): TicketContact {
  const customer = ticket.customer;
  if (!customer) return { id: null, name: null, email: null, phone: null };
  const { phone } = customer;
  return { ...customer, phone: phone ? (toE164(phone, defaultCountry) ?? phone) : null };
}

/** What a matched view rests on, as far as the records show it: a link, the same email, or the same number. */
function matchBasis(ticket: TicketContact, record: CrmContact, linked: boolean): Pick<MatchedView, 'matchedBy'> {
  if (linked) return { matchedBy: 'linked' };
  if (ticket.email && record.email?.toLowerCase() === ticket.email.toLowerCase()) return { matchedBy: 'email' };
  const digits = (phone: string | null | undefined) => (phone ?? '').replace(/\D/g, '');
  if (ticket.phone && digits(record.phone) !== '' && digits(record.phone) === digits(ticket.phone)) return { matchedBy: 'phone' };
  return {};
}
