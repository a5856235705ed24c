/**
 * The domain put together the way the server does it, over the in-memory ports: the contact
 * service, the writes and their outbox worker, for one HighLevel location in the Netherlands.
 */
import type { CountryCode } from 'libphonenumber-js';
import { vi } from 'vitest';
import { createDirectory } from '../../../server/domain/directory';
import { createLive, type LiveChange } from '../../../server/domain/live';
import { createContactService } from '../../../server/domain/matching';
import { createWrites, type WriteAnswer } from '../../../server/domain/writes';
import type { WriteAction } from '../../../shared/actions';
import { AppError } from '../../../server/platform/errors';
import type { Logger } from '../../../server/platform/log';
import type { RetryPolicy } from '../../../server/domain/outbox-worker';
import type { ContactView, MatchedView } from '../../../shared/api';
import { createFakeCrm, createFakeHelpdesk, createMemoryStore, type FakeCrm, type FakeHelpdesk } from './fakes';

const defaultCountry: CountryCode = 'NL';

export const location = { locationId: 'loc1', appUrl: 'https://app.example.com', timeZone: 'Europe/Amsterdam', defaultCountry };

export type DomainOptions = {
  crm?: FakeCrm;
  helpdesk?: FakeHelpdesk;
  store?: ReturnType<typeof createMemoryStore>;
  /** How long a request waits for its write's first attempt; default 5000. */
  answerWithinMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The HighLevel timeout, which is also the least wait before looking for an unanswered create; default 10000. */
  ghlTimeoutMs?: number;
  /** The moment the sidebar is assembled at (for the overdue flag and the appointments). */
  now?: () => Date;
  /** The location's time zone; Amsterdam unless given. */
  timeZone?: string;
  /** Keep the read copy of contacts (off unless asked, so other tests see every read). */
  readCopy?: boolean;
  /** The cache time (how long a copy answers without a read); default 60000. */
  cacheMs?: number;
  /** Whether HighLevel's budget is used up right now; never unless given. */
  crmBusy?: () => boolean;
};

export type Domain = ReturnType<typeof openDomain>;

/** Every warning or error any process of the current test logged: a healthy run logs none. */
export const loggedProblems: Array<{ message: string; fields: unknown }> = [];

/** One server process over the given (or new) CRM, helpdesk and store. */
export function openDomain(options: DomainOptions = {}) {
  const crm = options.crm ?? createFakeCrm();
  const helpdesk = options.helpdesk ?? createFakeHelpdesk();
  const store = options.store ?? createMemoryStore();
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => void loggedProblems.push({ message, fields }),
    error: (message, fields) => void loggedProblems.push({ message, fields }),
    enabled: () => true,
  };
  const live = createLive();
  const changes: LiveChange[] = [];
  live.listen((change) => changes.push(change));
  const contacts = createContactService({
    crm: crm.port,
    ...(options.readCopy && { readCopy: store.readCopy, live }),
    helpdesk: helpdesk.port,
    links: store.links,
    audit: store.audit,
    shown: store.shown,
    ...location,
    timeZone: options.timeZone ?? location.timeZone,
    ticketTtlMs: options.cacheMs ?? 60_000,
    ...(options.now && { now: options.now }),
    ...(options.crmBusy && { crmBusy: options.crmBusy }),
  });
  const writes = createWrites({
    crm: crm.port,
    contacts,
    outbox: store.outbox,
    audit: store.audit,
    defaultCountry: location.defaultCountry,
    log,
    ghlTimeoutMs: options.ghlTimeoutMs ?? 10_000,
    ...(options.answerWithinMs !== undefined && { answerWithinMs: options.answerWithinMs }),
    ...(options.retry && { retry: options.retry }),
  });
  const directory = createDirectory({ crm: crm.port, contacts, audit: store.audit, ...location });

  return {
    crm,
    helpdesk,
    store,
    contacts,
    writes,
    directory,
    live,
    /** Every change told to open sidebars, oldest first. */
    changes,
    /** What the process was opened with, for a restart. */
    options,
    /** The audit log's entries, oldest first. */
    audit: () => store.audit.list(),
  };
}

/** A new process over the same CRM, helpdesk and store, as after a crash; its worker starts. */
export function restart(domain: Domain, overrides: Omit<DomainOptions, 'crm' | 'helpdesk' | 'store'> = {}): Domain {
  const next = openDomain({ ...domain.options, ...overrides, crm: domain.crm, helpdesk: domain.helpdesk, store: domain.store });
  next.writes.start();
  return next;
}

/** Anna, a customer known in both systems by email, with her open ticket 101. */
export function withAnna(domain: Domain, ticket = { ticketId: '101', customerId: 'c1' }) {
  const anna = domain.crm.addContact({
    firstName: 'Anna',
    lastName: 'de Vries',
    email: 'anna@example.com',
    phone: '+31612345678',
    companyName: 'Bakkerij de Vries',
    tags: ['customer'],
  });
  domain.helpdesk.addTicket(ticket.ticketId, { id: ticket.customerId, name: 'Anna de Vries', email: 'anna@example.com', phone: '06 12345678' });
  return { anna, ticketId: ticket.ticketId };
}

/** The error a domain call was refused with; fails when it succeeded or threw anything else. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** The view as matched, failing with what it was instead. */
export function matched(view: ContactView | null | undefined): MatchedView {
  if (view?.status !== 'matched') throw new Error(`expected a matched view, got ${JSON.stringify(view)}`);
  return view;
}

/** A write's answer when done, with the fresh view it must carry. */
export function done(answer: WriteAnswer) {
  if (answer.status !== 200 || answer.body.write.state !== 'done') throw new Error(`expected done, got ${JSON.stringify(answer)}`);
  return { write: answer.body.write, view: matched(answer.body.view) };
}

/** Actions as the routes pass them on, after the shared schemas checked them. */
export const action = {
  createTask: (title: string, dueDate: string, body?: string): WriteAction => ({
    kind: 'createTask',
    input: { title, dueDate, ...(body === undefined ? {} : { body }) },
  }),
  updateTask: (taskId: string, input: { title?: string; body?: string; dueDate?: string }): WriteAction => ({ kind: 'updateTask', taskId, input }),
  completeTask: (taskId: string, completed = true): WriteAction => ({ kind: 'completeTask', taskId, input: { completed } }),
  deleteTask: (taskId: string): WriteAction => ({ kind: 'deleteTask', taskId }),
  addTags: (...tags: string[]): WriteAction => ({ kind: 'addTags', input: { tags } }),
  removeTags: (...tags: string[]): WriteAction => ({ kind: 'removeTags', input: { tags } }),
  createNote: (body: string): WriteAction => ({ kind: 'createNote', input: { body } }),
  createContact: (input: { firstName?: string; lastName?: string; email?: string; phone?: string }): WriteAction => ({ kind: 'createContact', input }),
  updateContact: (input: { firstName?: string; lastName?: string; email?: string; phone?: string }): WriteAction => ({ kind: 'updateContact', input }),
};

/** The event loop's next turn. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Fake time for the outbox: timers and `Date` move only when a test moves them; immediates stay
 * real, so what is due now runs as it would. `advance` runs what falls due, and lets every
 * answer, and what it set off, arrive before and after.
 */
export const clock = {
  install(at = '2026-03-10T12:00:00.000Z'): void {
    vi.useFakeTimers({ now: new Date(at), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  },
  uninstall(): void {
    vi.useRealTimers();
  },
  /**
   * Moves time forward by `ms`, one due timer at a time: after each, what it set off runs to its
   * end (on real immediates) before the next timer is looked for, so every write is attempted at
   * the moment the worker meant, however many turns its attempt takes.
   */
  async advance(ms: number): Promise<void> {
    const target = Date.now() + ms;
    for (;;) {
      await settle();
      const next = nextTimerAt();
      if (next > target) break;
      await vi.advanceTimersByTimeAsync(Math.max(0, next - Date.now()));
    }
    await vi.advanceTimersByTimeAsync(target - Date.now());
    await settle();
  },
  /** Moves time forward by `ms` and gives back what the promise settled to; fails if it has not settled by then. */
  async after<T>(ms: number, promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await clock.advance(ms);
    if (!settled) throw new Error(`still waiting after ${ms} ms`);
    return promise;
  },
};

/** When the soonest fake timer falls due; Infinity when none is set. Reads the installed fake clock. */
function nextTimerAt(): number {
  const fake: unknown = Reflect.get(Date, 'clock');
  const timers: unknown = typeof fake === 'object' && fake !== null ? Reflect.get(fake, 'timers') : undefined;
  if (typeof timers !== 'object' || timers === null) return Infinity;
  let soonest = Infinity;
  for (const timer of Object.values(timers)) {
    const callAt: unknown = typeof timer === 'object' && timer !== null ? Reflect.get(timer, 'callAt') : undefined;
    if (typeof callAt === 'number') soonest = Math.min(soonest, callAt);
  }
  return soonest;
}

/** Lets every chain of answers run to its end, with what falls due meanwhile at the current moment. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) {
    await nextTurn();
    await vi.advanceTimersByTimeAsync(0);
  }
}
