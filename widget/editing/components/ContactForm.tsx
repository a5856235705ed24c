import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Draft } from '../form';
import { Field, FormError, onEscape, useFocusOnRefusal } from './Field';
import { editingWords } from '../words';

/** The contact fields an agent can set: names, email and phone. */
export type ContactFieldName = 'firstName' | 'lastName' | 'email' | 'phone';
export const contactFieldNames: readonly ContactFieldName[] = ['firstName', 'lastName', 'email', 'phone'];

interface ContactFormProps {
  label: string;
  draft: Draft<ContactFieldName>;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  /** Shown after the fields, such as the read-only company. */
  children?: ComponentChildren;
}

/** A form for a contact's names, email and phone. */
export function ContactForm({ label, draft, submitLabel, onSubmit, onCancel, children }: ContactFormProps) {
  const form = useRef<HTMLFormElement>(null);
  useFocusOnRefusal(form, draft.errors.value);
  // Once, when the form opens: a later render (any change on screen) must not pull focus back here.
  useEffect(() => form.current?.querySelector('input')?.focus(), []);
  const t = editingWords();
  return (
    <form
      class="editor"
      ref={form}
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      onKeyDown={onEscape(onCancel)}
    >
      <div class="field-pair">
        <Field draft={draft} name="firstName" label={t.firstName} autoComplete="off" />
        <Field draft={draft} name="lastName" label={t.lastName} autoComplete="off" />
      </div>
      <Field draft={draft} name="email" label={t.email} type="email" />
      <Field draft={draft} name="phone" label={t.phone} type="tel" />
      {children}
      <FormError errors={draft.errors.value} />
      <div class="form-buttons">
        <button type="submit" class="button button-primary">
          {submitLabel}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
