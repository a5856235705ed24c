/** Contact records: finding, reading, creating, updating and deleting them, and their tags. */
import { z } from 'zod';
import type { Created, CrmPort } from '../port';
import { readItems, readOptional } from './reading';
import { checkedInput, confirmDeleted, contactPath, pathSegment, type RequestKit } from './requests';
import {
  contactByIdResponseSchema,
  contactPageResponseSchema,
  contactSearchSchema,
  contactUpdateSchema,
  contactWrittenResponseSchema,
  deletedResponseSchema,
  duplicateContactResponseSchema,
  duplicateLookupSchema,
  ghlContactSchema,
  newContactSchema,
  tagListSchema,
  tagsResponseSchema,
  type GhlContact,
  type GhlContactPage,
  type GhlContactSearch,
  type GhlContactUpdate,
  type GhlDuplicateLookup,
  type GhlNewContact,
} from './schemas';

/** The contact methods of the client; those of the CRM port are checked against it. */
export interface GhlContactMethods
  extends Pick<
    CrmPort,
    | 'searchContacts'
    | 'findDuplicate'
    | 'getContact'
    | 'getContactsByBusiness'
    | 'createContact'
    | 'updateContact'
    | 'addTags'
    | 'removeTags'
  > {
  /**
   * `POST /contacts/search`: email and phone become `eq` filters that all must match. A contact
   * without a usable id is left out (and reported); an empty answer is an empty page.
   */
  searchContacts(search: GhlContactSearch): Promise<GhlContactPage>;
  /** `GET /contacts/search/duplicate`: the contact HighLevel considers the same person. */
  findDuplicate(lookup: GhlDuplicateLookup): Promise<GhlContact | null>;
  /** `GET /contacts/` (deprecated by HighLevel; prefer `searchContacts`). */
  listContacts(options?: { query?: string; limit?: number }): Promise<GhlContactPage>;
  /** `GET /contacts/{contactId}`; rejects with `invalid_response` when the answer holds no contact. */
  getContact(contactId: string): Promise<GhlContact>;
  /** `GET /contacts/business/{businessId}`: the contacts of a company record. */
  getContactsByBusiness(businessId: string, options?: { limit?: number }): Promise<GhlContactPage>;
  /**
   * `POST /contacts/`; never retried after a 5xx or timeout, so it cannot create twice.
   * Null when HighLevel created it but its answer cannot be read.
   */
  createContact(contact: GhlNewContact): Promise<Created<GhlContact>>;
  /**
   * `PUT /contacts/{contactId}`; tags change through `addTags` and `removeTags`. Resolves to the
   * contact as changed, or null when the answer does not carry a readable one (HighLevel may
   * answer only `{succeded: true}`).
   */
  updateContact(contactId: string, update: GhlContactUpdate): Promise<GhlContact | null>;
  /** `DELETE /contacts/{contactId}`. */
  deleteContact(contactId: string): Promise<void>;
  /**
   * `POST /contacts/{contactId}/tags`: resolves to the contact's tags afterwards (empty when
   * the answer names none), or null when the answer cannot be read.
   */
  addTags(contactId: string, tags: string[]): Promise<string[] | null>;
  /** `DELETE /contacts/{contactId}/tags`: the contact's tags afterwards, as `addTags`. */
  removeTags(contactId: string, tags: string[]): Promise<string[] | null>;
}

/** How many contacts a search asks for unless told. */
const defaultPageLimit = 20;

const optionalCount = (count: number | undefined): string | undefined =>
  count === undefined ? undefined : String(count);

/** The tags of a tag write's answer: the readable ones, or null when the body cannot be read. */
function tagsAfter(body: z.output<typeof tagsResponseSchema> | undefined, operation: string, kit: RequestKit): string[] | null {
  if (body === undefined) return null;
  return readItems(body.tags, z.string(), { operation, what: 'tag' }, kit.report);
}

/**
 * A page answer: the contacts that can be read, and HighLevel's count of all matches, which
 * each endpoint names differently (the number read stands in when it names none).
 */
function readPage(
  body: z.output<typeof contactPageResponseSchema>,
  operation: string,
  kit: RequestKit,
): GhlContactPage {
  const contacts = readItems(body.contacts, ghlContactSchema, { operation, what: 'contact' }, kit.report);
  return { contacts, total: body.total ?? body.meta?.total ?? body.count ?? contacts.length };
}

export function contactMethods(kit: RequestKit): GhlContactMethods {
  const { locationId } = kit;
  return {
    async searchContacts(search) {
      const operation = 'POST /contacts/search';
      const { email, phone, query, pageLimit } = checkedInput(contactSearchSchema, search, operation);
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
      return kit.read(
        'searches',
        { method: 'POST', path: '/contacts/search', body, schema: contactPageResponseSchema },
        (answer) => readPage(answer, operation, kit),
      );
    },

    async findDuplicate(lookup) {
      const operation = 'GET /contacts/search/duplicate';
      const wanted = checkedInput(duplicateLookupSchema, lookup, operation);
      return kit.read(
        'searches',
        { path: '/contacts/search/duplicate', query: { locationId, ...wanted }, schema: duplicateContactResponseSchema },
        (answer) => readOptional(answer.contact, ghlContactSchema, { operation, what: 'contact' }, kit.report),
      );
    },

    async listContacts(options = {}) {
      const operation = 'GET /contacts/';
      return kit.read(
        'searches',
        {
          path: '/contacts/',
          query: { locationId, query: options.query, limit: optionalCount(options.limit) },
          schema: contactPageResponseSchema,
        },
        (answer) => readPage(answer, operation, kit),
      );
    },

    async getContact(contactId) {
      const path = contactPath(contactId, 'GET /contacts/{contactId}');
      return kit.read({ contactId }, { path, schema: contactByIdResponseSchema }, ({ contact }) => ({
        ...contact,
        id: contact.id ?? contactId,
      }));
    },

    async getContactsByBusiness(businessId, options = {}) {
      const operation = 'GET /contacts/business/{businessId}';
      return kit.read(
        'searches',
        {
          path: `/contacts/business/${pathSegment(businessId, 'businessId', operation)}`,
          query: { locationId, limit: optionalCount(options.limit) },
          schema: contactPageResponseSchema,
        },
        (answer) => readPage(answer, operation, kit),
      );
    },

    async createContact(contact) {
      const operation = 'POST /contacts/';
      const fields = checkedInput(newContactSchema, contact, operation);
      const body = await kit.write(
        { searches: true },
        {
          method: 'POST',
          path: '/contacts/',
          body: { ...fields, locationId },
          schema: contactWrittenResponseSchema,
          idempotent: false,
        },
        operation,
      );
      return body?.contact ?? null;
    },

    async updateContact(contactId, update) {
      const operation = 'PUT /contacts/{contactId}';
      const path = contactPath(contactId, operation);
      const fields = checkedInput(contactUpdateSchema, update, operation);
      const body = await kit.write(
        { contactId, searches: true },
        { method: 'PUT', path, body: fields, schema: contactWrittenResponseSchema, idempotent: true },
        operation,
      );
      return body?.contact ?? null;
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
        operation,
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
        operation,
      );
      return tagsAfter(body, operation, kit);
    },

    async removeTags(contactId, tags) {
      const operation = 'DELETE /contacts/{contactId}/tags';
      const path = `${contactPath(contactId, operation)}/tags`;
      const list = checkedInput(tagListSchema, tags, operation);
      const body = await kit.write(
        { contactId, searches: true },
        { method: 'DELETE', path, body: { tags: list }, schema: tagsResponseSchema, idempotent: true },
        operation,
      );
      return tagsAfter(body, operation, kit);
    },
  };
}
