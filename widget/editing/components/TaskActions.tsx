import { useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Task } from '../../../shared/api';
import type { TaskEdit } from '../../../shared/actions';
import { unsavedIdPrefix } from '../../unsaved';
import type { ContactActions } from '../actions';
import { dueDateIso, localDueOf } from '../due-date';
import { afterRefusal, createDraft, type FieldErrors } from '../form';
import type { WritesModel } from '../writes';
import { DueFields } from './DueFields';
import { Field, FormError, onEscape, useFocusOnRefusal } from './Field';

interface TaskActionsProps {
  task: Task;
  actions: ContactActions;
  writes: WritesModel;
}

/** Under a task: whether a change to it is on its way, and Edit and Delete (with a confirmation). */
export function TaskActions({ task, actions, writes }: TaskActionsProps) {
  const mode = useSignal<'idle' | 'editing' | 'confirmingDelete'>('idle');
  /** An edit the server refused: the editor opens again with it and the messages. */
  const refused = useSignal<RefusedEdit | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const waiting = writes.writes.value.find(
    (write) => write.recordId === task.id && (write.progress === 'sending' || write.progress === 'pending'),
  );
  const badge = waiting && (
    <span class="badge badge-waiting">{waiting.progress === 'pending' ? 'Waiting for HighLevel' : 'Saving…'}</span>
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
        aria-label={`Edit task ${task.title}`}
        onClick={() => {
          refused.value = null;
          mode.value = 'editing';
        }}
      >
        Edit
      </button>
      <button
        type="button"
        class="link-button"
        ref={deleteButton}
        aria-label={`Delete task ${task.title}`}
        onClick={() => (mode.value = 'confirmingDelete')}
      >
        Delete
      </button>
    </div>
  );
}

/** "Delete this task?" with focus on the delete button when it opens; Escape or "Keep it" keeps the task. */
function ConfirmDelete({ task, actions, onKeep }: { task: Task; actions: ContactActions; onKeep: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  // Once, when it opens: a later render must not pull focus back here.
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div class="confirm" role="group" aria-label={`Delete task ${task.title}?`} onKeyDown={onEscape(onKeep)}>
      <p>Delete this task in HighLevel?</p>
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
          Delete task
        </button>
        <button type="button" class="button" onClick={onKeep}>
          Keep it
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
  refused: RefusedEdit | null;
  onClose: () => void;
  onRefused: (edit: RefusedEdit) => void;
}

/** Edits a task's title, due date and description in place; sends only what changed. */
function TaskEditor({ task, actions, refused, onClose, onRefused }: TaskEditorProps) {
  // Taken once: a fresh view arriving while the agent types changes neither the draft nor what counts as changed.
  const original = useMemo<TaskValues>(() => {
    const due = localDueOf(task.dueDate);
    return { title: task.title, body: task.body ?? '', dueDay: due.date, dueTime: due.time };
  }, []);
  const draft = useMemo(() => {
    const fresh = createDraft(refused?.values ?? original);
    if (refused) fresh.errors.value = refused.errors;
    return fresh;
  }, []);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnRefusal(form, draft.errors.value);
  /** Closed without sending: an edit that was not saved can be retried as it was. */
  const cancel = () => {
    actions.giveBack(refused?.failedKey);
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
    if (Object.keys(edit).length === 0) return onClose();
    const attempt = actions.editTask(task.id, edit, refused?.failedKey);
    if ('refused' in attempt) {
      draft.errors.value = attempt.refused;
      return;
    }
    onClose();
    const refusal = await attempt.sent;
    if (refusal) onRefused({ values, ...afterRefusal(refusal, ['title', 'body', 'dueDate'], actions) });
  }

  return (
    <form
      class="editor"
      ref={form}
      aria-label={`Edit task ${task.title}`}
      noValidate
      onSubmit={submit}
      onKeyDown={onEscape(cancel)}
    >
      <Field draft={draft} name="title" label="Title" />
      <DueFields draft={draft} />
      <Field draft={draft} name="body" label="Description" multiline />
      <FormError errors={draft.errors.value} />
      <div class="form-buttons">
        <button type="submit" class="button button-primary">
          Save
        </button>
        <button type="button" class="button" onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
