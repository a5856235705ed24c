/** Contact routes: read, create, update, delete, the deprecated list, and contacts of a business. */
import { Hono } from 'hono';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  businessContactsQuery,
  createContactBody,
  listContactsQuery,
  readJson,
  updateContactBody,
  validated,
  type CreateContactBody,
  type UpdateContactBody,
} from './bodies';
import { badRequest, notFound, unprocessable } from './errors';
import { assertLocation } from './guards';
import type { GhlContactRecord } from './records';
import { matchesFreeText } from './search';
import type { GhlStore } from './store';

/** The contact with this id, or HighLevel's not-found answer. */
export function requireContact(store: GhlStore, contactId: string): GhlContactRecord {
  const contact = store.contacts.get(contactId);
  if (!contact) throw notFound('Contact');
  return contact;
}

/** Tags as HighLevel keeps them: trimmed, lower-cased, without repeats. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

/** Routes to mount at `/contacts`. */
export function contactRoutes(store: GhlStore) {
  return new Hono()
    .get('/', (c) => {
      const query = validated(listContactsQuery, c.req.query());
      assertLocation(query.locationId, store.locationId);
      const matching = store.listContacts().filter((contact) => !query.query || matchesFreeText(contact, query.query));
      const start = query.startAfterId ? matching.findIndex((contact) => contact.id === query.startAfterId) + 1 : 0;
      const limit = query.limit ?? 20;
      const page = matching.slice(start, start + limit);
      const last = page.at(-1);
      const hasMore = start + limit < matching.length && last !== undefined;
      return c.json({
        contacts: page,
        count: matching.length,
        meta: {
          total: matching.length,
          ...(hasMore ? { startAfterId: last.id, startAfter: Date.parse(last.dateAdded) } : {}),
        },
      });
    })
    .post('/', async (c) => {
      const body = validated(createContactBody, readJson(await c.req.text()));
      assertLocation(body.locationId, store.locationId);
      const now = new Date().toISOString();
      const contact: GhlContactRecord = {
        id: store.newId(),
        locationId: store.locationId,
        dnd: false,
        type: 'lead',
        tags: [],
        customFields: [],
        dateAdded: now,
        dateUpdated: now,
      };
      applyContactFields(contact, body);
      const duplicate = findDuplicate(store, contact);
      if (duplicate) {
        throw badRequest('This location does not allow duplicated contacts.', {
          meta: {
            contactName: duplicate.name ?? '',
            contactId: duplicate.id,
            matchingField: duplicate.emailLowerCase && duplicate.emailLowerCase === contact.emailLowerCase ? 'email' : 'phone',
          },
        });
      }
      store.saveContact(contact);
      return c.json({ contact: { ...contact, deleted: false } }, 201);
    })
    .get('/business/:businessId', (c) => {
      const query = validated(businessContactsQuery, c.req.query());
      assertLocation(query.locationId, store.locationId);
      const businessId = c.req.param('businessId');
      const matching = store
        .listContacts()
        .filter((contact) => contact.businessId === businessId)
        .filter((contact) => !query.query || matchesFreeText(contact, query.query));
      const skip = query.skip ?? 0;
      return c.json({ contacts: matching.slice(skip, skip + (query.limit ?? 20)), count: matching.length });
    })
    .get('/:contactId', (c) => c.json({ contact: requireContact(store, c.req.param('contactId')) }))
    .put('/:contactId', async (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      const body = validated(updateContactBody, readJson(await c.req.text()));
      const updated = structuredClone(contact);
      applyContactFields(updated, body);
      updated.dateUpdated = new Date().toISOString();
      store.saveContact(updated);
      return c.json({ succeded: true, contact: updated });
    })
    .delete('/:contactId', (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      store.deleteContact(contact.id);
      return c.json({ succeded: true });
    });
}

const textFields = [
  'firstName',
  'lastName',
  'email',
  'address1',
  'city',
  'state',
  'postalCode',
  'website',
  'timezone',
  'source',
  'country',
  'companyName',
  'assignedTo',
] as const;

/** Writes the given fields onto `contact` (null clears a field) and refreshes derived fields. */
function applyContactFields(contact: GhlContactRecord, fields: CreateContactBody | UpdateContactBody): void {
  const given: Partial<Record<(typeof textFields)[number], string | null | undefined>> = fields;
  for (const field of textFields) {
    const value = given[field];
    if (value === undefined) continue;
    if (value === null || value.trim() === '') delete contact[field];
    else contact[field] = value.trim();
  }
  if (fields.phone !== undefined) {
    if (fields.phone === null || fields.phone.trim() === '') delete contact.phone;
    else contact.phone = toE164(fields.phone);
  }
  if (fields.dnd !== undefined) contact.dnd = fields.dnd;
  if (fields.tags !== undefined) contact.tags = normaliseTags(fields.tags);
  if (fields.customFields !== undefined) {
    contact.customFields = fields.customFields.map((field) => ({ id: field.id, value: fieldText(field.field_value) }));
  }
  const fullName = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  const name = fields.name === undefined ? fullName || contact.name : fields.name?.trim() || fullName;
  if (name) contact.name = name;
  else delete contact.name;

  setOrDelete(contact, 'firstNameLowerCase', contact.firstName?.toLowerCase());
  setOrDelete(contact, 'lastNameLowerCase', contact.lastName?.toLowerCase());
  setOrDelete(contact, 'fullNameLowerCase', contact.name?.toLowerCase());
  setOrDelete(contact, 'emailLowerCase', contact.email?.toLowerCase());
}

function setOrDelete<K extends keyof GhlContactRecord>(
  contact: GhlContactRecord,
  key: K,
  value: GhlContactRecord[K] | undefined,
): void {
  if (value === undefined) delete contact[key];
  else contact[key] = value;
}

/** HighLevel stores phone numbers in E.164, reading national numbers in the location's country. */
function toE164(raw: string): string {
  const phone = parsePhoneNumberFromString(raw.trim(), { defaultCountry: 'US', extract: false });
  if (!phone?.isValid()) throw unprocessable(['phone must be a valid phone number']);
  return phone.number;
}

function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(', ');
  return JSON.stringify(value);
}

/** The existing contact a new one would duplicate by email or phone, if any. */
function findDuplicate(store: GhlStore, candidate: GhlContactRecord): GhlContactRecord | undefined {
  return [...store.contacts.values()].find(
    (contact) =>
      (candidate.emailLowerCase !== undefined && contact.emailLowerCase === candidate.emailLowerCase) ||
      (candidate.phone !== undefined && contact.phone === candidate.phone),
  );
}
