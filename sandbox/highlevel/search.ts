/** Finding contacts: `POST /contacts/search` with filters and free text, and the duplicate lookup. */
import { Hono } from 'hono';
import {
  duplicateQuery,
  readJson,
  searchBody,
  validated,
  type SearchBody,
  type SearchFilter,
  type SearchFilterGroup,
} from './bodies';
import { badRequest, unprocessable } from './errors';
import { assertLocation } from './guards';
import type { GhlContactRecord } from './records';
import type { GhlStore } from './store';

type FieldValue = string | string[] | boolean | undefined;

/** The contact fields the sandbox can filter and sort on, and how each reads from a contact. */
const searchableFields: Record<string, (contact: GhlContactRecord) => FieldValue> = {
  id: (contact) => contact.id,
  email: (contact) => contact.emailLowerCase,
  phone: (contact) => contact.phone,
  firstNameLowerCase: (contact) => contact.firstNameLowerCase,
  lastNameLowerCase: (contact) => contact.lastNameLowerCase,
  companyName: (contact) => contact.companyName,
  businessId: (contact) => contact.businessId,
  tags: (contact) => contact.tags,
  source: (contact) => contact.source,
  type: (contact) => contact.type,
  dnd: (contact) => contact.dnd,
  city: (contact) => contact.city,
  state: (contact) => contact.state,
  country: (contact) => contact.country,
  assignedTo: (contact) => contact.assignedTo,
  dateAdded: (contact) => contact.dateAdded,
  dateUpdated: (contact) => contact.dateUpdated,
};

/** Free-text match over name, email, company and phone digits, as the search box does it. */
export function matchesFreeText(contact: GhlContactRecord, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  const haystacks = [contact.fullNameLowerCase, contact.emailLowerCase, contact.companyName?.toLowerCase()];
  if (haystacks.some((haystack) => haystack?.includes(needle))) return true;
  const digits = needle.replace(/\D/g, '');
  return digits.length >= 3 && (contact.phone?.replace(/\D/g, '').includes(digits) ?? false);
}

/** The contacts a search body selects, sorted and paged, with the count before paging. */
export function searchContacts(store: GhlStore, body: SearchBody): { contacts: GhlContactRecord[]; total: number } {
  if (body.searchAfter !== undefined) {
    throw unprocessable(['searchAfter is not supported by the sandbox; page with page and pageLimit']);
  }
  const filters = body.filters ?? [];
  filters.forEach((filter, index) => checkFilter(filter, `filters.${index}`));
  let matching = store
    .listContacts()
    .filter((contact) => !body.query || matchesFreeText(contact, body.query))
    .filter((contact) => filters.every((filter) => matches(contact, filter)));
  for (const { field, direction } of [...(body.sort ?? [])].reverse()) {
    const read = searchableFields[field];
    if (!read) throw unprocessable([`sort field ${field} is not supported by the sandbox`]);
    const sign = direction === 'asc' ? 1 : -1;
    matching = [...matching].sort((a, b) => sign * String(read(a) ?? '').localeCompare(String(read(b) ?? '')));
  }
  const start = ((body.page ?? 1) - 1) * body.pageLimit;
  return { contacts: matching.slice(start, start + body.pageLimit), total: matching.length };
}

/** Routes to mount at `/contacts/search`. */
export function searchRoutes(store: GhlStore) {
  return new Hono()
    .post('/', async (c) => {
      const body = validated(searchBody, readJson(await c.req.text()));
      assertLocation(body.locationId, store.locationId);
      return c.json(searchContacts(store, body));
    })
    .get('/duplicate', (c) => {
      const query = validated(duplicateQuery, c.req.query());
      assertLocation(query.locationId, store.locationId);
      if (!query.email && !query.number) throw badRequest('Either email or number is required');
      return c.json({ contact: findDuplicate(store, query.email, query.number) ?? null });
    });
}

/**
 * The contact HighLevel treats as the same person: email first (any case), then the phone
 * number, which must be E.164 exactly (a `+` sent unencoded arrives as a space and finds nothing).
 */
function findDuplicate(store: GhlStore, email?: string, number?: string): GhlContactRecord | undefined {
  const contacts = store.listContacts();
  const byEmail = email ? contacts.find((contact) => contact.emailLowerCase === email.trim().toLowerCase()) : undefined;
  return byEmail ?? (number ? contacts.find((contact) => contact.phone === number) : undefined);
}

function isGroup(filter: SearchFilter | SearchFilterGroup): filter is SearchFilterGroup {
  return 'group' in filter;
}

/** Refuses filters the sandbox cannot evaluate, loudly rather than matching nothing. */
function checkFilter(filter: SearchFilter | SearchFilterGroup, path: string): void {
  if (isGroup(filter)) {
    filter.filters.forEach((inner, index) => checkFilter(inner, `${path}.filters.${index}`));
    return;
  }
  if (!(filter.field in searchableFields)) {
    throw unprocessable([`${path}.field ${filter.field} is not supported by the sandbox`]);
  }
  if (filter.operator === 'range') throw unprocessable([`${path}.operator range is not supported by the sandbox`]);
  const needsValue = filter.operator !== 'exists' && filter.operator !== 'not_exists';
  const valueType = typeof filter.value;
  if (needsValue && valueType !== 'string' && valueType !== 'number' && valueType !== 'boolean') {
    throw unprocessable([`${path}.value must be a string, number or boolean`]);
  }
}

function matches(contact: GhlContactRecord, filter: SearchFilter | SearchFilterGroup): boolean {
  if (isGroup(filter)) {
    return filter.group === 'AND'
      ? filter.filters.every((inner) => matches(contact, inner))
      : filter.filters.some((inner) => matches(contact, inner));
  }
  const actual = searchableFields[filter.field]?.(contact);
  const wanted = filter.field === 'email' || filter.field === 'tags' ? String(filter.value).toLowerCase() : String(filter.value);
  const values = actual === undefined ? [] : Array.isArray(actual) ? actual : [String(actual)];
  switch (filter.operator) {
    case 'eq':
      return values.includes(wanted);
    case 'not_eq':
      return !values.includes(wanted);
    case 'contains':
      return values.some((value) => value.toLowerCase().includes(wanted.toLowerCase()));
    case 'not_contains':
      return !values.some((value) => value.toLowerCase().includes(wanted.toLowerCase()));
    case 'exists':
      return values.length > 0;
    case 'not_exists':
      return values.length === 0;
    case 'range':
      return false;
  }
}
