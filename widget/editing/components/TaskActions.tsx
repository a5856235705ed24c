import { effect, useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Task } from '../../../shared/api';
import type { TaskEdit } from '../../../shared/actions';
import { unsavedIdPrefix } from '../../unsaved';
import type { ContactActions } from '../actions';
import type { Drafts } from '../drafts';
import { dueDateIso, localDueOf } from '../due-date';
import { afterRefusal, createDraft, type FieldErrors } from '../form';
import type { WritesModel } from '../writes';
import { DueFields } from './DueFields';
import { Field, FormError, onEscape, useFocusOnRefusal } from './Field';
import { editingWords } from '../words';

interface TaskActionsProps {
  task: Task;
  actions: ContactActions;
  writes: WritesModel;
  drafts: Drafts;
}

/**
 * Under a task: whether a change to it is on its way, and Edit and Delete (with a confirmation).
 * An edit left open is the ticket's draft: after a reload the editor opens again with it.
 */
export function TaskActions({ task, actions, writes, drafts }: TaskActionsProps) {
  const mode = useSignal<'idle' | 'editing' | 'confirmingDelete'>(drafts.readTaskEdit(task.id) ? 'editing' : 'idle');
  /** An edit the server refused: the editor opens again with it and the messages. */
  const refused = useSignal<RefusedEdit | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const t = editingWords();
  const waiting = writes.writes.value.find(
    (write) => write.recordId === task.id && (write.progress === 'sending' || write.progress === 'pending'),
  );
  const badge = waiting && (
    <span class="badge badge-waiting">{waiting.progress === 'pending' ? t.waitingForHighLevel : t.saving}</span>
  );
  /** Back to the row, focus on the button that opened what is closing. */
  const backToRow = (opener: { current: HTMLButtonElement | null }) => {
    mode.value = 'idle';
    setTimeout(() => opener.current?.focus());
  };

  if (task.id.startsWith(unsavedIdPrefix)) return <p class="item-meta">{badge}</p>;

  if (mode.value === 'editing') {
    return (
      <TaskEditor
        task={task}
        actions={actions}
        drafts={drafts}
        refused={refused.value}
        onClose={() => backToRow(editButton)}
        onRefused={(edit) => {
          refused.value = edit;
          mode.value = 'editing';
        }}
      />
    );
  }

  if (mode.value === 'confirmingDelete') {
    return <ConfirmDelete task={task} actions={actions} onKeep={() => backToRow(deleteButton)} />;
  }

  return (
    <div class="item-actions">
      {badge}
      <button
        type="button"
        class="link-button"
        ref={editButton}
        aria-label={t.editTask(task.title)}
        onClick={() => {
          refused.value = null;
          mode.value = 'editing';
        }}
      >
        {t.edit}
      </button>
      <button
        type="button"
        class="link-button"
        ref={deleteButton}
        aria-label={t.deleteTask(task.title)}
        onClick={() => (mode.value = 'confirmingDelete')}
      >
        {t.delete}
      </button>
    </div>
  );
}

/** "Delete this task?" with focus on the delete button when it opens; Escape or "Keep it" keeps the task. */
function ConfirmDelete({ task, actions, onKeep }: { task: Task; actions: ContactActions; onKeep: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  // Once, when it opens: a later render must not pull focus back here.
  useEffect(() => confirm.current?.focus(), []);
  const t = editingWords();
  return (
    <div class="confirm" role="group" aria-label={t.deleteTaskQuestion(task.title)} onKeyDown={onEscape(onKeep)}>
      <p>{t.deleteInHighLevel}</p>
      <div class="form-buttons">
        <button
          type="button"
          class="button button-danger"
          ref={confirm}
          onClick={(event) => {
            // The row goes away: leave focus on the Tasks heading rather than nowhere.
            const heading = event.currentTarget.closest('.section')?.querySelector<HTMLElement>('.section-toggle');
            actions.deleteTask(task.id);
            setTimeout(() => heading?.focus());
          }}
        >
          {t.deleteTaskButton}
        </button>
        <button type="button" class="button" onClick={onKeep}>
          {t.keepIt}
        </button>
      </div>
    </div>
  );
}

type TaskValues = { title: string; body: string; dueDay: string; dueTime: string };
/** An edit refused or not saved: its values and messages, and the failed write the next send replaces. */
type RefusedEdit = { values: TaskValues; errors: FieldErrors; failedKey: string | null };

interface TaskEditorProps {
  task: Task;
  actions: ContactActions;
  drafts: Drafts;
  refused: RefusedEdit | null;
  onClose: () => void;
  onRefused: (edit: RefusedEdit) => void;
}

/** Edits a task's title, due date and description in place; sends only what changed. */
function TaskEditor({ task, actions, drafts, refused, onClose, onRefused }: TaskEditorProps) {
  // Taken once: a fresh view arriving while the agent types changes neither the draft nor what counts as changed.
  const original = useMemo<TaskValues>(() => {
    const due = localDueOf(task.dueDate);
    return { title: task.title, body: task.body ?? '', dueDay: due.date, dueTime: due.time };
  }, []);
  const draft = useMemo(() => {
    const fresh = createDraft(refused?.values ?? drafts.readTaskEdit(task.id) ?? original);
    if (refused) fresh.errors.value = refused.errors;
    return fresh;
  }, []);
  // Kept while it differs from the task; sending or cancelling drops it.
  useEffect(
    () =>
      effect(() => {
        const values = draft.values();
        const changed = (Object.keys(values) as Array<keyof TaskValues>).some((name) => values[name] !== original[name]);
        drafts.keepTaskEdit(task.id, changed ? values : null);
      }),
    [],
  );
  const form = useRef<HTMLFormElement>(null);
  useFocusOnRefusal(form, draft.errors.value);
  /** Closed without sending: an edit that was not saved can be retried as it was. */
  const cancel = () => {
    actions.giveBack(refused?.failedKey);
    close();
  };
  const close = () => {
    drafts.keepTaskEdit(task.id, null);
    onClose();
  };
  // Once, when the editor opens: a later render (any change on screen) must not pull focus back here.
  useEffect(() => form.current?.querySelector('input')?.focus(), []);

  async function submit(event: Event) {
    event.preventDefault();
    const values = draft.values();
    const edit: TaskEdit = {};
    if (values.title !== original.title) edit.title = values.title;
    if (values.body !== original.body) edit.body = values.body;
    if (values.dueDay !== original.dueDay || values.dueTime !== original.dueTime) {
      edit.dueDate = dueDateIso({ date: values.dueDay, time: values.dueTime });
    }
    if (Object.keys(edit).length === 0) return close();
    const attempt = actions.editTask(task.id, edit, refused?.failedKey);
    if ('refused' in attempt) {
      draft.errors.value = attempt.refused;
      return;
    }
    close();
    const refusal = await attempt.sent;
    if (refusal) onRefused({ values, ...afterRefusal(refusal, ['title', 'body', 'dueDate'], actions) });
  }

  const t = editingWords();
  return (
    <form
      class="editor"
      ref={form}
      aria-label={t.editTask(task.title)}
      noValidate
      onSubmit={submit}
      onKeyDown={onEscape(cancel)}
    >
      <Field draft={draft} name="title" label={t.title} />
      <DueFields draft={draft} />
      <Field draft={draft} name="body" label={t.description} multiline />
      <FormError errors={draft.errors.value} />
      <div class="form-buttons">
        <button type="submit" class="button button-primary">
          {t.save}
        </button>
        <button type="button" class="button" onClick={cancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
