/**
 * What the agent can do to the HighLevel record from the sidebar. Every action checks its
 * input with the shared schemas first: refused input comes back as messages per field and
 * nothing is sent. Accepted input shows at once and goes out through the writes model.
 */
import { computed, createModel, type ReadonlySignal } from '@preact/signals';
import type { Candidate, ContactView } from '../../shared/api';
import {
  contactEditSchema,
  ghlIdSchema,
  newContactSchema,
  newNoteSchema,
  newTaskSchema,
  tagsSchema,
  taskEditSchema,
  type ContactEdit,
  type NewContact,
  type NewTask,
  type TaskEdit,
} from '../../shared/actions';
import type { LoadState } from '../load-state';
import { unsavedIdPrefix } from '../unsaved';
import { changes } from './changes';
import { newIdempotencyKey, type EditingApi } from './client';
import { check, type FieldErrors } from './form';
import type { Refusal, WritesModel } from './writes';
import { editingWords } from './words';

/**
 * What became of an action: refused on the spot (nothing sent), or sent, resolving to the
 * server's field messages if its own checks refused the input, or to why it was not saved.
 */
export type Attempt = { refused: FieldErrors } | { sent: Promise<Refusal> };

/**
 * The failed write a form's new send takes the place of (the key a `Refusal` named), or null.
 * Every action a form makes takes one: the form kept the failed write's text, and sends it again.
 */
export type Replaces = string | null | undefined;

export interface ActionsHost {
  api: EditingApi;
  writes: WritesModel;
  /** The sidebar as the agent sees it, changes on their way included. */
  shown: ReadonlySignal<LoadState>;
  showView(view: ContactView): void;
}

/** The agent's actions on the ticket's HighLevel contact. */
export const ContactActions = createModel(({ api, writes, shown, showView }: ActionsHost) => {
  const view = computed(() => (shown.value.kind === 'matched' ? shown.value.view : null));
  const taskTitle = (taskId: string) => view.value?.tasks.find((task) => task.id === taskId)?.title;
  const temporaryId = () => `${unsavedIdPrefix}${newIdempotencyKey()}`;

  /** A task that HighLevel has made, by an id safe to put in a path (letters and digits only). */
  function savedTask(taskId: string): string | null {
    return !taskId.startsWith(unsavedIdPrefix) && check(ghlIdSchema, taskId).ok ? taskId : null;
  }

  return {
    createTask(input: NewTask, replaces?: Replaces): Attempt {
      const checked = check(newTaskSchema, input);
      if (!checked.ok) return { refused: checked.errors };
      const task = checked.value;
      const taskId = temporaryId();
      return {
        sent: writes.submit({ action: { kind: 'createTask', input: task }, recordId: taskId, change: changes.addTask(taskId, task), replaces }),
      };
    },

    /** Sends only the fields the agent changed. */
    editTask(taskId: string, edit: TaskEdit, replaces?: Replaces): Attempt {
      const checked = check(taskEditSchema, edit);
      if (!checked.ok) return { refused: checked.errors };
      const id = savedTask(taskId);
      if (!id) return { refused: { form: editingWords().taskNotSavedYet } };
      return {
        sent: writes.submit({
          action: { kind: 'updateTask', taskId: id, input: checked.value },
          taskTitle: taskTitle(id),
          recordId: id,
          change: changes.editTask(id, checked.value),
          replaces,
        }),
      };
    },

    /** Completes or reopens a task. */
    setTaskCompleted(taskId: string, completed: boolean): void {
      const id = savedTask(taskId);
      if (!id) return;
      void writes.submit({
        action: { kind: 'completeTask', taskId: id, input: { completed } },
        taskTitle: taskTitle(id),
        recordId: id,
        change: changes.completeTask(id, completed),
      });
    },

    deleteTask(taskId: string): void {
      const id = savedTask(taskId);
      if (!id) return;
      void writes.submit({ action: { kind: 'deleteTask', taskId: id }, taskTitle: taskTitle(id), recordId: id, change: changes.deleteTask(id) });
    },

    /** Adds tags the contact does not have yet. */
    addTags(tags: string[], replaces?: Replaces): Attempt {
      const checked = check(tagsSchema, { tags });
      if (!checked.ok) return { refused: checked.errors };
      const present = new Set(view.value?.contact.tags.map((tag) => tag.toLowerCase()));
      const added = [...new Set(checked.value.tags)].filter((tag) => !present.has(tag.toLowerCase()));
      if (added.length === 0) return { sent: Promise.resolve(null) };
      return { sent: writes.submit({ action: { kind: 'addTags', input: { tags: added } }, change: changes.addTags(added), replaces }) };
    },

    removeTag(tag: string): void {
      const checked = check(tagsSchema, { tags: [tag] });
      if (!checked.ok) return;
      void writes.submit({ action: { kind: 'removeTags', input: checked.value }, change: changes.removeTags(checked.value.tags) });
    },

    addNote(body: string, replaces?: Replaces): Attempt {
      const checked = check(newNoteSchema, { body }, { body: 'note' });
      if (!checked.ok) return { refused: checked.errors };
      const note = checked.value;
      const noteId = temporaryId();
      return {
        sent: writes.submit({ action: { kind: 'createNote', input: note }, recordId: noteId, change: changes.addNote(noteId, note.body), replaces }),
      };
    },

    /** Sends only the fields the agent changed; the company is not among them (HighLevel's update has none). */
    editContact(edit: ContactEdit, replaces?: Replaces): Attempt {
      const checked = check(contactEditSchema, edit);
      if (!checked.ok) return { refused: checked.errors };
      return {
        sent: writes.submit({ action: { kind: 'updateContact', input: checked.value }, change: changes.editContact(checked.value), replaces }),
      };
    },

    /** Creates the ticket's customer in HighLevel; the sidebar shows them once HighLevel has them. */
    createContact(contact: NewContact, replaces?: Replaces): Attempt {
      const checked = check(newContactSchema, contact);
      if (!checked.ok) return { refused: checked.errors };
      return { sent: writes.submit({ action: { kind: 'createContact', input: checked.value }, replaces }) };
    },

    /**
     * The form that made a write that was not saved has taken its text back: the form sends it
     * again, corrected or not, in its place, so the write offers no Retry of its own meanwhile.
     */
    takeBack(writeKey: string): void {
      writes.holdInForm(writeKey, true);
    },

    /** That form was closed without sending: the write offers its Retry again. */
    giveBack(writeKey: Replaces): void {
      if (writeKey) writes.holdInForm(writeKey, false);
    },

    /** Ties the customer to the picked contact (this ticket and their later ones) and shows it. */
    async link(candidate: Candidate): Promise<void> {
      if (!check(ghlIdSchema, candidate.id).ok) return;
      showView(await writes.inTurn(() => api.link(candidate.id)));
    },

    /** Drops the tie: the customer is matched by email and phone again. */
    async unlink(): Promise<void> {
      showView(await writes.inTurn(() => api.unlink()));
    },
  };
});

export type ContactActions = InstanceType<typeof ContactActions>;
