/**
 * In-memory stand-ins for the ports the domain owns: a CRM that keeps contacts, tasks, notes,
 * appointments and tags and can be told to fail in every way HighLevel does; a helpdesk of
 * tickets; and links, an audit log and an outbox that behave as the SQLite adapter does.
 * Each clock reads `Date.now()`, so fake timers move them all together.
 */
import { createAutomationStore } from '../../../server/store/sqlite/automations';
import { openDatabase } from '../../../server/store/sqlite/database';
import { createAdminSessionStore } from '../../../server/store/sqlite/admin-sessions';
import { randomBytes } from 'node:crypto';
import type {
  CrmAppointment,
  CrmContact,
  CrmContactPage,
  CrmContactSearch,
  CrmContactUpdate,
  CrmNewContact,
  CrmNewTask,
  CrmNote,
  CrmPort,
  CrmTask,
  CrmTaskUpdate,
  Created,
} from '../../../server/crm/port';
import type { HelpdeskCustomer, HelpdeskPort, HelpdeskTicket } from '../../../server/helpdesk/port';
import { OutsideError, type OutsideErrorKind, type OutsideSystem } from '../../../server/platform/outside-http';
import type {
  AuditEntry,
  AuditFilter,
  AuditLog,
  CopiedParts,
  Inbox,
  InboxEvent,
  Links,
  NewAuditEntry,
  NewWrite,
  Outbox,
  ReadCopy,
  Store,
  StoredWrite,
  TrengoWebhook,
  TrengoWebhooks,
  ServerSettings,
} from '../../../server/store/port';
import { createKinds } from '../../../shared/writes';
import type { WriteKind } from '../../../shared/actions';

/** The HTTP status each kind of failure comes with, as the outside-HTTP kit reports it. */
const statusOf: Record<OutsideErrorKind, number | null> = {
  bad_request: 400,
  auth: 401,
  scope: 403,
  not_found: 404,
  rejected: 422,
  rate_limited: 429,
  unavailable: 503,
  timeout: null,
  network: null,
  invalid_response: 200,
};

/** The error an outside call rejects with, for a kind of failure. */
export function outsideError(
  kind: OutsideErrorKind,
  init: { system?: OutsideSystem; messages?: string[]; traceId?: string; operation?: string } = {},
): OutsideError {
  return new OutsideError({
    system: init.system ?? 'highlevel',
    kind,
    status: statusOf[kind],
    messages: init.messages ?? [],
    ...(init.traceId === undefined ? {} : { traceId: init.traceId }),
    operation: init.operation ?? 'call',
  });
}

// ---------------------------------------------------------------------------------------------
// The CRM

export type CrmMethod = Exclude<keyof CrmPort, 'invalidateContact'>;

/** The methods that change something in the CRM. */
export const crmWriteMethods: ReadonlySet<CrmMethod> = new Set<CrmMethod>([
  'createContact',
  'updateContact',
  'createTask',
  'updateTask',
  'setTaskCompleted',
  'deleteTask',
  'addTags',
  'removeTags',
  'createNote',
]);

/** One call the CRM received: which method, its arguments, and the clock when it arrived. */
export type CrmCall = { method: CrmMethod; args: unknown[]; at: number };

/** How the next call of a method goes wrong. */
type Fault =
  | { type: 'reject'; error: OutsideError }
  /** The CRM performs the write, then the answer is lost: the call rejects with `timeout`. */
  | { type: 'loseAnswer' }
  /** The CRM performs the create and answers a success nobody can read: the call resolves to null. */
  | { type: 'unreadable' }
  /** The call waits until released; with `storeFirst`, the CRM has already performed it by then. */
  | { type: 'hold'; storeFirst: boolean; arrived: (store: () => void) => void; released: Promise<void> }
  /** The CRM performs the write this much later than the call arrives (it still answers at once with a timeout). */
  | { type: 'lateStore'; afterMs: number };

/**
 * A call held by the CRM: `arrived` resolves when it comes in; `release` lets it finish; `store`
 * makes the CRM perform it now while its caller goes on waiting (the caller may be gone).
 */
export type HeldCall = { arrived: Promise<void>; release: () => void; store: () => void };

type StoredTask = CrmTask & { contactId: string };
type StoredNote = CrmNote & { contactId: string };
type StoredAppointment = CrmAppointment & { contactId: string };

export type FakeCrm = ReturnType<typeof createFakeCrm>;

/**
 * A CRM of the location, in memory. Every call is recorded in `calls`; faults are programmed per
 * method and used up one call each, in the order they were given.
 */
export function createFakeCrm() {
  const contacts = new Map<string, CrmContact>();
  const tasks = new Map<string, StoredTask>();
  const notes = new Map<string, StoredNote>();
  const appointments = new Map<string, StoredAppointment>();
  const calls: CrmCall[] = [];
  const invalidated: string[] = [];
  const faults = new Map<CrmMethod, Fault[]>();
  let nextId = 1;

  const newId = (prefix: string) => `${prefix}${nextId++}`;
  const nowIso = () => new Date(Date.now()).toISOString();
  const copy = <T extends object>(record: T): T => structuredClone(record);
  const notFound = (what: string) => outsideError('not_found', { messages: [`${what} not found`] });

  function program(method: CrmMethod, fault: Fault, times = 1): void {
    faults.set(method, [...(faults.get(method) ?? []), ...Array.from({ length: times }, () => fault)]);
  }

  function contactOrFail(contactId: string): CrmContact {
    const contact = contacts.get(contactId);
    if (!contact) throw notFound('Contact');
    return contact;
  }

  function taskOf(contactId: string, taskId: string): StoredTask {
    const task = tasks.get(taskId);
    if (!task || task.contactId !== contactId) throw notFound('Task');
    return task;
  }

  const withoutOwner = <T extends { contactId: string }>({ contactId: _owner, ...record }: T): Omit<T, 'contactId'> => copy(record);

  /**
   * Runs one call: records it, applies the method's next fault if any, and performs `perform`
   * (the CRM's own work) as that fault says. `unreadable` makes the answer null.
   */
  async function call<T>(method: CrmMethod, args: unknown[], perform: () => T): Promise<T | null> {
    calls.push({ method, args: structuredClone(args), at: Date.now() });
    const fault = faults.get(method)?.shift();
    // An answer arrives after the call was made, never within it.
    await Promise.resolve();
    if (!fault) return perform();
    switch (fault.type) {
      case 'reject':
        throw fault.error;
      case 'loseAnswer':
        perform();
        throw outsideError('timeout', { operation: method });
      case 'unreadable':
        perform();
        return null;
      case 'hold': {
        let result: { value: T } | undefined;
        const store = () => {
          result ??= { value: perform() };
        };
        if (fault.storeFirst) store();
        fault.arrived(store);
        await fault.released;
        store();
        return result ? result.value : null;
      }
      case 'lateStore':
        setTimeout(() => {
          try {
            perform();
          } catch {
            // A record gone meanwhile: nothing to store.
          }
        }, fault.afterMs);
        throw outsideError('timeout', { operation: method });
    }
  }

  const port: CrmPort = {
    async searchContacts(search: CrmContactSearch): Promise<CrmContactPage> {
      const page = await call('searchContacts', [search], () => {
        const query = search.query?.toLowerCase();
        const found = [...contacts.values()].filter(
          (contact) =>
            (search.email === undefined || contact.email?.toLowerCase() === search.email.toLowerCase()) &&
            (search.phone === undefined || contact.phone === search.phone) &&
            (query === undefined ||
              [contact.name, fullName(contact), contact.email, contact.phone, contact.companyName].some((field) =>
                field?.toLowerCase().includes(query),
              )),
        );
        return { contacts: found.slice(0, search.pageLimit ?? 20).map(copy), total: found.length };
      });
      return page ?? { contacts: [], total: 0 };
    },

    async findDuplicate(lookup: { email: string } | { number: string }): Promise<CrmContact | null> {
      return call('findDuplicate', [lookup], () => {
        const same = [...contacts.values()].find((contact) =>
          'email' in lookup ? contact.email?.toLowerCase() === lookup.email.toLowerCase() : contact.phone === lookup.number,
        );
        return same ? copy(same) : null;
      });
    },

    async getContact(contactId: string): Promise<CrmContact> {
      const contact = await call('getContact', [contactId], () => copy(contactOrFail(contactId)));
      if (!contact) throw outsideError('invalid_response');
      return contact;
    },

    async getContactsByBusiness(businessId: string, options?: { limit?: number }): Promise<CrmContactPage> {
      const page = await call('getContactsByBusiness', [businessId, options], () => {
        const found = [...contacts.values()].filter((contact) => contact.businessId === businessId);
        return { contacts: found.slice(0, options?.limit ?? 100).map(copy), total: found.length };
      });
      return page ?? { contacts: [], total: 0 };
    },

    async getTasks(contactId: string): Promise<CrmTask[]> {
      const list = await call('getTasks', [contactId], () => {
        contactOrFail(contactId);
        return [...tasks.values()].filter((task) => task.contactId === contactId).map(withoutOwner);
      });
      return list ?? [];
    },

    async getNotes(contactId: string): Promise<CrmNote[]> {
      const list = await call('getNotes', [contactId], () => {
        contactOrFail(contactId);
        return [...notes.values()].filter((note) => note.contactId === contactId).map(withoutOwner);
      });
      return list ?? [];
    },

    async getAppointments(contactId: string): Promise<CrmAppointment[]> {
      const list = await call('getAppointments', [contactId], () => {
        contactOrFail(contactId);
        return [...appointments.values()].filter((event) => event.contactId === contactId).map(withoutOwner);
      });
      return list ?? [];
    },

    async createContact(contact: CrmNewContact): Promise<Created<CrmContact>> {
      return call('createContact', [contact], () => {
        const created: CrmContact = { id: newId('contact'), ...contact, tags: [], dateAdded: nowIso() };
        contacts.set(created.id, created);
        return copy(created);
      });
    },

    async updateContact(contactId: string, update: CrmContactUpdate): Promise<unknown> {
      return call('updateContact', [contactId, update], () => {
        const contact = contactOrFail(contactId);
        for (const [field, value] of Object.entries(update)) {
          if (value === undefined) continue;
          Object.assign(contact, { [field]: value });
        }
        return copy(contact);
      });
    },

    async createTask(contactId: string, task: CrmNewTask): Promise<Created<CrmTask>> {
      return call('createTask', [contactId, task], () => {
        contactOrFail(contactId);
        const created: StoredTask = { id: newId('task'), contactId, ...task };
        tasks.set(created.id, created);
        return withoutOwner(created);
      });
    },

    async updateTask(contactId: string, taskId: string, update: CrmTaskUpdate): Promise<unknown> {
      return call('updateTask', [contactId, taskId, update], () => {
        const task = taskOf(contactId, taskId);
        Object.assign(task, update);
        return withoutOwner(task);
      });
    },

    async setTaskCompleted(contactId: string, taskId: string, completed: boolean): Promise<unknown> {
      return call('setTaskCompleted', [contactId, taskId, completed], () => {
        const task = taskOf(contactId, taskId);
        task.completed = completed;
        return withoutOwner(task);
      });
    },

    async deleteTask(contactId: string, taskId: string): Promise<void> {
      await call('deleteTask', [contactId, taskId], () => {
        taskOf(contactId, taskId);
        tasks.delete(taskId);
      });
    },

    async addTags(contactId: string, tagsToAdd: string[]): Promise<unknown> {
      return call('addTags', [contactId, tagsToAdd], () => {
        const contact = contactOrFail(contactId);
        contact.tags = [...new Set([...(contact.tags ?? []), ...tagsToAdd])];
        return { tags: [...contact.tags] };
      });
    },

    async removeTags(contactId: string, tagsToRemove: string[]): Promise<unknown> {
      return call('removeTags', [contactId, tagsToRemove], () => {
        const contact = contactOrFail(contactId);
        contact.tags = (contact.tags ?? []).filter((tag) => !tagsToRemove.includes(tag));
        return { tags: [...contact.tags] };
      });
    },

    async createNote(contactId: string, note: { body: string }): Promise<Created<CrmNote>> {
      return call('createNote', [contactId, note], () => {
        contactOrFail(contactId);
        const created: StoredNote = { id: newId('note'), contactId, body: note.body, dateAdded: nowIso() };
        notes.set(created.id, created);
        return withoutOwner(created);
      });
    },

    invalidateContact(contactId: string): void {
      invalidated.push(contactId);
    },
  };

  return {
    port,
    /** Every call, oldest first (cache drops are in `invalidated`). */
    calls,
    invalidated,

    /** How many calls a method received. */
    count: (method: CrmMethod): number => calls.filter((entry) => entry.method === method).length,
    /** The calls that changed (or tried to change) something, oldest first. */
    writeCalls: (): CrmCall[] => calls.filter((entry) => crmWriteMethods.has(entry.method)),
    /** The calls of one method, oldest first. */
    callsOf: (method: CrmMethod): CrmCall[] => calls.filter((entry) => entry.method === method),

    addContact(contact: Omit<CrmContact, 'id'> & { id?: string }): CrmContact {
      const stored: CrmContact = { tags: [], dateAdded: nowIso(), ...contact, id: contact.id ?? newId('contact') };
      contacts.set(stored.id, stored);
      return copy(stored);
    },
    addTask(contactId: string, task: Omit<CrmTask, 'id'> & { id?: string }): CrmTask {
      const stored: StoredTask = { ...task, id: task.id ?? newId('task'), contactId };
      tasks.set(stored.id, stored);
      return withoutOwner(stored);
    },
    addNote(contactId: string, note: Omit<CrmNote, 'id'> & { id?: string }): CrmNote {
      const stored: StoredNote = { ...note, id: note.id ?? newId('note'), contactId };
      notes.set(stored.id, stored);
      return withoutOwner(stored);
    },
    addAppointment(contactId: string, event: Omit<CrmAppointment, 'id'> & { id?: string }): CrmAppointment {
      const stored: StoredAppointment = { ...event, id: event.id ?? newId('event'), contactId };
      appointments.set(stored.id, stored);
      return withoutOwner(stored);
    },
    /** Deletes a contact (and its records) as someone in the CRM would. */
    deleteContact(contactId: string): void {
      contacts.delete(contactId);
      for (const [id, task] of tasks) if (task.contactId === contactId) tasks.delete(id);
      for (const [id, note] of notes) if (note.contactId === contactId) notes.delete(id);
    },
    deleteTaskRecord(taskId: string): void {
      tasks.delete(taskId);
    },

    contact: (contactId: string): CrmContact | undefined => {
      const contact = contacts.get(contactId);
      return contact && copy(contact);
    },
    tasksOf: (contactId: string): CrmTask[] => [...tasks.values()].filter((task) => task.contactId === contactId).map(withoutOwner),
    notesOf: (contactId: string): CrmNote[] => [...notes.values()].filter((note) => note.contactId === contactId).map(withoutOwner),
    allContacts: (): CrmContact[] => [...contacts.values()].map(copy),

    /** The next `times` calls of the method reject with this kind of failure. */
    failNext(method: CrmMethod, kind: OutsideErrorKind, options: { times?: number; messages?: string[]; traceId?: string } = {}): void {
      const init = { operation: method, ...(options.messages && { messages: options.messages }), ...(options.traceId && { traceId: options.traceId }) };
      program(method, { type: 'reject', error: outsideError(kind, init) }, options.times ?? 1);
    },
    /** The next call performs the write, then its answer is lost (it rejects with `timeout`). */
    loseAnswerOf(method: CrmMethod): void {
      program(method, { type: 'loseAnswer' });
    },
    /** The next call performs the create and answers a success that cannot be read (null). */
    answerUnreadably(method: CrmMethod): void {
      program(method, { type: 'unreadable' });
    },
    /** The next call times out at once, and the CRM performs it `afterMs` later all the same. */
    storeLate(method: CrmMethod, afterMs: number): void {
      program(method, { type: 'lateStore', afterMs });
    },
    /** Holds the next call of the method until released; with `storeFirst`, the CRM performs it on arrival. */
    hold(method: CrmMethod, options: { storeFirst?: boolean } = {}): HeldCall {
      let store: (() => void) | undefined;
      let arrived!: () => void;
      let release!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      const onArrival = (storeCall: () => void) => {
        store = storeCall;
        arrived();
      };
      program(method, { type: 'hold', storeFirst: options.storeFirst ?? false, arrived: onArrival, released });
      return {
        arrived: arrival,
        release,
        store: () => {
          if (!store) throw new Error(`no ${method} call has arrived to store`);
          store();
        },
      };
    },
  };
}

/** First and last name as HighLevel's free-text search reads them. */
function fullName(contact: CrmContact): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------------------------
// The helpdesk

export type FakeHelpdesk = ReturnType<typeof createFakeHelpdesk>;

/** The helpdesk's tickets, in memory; `not_found` for a ticket it does not have. */
export function createFakeHelpdesk() {
  const tickets = new Map<string, HelpdeskTicket>();
  const calls: string[] = [];
  const failures: OutsideError[] = [];

  const port: HelpdeskPort = {
    async getTicket(ticketId: string): Promise<HelpdeskTicket> {
      calls.push(ticketId);
      await Promise.resolve();
      const failure = failures.shift();
      if (failure) throw failure;
      const ticket = tickets.get(ticketId);
      if (!ticket) throw outsideError('not_found', { system: 'trengo', operation: `GET /tickets/${ticketId}` });
      return structuredClone(ticket);
    },
  };

  return {
    port,
    /** The ticket ids asked for, oldest first. */
    calls,
    /** Adds a ticket of this customer (null: an internal ticket with none). */
    addTicket(ticketId: string, customer: Partial<HelpdeskCustomer> & { id: string } | null, subject: string | null = null): void {
      tickets.set(ticketId, {
        id: ticketId,
        subject,
        customer: customer && { name: null, email: null, phone: null, ...customer },
      });
    },
    /** The next `times` ticket reads reject with this kind of failure. */
    failNext(kind: OutsideErrorKind, times = 1): void {
      for (let i = 0; i < times; i++) failures.push(outsideError(kind, { system: 'trengo' }));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The store, as the SQLite adapter behaves

const nowIso = () => new Date(Date.now()).toISOString();

export function createMemoryLinks(): Links & { all(): Map<string, string> } {
  const links = new Map<string, string>();
  return {
    get: (key) => links.get(key),
    set: (key, ghlContactId) => void links.set(key, ghlContactId),
    clear: (key) => void links.delete(key),
    all: () => new Map(links),
  };
}

/** The longest text the SQLite audit log keeps in one cell. */
const maxAuditText = 2000;
const clip = (text: string | null): string | null => (text !== null && text.length > maxAuditText ? `${text.slice(0, maxAuditText)}…` : text);

export function createMemoryAudit(): AuditLog {
  const entries: AuditEntry[] = [];
  return {
    record(entry: NewAuditEntry): void {
      entries.push({ ...entry, id: entries.length + 1, at: nowIso(), fields: clip(entry.fields), detail: clip(entry.detail) });
    },
    list(filter: AuditFilter = {}): AuditEntry[] {
      return entries
        .filter(
          (entry) =>
            (filter.from === undefined || entry.at >= filter.from) &&
            (filter.to === undefined || entry.at < filter.to) &&
            (filter.contactId === undefined || entry.ghlContactId === filter.contactId || entry.trengoContactId === filter.contactId) &&
            (filter.ticketId === undefined || entry.ticketId === filter.ticketId) &&
            (filter.action === undefined || entry.action === filter.action) &&
            (filter.result === undefined || entry.result === filter.result),
        )
        .sort((a, b) => (filter.newest ? b.id - a.id : a.id - b.id))
        .slice(0, filter.limit ?? 100_000)
        .map((entry) => ({ ...entry }));
    },
  };
}

/** The error SQLite raises for a second write under one ticket's idempotency key. */
class UniqueViolation extends Error {
  readonly code = 'SQLITE_CONSTRAINT_UNIQUE';
  constructor() {
    super('UNIQUE constraint failed: writes.ticket_id, writes.idempotency_key');
  }
}

/** The columns `change` writes; the others never change once a write is stored. */
type Changeable = Pick<
  StoredWrite,
  'state' | 'reason' | 'recordId' | 'attempts' | 'mayExist' | 'unknownSince' | 'verified' | 'firstSentAt' | 'nextAttemptAt'
>;

/**
 * The outbox in memory, as `server/store/sqlite/outbox.ts` behaves: writes in `seq` order, a
 * queue's head is its oldest open write, `change` stores the changeable fields of the write it is
 * given merged with the changes, and every read returns a fresh copy.
 */
export function createMemoryOutbox(): Outbox & { all(): StoredWrite[] } {
  const writes: StoredWrite[] = [];
  let lastSeq = 0;
  const isOpen = (write: StoredWrite) => write.state === 'pending' || write.state === 'sending';
  const copy = (write: StoredWrite): StoredWrite => ({ ...write });
  const find = (id: string) => writes.find((write) => write.id === id);

  function change(write: StoredWrite, changes: Partial<StoredWrite>): StoredWrite {
    const next = { ...write, ...changes };
    const stored = find(next.id);
    if (!stored) return next;
    const changed: Changeable & { updatedAt: string } = {
      state: next.state,
      reason: next.reason,
      recordId: next.recordId,
      attempts: next.attempts,
      mayExist: next.mayExist,
      unknownSince: next.unknownSince,
      verified: next.verified,
      firstSentAt: next.firstSentAt,
      nextAttemptAt: next.nextAttemptAt,
      updatedAt: nowIso(),
    };
    Object.assign(stored, changed);
    return copy(stored);
  }

  return {
    add(write: NewWrite): StoredWrite {
      if (write.idempotencyKey !== null && writes.some((other) => other.ticketId === write.ticketId && other.idempotencyKey === write.idempotencyKey)) {
        throw new UniqueViolation();
      }
      const at = nowIso();
      const stored: StoredWrite = {
        ...write,
        seq: ++lastSeq,
        id: `w${randomBytes(12).toString('base64url').replace(/[-_]/g, '0')}`,
        state: 'pending',
        reason: null,
        recordId: null,
        attempts: 0,
        mayExist: false,
        unknownSince: null,
        firstSentAt: null,
        nextAttemptAt: Date.now(),
        createdAt: at,
        updatedAt: at,
      };
      writes.push(stored);
      return copy(stored);
    },

    get: (id) => {
      const write = find(id);
      return write && copy(write);
    },

    byIdempotencyKey(ticketId, key) {
      const write = writes.find((other) => other.ticketId === ticketId && other.idempotencyKey === key);
      return write && copy(write);
    },

    head(queue) {
      const write = writes.find((other) => other.queue === queue && isOpen(other));
      return write && copy(write);
    },

    openQueues: () => [...new Set(writes.filter(isOpen).map((write) => write.queue))],

    openInQueue: (queue) => writes.filter((write) => write.queue === queue && isOpen(write)).map(copy),

    change,

    recoverInterrupted(): void {
      for (const write of writes.filter((other) => other.state === 'sending')) {
        change(write, { state: 'pending', mayExist: write.mayExist || createKinds.has(write.kind), unknownSince: Date.parse(write.updatedAt) });
      }
      const now = Date.now();
      for (const write of writes) if (write.state === 'pending') write.nextAttemptAt = now;
    },

    discardedUnknownSince(queue) {
      const since = writes.filter((write) => write.queue === queue && write.state === 'discarded' && write.unknownSince !== null).map((write) => write.unknownSince ?? 0);
      return since.length > 0 ? Math.max(...since) : null;
    },

    isClaimed: (kind: WriteKind, recordId: string, exceptWriteId: string): boolean =>
      writes.some((write) => write.kind === kind && write.recordId === recordId && write.id !== exceptWriteId),

    ofCustomer(linkKey, ghlContactId, doneLimit) {
      const contact = ghlContactId ?? '';
      const ofThem = writes.filter((write) => write.linkKey === linkKey || write.ghlContactId === contact);
      const open = ofThem.filter((write) => isOpen(write) || write.state === 'failed');
      const done = doneLimit > 0 ? ofThem.filter((write) => write.state === 'done').slice(-doneLimit) : [];
      return [...open, ...done].sort((a, b) => a.seq - b.seq).map(copy);
    },
    unsettled: (limit) => writes.filter((write) => isOpen(write) || write.state === 'failed').slice(0, limit).map(copy),

    /** Every write ever stored, in `seq` order (for assertions). */
    all: () => writes.map(copy),
  };
}

/** The contact each ticket's sidebar last showed, with when. */
export function createMemoryShown() {
  const shown = new Map<string, { ghlContactId: string; at: number }>();
  return {
    get: (ticketId: string, maxAgeMs: number): string | undefined => {
      const entry = shown.get(ticketId);
      return entry && entry.at >= Date.now() - maxAgeMs ? entry.ghlContactId : undefined;
    },
    set: (ticketId: string, ghlContactId: string): void => void shown.set(ticketId, { ghlContactId, at: Date.now() }),
    clear: (ticketId: string): void => void shown.delete(ticketId),
  };
}

/** The read copy in memory, as `server/store/sqlite/read-copy.ts` behaves: an older copy never replaces a newer one. */
export function createMemoryReadCopy(): ReadCopy & { all(): Map<string, { parts: CopiedParts; asOf: number; usedAt: number }> } {
  const copies = new Map<string, { parts: CopiedParts; asOf: number; usedAt: number }>();
  return {
    get(contactId) {
      const copy = copies.get(contactId);
      return copy && { parts: structuredClone(copy.parts), asOf: copy.asOf };
    },
    put(contactId, parts, asOf) {
      const held = copies.get(contactId);
      if (held && held.asOf > asOf) return;
      copies.set(contactId, { parts: structuredClone(parts), asOf, usedAt: Date.now() });
    },
    touch(contactId) {
      const held = copies.get(contactId);
      if (held) held.usedAt = Date.now();
    },
    delete: (contactId) => void copies.delete(contactId),
    prune(before) {
      let pruned = 0;
      for (const [contactId, copy] of copies) {
        if (copy.usedAt < before) {
          copies.delete(contactId);
          pruned += 1;
        }
      }
      return pruned;
    },
    all: () => copies,
  };
}

/** The webhook inbox in memory, as `server/store/sqlite/inbox.ts` behaves. */
export function createMemoryInbox(): Inbox & { all(): InboxEvent[] } {
  const events: InboxEvent[] = [];
  let lastSeq = 0;
  const find = (seq: number) => events.find((event) => event.seq === seq);
  return {
    add(event) {
      if (events.some((other) => other.source === event.source && other.eventId === event.eventId)) return false;
      const at = Date.now();
      events.push({ ...event, seq: ++lastSeq, receivedAt: at, state: 'pending', attempts: 0, nextAttemptAt: at, error: null });
      return true;
    },
    due(limit) {
      const heads = new Map<string, InboxEvent>();
      for (const event of events) if (event.state === 'pending' && !heads.has(event.subject)) heads.set(event.subject, event);
      return [...heads.values()].filter((event) => event.nextAttemptAt <= Date.now()).slice(0, limit).map((event) => ({ ...event }));
    },
    markDone(seq) {
      Object.assign(find(seq) ?? {}, { state: 'done', error: null });
    },
    markRetry(seq, error, nextAttemptAt) {
      const event = find(seq);
      if (event) Object.assign(event, { attempts: event.attempts + 1, error, nextAttemptAt });
    },
    markFailed(seq, error) {
      const event = find(seq);
      if (event) Object.assign(event, { state: 'failed', attempts: event.attempts + 1, error });
    },
    prune(before) {
      const kept = events.filter((event) => event.state === 'pending' || event.receivedAt >= before);
      const pruned = events.length - kept.length;
      events.splice(0, events.length, ...kept);
      return pruned;
    },
    lastReceived() {
      const last: Partial<Record<InboxEvent['source'], number>> = {};
      for (const event of events) last[event.source] = Math.max(last[event.source] ?? 0, event.receivedAt);
      return last;
    },
    all: () => events.map((event) => ({ ...event })),
  };
}

/** The registered Trengo webhooks in memory. */
export function createMemoryTrengoWebhooks(): TrengoWebhooks {
  const webhooks = new Map<string, TrengoWebhook>();
  return {
    list: () => [...webhooks.values()].sort((a, b) => a.eventType.localeCompare(b.eventType)),
    get: (eventType) => webhooks.get(eventType),
    save: (webhook) => void webhooks.set(webhook.eventType, { ...webhook }),
    remove: (eventType) => void webhooks.delete(eventType),
  };
}

/** The server's own kept values in memory: the first value kept under a name stays. */
export function createMemorySettings(): ServerSettings {
  const values = new Map<string, string>();
  return {
    get: (name) => values.get(name),
    keep(name, make) {
      if (!values.has(name)) values.set(name, make());
      return values.get(name) ?? '';
    },
    put(name, value) {
      values.set(name, value);
    },
  };
}

/** The whole store in memory. */
export function createMemoryStore(): Store & {
  outbox: ReturnType<typeof createMemoryOutbox>;
  links: ReturnType<typeof createMemoryLinks>;
  readCopy: ReturnType<typeof createMemoryReadCopy>;
  inbox: ReturnType<typeof createMemoryInbox>;
} {
  const db = openDatabase(':memory:');
  return {
    outbox: createMemoryOutbox(),
    links: createMemoryLinks(),
    audit: createMemoryAudit(),
    shown: createMemoryShown(),
    inbox: createMemoryInbox(),
    readCopy: createMemoryReadCopy(),
    trengoWebhooks: createMemoryTrengoWebhooks(),
    settings: createMemorySettings(),
    // Automations and sign-ins keep their state in an in-memory SQLite file: the same code the server runs.
    automations: createAutomationStore(db),
    adminSessions: createAdminSessionStore(db),
    close: () => undefined,
  };
}
