/**
 * HighLevel's contacts API v2 as zod schemas, written from its OpenAPI contract
 * (apps/contacts.json, version 2021-07-28).
 *
 * Response schemas are loose: unknown fields pass through, and every field the spec does not
 * require may be missing or null (HighLevel sends null for empty fields), but a field of the
 * wrong type fails. Request schemas are strict in the other direction: they keep only the
 * fields the spec knows, because HighLevel refuses unknown body properties with a 422.
 */
import { z } from 'zod';

/** A text field HighLevel may omit or send as null. */
const optionalText = z.string().nullish();

const dndChannelSchema = z.looseObject({
  /** `active`, `inactive` or `permanent`. */
  status: z.string(),
  message: optionalText,
  code: optionalText,
});

const dndSettingsSchema = z.looseObject({
  Call: dndChannelSchema.optional(),
  Email: dndChannelSchema.optional(),
  SMS: dndChannelSchema.optional(),
  WhatsApp: dndChannelSchema.optional(),
  GMB: dndChannelSchema.optional(),
  FB: dndChannelSchema.optional(),
});

/** A custom field value: its shape follows the field's type (text, number, options, file). */
const customFieldValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.record(z.string(), z.unknown()),
  z.null(),
]);

const customFieldSchema = z.looseObject({
  id: z.string(),
  value: customFieldValueSchema.optional(),
});

const attributionSourceSchema = z.looseObject({
  url: optionalText,
  campaign: optionalText,
  utmSource: optionalText,
  utmMedium: optionalText,
  utmContent: optionalText,
  referrer: optionalText,
  campaignId: optionalText,
  medium: optionalText,
  mediumId: optionalText,
});

/**
 * A HighLevel contact as `GET /contacts/{id}`, search, create and update return it
 * (search answers carry fewer fields; all but `id` are optional).
 */
export const ghlContactSchema = z.looseObject({
  id: z.string(),
  locationId: optionalText,
  name: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  contactName: optionalText,
  email: optionalText,
  phone: optionalText,
  companyName: optionalText,
  timezone: optionalText,
  type: optionalText,
  source: optionalText,
  assignedTo: optionalText,
  address1: optionalText,
  city: optionalText,
  state: optionalText,
  country: optionalText,
  postalCode: optionalText,
  website: optionalText,
  dnd: z.boolean().nullish(),
  dndSettings: dndSettingsSchema.nullish(),
  tags: z.array(z.string()).nullish(),
  dateOfBirth: optionalText,
  dateAdded: optionalText,
  dateUpdated: optionalText,
  customFields: z.array(customFieldSchema).nullish(),
  businessId: optionalText,
  followers: z.array(z.string()).nullish(),
  attributionSource: attributionSourceSchema.nullish(),
  lastAttributionSource: attributionSourceSchema.nullish(),
  attributions: z.array(attributionSourceSchema).nullish(),
});
/** A HighLevel contact. */
export type GhlContact = z.infer<typeof ghlContactSchema>;

/** A task on a contact (`TaskSchema`). `dueDate` is ISO 8601 in UTC. */
export const ghlTaskSchema = z.looseObject({
  id: z.string(),
  title: optionalText,
  body: optionalText,
  assignedTo: optionalText,
  dueDate: optionalText,
  completed: z.boolean().nullish(),
  contactId: optionalText,
});
/** A task on a HighLevel contact. */
export type GhlTask = z.infer<typeof ghlTaskSchema>;

/** A note on a contact (`GetNoteSchema`); `body` may hold HTML. */
export const ghlNoteSchema = z.looseObject({
  id: z.string(),
  body: optionalText,
  userId: optionalText,
  dateAdded: optionalText,
  contactId: optionalText,
  title: optionalText,
  color: optionalText,
  pinned: z.boolean().nullish(),
});
/** A note on a HighLevel contact. */
export type GhlNote = z.infer<typeof ghlNoteSchema>;

/**
 * An appointment of a contact (`GetEventSchema`). Its `startTime` and `endTime` come without
 * an offset (`2021-07-16 11:00:00`), in the location's time zone.
 */
export const ghlAppointmentSchema = z.looseObject({
  id: z.string(),
  calendarId: optionalText,
  status: optionalText,
  appointmentStatus: optionalText,
  title: optionalText,
  assignedUserId: optionalText,
  notes: optionalText,
  startTime: optionalText,
  endTime: optionalText,
  address: optionalText,
  locationId: optionalText,
  contactId: optionalText,
  groupId: optionalText,
  users: z.array(z.string()).nullish(),
  dateAdded: optionalText,
  dateUpdated: optionalText,
});
/** An appointment of a HighLevel contact. */
export type GhlAppointment = z.infer<typeof ghlAppointmentSchema>;

/** A page of contacts with HighLevel's count of all matches. */
export interface GhlContactPage {
  contacts: GhlContact[];
  total: number;
}

// Response bodies, one per endpoint shape.

/** `POST /contacts/search`. */
export const searchContactsResponseSchema = z.looseObject({
  contacts: z.array(ghlContactSchema),
  total: z.number().optional(),
});

/** `GET /contacts/` and `GET /contacts/business/{id}` (`ContactsSearchSuccessfulResponseDto`). */
export const contactListResponseSchema = z.looseObject({
  contacts: z.array(ghlContactSchema),
  count: z.number().optional(),
  total: z.number().optional(),
  meta: z.looseObject({ total: z.number().optional() }).optional(),
});

/** `GET /contacts/search/duplicate`: `contact` is absent or null when there is none. */
export const duplicateContactResponseSchema = z.looseObject({
  contact: ghlContactSchema.nullish(),
});

/** `GET /contacts/{id}`, `POST /contacts/` and `PUT /contacts/{id}`. */
export const contactResponseSchema = z.looseObject({ contact: ghlContactSchema });

/** `DELETE /contacts/{id}` and `DELETE …/tasks/{id}`: `{succeded: true}` (sic). */
export const deletedResponseSchema = z.looseObject({ succeded: z.boolean().optional() });

export const tasksResponseSchema = z.looseObject({ tasks: z.array(ghlTaskSchema) });
export const taskResponseSchema = z.looseObject({ task: ghlTaskSchema });
export const notesResponseSchema = z.looseObject({ notes: z.array(ghlNoteSchema) });
export const noteResponseSchema = z.looseObject({ note: ghlNoteSchema });
export const appointmentsResponseSchema = z.looseObject({
  events: z.array(ghlAppointmentSchema),
});
/** `POST` and `DELETE /contacts/{id}/tags`: the contact's tags afterwards. */
export const tagsResponseSchema = z.looseObject({ tags: z.array(z.string()) });

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
