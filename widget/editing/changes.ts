/**
 * The agent's changes as the sidebar shows them before HighLevel confirms: each one a pure
 * function from the server's view to the view with the change made. Applied in order over
 * every fresh view until the write is done (the server's view then has it) or fails (the
 * change is dropped, which rolls it back on screen).
 */
import type { MatchedView, Note, Task } from '../../shared/api';
import type { ContactEdit, NewTask, TaskEdit } from '../../shared/actions';
import type { Unconfirmed } from '../unsaved';

const withTasks = (view: MatchedView, tasks: Task[]): MatchedView => ({ ...view, tasks });
const onTask = (taskId: string, change: (task: Task) => Task): Unconfirmed => (view) =>
  withTasks(view, view.tasks.map((task) => (task.id === taskId ? change(task) : task)));

/** HighLevel keeps tags lower-cased; the sidebar shows them as HighLevel will. */
const tagKey = (tag: string) => tag.trim().toLowerCase();

/** First and last name as the contact card's full name gives them: the first word, then the rest. */
export function splitName(name: string | null): { firstName: string; lastName: string } {
  const [firstName = '', ...rest] = (name ?? '').trim().split(/\s+/);
  return { firstName, lastName: rest.join(' ') };
}

export const changes = {
  /** A task HighLevel has not made yet, first among the open ones. */
  addTask(taskId: string, task: NewTask): Unconfirmed {
    const added: Task = { id: taskId, title: task.title, body: task.body ?? null, dueDate: task.dueDate, completed: false, overdue: false };
    return (view) => withTasks(view, [added, ...view.tasks]);
  },

  editTask(taskId: string, edit: TaskEdit): Unconfirmed {
    return onTask(taskId, (task) => ({
      ...task,
      ...(edit.title !== undefined && { title: edit.title }),
      ...(edit.body !== undefined && { body: edit.body || null }),
      ...(edit.dueDate !== undefined && { dueDate: edit.dueDate, overdue: new Date(edit.dueDate).getTime() < Date.now() }),
    }));
  },

  completeTask(taskId: string, completed: boolean): Unconfirmed {
    return onTask(taskId, (task) => ({ ...task, completed }));
  },

  deleteTask(taskId: string): Unconfirmed {
    return (view) => withTasks(view, view.tasks.filter((task) => task.id !== taskId));
  },

  addTags(tags: readonly string[]): Unconfirmed {
    return (view) => {
      const present = new Set(view.contact.tags.map(tagKey));
      const added: string[] = [];
      for (const tag of tags.map(tagKey)) {
        if (present.has(tag)) continue;
        present.add(tag);
        added.push(tag);
      }
      return { ...view, contact: { ...view.contact, tags: [...view.contact.tags, ...added] } };
    };
  },

  removeTags(tags: readonly string[]): Unconfirmed {
    const removed = new Set(tags.map(tagKey));
    return (view) => ({ ...view, contact: { ...view.contact, tags: view.contact.tags.filter((tag) => !removed.has(tagKey(tag))) } });
  },

  /** A note HighLevel has not stored yet, dated now so it shows at the top. */
  addNote(noteId: string, body: string, now: Date = new Date()): Unconfirmed {
    const note: Note = { id: noteId, body, dateAdded: now.toISOString() };
    return (view) => ({ ...view, notes: [note, ...view.notes] });
  },

  editContact(edit: ContactEdit): Unconfirmed {
    return (view) => {
      const current = splitName(view.contact.name);
      const name = [edit.firstName ?? current.firstName, edit.lastName ?? current.lastName].filter(Boolean).join(' ');
      return {
        ...view,
        contact: {
          ...view.contact,
          ...(name && { name }),
          ...(edit.email !== undefined && { email: edit.email }),
          ...(edit.phone !== undefined && { phone: edit.phone }),
        },
      };
    };
  },
};
