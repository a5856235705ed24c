/**
 * The agent's writes as both sides know them: each kind's action, which kinds make a new record,
 * and the sentence that names a write. The server stores and sends actions and keeps their
 * summaries; the widget sends the same actions and shows the same summary while one is on its way.
 */
import type { NewContact, WriteAction, WriteKind } from './actions';

export type { WriteAction } from './actions';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time check: every kind in `writeKinds` has its action here, and no action another kind. */
export type EveryKindHasAnAction = Assert<Same<WriteAction['kind'], WriteKind>>;

/** Kinds whose repeat would make a second record; the others set a record to a state and can be repeated. */
export const createKinds: ReadonlySet<WriteKind> = new Set<WriteKind>(['createTask', 'createNote', 'createContact']);

/** Whether a write makes a new record, so an attempt with an unknown outcome is looked for before it is sent again. */
export const isCreate = (kind: WriteKind): boolean => createKinds.has(kind);

/**
 * The success status HighLevel documents for each kind (its client resolves only on a 2xx, so the
 * audit log records this one): 201 for the creates and for adding tags, 200 for the rest.
 */
export const successStatus = (kind: WriteKind): 200 | 201 => (isCreate(kind) || kind === 'addTags' ? 201 : 200);

const quoted = (text: string, max = 60) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
const list = (items: readonly string[]) => items.map((item) => quoted(item, 40)).join(', ');

const fieldNames: Record<string, string> = {
  title: 'title',
  body: 'description',
  dueDate: 'due date',
  firstName: 'first name',
  lastName: 'last name',
  email: 'email',
  phone: 'phone',
};
const changed = (input: object) => Object.keys(input).map((key) => fieldNames[key] ?? key).join(', ');

function personName(contact: NewContact): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || contact.phone || 'contact';
}

/** A short sentence the widget shows for the write, e.g. `Create task "Call back"`. */
export function summarize(action: WriteAction, taskTitle?: string): string {
  const task = taskTitle ? ` ${quoted(taskTitle)}` : '';
  switch (action.kind) {
    case 'createTask':
      return `Create task ${quoted(action.input.title)}`;
    case 'updateTask':
      return `Edit task${task}: ${changed(action.input)}`;
    case 'completeTask':
      return `${action.input.completed ? 'Complete' : 'Reopen'} task${task}`;
    case 'deleteTask':
      return `Delete task${task}`;
    case 'addTags':
      return `Add ${action.input.tags.length === 1 ? 'tag' : 'tags'} ${list(action.input.tags)}`;
    case 'removeTags':
      return `Remove ${action.input.tags.length === 1 ? 'tag' : 'tags'} ${list(action.input.tags)}`;
    case 'createNote':
      return `Add note ${quoted(action.input.body.replace(/\s+/g, ' '), 40)}`;
    case 'createContact':
      return `Create contact ${quoted(personName(action.input))}`;
    case 'updateContact':
      return `Edit contact: ${changed(action.input)}`;
  }
}
