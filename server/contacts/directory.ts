/**
 * Looking around the location: searching HighLevel contacts to link one, and listing the other
 * contacts of the matched contact's company.
 */
import type { BusinessContacts, SearchResult } from '../../shared/actions';
import { GhlError, type GhlClient } from '../ghl/index';
import type { AuditLog } from '../store/audit';
import { AppError } from '../errors';
import type { ContactService } from './service';
import { contactUrl, toCandidate } from './view';

/** The most contacts a search answers. */
const searchLimit = 20;
/** The most colleagues listed for a company. */
const businessLimit = 50;

export function createDirectory(options: {
  ghl: GhlClient;
  contacts: ContactService;
  audit: AuditLog;
  appUrl: string;
  locationId: string;
}) {
  const { ghl, contacts, audit } = options;

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
        const page = await ghl.searchContacts({ query, pageLimit: searchLimit });
        audit.record({ ...entry, result: 'ok', ghlStatus: 200, traceId: null, detail: `${page.contacts.length} found` });
        return { contacts: page.contacts.slice(0, searchLimit).map(toCandidate) };
      } catch (error) {
        const ghlError = error instanceof GhlError ? error : null;
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

    /** The other contacts of the company the ticket's contact belongs to; none when it has no company record. */
    async colleagues(ticketId: string): Promise<BusinessContacts> {
      const { ghlContactId } = await contacts.customerOf(ticketId);
      if (!ghlContactId) throw noContact();
      const contact = await ghl.getContact(ghlContactId);
      if (!contact.businessId) return { contacts: [] };
      const page = await ghl.getContactsByBusiness(contact.businessId, { limit: businessLimit });
      return {
        contacts: page.contacts
          .filter((other) => other.id !== contact.id)
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
