/**
 * What an agent may change from the sidebar, as schemas both sides validate with: the widget
 * before it sends (a message next to the field), the server before anything reaches HighLevel
 * (a 400 naming the field). Written with `zod/mini` so the widget's bundle stays small.
 */
import * as z from 'zod/mini';
import { candidateSchema, matchedViewSchema } from './api';

export const limits = {
  taskTitle: 200,
  taskBody: 5000,
  note: 10_000,
  tag: 64,
  tagsAtOnce: 20,
  name: 100,
  search: 100,
} as const;

/** Code points no one types: C0 and C1 controls, DEL, lone surrogates, U+FFFE and U+FFFF. */
const controlCharacter = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u;
/** The same, less tab, line feed and carriage return: for the fields that hold lines of text. */
const controlCharacterInLines = /[^\P{Cc}\t\n\r]|[\p{Cs}\uFFFE\uFFFF]/u;

/**
 * The rule a refinement checks, carried in its issue's `params`, so the widget can say why in the
 * agent's language; the server answers with the English message given here.
 */
export type RefinementRule = 'control' | 'changeOne' | 'nameEmailOrPhone' | 'dueYears';
const rule = (name: RefinementRule, error: string) => ({ error, params: { rule: name } });

/**
 * Refuses control characters anywhere in the text, before trimming, so what HighLevel stores
 * is what the agent sees; `lines` allows tab, line feed and carriage return.
 */
function withoutControls(label: string, lines = false) {
  const pattern = lines ? controlCharacterInLines : controlCharacter;
  return z.refine<string>((text) => !pattern.test(text), rule('control', `${label} contains a control character${lines ? '' : ' (such as a tab or a line break)'}.`));
}

/** Required text: no control characters, trimmed, not empty, not longer than `max`. */
function requiredText(label: string, max: number, lines = false) {
  return z.string().check(
    withoutControls(label, lines),
    z.trim(),
    z.minLength(1, `${label} is required.`),
    z.maxLength(max, `${label} can be at most ${max} characters.`),
  );
}

function optionalText(label: string, max: number, lines = false) {
  return z.optional(z.string().check(withoutControls(label, lines), z.trim(), z.maxLength(max, `${label} can be at most ${max} characters.`)));
}

/** A HighLevel record id: letters and digits only, so it can never change a URL's path. */
export const ghlIdSchema = z.string().check(z.regex(/^[A-Za-z0-9]{1,64}$/, 'Not a HighLevel id.'));

/** The years a due date may fall in, as written: a slip such as 0202 or 9999 never reaches HighLevel. */
export const dueDateYears = { first: 2000, last: 2100 } as const;

/** A moment with its offset, e.g. `2026-12-01T09:00:00+01:00` or `…Z`, in `dueDateYears`. */
export const dueDateSchema = z.iso.datetime({ offset: true, error: 'Enter a due date and time.' }).check(
  z.refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= dueDateYears.first && year <= dueDateYears.last;
  }, rule('dueYears', `Enter a due date between ${dueDateYears.first} and ${dueDateYears.last}.`)),
);

export const newTaskSchema = z.strictObject({
  title: requiredText('Title', limits.taskTitle),
  body: optionalText('Description', limits.taskBody, true),
  dueDate: dueDateSchema,
});
export type NewTask = z.infer<typeof newTaskSchema>;

export const taskEditSchema = z
  .strictObject({
    title: z.optional(requiredText('Title', limits.taskTitle)),
    body: optionalText('Description', limits.taskBody, true),
    dueDate: z.optional(dueDateSchema),
  })
  .check(z.refine((edit) => Object.keys(edit).length > 0, rule('changeOne', 'Change at least one field.')));
export type TaskEdit = z.infer<typeof taskEditSchema>;

export const taskCompletionSchema = z.strictObject({ completed: z.boolean() });
export type TaskCompletion = z.infer<typeof taskCompletionSchema>;

export const tagSchema = z.string().check(
  withoutControls('A tag'),
  z.trim(),
  z.minLength(1, 'A tag cannot be empty or only spaces.'),
  z.maxLength(limits.tag, `A tag can be at most ${limits.tag} characters.`),
  z.regex(/^[^,<>]*$/, 'A tag cannot hold commas, < or >.'),
);

export const tagsSchema = z.strictObject({
  tags: z.array(tagSchema).check(
    z.minLength(1, 'Enter a tag.'),
    z.maxLength(limits.tagsAtOnce, `At most ${limits.tagsAtOnce} tags at once.`),
  ),
});
export type TagsChange = z.infer<typeof tagsSchema>;

/** Splits what an agent typed into tags: commas separate, spaces around them do not count. */
export function splitTags(typed: string): string[] {
  return typed.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0);
}

export const newNoteSchema = z.strictObject({ body: requiredText('Note', limits.note, true) });
export type NewNote = z.infer<typeof newNoteSchema>;

const emailSchema = z.pipe(z.string().check(withoutControls('Email')), z.email('Enter an email address such as name@example.com.'));
/** The shape of a phone number; the server also checks it is a real number and stores it in E.164. */
const phoneSchema = z.string().check(
  withoutControls('Phone'),
  z.trim(),
  z.regex(/^\+?[\d\s().-]{6,24}$/, 'Enter a phone number such as +1 415 555 0134.'),
);

const contactFields = {
  firstName: optionalText('First name', limits.name),
  lastName: optionalText('Last name', limits.name),
  email: z.optional(emailSchema),
  phone: z.optional(phoneSchema),
};

export const newContactSchema = z
  .strictObject(contactFields)
  .check(z.refine((contact) => Boolean(contact.firstName || contact.lastName || contact.email || contact.phone), rule('nameEmailOrPhone', 'Enter a name, an email or a phone number.')));
export type NewContact = z.infer<typeof newContactSchema>;

/** Only the fields the agent changed; HighLevel's update takes no company (see README). */
export const contactEditSchema = z
  .strictObject(contactFields)
  .check(z.refine((edit) => Object.keys(edit).length > 0, rule('changeOne', 'Change at least one field.')));
export type ContactEdit = z.infer<typeof contactEditSchema>;

export const contactSearchSchema = z.strictObject({
  q: z.string().check(withoutControls('Search'), z.trim(), z.minLength(2, 'Type at least 2 characters.'), z.maxLength(limits.search, `At most ${limits.search} characters.`)),
});

export const contactLinkSchema = z.strictObject({ contactId: ghlIdSchema });

/**
 * One write as the widget sends it and the outbox keeps it: its kind, the task it changes (for
 * the kinds that change one), and its checked input (phone numbers in E.164 once the server has
 * read them).
 */
export const writeActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('createTask'), input: newTaskSchema }),
  z.object({ kind: z.literal('updateTask'), taskId: ghlIdSchema, input: taskEditSchema }),
  z.object({ kind: z.literal('completeTask'), taskId: ghlIdSchema, input: taskCompletionSchema }),
  z.object({ kind: z.literal('deleteTask'), taskId: ghlIdSchema }),
  z.object({ kind: z.literal('addTags'), input: tagsSchema }),
  z.object({ kind: z.literal('removeTags'), input: tagsSchema }),
  z.object({ kind: z.literal('createNote'), input: newNoteSchema }),
  z.object({ kind: z.literal('createContact'), input: newContactSchema }),
  z.object({ kind: z.literal('updateContact'), input: contactEditSchema }),
]);
export type WriteAction = z.infer<typeof writeActionSchema>;

/** Where a write stands: done in HighLevel, waiting to be sent, or refused for good. */
export const writeStateSchema = z.enum(['done', 'pending', 'failed']);
export type WriteState = z.infer<typeof writeStateSchema>;

export const writeKinds = [
  'createTask',
  'updateTask',
  'completeTask',
  'deleteTask',
  'addTags',
  'removeTags',
  'createNote',
  'createContact',
  'updateContact',
] as const;
export type WriteKind = (typeof writeKinds)[number];

/** One write as the widget follows it. */
export const writeSchema = z.object({
  id: z.string(),
  kind: z.enum(writeKinds),
  state: writeStateSchema,
  /** A short sentence such as `Create task "Call back"`. */
  summary: z.string(),
  /** HighLevel's reason when failed, or the last transient error while pending. */
  reason: z.nullable(z.string()),
  createdAt: z.string(),
  /** The HighLevel record the write made or changed, once known. */
  recordId: z.nullable(z.string()),
});
export type Write = z.infer<typeof writeSchema>;

/** The answer to every write: where it stands and, when done, the contact's fresh view. */
export const writeResultSchema = z.object({
  write: writeSchema,
  view: z.nullable(matchedViewSchema),
});
export type WriteResult = z.infer<typeof writeResultSchema>;

export const searchResultSchema = z.object({ contacts: z.array(candidateSchema) });
export type SearchResult = z.infer<typeof searchResultSchema>;

/** `GET /api/writes`: the customer's writes still to send or failed, and the last few done. */
export const writesListSchema = z.object({ writes: z.array(writeSchema) });
export type WritesList = z.infer<typeof writesListSchema>;

/** `DELETE /api/writes/:id`: the write as discarded (shown as failed, never sent). */
export const discardedWriteSchema = z.object({ write: writeSchema });

/** A contact of the same company, with its link into HighLevel. */
export const businessContactSchema = z.extend(candidateSchema, { url: z.string() });
export type BusinessContact = z.infer<typeof businessContactSchema>;

/** `GET /api/business`: the other contacts of the matched contact's company (empty when it has none). */
export const businessContactsSchema = z.object({ contacts: z.array(businessContactSchema) });
export type BusinessContacts = z.infer<typeof businessContactsSchema>;
