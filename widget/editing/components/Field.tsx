import type { KeyboardEventHandler, TargetedEvent } from 'preact';
import { useEffect, useId } from 'preact/hooks';
import type { Draft, FieldErrors } from '../form';
import { wholeForm } from '../form';

interface FieldProps<F extends string> {
  draft: Draft<F>;
  name: F;
  label: string;
  type?: 'text' | 'email' | 'tel';
  multiline?: boolean;
  autoComplete?: string;
  placeholder?: string;
  onKeyDown?: KeyboardEventHandler<HTMLElement>;
}

/** The attributes that tie a field to the message refusing it. */
export function invalidAttributes(error: string | undefined, errorId: string) {
  return error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
}

/** A labelled text field of a draft, with its message underneath when refused. */
export function Field<F extends string>({ draft, name, label, type = 'text', multiline, autoComplete, placeholder, onKeyDown }: FieldProps<F>) {
  const id = useId();
  const error = draft.errors.value[name];
  const value = draft.fields[name];
  const control = {
    id,
    name,
    value: value.value,
    placeholder,
    onKeyDown,
    onInput: (event: TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      value.value = event.currentTarget.value;
      if (error) draft.errors.value = { ...draft.errors.value, [name]: undefined };
    },
    ...invalidAttributes(error, `${id}-error`),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? <textarea rows={3} {...control} /> : <input type={type} list={undefined} autoComplete={autoComplete ?? 'off'} {...control} />}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** The message refusing a field, referenced by the field's `aria-describedby`. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

/** A message about the form as a whole, such as "Change at least one field." */
export function FormError({ errors }: { errors: FieldErrors }) {
  const message = errors[wholeForm];
  return message ? (
    <p class="field-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** Moves focus to the first refused field once the messages show. */
export function useFocusOnRefusal(form: { current: HTMLFormElement | null }, errors: FieldErrors): void {
  useEffect(() => {
    if (Object.values(errors).some(Boolean)) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
}

/**
 * Once a form shows again in place of the button that had focus (a send that was not saved),
 * focus goes to its first field; never away from somewhere else the agent has moved on to.
 */
export function focusIfLost(form: { current: HTMLElement | null }): void {
  setTimeout(() => {
    const active = document.activeElement;
    if (!active || active === document.body) form.current?.querySelector<HTMLElement>('input, textarea')?.focus();
  });
}

/** Escape cancels the form it is pressed in. */
export function onEscape(cancel: () => void): KeyboardEventHandler<HTMLElement> {
  return (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    cancel();
  };
}
