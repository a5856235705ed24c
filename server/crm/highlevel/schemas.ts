/**
 * HighLevel's contacts API v2 as zod schemas, written from its OpenAPI contract
 * (apps/contacts.json, version 2021-07-28).
 *
 * Answers are read tolerantly: a record schema names only the fields the product uses, each
 * optional as the contract makes it (HighLevel also sends null for empty fields); every other
 * field passes through unread, whatever its type. Only `id` is required, since a record without
 * one cannot be shown or acted on; lists are read item by item (see `./reading`), so such a
 * record is left out alone. Request schemas are strict in the other direction: they keep only
 * the fields the contract knows, because HighLevel refuses unknown body properties with a 422.
 */
import { z } from 'zod';
import { isUsableId } from './reading';

/** A text field HighLevel may omit or send as null. */
const optionalText = z.string().nullish();

/** The id of a record: a string that can address it in a path. */
const recordIdSchema = z.string().refine(isUsableId, 'is not a usable id');

/**
 * The id of a record read by its id: one HighLevel leaves out (or sends unusable) is the one
 * asked for, which the method fills in.
 */
const askedIdSchema = recordIdSchema.optional().catch(undefined);

const shownContactFields = {
  name: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  phone: optionalText,
  companyName: optionalText,
  tags: z.array(z.string()).nullish(),
  /** The company record the contact belongs to. */
  businessId: optionalText,
  dateAdded: optionalText,
};

/**
 * A HighLevel contact as `GET /contacts/{id}`, search, create and update return it (search
 * answers carry fewer fields; the contract makes all of them optional).
 */
export const ghlContactSchema = z.looseObject({ id: recordIdSchema, ...shownContactFields });
/** A HighLevel contact. */
export type GhlContact = z.infer<typeof ghlContactSchema>;

const shownTaskFields = {
  title: optionalText,
  body: optionalText,
  /** ISO 8601 in UTC. */
  dueDate: optionalText,
  completed: z.boolean().nullish(),
};

/** A task on a contact (`TaskSchema`). */
export const ghlTaskSchema = z.looseObject({ id: recordIdSchema, ...shownTaskFields });
/** A task on a HighLevel contact. */
export type GhlTask = z.infer<typeof ghlTaskSchema>;

const shownNoteFields = {
  /** May hold HTML. */
  body: optionalText,
  dateAdded: optionalText,
};

/** A note on a contact (`GetNoteSchema`). */
export const ghlNoteSchema = z.looseObject({ id: recordIdSchema, ...shownNoteFields });
/** A note on a HighLevel contact. */
export type GhlNote = z.infer<typeof ghlNoteSchema>;

/**
 * An appointment of a contact (`GetEventSchema`). Its `startTime` and `endTime` come without
 * an offset (`2021-07-16 11:00:00`), in the location's time zone.
 */
export const ghlAppointmentSchema = z.looseObject({
  id: recordIdSchema,
  title: optionalText,
  status: optionalText,
  appointmentStatus: optionalText,
  startTime: optionalText,
  endTime: optionalText,
  address: optionalText,
});
/** An appointment of a HighLevel contact. */
export type GhlAppointment = z.infer<typeof ghlAppointmentSchema>;

/** A page of contacts with HighLevel's count of all matches. */
export interface GhlContactPage {
  contacts: GhlContact[];
  total: number;
}

// Response bodies, one per endpoint shape. Lists are taken as they come and read item by item.

/** A list HighLevel may leave out or send as null: both read as empty. */
const itemList = z.array(z.unknown()).nullish();

/** A count is only a hint (the list's length stands in), so one of another type is ignored. */
const count = z.number().optional().catch(undefined);

/**
 * `POST /contacts/search` (undocumented; `{contacts, total}` as HighLevel's search guide
 * shows), `GET /contacts/` and `GET /contacts/business/{id}` (`{contacts, count}`), and the
 * `{contacts, meta: {total}}` some answers carry. An empty object is an empty page.
 */
export const contactPageResponseSchema = z.looseObject({
  contacts: itemList,
  total: count,
  count,
  meta: z.looseObject({ total: count }).nullish().catch(undefined),
});

/** `GET /contacts/search/duplicate` (undocumented): `contact` is absent or null when there is none. */
export const duplicateContactResponseSchema = z.looseObject({ contact: z.unknown().optional() });

/** `GET /contacts/{id}`: the contact is required, its id may be left out. */
export const contactByIdResponseSchema = z.looseObject({
  contact: z.looseObject({ id: askedIdSchema, ...shownContactFields }),
});

/** `POST /contacts/` and `PUT /contacts/{id}` (which may answer only `{succeded: true}`). */
export const contactWrittenResponseSchema = z.looseObject({ contact: ghlContactSchema.optional() });

/** `DELETE /contacts/{id}` and `DELETE …/tasks/{id}`: `{succeded: true}` (sic). */
export const deletedResponseSchema = z.looseObject({ succeded: z.boolean().optional().catch(undefined) });

export const tasksResponseSchema = z.looseObject({ tasks: itemList });
/** `GET …/tasks/{id}`: the task is required, its id may be left out. */
export const taskByIdResponseSchema = z.looseObject({ task: z.looseObject({ id: askedIdSchema, ...shownTaskFields }) });
/** `POST …/tasks`, `PUT …/tasks/{id}` and `PUT …/tasks/{id}/completed`. */
export const taskWrittenResponseSchema = z.looseObject({ task: ghlTaskSchema.optional() });

export const notesResponseSchema = z.looseObject({ notes: itemList });
/** `GET …/notes/{id}`: the note is required, its id may be left out. */
export const noteByIdResponseSchema = z.looseObject({ note: z.looseObject({ id: askedIdSchema, ...shownNoteFields }) });
/** `POST …/notes`. */
export const noteWrittenResponseSchema = z.looseObject({ note: ghlNoteSchema.optional() });

export const appointmentsResponseSchema = z.looseObject({ events: itemList });

/** `POST` and `DELETE /contacts/{id}/tags`: the contact's tags afterwards. */
export const tagsResponseSchema = z.looseObject({ tags: itemList });

// Request bodies: only fields the spec names, so nothing unknown reaches HighLevel.

const dndChannelInputSchema = z.object({
  status: z.enum(['active', 'inactive', 'permanent']),
  message: z.string().optional(),
  code: z.string().optional(),
});

const dndSettingsInputSchema = z.object({
  Call: dndChannelInputSchema.optional(),
  Email: dndChannelInputSchema.optional(),
  SMS: dndChannelInputSchema.optional(),
  WhatsApp: dndChannelInputSchema.optional(),
  GMB: dndChannelInputSchema.optional(),
  FB: dndChannelInputSchema.optional(),
});

const inboundDndSettingsInputSchema = z.object({
  all: z
    .object({ status: z.enum(['active', 'inactive']), message: z.string().optional() })
    .optional(),
});

const customFieldInputSchema = z.object({
  id: z.string().min(1),
  key: z.string().optional(),
  field_value: z
    .union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())])
    .optional(),
});

/** The fields `PUT /contacts/{id}` (`UpdateContactDto`) accepts, except `tags`. */
const contactFields = {
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  address1: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  state: z.string().nullable().optional(),
  postalCode: z.string().optional(),
  website: z.string().nullable().optional(),
  timezone: z.string().nullable().optional(),
  dnd: z.boolean().optional(),
  dndSettings: dndSettingsInputSchema.optional(),
  inboundDndSettings: inboundDndSettingsInputSchema.optional(),
  customFields: z.array(customFieldInputSchema).optional(),
  country: z.string().optional(),
};

/** A new contact (`CreateContactDto` without `locationId`, which the client adds). */
export const newContactSchema = z.object({
  ...contactFields,
  gender: z.string().optional(),
  tags: z.array(z.string()).optional(),
  source: z.string().optional(),
  companyName: z.string().nullable().optional(),
  assignedTo: z.string().optional(),
});
/** The fields of a contact to create. */
export type GhlNewContact = z.input<typeof newContactSchema>;

/**
 * A contact update (`UpdateContactDto`). `tags` is left out on purpose: a PUT with tags
 * replaces all of them, so tags change through `addTags` and `removeTags`.
 */
export const contactUpdateSchema = z.object({
  ...contactFields,
  source: z.string().nullable().optional(),
  assignedTo: z.string().nullable().optional(),
});
/** The fields of a contact to change; the others stay as they are. */
export type GhlContactUpdate = z.input<typeof contactUpdateSchema>;

/** A new task (`CreateTaskParams`); `dueDate` is ISO 8601. */
export const newTaskSchema = z.object({
  title: z.string().min(1),
  body: z.string().optional(),
  dueDate: z.string().min(1),
  completed: z.boolean(),
  assignedTo: z.string().optional(),
});
/** The fields of a task to create. */
export type GhlNewTask = z.input<typeof newTaskSchema>;

/** A task update (`UpdateTaskBody`). */
export const taskUpdateSchema = z.object({
  title: z.string().min(1).optional(),
  body: z.string().optional(),
  dueDate: z.string().min(1).optional(),
  completed: z.boolean().optional(),
  assignedTo: z.string().optional(),
});
/** The fields of a task to change. */
export type GhlTaskUpdate = z.input<typeof taskUpdateSchema>;

/** A new note (`NotesDTO`). */
export const newNoteSchema = z.object({
  body: z.string().min(1),
  userId: z.string().optional(),
});
/** The fields of a note to create. */
export type GhlNewNote = z.input<typeof newNoteSchema>;

/** Tags to add or remove (`TagsDTO`). */
export const tagListSchema = z.array(z.string().min(1)).min(1);

/** How to look contacts up with `POST /contacts/search`. */
export const contactSearchSchema = z.object({
  email: z.string().min(1).optional(),
  /** E.164; HighLevel matches the stored number exactly. */
  phone: z.string().min(1).optional(),
  /** Free text over name, email, phone and company. */
  query: z.string().min(1).optional(),
  pageLimit: z.number().int().min(1).max(500).optional(),
});
/** A contact search: email and phone become `eq` filters that all must match. */
export type GhlContactSearch = z.input<typeof contactSearchSchema>;

/** What `GET /contacts/search/duplicate` looks for. */
export const duplicateLookupSchema = z.union([
  z.object({ email: z.string().min(1) }),
  z.object({ number: z.string().min(1) }),
]);
/** An email, or a phone number in E.164. */
export type GhlDuplicateLookup = z.input<typeof duplicateLookupSchema>;
