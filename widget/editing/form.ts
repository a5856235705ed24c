/**
 * Forms of the editing UI: what the agent typed, field by field, and the messages that refuse
 * it. Input is checked with the shared schemas before anything is sent; the server's 400
 * names fields the same way, so both kinds of refusal show next to the field that caused it.
 */
import { signal, type Signal } from '@preact/signals';
import type * as z from 'zod/mini';
import { dueDateYears, type RefinementRule } from '../../shared/actions';
import type { EditingText } from './messages/en';
import { editingWords, sentence } from './words';
import type { Refusal } from './writes';

/** A message per field; `form` holds one about the form as a whole. */
export type FieldErrors = Partial<Record<string, string>>;

/** Where a message about no single field goes. */
export const wholeForm = 'form';

/** What a failed check of a shared schema says about one value (zod's issue, the parts read here). */
export interface CheckIssue {
  code?: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  params?: { rule?: RefinementRule };
}

/**
 * Why a value is refused, in the agent's language: by the rule the shared schema checked, the
 * field's name given by `fieldName` (the note form's `body` is the note, not a description).
 * A check this does not know keeps the schema's own words.
 */
export function issueMessage(issue: CheckIssue, fieldName: string | undefined, t: EditingText): string {
  const say = t.invalid;
  const field = fieldName ? t.fields[fieldName] : undefined;
  const limit = Number(issue.minimum ?? issue.maximum);
  const isTag = fieldName === 'tag';
  switch (issue.code) {
    case 'custom':
      switch (issue.params?.rule) {
        case 'control':
          return field ? say.control(field) : issue.message;
        case 'changeOne':
          return say.changeOne;
        case 'nameEmailOrPhone':
          return say.nameEmailOrPhone;
        case 'dueYears':
          return say.dueYears(dueDateYears.first, dueDateYears.last);
      }
      break;
    case 'too_small':
      if (issue.origin === 'array') return say.noTags;
      if (isTag) return say.tagEmpty;
      if (fieldName === 'q') return say.searchTooShort(limit);
      if (field) return say.required(field);
      break;
    case 'too_big':
      if (issue.origin === 'array') return say.tooManyTags(limit);
      if (isTag) return say.tagTooLong(limit);
      if (fieldName === 'q') return say.searchTooLong(limit);
      if (field) return say.tooLong(field, limit);
      break;
    case 'invalid_format':
      if (issue.format === 'email') return say.email;
      if (issue.format === 'datetime') return say.dueDate;
      if (fieldName === 'phone') return say.phone;
      if (isTag) return say.tagChars;
  }
  return issue.message;
}

/**
 * The first message per field of a failed check; paths such as `tags.1` count for `tags`.
 * `names` gives a field another name in the messages, such as `{ body: 'note' }`.
 */
export function fieldErrors(issues: readonly CheckIssue[], names: Partial<Record<string, string>> = {}): FieldErrors {
  const t = editingWords();
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : wholeForm;
    // A tag's issues come at `tags.<n>`; the list's own at `tags`.
    const name = field === 'tags' && issue.path.length > 1 ? 'tag' : (names[field] ?? field);
    errors[field] ??= issueMessage(issue, name, t);
  }
  return errors;
}

/** Checks input with a shared schema: the value to send, or the messages to show (see `fieldErrors` for `names`). */
export function check<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  names?: Partial<Record<string, string>>,
): { ok: true; value: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error.issues as readonly CheckIssue[], names) };
}

/**
 * The server's per-field messages (keys such as `title` or `tags.0`) placed on this form's
 * fields; a key the form has no field for goes to the form as a whole.
 */
export function serverFieldErrors(fields: Record<string, string>, formFields: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    const field = key.split('.')[0] ?? '';
    errors[formFields.includes(field) ? field : wholeForm] ??= message;
  }
  return errors;
}

/**
 * A send refused or not saved, as the form that takes its text back shows it: the server's
 * messages on the fields they name, or why it was not saved with the failed write's key, which
 * the form's next send takes the place of (the write is told, so it offers no Retry of its own).
 */
export function afterRefusal(
  refusal: NonNullable<Refusal>,
  formFields: readonly string[],
  writes: { takeBack(writeKey: string): void },
): { errors: FieldErrors; failedKey: string | null } {
  if ('fields' in refusal) return { errors: serverFieldErrors(refusal.fields, formFields), failedKey: null };
  writes.takeBack(refusal.key);
  return { errors: { [wholeForm]: editingWords().notSavedKeptHere(sentence(refusal.notSaved)) }, failedKey: refusal.key };
}


/** One form's fields as named signals, and the messages refusing them. */
export interface Draft<F extends string> {
  fields: Record<F, Signal<string>>;
  errors: Signal<FieldErrors>;
  /** What the agent typed, field by field. */
  values(): Record<F, string>;
  /** Puts values back, such as the defaults after a send or the input of a refused send. */
  fill(values: Record<F, string>): void;
}

/** A form's draft, starting from `initial`. */
export function createDraft<F extends string>(initial: Record<F, string>): Draft<F> {
  const names = Object.keys(initial) as F[];
  const fields = {} as Record<F, Signal<string>>;
  for (const name of names) fields[name] = signal(initial[name]);
  const errors = signal<FieldErrors>({});
  return {
    fields,
    errors,
    values() {
      const values = {} as Record<F, string>;
      for (const name of names) values[name] = fields[name].value;
      return values;
    },
    fill(values) {
      for (const name of names) fields[name].value = values[name];
    },
  };
}

/** Text the agent typed, trimmed; undefined when empty, so optional fields stay out. */
export function typed(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}
