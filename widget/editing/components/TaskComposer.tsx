import { effect, useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ContactActions } from '../actions';
import type { Drafts } from '../drafts';
import { dueDateIso, tomorrowMorning } from '../due-date';
import { afterRefusal, createDraft, typed } from '../form';
import { DueFields } from './DueFields';
import { Field, FormError, focusIfLost, onEscape, useFocusOnRefusal } from './Field';
import { editingWords } from '../words';

const blankTask = () => {
  const due = tomorrowMorning();
  return { title: '', body: '', dueDay: due.date, dueTime: due.time };
};

/**
 * "New task": a form for the title, the due date (tomorrow 09:00 unless changed) and a description.
 * While it is open with a title or description typed, it is kept as the ticket's draft, and opens
 * again with it after a reload; sending or closing it drops the draft.
 */
export function TaskComposer({ actions, drafts }: { actions: ContactActions; drafts: Drafts }) {
  const kept = useMemo(() => drafts.read('task'), []);
  const open = useSignal(kept !== null);
  const draft = useMemo(() => createDraft(kept ?? blankTask()), []);
  useEffect(
    () =>
      effect(() => {
        const values = draft.values();
        const typedSomething = values.title.trim() !== '' || values.body.trim() !== '';
        drafts.keep('task', open.value && typedSomething ? values : null);
      }),
    [],
  );
  const form = useRef<HTMLFormElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  /** The task that was not saved whose values the form holds: the next send goes in its place. */
  const failedTask = useRef<string | null>(null);
  useFocusOnRefusal(form, draft.errors.value);

  const show = () => {
    failedTask.current = null;
    draft.fill(blankTask());
    draft.errors.value = {};
    open.value = true;
    setTimeout(() => form.current?.querySelector('input')?.focus());
  };
  const close = () => {
    // Closed without sending a task that was not saved: it can be retried as it was.
    actions.giveBack(failedTask.current);
    failedTask.current = null;
    open.value = false;
    setTimeout(() => toggle.current?.focus());
  };

  async function submit(event: Event) {
    event.preventDefault();
    const values = draft.values();
    const attempt = actions.createTask({
      title: values.title,
      body: typed(values.body),
      dueDate: dueDateIso({ date: values.dueDay, time: values.dueTime }),
    }, failedTask.current);
    if ('refused' in attempt) {
      draft.errors.value = attempt.refused;
      return;
    }
    failedTask.current = null;
    close();
    const refusal = await attempt.sent;
    // Opened again meanwhile for another task: that one is not overwritten.
    if (!refusal || open.value) return;
    const { errors, failedKey } = afterRefusal(refusal, ['title', 'body', 'dueDate'], actions);
    draft.fill(values);
    open.value = true;
    draft.errors.value = errors;
    failedTask.current = failedKey;
    focusIfLost(form);
  }

  const t = editingWords();
  if (!open.value) {
    return (
      <button type="button" class="button add-button" ref={toggle} aria-expanded="false" onClick={show}>
        {t.newTask}
      </button>
    );
  }
  return (
    <form class="editor" ref={form} aria-label={t.newTask} noValidate onSubmit={submit} onKeyDown={onEscape(close)}>
      <Field draft={draft} name="title" label={t.title} />
      <DueFields draft={draft} />
      <Field draft={draft} name="body" label={t.descriptionOptional} multiline />
      <FormError errors={draft.errors.value} />
      <div class="form-buttons">
        <button type="submit" class="button button-primary">
          {t.addTask}
        </button>
        <button type="button" class="button" onClick={close}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
