/**
 * The store port: the server's durable state as the domain uses it. The outbox of writes, the
 * links of helpdesk customers to CRM contacts and the audit log; SQLite (`./sqlite`) keeps them
 * in one file, and a shared database can take its place behind these interfaces.
 */
import type { WriteKind } from '../../shared/actions';
import type { CrmAppointment, CrmContact, CrmNote, CrmTask } from '../crm/port';

/** `sending`: an attempt is under way (shown as pending); `discarded`: never to be sent. */
export type StoredState = 'pending' | 'sending' | 'done' | 'failed' | 'discarded';

export interface StoredWrite {
  seq: number;
  id: string;
  kind: WriteKind;
  state: StoredState;
  /** Writes of one queue go out one at a time, in order: the HighLevel contact, or the customer for a new contact. */
  queue: string;
  ticketId: string;
  trengoContactId: string | null;
  linkKey: string;
  ghlContactId: string | null;
  /** The validated action as JSON. */
  payload: string;
  summary: string;
  reason: string | null;
  recordId: string | null;
  attempts: number;
  /** A create that may have reached HighLevel without an answer: look for it before sending again. */
  mayExist: boolean;
  /**
   * Epoch ms when the latest attempt whose outcome is unknown began (no answer came: a timeout,
   * a dropped connection, a crash mid-send); null when every attempt was answered. Until the
   * late-write window after it has passed, a copy of that attempt may still land in the CRM.
   */
  unknownSince: number | null;
  /** The task it changes was seen among the contact's tasks. */
  verified: boolean;
  firstSentAt: string | null;
  /** Epoch ms before which the worker leaves it alone. */
  nextAttemptAt: number;
  idempotencyKey: string | null;
  /** The kind and payload, to tell a repeated request from a different one under the same key. */
  fingerprint: string;
  createdAt: string;
  updatedAt: string;
}

export type NewWrite = Pick<
  StoredWrite,
  'kind' | 'queue' | 'ticketId' | 'trengoContactId' | 'linkKey' | 'ghlContactId' | 'payload' | 'summary' | 'idempotencyKey' | 'fingerprint' | 'verified'
>;

/** The durable outbox: every write an agent makes, until the CRM has it, refused it for good or it was discarded. */
export interface Outbox {
  /** Stores a new pending write, due at once. */
  add(write: NewWrite): StoredWrite;
  get(id: string): StoredWrite | undefined;
  /** The write made earlier for this ticket under this idempotency key. */
  byIdempotencyKey(ticketId: string, key: string): StoredWrite | undefined;
  /** The oldest write of a queue still to send: the only one of the queue the worker may send. */
  head(queue: string): StoredWrite | undefined;
  /** Queues with writes still to send. */
  openQueues(): string[];
  /** A queue's writes still to send, oldest first. */
  openInQueue(queue: string): StoredWrite[];
  /** Applies changes to a write and returns it as stored. */
  change(write: StoredWrite, changes: Partial<StoredWrite>): StoredWrite;
  /**
   * At start-up: writes an earlier process was sending when it stopped may have reached the CRM,
   * or still may: they go back to pending with their outcome unknown since that attempt began
   * (creates to be looked for first), and every pending write is due at once.
   */
  recoverInterrupted(): void;
  /**
   * The latest `unknownSince` of the queue's discarded writes: a write discarded while its
   * outcome was unknown may still land, so the queue's next writes wait out its window too.
   */
  discardedUnknownSince(queue: string): number | null;
  /** Whether another write of this kind already owns the CRM record (so a look-up must not claim it twice). */
  isClaimed(kind: WriteKind, recordId: string, exceptWriteId: string): boolean;
  /** A customer's writes still open or failed, and the last `doneLimit` done ones, oldest first. */
  ofCustomer(linkKey: string, ghlContactId: string | null, doneLimit: number): StoredWrite[];
  /** Every agent's writes still to send or failed, oldest first, at most `limit`. */
  unsettled(limit: number): StoredWrite[];
}

/** The key of a customer: their Trengo contact id, or the ticket's id when Trengo names no contact. */
export function linkKey(ticketId: string, trengoContactId: string | null): string {
  return trengoContactId ? `trengo:${trengoContactId}` : `ticket:${ticketId}`;
}

/**
 * Which CRM contact a helpdesk customer is linked to: set when an agent picks one of several
 * matches, links a contact found by search, or creates one.
 */
export interface Links {
  /** The linked contact id, if any. */
  get(key: string): string | undefined;
  set(key: string, ghlContactId: string): void;
  clear(key: string): void;
}

export interface AuditEntry {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  /** A write kind (`createTask`, …), or `search`, `link`, `unlink`, `retry`, `discard`. */
  action: string;
  ticketId: string | null;
  trengoContactId: string | null;
  ghlContactId: string | null;
  writeId: string | null;
  /** The fields the action carried, as JSON. */
  fields: string | null;
  /** `done`, `pending`, `failed`, `discarded`, `ok` or `error`. */
  result: string;
  /** HighLevel's HTTP status, when it answered. */
  ghlStatus: number | null;
  traceId: string | null;
  /** The reason or the message, in words. */
  detail: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/**
 * An entry about the integration itself rather than a ticket or a contact (a setting changed, a
 * sign-in, an install): `fields` is what changed, written as JSON.
 */
export function settingEntry(action: string, entry: { fields?: unknown; result: string; detail: string | null }): NewAuditEntry {
  return {
    action,
    ticketId: null,
    trengoContactId: null,
    ghlContactId: null,
    writeId: null,
    fields: entry.fields === undefined ? null : JSON.stringify(entry.fields),
    result: entry.result,
    ghlStatus: null,
    traceId: null,
    detail: entry.detail,
  };
}

export interface AuditFilter {
  /** ISO 8601; entries at or after it. */
  from?: string;
  /** ISO 8601; entries before it. */
  to?: string;
  /** A HighLevel or Trengo contact id. */
  contactId?: string;
  /** A Trengo ticket id. */
  ticketId?: string;
  /** What was done, such as `createNote`, `launch` or `retry`. */
  action?: string;
  /** How it ended, such as `done`, `failed` or `refused`. */
  result?: string;
  limit?: number;
  /** The newest entries first (and `limit` keeps the newest). */
  newest?: boolean;
}

/** Another process holds the store: only one may send its writes. */
export class StoreInUseError extends Error {
  constructor(readonly path: string) {
    super(
      `Another server process is using the database ${path}. Only one process may send its writes to HighLevel, ` +
        'or they would be sent twice: stop the other one, or give this one its own DATABASE_PATH (see "Running more than one server" in the README).',
    );
    this.name = 'StoreInUseError';
  }
}

/**
 * The HighLevel contact each ticket's sidebar last showed by matching (not by link), so that
 * ticket's writes act on what the agent saw, and are accepted after a restart while HighLevel
 * cannot be searched.
 */
export interface ShownContacts {
  /** The contact shown for the ticket no longer than `maxAgeMs` ago. */
  get(ticketId: string, maxAgeMs: number): string | undefined;
  set(ticketId: string, ghlContactId: string): void;
  clear(ticketId: string): void;
}

/** Where an event came from. */
export type EventSource = 'highlevel' | 'trengo';

/** An event a webhook delivered, as the inbox keeps it until it has been processed. */
export interface InboxEvent {
  seq: number;
  source: EventSource;
  /** The sender's id of the event (`webhookId` for HighLevel): a second delivery of it is a duplicate. */
  eventId: string;
  /** The sender's event type, e.g. `ContactUpdate`, `TaskCreate`, `INBOUND`. */
  type: string;
  /** What the event is about, for ordering: events of one subject are processed in arrival order (e.g. `contact:<id>`, `ticket:<id>`). */
  subject: string;
  /** The event's body as JSON text, as verified. */
  payload: string;
  /** Epoch ms the sender says the event happened, when it says. */
  occurredAt: number | null;
  receivedAt: number;
  state: 'pending' | 'done' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  error: string | null;
}

export type NewInboxEvent = Pick<InboxEvent, 'source' | 'eventId' | 'type' | 'subject' | 'payload' | 'occurredAt'>;

/**
 * The durable inbox of webhook events: stored before the webhook is answered, processed after,
 * at least once, in order per subject.
 */
export interface Inbox {
  /** Stores a verified event; false when an event of that source and id is already stored (a duplicate delivery). */
  add(event: NewInboxEvent): boolean;
  /** The oldest pending event of each subject that is due, at most `limit`. */
  due(limit: number): InboxEvent[];
  markDone(seq: number): void;
  /** Keeps the event pending, due again at `nextAttemptAt`; `failed` after too many attempts is the caller's call. */
  markRetry(seq: number, error: string, nextAttemptAt: number): void;
  markFailed(seq: number, error: string): void;
  /** Drops processed events received before `before` (epoch ms); ids stay known long enough to refuse replays. */
  prune(before: number): number;
  /** When the last event of each source arrived (epoch ms), of those still kept. */
  lastReceived(): Partial<Record<InboxEvent['source'], number>>;
}

/** A contact's records as the CRM last gave them, which the sidebar's view is made from. */
export interface CopiedParts {
  contact: CrmContact;
  tasks: CrmTask[];
  notes: CrmNote[];
  appointments: CrmAppointment[];
}

/** The read copy: the last known records of the contacts agents look at, with the time they were true. */
export interface ReadCopy {
  get(contactId: string): { parts: CopiedParts; asOf: number } | undefined;
  /** Stores the parts as true at `asOf` (epoch ms), unless the copy holds newer ones. */
  put(contactId: string, parts: CopiedParts, asOf: number): void;
  /** Marks the copy as used now, for retention. */
  touch(contactId: string): void;
  delete(contactId: string): void;
  /** Drops copies not used since `before` (epoch ms); how many. */
  prune(before: number): number;
}

/** A webhook the server registered with Trengo for one event type, with its signing secret. */
export interface TrengoWebhook {
  eventType: string;
  webhookId: string;
  url: string;
  signingSecret: string;
  registeredAt: number;
}

export interface TrengoWebhooks {
  list(): TrengoWebhook[];
  get(eventType: string): TrengoWebhook | undefined;
  save(webhook: TrengoWebhook): void;
  remove(eventType: string): void;
}

/**
 * Values the server makes for itself once and keeps across restarts, by name (such as the key
 * that signs widget sessions when `SESSION_SECRET` is not set).
 */
export interface ServerSettings {
  get(name: string): string | undefined;
  /**
   * The value kept under `name`; when there is none yet, `make()`'s value, kept from now on.
   * Two callers racing get the same value.
   */
  keep(name: string, make: () => string): string;
  /** Replaces the value under `name`, in one write: a reader sees the old value or the new, never neither. */
  put(name: string, value: string): void;
}

/** `running`: an attempt is under way (a stop in the middle leaves it to be settled at the next start). */
export type AutomationRunState = 'pending' | 'running' | 'done' | 'failed' | 'dropped';

/**
 * One action an automation rule takes for one event, kept until it is done, failed or dropped.
 * Its `id` is the idempotency key, derived from the event (not from its delivery), so a second
 * delivery, a retry or a replay of the event finds the run it made and makes no other.
 */
export interface AutomationRun {
  seq: number;
  id: string;
  /** The rule that made it, e.g. `welcomeTicket`. */
  rule: string;
  /** What caused it, in words, e.g. `HighLevel ContactCreate of contact abc`. */
  event: string;
  /** Runs of one subject go one at a time, in order (a HighLevel contact, a Trengo ticket). */
  subject: string;
  /** What the run does, fixed when it was made (rendered texts, ids), as JSON. */
  input: string;
  /** What its steps have done so far (the ids they made, the step under way), as JSON. */
  progress: string;
  state: AutomationRunState;
  attempts: number;
  /** Epoch ms before which the worker leaves it alone. */
  nextAttemptAt: number;
  reason: string | null;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

export type NewAutomationRun = Pick<AutomationRun, 'id' | 'rule' | 'event' | 'subject' | 'input'>;

/** The durable outbox of automation runs. */
export interface AutomationRuns {
  /** Stores a new pending run, due at once; false when a run of that id exists (the event was seen before). */
  add(run: NewAutomationRun): boolean;
  get(id: string): AutomationRun | undefined;
  /** The oldest open run of each subject that is due, at most `limit`. */
  due(limit: number): AutomationRun[];
  /** Applies changes to a run and returns it as stored. */
  change(id: string, changes: Partial<Pick<AutomationRun, 'state' | 'progress' | 'attempts' | 'nextAttemptAt' | 'reason'>>): AutomationRun;
  /** At start-up: runs a stopped process was running go back to pending, due at once (their progress says what to settle). */
  recoverInterrupted(): void;
  /** Runs by state (all when not given), newest first. */
  list(filter?: { state?: AutomationRunState; rule?: string; limit?: number }): AutomationRun[];
}

/** The rules' settings, by rule name, as JSON the domain validates. */
export interface AutomationRules {
  all(): Array<{ rule: string; settings: string; updatedAt: number }>;
  set(rule: string, settings: string): void;
}

/** An agent's change that landed in the CRM, waiting to be told in its ticket with the others made around it. */
export interface LandedWork {
  writeId: string;
  ticketId: string;
  /** The sentence for the note. */
  line: string;
  /** Epoch ms. */
  landedAt: number;
}

/**
 * The changes agents made from a ticket's sidebar, kept until they are told in one internal note:
 * each change once (by its write id), each batch taken into one run in one transaction.
 */
export interface LandedWorkLog {
  /** Keeps a landed change; false when it is kept already. */
  add(work: LandedWork): boolean;
  /** Tickets whose oldest untold change landed at or before `before` (epoch ms). */
  ticketsDue(before: number): string[];
  /** In one transaction: the ticket's untold changes, the run `toRun` makes of them stored, and the changes marked told. */
  takeBatch(ticketId: string, toRun: (work: LandedWork[]) => NewAutomationRun | null): NewAutomationRun | null;
}

/** What automations keep. */
export interface AutomationStore {
  rules: AutomationRules;
  runs: AutomationRuns;
  landedWork: LandedWorkLog;
}

/** Everything the server keeps on disk, opened together. */
export interface Store {
  outbox: Outbox;
  links: Links;
  audit: AuditLog;
  shown: ShownContacts;
  inbox: Inbox;
  readCopy: ReadCopy;
  trengoWebhooks: TrengoWebhooks;
  settings: ServerSettings;
  automations: AutomationStore;
  adminSessions: AdminSessionStore;
  close(): void;
}

/** A sign-in to the operator page: kept by the hash of its cookie's token, never the token. */
export interface AdminSessionRecord {
  id: string;
  csrfToken: string;
  createdAt: number;
  usedAt: number;
  endedAt: number | null;
}

/** The operator page's sign-ins, kept across restarts. */
export interface AdminSessionStore {
  create(session: Omit<AdminSessionRecord, 'endedAt'>): void;
  find(id: string): AdminSessionRecord | undefined;
  touch(id: string, at: number): void;
  end(id: string, at: number): void;
  /** Forgets sessions last used before `before`; answers how many. */
  prune(before: number): number;
}

/** The audit log: every write, search and link made through the server. */
export interface AuditLog {
  record(entry: NewAuditEntry): void;
  /** Entries in the order they were recorded. */
  list(filter?: AuditFilter): AuditEntry[];
}
