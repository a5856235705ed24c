/**
 * The automation rules an operator sets, their zod schemas (a refusal names the field), and the
 * templates of the welcome ticket: `{{firstName}}`, `{{companyName}}`, `{{custom.<field>}}`, a
 * missing value rendered as nothing, values escaped where the message is email HTML.
 */
import { z } from 'zod';

/** The HighLevel contact fields a template may name, beside `custom.<field id or name>`. */
export const templateFields = ['firstName', 'lastName', 'name', 'email', 'phone', 'companyName'] as const;
export type TemplateField = (typeof templateFields)[number];

/** A HighLevel contact as an event describes it: what the welcome ticket's templates and conditions read. */
export interface EventContact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  tags: string[];
  /** Custom fields by id (app webhooks) or by name (Workflow webhooks). */
  custom: Record<string, string>;
}

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** What is wrong with a template, in words, or null when it renders. */
export function templateProblem(template: string): string | null {
  const withoutPlaceholders = template.replace(placeholder, '');
  if (withoutPlaceholders.includes('{{') || withoutPlaceholders.includes('}}')) {
    return 'has a {{ without its }} (or the other way round); write fields as {{firstName}}.';
  }
  for (const [, name = ''] of template.matchAll(placeholder)) {
    if ((templateFields as readonly string[]).includes(name)) continue;
    if (/^custom\.[A-Za-z0-9_ .-]{1,100}$/.test(name)) continue;
    return `names {{${name}}}, which is not a contact field: use ${templateFields.join(', ')} or custom.<field id or name>.`;
  }
  return null;
}

function valueOf(contact: EventContact, name: string): string {
  if (name.startsWith('custom.')) return contact.custom[name.slice('custom.'.length)] ?? '';
  return (templateFields as readonly string[]).includes(name) ? (contact[name as TemplateField] ?? '') : '';
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);

/**
 * The template with the contact's values; a value the contact lacks renders as nothing. `html`:
 * the whole text is escaped and line breaks become `<br>` (an email channel's message is HTML);
 * `line`: one line of plain text (a subject).
 */
export function render(template: string, contact: EventContact, as: 'html' | 'text' | 'line'): string {
  const parts: string[] = [];
  let at = 0;
  for (const match of template.matchAll(placeholder)) {
    parts.push(template.slice(at, match.index), valueOf(contact, match[1] ?? ''));
    at = match.index + match[0].length;
  }
  parts.push(template.slice(at));
  if (as === 'line') return parts.join('').replace(/\s+/g, ' ').trim();
  if (as === 'text') return parts.join('');
  return parts.map(escapeHtml).join('').replace(/\r?\n/g, '<br>');
}

const template = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} can be at most ${max} characters.`)
    .superRefine((text, context) => {
      const problem = templateProblem(text);
      if (problem) context.addIssue({ code: 'custom', message: `${label} ${problem}` });
    });

const tag = z.string().trim().min(1, 'A tag cannot be empty.').max(64, 'A tag can be at most 64 characters.');

const conditionsSchema = z.strictObject({
  /** What the contact must have: an email, a phone number, either, or nothing. */
  requires: z.enum(['email', 'phone', 'emailOrPhone', 'nothing'], { error: 'Use email, phone, emailOrPhone or nothing.' }).default('emailOrPhone'),
  /** Every one of these tags must be on the contact. */
  tagsPresent: z.array(tag).max(20, 'At most 20 tags.').default([]),
  /** None of these tags may be on the contact. */
  tagsAbsent: z.array(tag).max(20, 'At most 20 tags.').default([]),
});
export type Conditions = z.infer<typeof conditionsSchema>;

const enabled = z.boolean({ error: 'Say true or false.' });
const channelId = z
  .union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/, 'Use the id of a Trengo channel, a number.')], { error: 'Use the id of a Trengo channel, a number.' })
  .transform(String);

export const ruleSchemas = {
  /** A new HighLevel contact gets a Trengo contact on the channel and a welcome ticket. */
  welcomeTicket: z.strictObject({
    enabled,
    channelId,
    subject: template('The subject', 200),
    message: template('The message', 10_000),
    /** `customer`: the message goes to the customer; `internalNote`: the ticket opens with it as an internal note. */
    delivery: z.enum(['customer', 'internalNote'], { error: 'Use customer or internalNote.' }),
    conditions: conditionsSchema.default({ requires: 'emailOrPhone', tagsPresent: [], tagsAbsent: [] }),
  }),
  /** A task, note or tag an agent adds from the sidebar is told in the ticket as one internal note per burst. */
  reflectWork: z.strictObject({
    enabled,
    /** Changes landing within this many seconds of the first go into one note. */
    batchSeconds: z.number({ error: 'Use a number of seconds.' }).int().min(0).max(600, 'At most 600 seconds.').default(10),
  }),
  /** A closed Trengo ticket leaves a note on its HighLevel contact. */
  ticketClosedNote: z.strictObject({ enabled }),
  /** A Trengo label added to or removed from a ticket adds or removes the mapped HighLevel tag. */
  labelTags: z.strictObject({
    enabled,
    /** Trengo label name → HighLevel tag. */
    labels: z.record(z.string().trim().min(1, 'A label name cannot be empty.').max(100), tag).refine((map) => Object.keys(map).length <= 50, 'At most 50 labels.'),
  }),
  /** A message from a customer HighLevel does not know creates the HighLevel contact (opt-in). */
  inboundContact: z.strictObject({
    enabled,
    conditions: conditionsSchema.default({ requires: 'emailOrPhone', tagsPresent: [], tagsAbsent: [] }),
  }),
} as const;

export type RuleName = keyof typeof ruleSchemas;
export const ruleNames = Object.keys(ruleSchemas) as RuleName[];
export type RuleSettings = { [Name in RuleName]: z.infer<(typeof ruleSchemas)[Name]> };
/** Every rule as set, null for one never set (off). */
export type Rules = { [Name in RuleName]: RuleSettings[Name] | null };

export const ruleNameSchema = z.enum(ruleNames as [RuleName, ...RuleName[]], { error: `Use one of ${ruleNames.join(', ')}.` });

/** Reads stored settings; a rule whose stored settings no longer read is off (and says why). */
export function readRules(stored: Array<{ rule: string; settings: string }>, onUnreadable: (rule: string, reason: string) => void): Rules {
  const rules: Record<string, unknown> = Object.fromEntries(ruleNames.map((name) => [name, null]));
  for (const { rule, settings } of stored) {
    const name = ruleNameSchema.safeParse(rule);
    if (!name.success) continue;
    try {
      const parsed = ruleSchemas[name.data].safeParse(JSON.parse(settings));
      if (parsed.success) rules[name.data] = parsed.data;
      else onUnreadable(rule, parsed.error.issues.map((issue) => issue.message).join('; '));
    } catch {
      onUnreadable(rule, 'not JSON');
    }
  }
  return rules as Rules;
}

/** Whether the contact meets the conditions; the reason when not. */
export function unmetCondition(conditions: Conditions, contact: Pick<EventContact, 'email' | 'phone' | 'tags'>): string | null {
  const has = { email: Boolean(contact.email), phone: Boolean(contact.phone) };
  if (conditions.requires === 'email' && !has.email) return 'the contact has no email';
  if (conditions.requires === 'phone' && !has.phone) return 'the contact has no phone number';
  if (conditions.requires === 'emailOrPhone' && !has.email && !has.phone) return 'the contact has neither email nor phone number';
  const tags = new Set(contact.tags.map((name) => name.toLowerCase()));
  const missing = conditions.tagsPresent.find((name) => !tags.has(name.toLowerCase()));
  if (missing !== undefined) return `the contact lacks the tag "${missing}"`;
  const present = conditions.tagsAbsent.find((name) => tags.has(name.toLowerCase()));
  if (present !== undefined) return `the contact has the tag "${present}"`;
  return null;
}

const text = z.string().nullish().transform((value) => value?.trim() || null);
const idPattern = /^[A-Za-z0-9]{1,64}$/;

/** A signed ContactCreate: the fields HighLevel's reference lists, read tolerantly. */
const contactCreateSchema = z.looseObject({
  id: z.string().regex(idPattern),
  firstName: text,
  lastName: text,
  name: text,
  email: text,
  phone: text,
  companyName: text,
  tags: z.array(z.unknown()).nullish(),
  customFields: z.array(z.unknown()).nullish(),
});
const customFieldSchema = z.object({ id: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) });

/** The fields a Workflow webhook sends flat for every contact; any other plain value is a custom field by its name. */
const workflowStandardKeys = new Set([
  'contact_id', 'first_name', 'last_name', 'full_name', 'email', 'phone', 'tags', 'company_name', 'country', 'date_created', 'full_address',
  'contact_type', 'location', 'workflow', 'triggerData', 'contact', 'attributionSource', 'lastAttributionSource', 'customData', 'webhookId',
  'locationId', 'user', 'timezone', 'address1', 'city', 'state', 'postal_code', 'contact_source', 'date_of_birth',
]);
const workflowSchema = z.looseObject({
  contact_id: z.string().regex(idPattern),
  first_name: text,
  last_name: text,
  full_name: text,
  email: text,
  phone: text,
  company_name: text,
  tags: z.union([z.string(), z.array(z.unknown())]).nullish(),
});

const tagsOf = (tags: unknown[] | string | null | undefined): string[] =>
  (typeof tags === 'string' ? tags.split(',') : (tags ?? [])).flatMap((item) => (typeof item === 'string' && item.trim() ? [item.trim()] : []));

/** The contact a HighLevel ContactCreate or Workflow webhook describes, or null when its body does not read. */
export function contactOfEvent(type: string, payload: string): EventContact | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  if (type === 'ContactCreate') {
    const event = contactCreateSchema.safeParse(json);
    if (!event.success) return null;
    const custom: Record<string, string> = {};
    for (const item of event.data.customFields ?? []) {
      const field = customFieldSchema.safeParse(item);
      if (field.success) custom[field.data.id] = String(field.data.value);
    }
    const { id, firstName, lastName, name, email, phone, companyName } = event.data;
    return { id, firstName, lastName, name: name ?? ([firstName, lastName].filter(Boolean).join(' ') || null), email, phone, companyName, tags: tagsOf(event.data.tags), custom };
  }
  const event = workflowSchema.safeParse(json);
  if (!event.success) return null;
  const custom: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.data)) {
    if (workflowStandardKeys.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') custom[key] = String(value);
  }
  const { contact_id: id, first_name: firstName, last_name: lastName, full_name: fullName, email, phone, company_name: companyName } = event.data;
  return { id, firstName, lastName, name: fullName ?? ([firstName, lastName].filter(Boolean).join(' ') || null), email, phone, companyName, tags: tagsOf(event.data.tags), custom };
}
