/**
 * Request bodies and query parameters the HighLevel sandbox accepts, mirroring the request
 * schemas of spec/ghl-api-v2/apps/contacts.json. Objects are strict because HighLevel answers
 * 422 to properties it does not know.
 */
import { z } from 'zod';
import { badRequest, unprocessable } from './errors';

const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'must be a valid ISO 8601 date string' });

/** `CreateTaskParams`: the spec requires `completed` as well as `title` and `dueDate`. */
export const createTaskBody = z.strictObject({
  title: z.string().min(1),
  body: z.string().optional(),
  dueDate: isoDate,
  completed: z.boolean(),
  assignedTo: z.string().optional(),
});

/** `UpdateTaskBody`: any subset of a task's fields. */
export const updateTaskBody = z.strictObject({
  title: z.string().min(1).optional(),
  body: z.string().optional(),
  dueDate: isoDate.optional(),
  completed: z.boolean().optional(),
  assignedTo: z.string().optional(),
});

/** `UpdateTaskStatusParams`. */
export const taskCompletedBody = z.strictObject({ completed: z.boolean() });

/** `TagsDTO`, for adding and for removing tags. */
export const tagsBody = z.strictObject({ tags: z.array(z.string()) });

/** `NotesDTO`. */
export const createNoteBody = z.strictObject({
  userId: z.string().optional(),
  body: z.string().min(1),
  title: z.string().optional(),
  color: z.string().optional(),
  pinned: z.boolean().optional(),
});

/** `UpdateNoteDTO`. */
export const updateNoteBody = createNoteBody.partial();

const dndSetting = z.strictObject({
  status: z.enum(['active', 'inactive', 'permanent']),
  message: z.string().optional(),
  code: z.string().optional(),
});

const dndSettings = z.strictObject({
  Call: dndSetting.optional(),
  Email: dndSetting.optional(),
  SMS: dndSetting.optional(),
  WhatsApp: dndSetting.optional(),
  GMB: dndSetting.optional(),
  FB: dndSetting.optional(),
});

const inboundDndSettings = z.strictObject({
  all: z.strictObject({ status: z.enum(['active', 'inactive']), message: z.string().optional() }).optional(),
});

/**
 * One custom field value. The spec types numeric, monetary and file values as objects, so a bare
 * number is refused here as it is by the contract; send numbers as strings.
 */
const customFieldInput = z.strictObject({
  id: z.string(),
  key: z.string().optional(),
  field_value: z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]).optional(),
});

const nullableText = z.string().nullable().optional();

/** `CreateContactDto`. `dateOfBirth` is an object in the spec (not a date string): mirrored as is. */
export const createContactBody = z.strictObject({
  firstName: nullableText,
  lastName: nullableText,
  name: nullableText,
  email: nullableText,
  locationId: z.string(),
  gender: z.string().optional(),
  phone: nullableText,
  address1: nullableText,
  city: nullableText,
  state: nullableText,
  postalCode: z.string().optional(),
  website: nullableText,
  timezone: nullableText,
  dnd: z.boolean().optional(),
  dndSettings: dndSettings.optional(),
  inboundDndSettings: inboundDndSettings.optional(),
  tags: z.array(z.string()).optional(),
  customFields: z.array(customFieldInput).optional(),
  source: z.string().optional(),
  dateOfBirth: z.record(z.string(), z.unknown()).nullable().optional(),
  country: z.string().optional(),
  companyName: nullableText,
  assignedTo: z.string().optional(),
});
export type CreateContactBody = z.infer<typeof createContactBody>;

/** `UpdateContactDto`: no `locationId`, `gender` or `companyName` in the spec; `tags` replaces all tags. */
export const updateContactBody = z.strictObject({
  firstName: nullableText,
  lastName: nullableText,
  name: nullableText,
  email: nullableText,
  phone: nullableText,
  address1: nullableText,
  city: nullableText,
  state: nullableText,
  postalCode: z.string().optional(),
  website: nullableText,
  timezone: nullableText,
  dnd: z.boolean().optional(),
  dndSettings: dndSettings.optional(),
  inboundDndSettings: inboundDndSettings.optional(),
  tags: z.array(z.string()).optional(),
  customFields: z.array(customFieldInput).optional(),
  source: nullableText,
  dateOfBirth: z.record(z.string(), z.unknown()).nullable().optional(),
  country: z.string().optional(),
  assignedTo: nullableText,
});
export type UpdateContactBody = z.infer<typeof updateContactBody>;

/** The filter operators of HighLevel's contact search. */
export const searchOperators = [
  'eq',
  'not_eq',
  'contains',
  'not_contains',
  'exists',
  'not_exists',
  'range',
] as const;

const searchFilter = z.strictObject({
  field: z.string().min(1),
  operator: z.enum(searchOperators),
  value: z.unknown().optional(),
});
export type SearchFilter = z.infer<typeof searchFilter>;

/** A filter group: its filters combined with AND or OR. */
export interface SearchFilterGroup {
  group: 'AND' | 'OR';
  filters: Array<SearchFilter | SearchFilterGroup>;
}

const searchFilterGroup: z.ZodType<SearchFilterGroup> = z.lazy(() =>
  z.strictObject({
    group: z.enum(['AND', 'OR']),
    filters: z.array(z.union([searchFilter, searchFilterGroup])),
  }),
);

/**
 * The body of `POST /contacts/search`. The spec leaves `SearchBodyV2DTO` empty; these fields come
 * from HighLevel's search documentation the spec links to (and the contract test's supplement).
 */
export const searchBody = z.strictObject({
  locationId: z.string(),
  pageLimit: z.number().int().min(1).max(500),
  page: z.number().int().min(1).optional(),
  searchAfter: z.array(z.unknown()).optional(),
  query: z.string().max(75).optional(),
  filters: z.array(z.union([searchFilter, searchFilterGroup])).optional(),
  sort: z
    .array(z.strictObject({ field: z.string().min(1), direction: z.enum(['asc', 'desc']) }))
    .max(2)
    .optional(),
});
export type SearchBody = z.infer<typeof searchBody>;

/** Query of `GET /contacts/search/duplicate`. */
export const duplicateQuery = z.object({
  locationId: z.string().min(1),
  email: z.string().optional(),
  number: z.string().optional(),
});

const countParam = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a number conforming to the specified constraints' })
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));

/** Query of the deprecated `GET /contacts/`. */
export const listContactsQuery = z.object({
  locationId: z.string().min(1),
  query: z.string().optional(),
  limit: countParam(100).optional(),
  startAfterId: z.string().optional(),
  startAfter: z.string().optional(),
});

/** Query of `GET /contacts/business/{businessId}`. */
export const businessContactsQuery = z.object({
  locationId: z.string().min(1),
  query: z.string().optional(),
  limit: countParam(100).optional(),
  skip: countParam(1_000_000).optional(),
});

/** Parses request JSON; an unreadable body is HighLevel's 400, an empty one counts as `{}`. */
export function readJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Unexpected token in JSON body');
  }
}

/** Checks `input` against `schema`, answering 422 with HighLevel-style messages when it fails. */
export function validated<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw unprocessable(parsed.error.issues.flatMap(validationMessages));
}

/** One zod issue in the words of HighLevel's validator (`property x should not exist`, ...). */
function validationMessages(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String).join('.');
  const subject = path === '' ? 'body' : path;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `property ${path === '' ? key : `${path}.${key}`} should not exist`);
    case 'invalid_type':
      return [`${subject} must be ${article(issue.expected)}`];
    case 'invalid_value':
      return [`${subject} must be one of the following values: ${issue.values.map(String).join(', ')}`];
    case 'too_small':
      return issue.origin === 'string' ? [`${subject} should not be empty`] : [`${subject} must not be less than ${String(issue.minimum)}`];
    case 'too_big':
      return issue.origin === 'string'
        ? [`${subject} must be shorter than or equal to ${String(issue.maximum)} characters`]
        : [`${subject} must not be greater than ${String(issue.maximum)}`];
    default:
      return [`${subject} ${issue.message}`];
  }
}

function article(expected: string): string {
  if (expected === 'boolean') return 'a boolean value';
  if (expected === 'number' || expected === 'int') return 'a number conforming to the specified constraints';
  if (expected === 'array') return 'an array';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}
