/**
 * Looking around the location: searching HighLevel contacts to link one, and listing the other
 * contacts of the matched contact's company.
 */
import type { BusinessContacts, SearchResult } from '../../shared/actions';
import type { CrmPort } from '../crm/port';
import { OutsideError } from '../platform/outside-http';
import type { AuditLog } from '../store/port';
import { AppError } from '../platform/errors';
import type { ContactService } from './matching';
import { createRecent } from '../platform/recent';
import { contactUrl, toCandidate } from './view';

/** The most contacts a search answers. */
const searchLimit = 20;
/** The most colleagues listed for a company. */
const businessLimit = 50;
/** How long the contacts a ticket's search found may be linked to that ticket. */
const foundTtlMs = 60 * 60_000;
/** The most tickets whose search results are remembered. */
const foundLimit = 5000;

export function createDirectory(options: {
  crm: CrmPort;
  contacts: ContactService;
  audit: AuditLog;
  appUrl: string;
  locationId: string;
}) {
  const { crm, contacts, audit } = options;
  /**
   * The contacts each ticket's searches found: a ticket may link only these, so every contact a
   * session reaches beyond its own match went through a search the audit log recorded.
   */
  const found = createRecent<string, Set<string>>({ limit: foundLimit, ttlMs: foundTtlMs });
  function rememberFound(ticketId: string, ids: string[]): void {
    found.set(ticketId, new Set([...(found.get(ticketId) ?? []), ...ids]));
  }

  /**
   * The company record of a contact, read from HighLevel. An answer without a readable contact
   * names no company: the list of colleagues is a convenience, not worth an error on the sidebar.
   */
  async function businessIdOf(contactId: string): Promise<string | null | undefined> {
    try {
      return (await crm.getContact(contactId)).businessId;
    } catch (error) {
      if (error instanceof OutsideError && error.kind === 'invalid_response') return null;
      throw error;
    }
  }

  return {
    /** HighLevel contacts whose name, email, phone or company fit the text; recorded in the audit log. */
    async search(ticketId: string, query: string): Promise<SearchResult> {
      const ticket = await contacts.ticketContact(ticketId).catch(() => null);
      const entry = {
        action: 'search',
        ticketId,
        trengoContactId: ticket?.id ?? null,
        ghlContactId: null,
        writeId: null,
        fields: JSON.stringify({ q: query }),
      };
      try {
        const page = await crm.searchContacts({ query, pageLimit: searchLimit });
        audit.record({ ...entry, result: 'ok', ghlStatus: 200, traceId: null, detail: `${page.contacts.length} found` });
        const shown = page.contacts.slice(0, searchLimit);
        rememberFound(ticketId, shown.map((contact) => contact.id));
        return { contacts: shown.map(toCandidate) };
      } catch (error) {
        const ghlError = error instanceof OutsideError ? error : null;
        audit.record({
          ...entry,
          result: 'error',
          ghlStatus: ghlError?.status ?? null,
          traceId: ghlError?.traceId ?? null,
          detail: ghlError?.messages.join('; ') ?? 'unexpected failure',
        });
        throw error;
      }
    },

    /** Refuses with a 403 a contact no search of this ticket found within the last hour. */
    assertFound(ticketId: string, contactId: string): void {
      if (!found.get(ticketId)?.has(contactId)) {
        throw new AppError(403, 'forbidden', 'Only a contact found by a search in this ticket can be linked. Search again and pick it.');
      }
    },

    /** The other contacts of the company the ticket's contact belongs to; none when it has no company record. */
    async colleagues(ticketId: string): Promise<BusinessContacts> {
      const { ghlContactId } = await contacts.customerOf(ticketId);
      if (!ghlContactId) throw noContact();
      const known = contacts.businessOf(ghlContactId);
      // A view that showed no company may have come from a search answer, which often leaves the company out: ask.
      const businessId = known ?? (await businessIdOf(ghlContactId));
      if (!businessId) return { contacts: [] };
      const page = await crm.getContactsByBusiness(businessId, { limit: businessLimit });
      return {
        contacts: page.contacts
          .filter((other) => other.id !== ghlContactId)
          .map((other) => ({ ...toCandidate(other), url: contactUrl(options.appUrl, options.locationId, other.id) })),
      };
    },
  };
}

export type Directory = ReturnType<typeof createDirectory>;

/** The answer when the ticket's customer has no HighLevel contact to act on. */
export function noContact(): AppError {
  return new AppError(409, 'no_contact', 'This ticket has no HighLevel contact yet. Pick, link or create one first.');
}
