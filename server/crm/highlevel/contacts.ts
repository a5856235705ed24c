/** Contact records: finding, reading, creating, updating and deleting them, and their tags. */
import { checkedInput, confirmDeleted, contactPath, pathSegment, type RequestKit } from './requests';
import {
  contactListResponseSchema,
  contactResponseSchema,
  contactSearchSchema,
  contactUpdateSchema,
  deletedResponseSchema,
  duplicateContactResponseSchema,
  duplicateLookupSchema,
  newContactSchema,
  searchContactsResponseSchema,
  tagListSchema,
  tagsResponseSchema,
  type GhlContact,
  type GhlContactPage,
  type GhlContactSearch,
  type GhlContactUpdate,
  type GhlDuplicateLookup,
  type GhlNewContact,
} from './schemas';

/** The contact methods of the client. */
export interface GhlContactMethods {
  /** `POST /contacts/search`: email and phone become `eq` filters that all must match. */
  searchContacts(search: GhlContactSearch): Promise<GhlContactPage>;
  /** `GET /contacts/search/duplicate`: the contact HighLevel considers the same person. */
  findDuplicate(lookup: GhlDuplicateLookup): Promise<GhlContact | null>;
  /** `GET /contacts/` (deprecated by HighLevel; prefer `searchContacts`). */
  listContacts(options?: { query?: string; limit?: number }): Promise<GhlContactPage>;
  /** `GET /contacts/{contactId}`. */
  getContact(contactId: string): Promise<GhlContact>;
  /** `GET /contacts/business/{businessId}`: the contacts of a company record. */
  getContactsByBusiness(businessId: string, options?: { limit?: number }): Promise<GhlContactPage>;
  /** `POST /contacts/`; never retried after a 5xx or timeout, so it cannot create twice. */
  createContact(contact: GhlNewContact): Promise<GhlContact>;
  /** `PUT /contacts/{contactId}`; tags change through `addTags` and `removeTags`. */
  updateContact(contactId: string, update: GhlContactUpdate): Promise<GhlContact>;
  /** `DELETE /contacts/{contactId}`. */
  deleteContact(contactId: string): Promise<void>;
  /** `POST /contacts/{contactId}/tags`: resolves to the contact's tags afterwards. */
  addTags(contactId: string, tags: string[]): Promise<string[]>;
  /** `DELETE /contacts/{contactId}/tags`: resolves to the contact's tags afterwards. */
  removeTags(contactId: string, tags: string[]): Promise<string[]>;
}

/** How many contacts a search asks for unless told. */
const defaultPageLimit = 20;

/** A list answer as a page; HighLevel names the count differently per endpoint. */
function page(body: {
  contacts: GhlContact[];
  total?: number | undefined;
  count?: number | undefined;
  meta?: { total?: number | undefined } | undefined;
}): GhlContactPage {
  return {
    contacts: body.contacts,
    total: body.total ?? body.meta?.total ?? body.count ?? body.contacts.length,
  };
}

const optionalCount = (count: number | undefined): string | undefined =>
  count === undefined ? undefined : String(count);

export function contactMethods(kit: RequestKit): GhlContactMethods {
  const { locationId } = kit;
  return {
    async searchContacts(search) {
      const { email, phone, query, pageLimit } = checkedInput(
        contactSearchSchema,
        search,
        'POST /contacts/search',
      );
      const filters = [
        ...(email === undefined ? [] : [{ field: 'email', operator: 'eq', value: email }]),
        ...(phone === undefined ? [] : [{ field: 'phone', operator: 'eq', value: phone }]),
      ];
      const body = {
        locationId,
        pageLimit: pageLimit ?? defaultPageLimit,
        ...(query === undefined ? {} : { query }),
        ...(filters.length === 0 ? {} : { filters }),
      };
      return page(
        await kit.read('searches', {
          method: 'POST',
          path: '/contacts/search',
          body,
          schema: searchContactsResponseSchema,
        }),
      );
    },

    async findDuplicate(lookup) {
      const wanted = checkedInput(duplicateLookupSchema, lookup, 'GET /contacts/search/duplicate');
      const body = await kit.read('searches', {
        path: '/contacts/search/duplicate',
        query: { locationId, ...wanted },
        schema: duplicateContactResponseSchema,
      });
      return body.contact ?? null;
    },

    async listContacts(options = {}) {
      return page(
        await kit.read('searches', {
          path: '/contacts/',
          query: { locationId, query: options.query, limit: optionalCount(options.limit) },
          schema: contactListResponseSchema,
        }),
      );
    },

    async getContact(contactId) {
      const path = contactPath(contactId, 'GET /contacts/{contactId}');
      return (await kit.read({ contactId }, { path, schema: contactResponseSchema })).contact;
    },

    async getContactsByBusiness(businessId, options = {}) {
      const operation = 'GET /contacts/business/{businessId}';
      return page(
        await kit.read('searches', {
          path: `/contacts/business/${pathSegment(businessId, 'businessId', operation)}`,
          query: { locationId, limit: optionalCount(options.limit) },
          schema: contactListResponseSchema,
        }),
      );
    },

    async createContact(contact) {
      const fields = checkedInput(newContactSchema, contact, 'POST /contacts/');
      const body = await kit.write(
        { searches: true },
        {
          method: 'POST',
          path: '/contacts/',
          body: { ...fields, locationId },
          schema: contactResponseSchema,
          idempotent: false,
        },
      );
      return body.contact;
    },

    async updateContact(contactId, update) {
      const operation = 'PUT /contacts/{contactId}';
      const path = contactPath(contactId, operation);
      const fields = checkedInput(contactUpdateSchema, update, operation);
      const body = await kit.write(
        { contactId, searches: true },
        { method: 'PUT', path, body: fields, schema: contactResponseSchema, idempotent: true },
      );
      return body.contact;
    },

    async deleteContact(contactId) {
      const operation = 'DELETE /contacts/{contactId}';
      const body = await kit.write(
        { contactId, searches: true },
        {
          method: 'DELETE',
          path: contactPath(contactId, operation),
          schema: deletedResponseSchema,
          idempotent: true,
        },
      );
      confirmDeleted(body, operation);
    },

    async addTags(contactId, tags) {
      const operation = 'POST /contacts/{contactId}/tags';
      const path = `${contactPath(contactId, operation)}/tags`;
      const list = checkedInput(tagListSchema, tags, operation);
      const body = await kit.write(
        { contactId, searches: true },
        { method: 'POST', path, body: { tags: list }, schema: tagsResponseSchema, idempotent: false },
      );
      return body.tags;
    },

    async removeTags(contactId, tags) {
      const operation = 'DELETE /contacts/{contactId}/tags';
      const path = `${contactPath(contactId, operation)}/tags`;
      const list = checkedInput(tagListSchema, tags, operation);
      const body = await kit.write(
        { contactId, searches: true },
        { method: 'DELETE', path, body: { tags: list }, schema: tagsResponseSchema, idempotent: true },
      );
      return body.tags;
    },
  };
}
