/**
 * Each kind of write as the domain handles it: how it is sent to the CRM, looked for (a create)
 * or read back (an edit) after an attempt whose outcome is unknown, and how the CRM's failures
 * classify. The actions themselves, their kinds and summaries are shared with the widget
 * (`shared/actions.ts`, `shared/writes.ts`).
 */
import type { ContactEdit, WriteAction, WriteKind } from '../../shared/actions';
import { isCreate } from '../../shared/writes';
import { htmlToText, textToHtml } from '../../shared/text';
import type { CrmContact, CrmContactUpdate, CrmNote, CrmPort, CrmTask } from '../crm/port';
import { OutsideError } from '../platform/outside-http';
import type { CopiedParts } from '../store/port';
import type { RecordPart } from './read-model';

/** Writes that change one existing task of the contact. */
export type TaskAction = Extract<WriteAction, { taskId: string }>;
export const isTaskAction = (action: WriteAction): action is TaskAction => 'taskId' in action;

/** The fields a write carries, for the audit log. */
export function auditFields(action: WriteAction): string {
  const { kind: _kind, ...fields } = action;
  return JSON.stringify(fields);
}

/** The record HighLevel answered a create with, as far as it could be read. */
export type CreatedRecord = CrmTask | CrmNote | CrmContact | null;

/** What an attempt came to. */
export type Outcome =
  | {
      state: 'done';
      recordId: string | null;
      status: number | null;
      /**
       * The change HighLevel answered with a success to this very attempt, with the record a
       * create made: what the read copy takes without reading HighLevel again. Absent when the
       * write was found done otherwise (looked up after a lost answer).
       */
      taken?: { action: WriteAction; answered: SentWrite };
    }
  | { state: 'failed'; reason: string; status: number | null; traceId: string | null }
  | {
      state: 'pending';
      reason: string;
      status: number | null;
      traceId: string | null;
      /** A create that may have been made: look for it before sending again. */
      mayExist: boolean;
      /** The write went out and no answer came back: a copy of it may still land in the CRM. */
      unknown: boolean;
      /** Epoch ms of the next attempt, when the attempt chose it; else after the outbox's backoff. */
      retryAt?: number;
    };

/** How far before the first attempt a record found by the look-up may date (clocks differ). */
const clockSkewMs = 5 * 60_000;

/** The update HighLevel gets from an agent's contact edit: an emptied name is cleared. */
function contactUpdate(edit: ContactEdit): CrmContactUpdate {
  const update: CrmContactUpdate = {};
  if (edit.firstName !== undefined) update.firstName = edit.firstName || null;
  if (edit.lastName !== undefined) update.lastName = edit.lastName || null;
  if (edit.email !== undefined) update.email = edit.email;
  if (edit.phone !== undefined) update.phone = edit.phone;
  return update;
}

const utc = (iso: string) => new Date(iso).toISOString();

/** The CRM record an edit changes: its task, else the contact. */
export function recordOf(action: WriteAction, contactId: string): string {
  return isTaskAction(action) ? action.taskId : contactId;
}

/**
 * Sends one write to the CRM; resolves to the id of the record it made or changed (undefined
 * for a create the CRM accepted with an answer that could not be read: it happened; its id is
 * to be looked up, never made again) and, for a create, the record the CRM answered with.
 * `contactId` is the CRM contact the write acts on (unused by `createContact`).
 */
export async function sendWrite(crm: CrmPort, action: WriteAction, contactId: string): Promise<SentWrite> {
  if (isCreate(action.kind)) {
    const created = await sendCreate(crm, action, contactId);
    return { recordId: created?.id, created, tags: null };
  }
  if (action.kind === 'addTags' || action.kind === 'removeTags') {
    const answer = action.kind === 'addTags' ? await crm.addTags(contactId, action.input.tags) : await crm.removeTags(contactId, action.input.tags);
    return { recordId: contactId, created: null, tags: tagList(answer) };
  }
  return { recordId: await sendEdit(crm, action, contactId), created: null, tags: null };
}

/** What HighLevel answered a write with, as far as it could be read. */
export type SentWrite = {
  /** The record made or changed; undefined for a create whose answer could not be read. */
  recordId: string | undefined;
  /** The record a create made. */
  created: CreatedRecord;
  /** The contact's tags after a tag change (HighLevel writes tags in lower case). */
  tags: string[] | null;
};

/** A list of tags when the answer is one (as a client gives it, or in `{ tags }`); else null. */
function tagList(answer: unknown): string[] | null {
  const list = typeof answer === 'object' && answer !== null && 'tags' in answer ? answer.tags : answer;
  return Array.isArray(list) && list.every((tag): tag is string => typeof tag === 'string') ? list : null;
}

async function sendCreate(crm: CrmPort, action: WriteAction, contactId: string): Promise<CreatedRecord> {
  switch (action.kind) {
    case 'createTask': {
      const { title, body, dueDate } = action.input;
      return crm.createTask(contactId, { title, ...(body ? { body } : {}), dueDate: utc(dueDate), completed: false });
    }
    case 'createNote':
      // HighLevel shows a note's body as HTML: escaped, it shows what the agent typed.
      return crm.createNote(contactId, { body: textToHtml(action.input.body) });
    case 'createContact': {
      const { firstName, lastName, email, phone } = action.input;
      return crm.createContact({
        ...(firstName ? { firstName } : {}),
        ...(lastName ? { lastName } : {}),
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
      });
    }
    default:
      throw new Error(`${action.kind} creates nothing`);
  }
}

async function sendEdit(crm: CrmPort, action: WriteAction, contactId: string): Promise<string> {
  switch (action.kind) {
    case 'updateTask': {
      const { title, body, dueDate } = action.input;
      await crm.updateTask(contactId, action.taskId, {
        ...(title === undefined ? {} : { title }),
        ...(body === undefined ? {} : { body }),
        ...(dueDate === undefined ? {} : { dueDate: utc(dueDate) }),
      });
      return action.taskId;
    }
    case 'completeTask':
      await crm.setTaskCompleted(contactId, action.taskId, action.input.completed);
      return action.taskId;
    case 'deleteTask':
      try {
        await crm.deleteTask(contactId, action.taskId);
      } catch (error) {
        // Already gone is what the agent wanted.
        if (!(error instanceof OutsideError && error.kind === 'not_found')) throw error;
      }
      return action.taskId;
    case 'updateContact':
      await crm.updateContact(contactId, contactUpdate(action.input));
      return contactId;
    default:
      throw new Error(`${action.kind} is not an edit`);
  }
}

/**
 * A contact's records as the sidebar shows them after HighLevel took a write, made from the
 * records before, what was sent and the record a create answered with: no read of HighLevel.
 * The part to read again instead when that is not enough (a create whose answer could not be
 * read, a task the copy does not hold); null when there is no copy to change (a new contact's
 * is made from HighLevel's answer).
 */
export function changeToCopy(parts: CopiedParts | undefined, action: WriteAction, answered: Omit<SentWrite, 'recordId'>, now: Date): CopiedParts | RecordPart | null {
  const { created } = answered;
  if (action.kind === 'createContact') {
    return created ? { contact: created, tasks: [], notes: [], appointments: [] } : null;
  }
  if (!parts) return null;
  const { tasks, contact } = parts;
  const changeTask = (taskId: string, change: (task: CrmTask) => CrmTask): CopiedParts | RecordPart =>
    tasks.some((task) => task.id === taskId) ? { ...parts, tasks: tasks.map((task) => (task.id === taskId ? change(task) : task)) } : 'tasks';
  const lower = (tags: string[]) => new Set(tags.map((tag) => tag.toLowerCase()));
  switch (action.kind) {
    case 'createTask': {
      if (!created) return 'tasks';
      const { title, body, dueDate } = action.input;
      const task: CrmTask = {
        ...created,
        title: text('title' in created ? created.title : null) ?? title,
        body: text('body' in created ? created.body : null) ?? body ?? null,
        dueDate: text('dueDate' in created ? created.dueDate : null) ?? utc(dueDate),
        completed: 'completed' in created && typeof created.completed === 'boolean' ? created.completed : false,
      };
      return { ...parts, tasks: [...tasks.filter((held) => held.id !== task.id), task] };
    }
    case 'updateTask': {
      const { title, body, dueDate } = action.input;
      return changeTask(action.taskId, (task) => ({
        ...task,
        ...(title === undefined ? {} : { title }),
        ...(body === undefined ? {} : { body }),
        ...(dueDate === undefined ? {} : { dueDate: utc(dueDate) }),
      }));
    }
    case 'completeTask':
      return changeTask(action.taskId, (task) => ({ ...task, completed: action.input.completed }));
    case 'deleteTask':
      return { ...parts, tasks: tasks.filter((task) => task.id !== action.taskId) };
    case 'addTags':
    case 'removeTags':
      if (answered.tags) return { ...parts, contact: { ...contact, tags: answered.tags } };
      break;
  }
  switch (action.kind) {
    case 'addTags': {
      const held = contact.tags ?? [];
      const known = lower(held);
      const added = action.input.tags.filter((tag) => !known.has(tag.toLowerCase()));
      return { ...parts, contact: { ...contact, tags: [...held, ...added] } };
    }
    case 'removeTags': {
      const removed = lower(action.input.tags);
      return { ...parts, contact: { ...contact, tags: (contact.tags ?? []).filter((tag) => !removed.has(tag.toLowerCase())) } };
    }
    case 'createNote': {
      if (!created) return 'notes';
      const note: CrmNote = {
        ...created,
        body: text('body' in created ? created.body : null) ?? textToHtml(action.input.body),
        dateAdded: text('dateAdded' in created ? created.dateAdded : null) ?? now.toISOString(),
      };
      return { ...parts, notes: [note, ...parts.notes.filter((held) => held.id !== note.id)] };
    }
    default: {
      const update = contactUpdate(action.input);
      const changed: CrmContact = { ...contact, ...update };
      // HighLevel's full name follows the first and last name.
      if (update.firstName !== undefined || update.lastName !== undefined) {
        changed.name = [changed.firstName, changed.lastName].filter(Boolean).join(' ') || null;
      }
      return { ...parts, contact: changed };
    }
  }
}

/** A field of the record HighLevel answered with, when it holds some text. */
const text = (value: string | null | undefined): string | undefined => (value ? value : undefined);

/**
 * Looks in HighLevel for the record an earlier attempt of a create may have made without an
 * answer reaching us: the task with the same title, due date and description; the note with the
 * same text added since the first attempt; the contact with the same email or phone added since
 * then. `isClaimed` skips records another write already made. Null when there is none: send again.
 */
export async function findCreated(
  crm: CrmPort,
  action: WriteAction,
  contactId: string,
  firstSentAt: string | null,
  isClaimed: (recordId: string) => boolean,
): Promise<string | null> {
  const since = firstSentAt ? Date.parse(firstSentAt) - clockSkewMs : 0;
  const recent = (date: string | null | undefined) => !date || Date.parse(date) >= since;
  switch (action.kind) {
    case 'createTask': {
      crm.invalidateContact(contactId);
      const { title, body, dueDate } = action.input;
      const due = Date.parse(dueDate);
      const found = (await crm.getTasks(contactId)).find(
        (task) =>
          task.title === title &&
          task.dueDate != null &&
          Date.parse(task.dueDate) === due &&
          (task.body ?? '').trim() === (body ?? '').trim() &&
          !isClaimed(task.id),
      );
      return found?.id ?? null;
    }
    case 'createNote': {
      crm.invalidateContact(contactId);
      const text = action.input.body.trim();
      const sent = textToHtml(text);
      const found = (await crm.getNotes(contactId)).find(
        (note) =>
          (note.body?.trim() === sent || note.body?.trim() === text || htmlToText(note.body ?? '') === text) &&
          recent(note.dateAdded) &&
          !isClaimed(note.id),
      );
      return found?.id ?? null;
    }
    case 'createContact': {
      // An empty id drops no contact's reads, only every cached search.
      crm.invalidateContact('');
      const { email, phone, firstName, lastName } = action.input;
      for (const lookup of [email ? { email } : null, phone ? { number: phone } : null]) {
        if (!lookup) continue;
        const contact = await crm.findDuplicate(lookup);
        if (contact && recent(contact.dateAdded) && !isClaimed(contact.id)) return contact.id;
      }
      if (email || phone) return null;
      // A contact with a name only: the one of that exact name, without email or phone, added
      // since the first attempt (a date is required: an older namesake must never be taken).
      const name = [firstName, lastName].filter(Boolean).join(' ');
      const same = (held: string | null | undefined, sent: string | undefined) => (held ?? '').trim().toLowerCase() === (sent ?? '').trim().toLowerCase();
      const { contacts } = await crm.searchContacts({ query: name, pageLimit: 100 });
      const found = contacts.find(
        (contact) =>
          same(contact.firstName, firstName) &&
          same(contact.lastName, lastName) &&
          !contact.email &&
          !contact.phone &&
          Boolean(contact.dateAdded) &&
          recent(contact.dateAdded) &&
          !isClaimed(contact.id),
      );
      return found?.id ?? null;
    }
    default:
      return null;
  }
}

/**
 * What of a change the CRM does not hold yet, read back from the record after an attempt whose
 * outcome is unknown: the change with only the fields, tags or state still differing, or null
 * when the CRM already holds all of it. Creates are looked for instead (`findCreated`).
 */
export async function remainingChange(crm: CrmPort, action: WriteAction, contactId: string): Promise<WriteAction | null> {
  crm.invalidateContact(contactId);
  switch (action.kind) {
    case 'updateContact': {
      const contact = await crm.getContact(contactId);
      const input: ContactEdit = {};
      const { firstName, lastName, email, phone } = action.input;
      if (firstName !== undefined && (contact.firstName ?? '') !== firstName) input.firstName = firstName;
      if (lastName !== undefined && (contact.lastName ?? '') !== lastName) input.lastName = lastName;
      if (email !== undefined && (contact.email ?? '').toLowerCase() !== email.toLowerCase()) input.email = email;
      if (phone !== undefined && digitsOf(contact.phone) !== digitsOf(phone)) input.phone = phone;
      return Object.keys(input).length > 0 ? { ...action, input } : null;
    }
    case 'updateTask':
    case 'completeTask':
    case 'deleteTask': {
      const task = (await crm.getTasks(contactId)).find((candidate) => candidate.id === action.taskId);
      if (action.kind === 'deleteTask') return task ? action : null;
      // A task gone from HighLevel is sent as is, to be refused with HighLevel's own words.
      if (!task) return action;
      if (action.kind === 'completeTask') return Boolean(task.completed) === action.input.completed ? null : action;
      const { title, body, dueDate } = action.input;
      const input: typeof action.input = {};
      if (title !== undefined && task.title !== title) input.title = title;
      if (body !== undefined && (task.body ?? '').trim() !== body.trim()) input.body = body;
      if (dueDate !== undefined && (task.dueDate == null || Date.parse(task.dueDate) !== Date.parse(dueDate))) input.dueDate = dueDate;
      return Object.keys(input).length > 0 ? { ...action, input } : null;
    }
    case 'addTags':
    case 'removeTags': {
      const held = new Set((((await crm.getContact(contactId)).tags) ?? []).map((tag) => tag.toLowerCase()));
      const wanted = action.kind === 'addTags';
      const tags = action.input.tags.filter((tag) => held.has(tag.toLowerCase()) !== wanted);
      return tags.length > 0 ? { ...action, input: { tags } } : null;
    }
    default:
      return action;
  }
}

const digitsOf = (phone: string | null | undefined) => (phone ?? '').replace(/[^\d+]/g, '');

/**
 * A failed attempt as an outcome. Transient failures (HighLevel down, slow, throttled, a 5xx)
 * keep the write pending; a refused token also does, since a fixed token makes it go through;
 * a refusal of the write itself (400, 404, 422) fails it for good. `sent` says the write itself
 * had gone out when it failed (not a read before it): only then may a timeout or a dropped
 * connection hide a write HighLevel performs, at once or later.
 */
export function classifyFailure(error: unknown, kind: WriteKind, sent: boolean): Outcome {
  const mayExist = sent && isCreate(kind);
  if (!(error instanceof OutsideError)) {
    return { state: 'pending', reason: 'Something went wrong in the app while sending; it will be tried again.', status: null, traceId: null, mayExist, unknown: false };
  }
  const status = error.status;
  const traceId = error.traceId ?? null;
  const pending = (reason: string, answered: 'answered' | 'no answer', createMayExist = false): Outcome => ({
    state: 'pending',
    reason,
    status,
    traceId,
    mayExist: createMayExist && mayExist,
    unknown: answered === 'no answer' && sent,
  });
  switch (error.kind) {
    case 'rate_limited':
      return pending('HighLevel is busy (rate limit reached); it will be sent in a few seconds.', 'answered');
    case 'unavailable':
      // A 5xx came back: HighLevel has finished with the request, but a create may have been made before it failed.
      return pending('HighLevel is having trouble right now; it will be sent when it recovers.', 'answered', true);
    case 'timeout':
      return pending('HighLevel did not answer in time; it will be checked and sent again.', 'no answer', true);
    case 'network':
      return pending('HighLevel cannot be reached right now; it will be sent when it is back.', 'no answer', true);
    case 'invalid_response':
      return pending('HighLevel sent an answer the app cannot read; it will be checked and tried again.', 'answered', true);
    case 'auth':
      return pending("HighLevel refused the app's API token. An administrator needs to renew it; the change will be sent once it works.", 'answered');
    case 'scope':
      return pending('The HighLevel token lacks the contacts.write permission. An administrator needs to grant it; the change will be sent once it works.', 'answered');
    case 'not_found':
      return { state: 'failed', reason: `HighLevel no longer has this record${error.messages.length ? ` (${error.messages.join('; ')})` : ''}.`, status, traceId };
    case 'rejected':
    case 'bad_request':
      return { state: 'failed', reason: `HighLevel rejected the change: ${error.messages.join('; ') || `HTTP ${status ?? 'error'}`}`, status, traceId };
  }
}
