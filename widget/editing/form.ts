/**
 * Forms of the editing UI: what the agent typed, field by field, and the messages that refuse
 * it. Input is checked with the shared schemas before anything is sent; the server's 400
 * names fields the same way, so both kinds of refusal show next to the field that caused it.
 */
import { signal, type Signal } from '@preact/signals';
import type * as z from 'zod/mini';
import type { Refusal } from './writes';

/** A message per field; `form` holds one about the form as a whole. */
export type FieldErrors = Partial<Record<string, string>>;

/** Where a message about no single field goes. */
export const wholeForm = 'form';

/** The first message per field of a failed check; paths such as `tags.1` count for `tags`. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : wholeForm;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Checks input with a shared schema: the value to send, or the messages to show. */
export function check<T>(schema: z.ZodMiniType<T>, input: unknown): { ok: true; value: T } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error.issues) };
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
  return { errors: { [wholeForm]: `Not saved: ${sentence(refusal.notSaved)} Your text is kept here.` }, failedKey: refusal.key };
}

/** A reason as a sentence, ended by a full stop unless it has its own (the server's words may have none). */
export function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
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
