/**
 * The domain of writes: an agent's change is checked, kept in the durable outbox, sent to
 * HighLevel at once when it can be, and answered as done (with the contact's fresh view),
 * pending (kept, to be sent automatically) or failed (HighLevel refused it for good).
 * Every attempt is recorded in the audit log.
 */
import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { writeActionSchema, type ContactEdit, type NewContact, type Write, type WriteAction, type WriteResult } from '../../shared/actions';
import { toE164 } from '../../shared/phone';
import { isCreate, successStatus, summarize } from '../../shared/writes';
import { AppError } from '../platform/errors';
import { startBudget, type Budget } from '../platform/budget';
import type { CrmPort } from '../crm/port';
import { OutsideError } from '../platform/outside-http';
import type { Logger } from '../platform/log';
import type { Live } from './live';
import { linkKey, type AuditLog, type Outbox, type StoredWrite } from '../store/port';
import { noContact } from './directory';
import { createOutboxWorker, type RetryPolicy } from './outbox-worker';
import type { ContactService, TicketCustomer } from './matching';
import {
  auditFields,
  changeToCopy,
  classifyFailure,
  findCreated,
  isTaskAction,
  recordOf,
  remainingChange,
  sendWrite,
  type Outcome,
  type TaskAction,
} from './write-actions';

export interface WritesOptions {
  /** The client writes are sent through (the outbox retries, so it need not). */
  crm: CrmPort;
  contacts: ContactService;
  outbox: Outbox;
  audit: AuditLog;
  defaultCountry: CountryCode;
  /**
   * The time budget of a write's answer; default 1500. Within it the request finds the contact,
   * checks the task, waits for the first attempt and reads the fresh view; whatever is not done
   * by then is answered as it stands (pending, or done without the view) and goes on behind.
   */
  answerWithinMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The HighLevel call timeout; default 10000. A create that got no answer is looked for no sooner than this later. */
  ghlTimeoutMs?: number;
  /**
   * How long after an attempt that got no answer HighLevel may still perform it (a request held
   * in a queue, a slow store); default four timeouts. Until then nothing else of that record is
   * sent: a create is looked for at growing intervals, and an edit is read back afterwards and
   * sent again only where HighLevel differs.
   */
  lateWriteWindowMs?: number;
  now?: () => number;
  /** Where unexpected failures are logged (through its redactor); the console unless given. */
  log?: Logger;
  /** Told of every attempt's outcome, for the customer's open sidebars. */
  live?: Live;
  /** HighLevel refused a write for the token's scope (403): the sidebar goes read-only. */
  onScopeRefused?: (reason: string | null) => void;
  /** Told of every write once HighLevel has it (automations tell it in the ticket). */
  onLanded?: (write: StoredWrite) => void;
}

/** A write's answer: 200 with the fresh view when done, 202 when kept to be sent. */
export type WriteAnswer = { status: 200 | 202; body: WriteResult };

/** How many done writes the widget's list keeps showing. */
const recentDone = 5;

export function createWrites(options: WritesOptions) {
  const { crm, contacts, outbox, audit } = options;
  const answerWithinMs = options.answerWithinMs ?? 1500;
  const ghlTimeoutMs = options.ghlTimeoutMs ?? 10_000;
  const lateWriteWindowMs = options.lateWriteWindowMs ?? 4 * ghlTimeoutMs;
  const now = options.now ?? Date.now;
  const unexpected = (message: string, error: unknown) =>
    options.log ? options.log.error(message, { error }) : console.error(message, error);

  const worker = createOutboxWorker({
    outbox,
    attempt,
    onOutcome,
    onUnexpected: unexpected,
    now,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });

  function readAction(write: StoredWrite): WriteAction | null {
    try {
      const parsed = writeActionSchema.safeParse(JSON.parse(write.payload));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * Records what happened to a write; who and what it concerned come from the stored write,
   * the ticket from `ticketId` when an agent acted on it from a ticket.
   */
  function recordWrite(
    write: StoredWrite,
    entry: { action?: string; ticketId?: string; fields?: string | null; result: string; ghlStatus?: number | null; traceId?: string | null; detail: string | null },
  ): void {
    audit.record({
      action: entry.action ?? write.kind,
      ticketId: entry.ticketId ?? write.ticketId,
      trengoContactId: write.trengoContactId,
      ghlContactId: write.ghlContactId,
      writeId: write.id,
      fields: entry.fields ?? null,
      result: entry.result,
      ghlStatus: entry.ghlStatus ?? null,
      traceId: entry.traceId ?? null,
      detail: entry.detail,
    });
  }

  /**
   * One attempt: check the task is the contact's; after an attempt that got no answer, settle it
   * first (look for the create, or wait out the late-write window and read the record back); then
   * send what HighLevel does not hold yet.
   */
  async function attempt(write: StoredWrite): Promise<Outcome> {
    const action = readAction(write);
    if (!action) return { state: 'failed', reason: 'The stored change cannot be read; make it again.', status: null, traceId: null };
    const contactId = write.ghlContactId ?? '';
    const isClaimed = (id: string) => outbox.isClaimed(write.kind, id, write.id);
    let sent = false;
    try {
      if (isTaskAction(action) && !write.verified) {
        crm.invalidateContact(contactId);
        if (!(await crm.getTasks(contactId)).some((task) => task.id === action.taskId)) {
          // The contact has no such task: for a delete that is the end wanted; nothing is sent either way.
          return action.kind === 'deleteTask'
            ? { state: 'done', recordId: action.taskId, status: null }
            : { state: 'failed', reason: 'HighLevel has no such task for this contact.', status: null, traceId: null };
        }
        outbox.change(write, { verified: true });
      }
      if (write.mayExist) {
        const found = await findCreated(crm, action, contactId, write.firstSentAt, isClaimed);
        if (found) return { state: 'done', recordId: found, status: null };
      }
      // A copy of this write, or of one discarded before it, may still land: nothing goes out before it could.
      const unknownSince = Math.max(write.unknownSince ?? -Infinity, outbox.discardedUnknownSince(write.queue) ?? -Infinity);
      const lateUntil = unknownSince + lateWriteWindowMs;
      if (now() < lateUntil) return settling(write, unknownSince, lateUntil);
      let toSend = action;
      if (write.unknownSince !== null && !isCreate(action.kind)) {
        const remaining = await remainingChange(crm, action, contactId);
        if (!remaining) return { state: 'done', recordId: recordOf(action, contactId), status: null };
        toSend = remaining;
      }
      const status = successStatus(write.kind);
      sent = true;
      const answered = await sendWrite(crm, toSend, contactId);
      // What HighLevel holds now is the whole change (the part sent again completes what it held).
      if (answered.recordId !== undefined) return { state: 'done', recordId: answered.recordId, status, taken: { action, answered } };
      // The CRM took the create but its answer could not be read: read the record back for its id.
      // The copy then reads again the part the create changed.
      const found = await findCreated(crm, action, contactId, write.firstSentAt, isClaimed).catch(() => null);
      return { state: 'done', recordId: found, status, taken: { action, answered } };
    } catch (error) {
      if (!(error instanceof OutsideError)) unexpected('Sending a write failed unexpectedly', error);
      // A contact refused as a duplicate after an unanswered attempt is the one that attempt made.
      if (sent && write.mayExist && action.kind === 'createContact' && error instanceof OutsideError && error.kind === 'bad_request') {
        const found = await findCreated(crm, action, contactId, write.firstSentAt, isClaimed).catch(() => null);
        if (found) return { state: 'done', recordId: found, status: null };
      }
      return classifyFailure(error, write.kind, sent);
    }
  }

  /**
   * The outcome while a write's late-write window is open: a create is looked for again at
   * growing intervals (one timeout, then as long again as has passed), an edit waits to the end.
   */
  function settling(write: StoredWrite, since: number, lateUntil: number): Outcome {
    const lookAgainAt = isCreate(write.kind) ? now() + Math.max(ghlTimeoutMs, now() - since) : lateUntil;
    return {
      state: 'pending',
      reason: isCreate(write.kind)
        ? 'HighLevel did not answer; checking whether it made this before sending it again.'
        : 'HighLevel did not answer; waiting until it has surely finished, then checking what it holds.',
      status: null,
      traceId: null,
      mayExist: write.mayExist,
      unknown: false,
      retryAt: Math.min(lookAgainAt, lateUntil),
    };
  }

  function onOutcome(write: StoredWrite, outcome: Outcome): void {
    options.live?.publish({ kind: 'writes', linkKey: write.linkKey, contactId: write.ghlContactId });
    if (outcome.state !== 'done' && outcome.status === 403) options.onScopeRefused?.(outcome.reason);
    if (outcome.state === 'done') options.onLanded?.(write);
    if (outcome.state === 'done' && write.kind === 'createContact' && outcome.recordId) {
      contacts.linkCreated(write.linkKey, outcome.recordId);
    }
    // An edit of the email or phone the customer was found by must not lose them: they stay on this contact.
    const edit = outcome.state === 'done' && write.kind === 'updateContact' ? readAction(write) : null;
    if (edit?.kind === 'updateContact' && write.ghlContactId && (edit.input.email !== undefined || edit.input.phone !== undefined)) {
      contacts.linkCreated(write.linkKey, write.ghlContactId);
    }
    const changedContact = write.ghlContactId ?? (outcome.state === 'done' ? outcome.recordId : null);
    const taken = outcome.state === 'done' ? outcome.taken : undefined;
    if (changedContact && taken) {
      // The copy takes the change from what was sent and answered: no list is read again.
      void contacts.tookWrite(changedContact, (parts) => changeToCopy(parts, taken.action, taken.answered, new Date(now())));
    } else if (changedContact) {
      contacts.forgetCachedReads(changedContact);
    }
    const foundEarlier = outcome.state === 'done' && outcome.status === null;
    const action = readAction(write);
    // A created contact is the write's HighLevel contact from now on, in the log too.
    recordWrite(write.ghlContactId ? write : { ...write, ghlContactId: changedContact }, {
      fields: action ? auditFields(action) : write.payload,
      result: outcome.state,
      ghlStatus: outcome.status,
      traceId: outcome.state === 'done' ? null : outcome.traceId,
      detail: outcome.state === 'done' ? (foundEarlier ? 'found in HighLevel: an earlier attempt had made it' : null) : outcome.reason,
    });
  }

  /** Phone numbers in E.164 in the location's default country; a 400 naming the field when it is no number. */
  function normalised(action: WriteAction): WriteAction {
    if (action.kind !== 'createContact' && action.kind !== 'updateContact') return action;
    const { phone } = action.input;
    if (phone === undefined) return action;
    const e164 = toE164(phone, options.defaultCountry);
    if (!e164) {
      throw new AppError(400, 'bad_request', 'Some of the input is not valid.', {
        fields: { phone: 'Enter a valid phone number, with its country code when it is not local.' },
      });
    }
    const input: NewContact & ContactEdit = { ...action.input, phone: e164 };
    return { ...action, input };
  }

  /** The answer for a write as it stands; the fresh view only when it comes within the budget (the widget reloads otherwise). */
  async function answer(write: StoredWrite, ticketId: string, budget: Budget): Promise<WriteAnswer> {
    switch (write.state) {
      case 'done': {
        const contactId = write.kind === 'createContact' ? write.recordId : write.ghlContactId;
        const view = contactId ? await budget.within(contacts.viewOfContact(ticketId, contactId).catch(() => null), () => null) : null;
        return { status: 200, body: { write: toWrite(write), view } };
      }
      case 'pending':
      case 'sending':
        return { status: 202, body: { write: toWrite(write), view: null } };
      case 'failed':
        throw new AppError(422, 'upstream_rejected', write.reason ?? 'HighLevel rejected the change.', {
          source: 'highlevel',
          retryable: false,
          writeId: write.id,
        });
      case 'discarded':
        throw new AppError(409, 'conflict', 'This change was discarded. Make it again to send it.');
    }
  }

  /**
   * Whether the task is among the contact's tasks, with its title: 403 when it is not;
   * unverified when HighLevel cannot tell now, to be checked before sending.
   */
  async function checkTask(contactId: string, action: TaskAction, customer: TicketCustomer): Promise<{ title: string | undefined; verified: boolean }> {
    let tasks;
    try {
      tasks = await crm.getTasks(contactId);
    } catch (error) {
      if (error instanceof OutsideError && error.retryable) return { title: undefined, verified: false };
      throw error;
    }
    const task = tasks.find((candidate) => candidate.id === action.taskId);
    if (task) return { title: task.title ?? undefined, verified: true };
    // A task HighLevel does not list for this contact is refused, as the id may be another
    // contact's; only a delete this contact's writes already made is repeated, settled without a call.
    if (action.kind === 'deleteTask' && deletedBefore(customer, action.taskId)) return { title: undefined, verified: false };
    throw new AppError(403, 'forbidden', "That task is not one of this contact's tasks. Reload the sidebar.");
  }

  function deletedBefore(customer: TicketCustomer, taskId: string): boolean {
    return outbox
      .ofCustomer(customer.key, customer.ghlContactId, 50)
      .some((write) => write.kind === 'deleteTask' && write.state === 'done' && write.recordId === taskId);
  }

  /** The ticket's customer and whether a write belongs to them. */
  async function ownerOf(ticketId: string): Promise<{ key: string; ghlContactId: string | null }> {
    const ticket = await contacts.ticketContact(ticketId);
    const customer = await contacts.customerOf(ticketId).catch(() => null);
    return { key: linkKey(ticketId, ticket.id), ghlContactId: customer?.ghlContactId ?? null };
  }

  /** Makes a pending or failed write due now (with the head of its queue) and waits up to `waitMs` for its outcome. */
  async function sendAgain(write: StoredWrite, ticketId: string, waitMs: number, by?: string): Promise<void> {
    if (write.state !== 'pending' && write.state !== 'failed') return;
    const head = outbox.head(write.queue);
    if (head && head.state === 'pending') outbox.change(head, { nextAttemptAt: now() });
    outbox.change(outbox.get(write.id) ?? write, { state: 'pending', nextAttemptAt: now() });
    recordWrite(write, { action: 'retry', ticketId, result: 'pending', detail: by ? `${write.summary} (${by})` : write.summary });
    const settled = worker.settled(write.id, waitMs);
    worker.nudge();
    await settled;
  }

  /** Discards a pending or failed write (`by` names who, when not the agent); a write being sent or done is a 409. */
  function drop(write: StoredWrite, ticketId: string, by?: string): StoredWrite {
    if (write.state === 'sending') throw new AppError(409, 'conflict', 'This change is being sent right now. Try again in a moment.');
    if (write.state === 'done') throw new AppError(409, 'conflict', 'This change is already in HighLevel.');
    if (write.state === 'discarded') return write;
    const discarded = outbox.change(write, { state: 'discarded' });
    recordWrite(write, { action: 'discard', ticketId, result: 'discarded', detail: by ? `${write.summary} (${by})` : write.summary });
    worker.nudge();
    return discarded;
  }

  async function ownWrite(ticketId: string, writeId: string): Promise<StoredWrite> {
    const write = outbox.get(writeId);
    const owner = await ownerOf(ticketId);
    if (!write || (write.linkKey !== owner.key && (owner.ghlContactId === null || write.ghlContactId !== owner.ghlContactId))) {
      throw new AppError(404, 'not_found', 'There is no such change for this ticket.');
    }
    return write;
  }

  function add(customer: TicketCustomer, action: WriteAction, idempotencyKey: string | undefined, task: { title?: string | undefined; verified: boolean }): StoredWrite {
    return outbox.add({
      kind: action.kind,
      queue: action.kind === 'createContact' ? `new:${customer.key}` : (customer.ghlContactId ?? ''),
      ticketId: customer.ticketId,
      trengoContactId: customer.ticket.id,
      linkKey: customer.key,
      ghlContactId: action.kind === 'createContact' ? null : customer.ghlContactId,
      payload: JSON.stringify(action),
      summary: summarize(action, task.title),
      idempotencyKey: idempotencyKey ?? null,
      fingerprint: fingerprintOf(action),
      verified: task.verified,
    });
  }

  /** The write made earlier under this key, or undefined; a 400 when the key was used for another change. */
  function earlierWrite(ticketId: string, idempotencyKey: string | undefined, action: WriteAction): StoredWrite | undefined {
    if (idempotencyKey === undefined) return undefined;
    const earlier = outbox.byIdempotencyKey(ticketId, idempotencyKey);
    if (earlier && earlier.fingerprint !== fingerprintOf(action)) {
      throw new AppError(400, 'bad_request', 'This Idempotency-Key was already used for a different change.', {
        fields: { 'Idempotency-Key': 'Send a new key for a new change.' },
      });
    }
    return earlier;
  }

  return {
    /**
     * Takes an agent's write for the ticket's HighLevel contact: 409 `no_contact` when there is
     * none (except for creating one), 403 for a task of another contact. The same idempotency key
     * from the same ticket answers the write it made before instead of making another.
     */
    async submit(ticketId: string, requested: WriteAction, idempotencyKey?: string): Promise<WriteAnswer> {
      const budget = startBudget(answerWithinMs, now);
      const action = normalised(requested);
      const repeated = earlierWrite(ticketId, idempotencyKey, action);
      if (repeated) return answer(repeated, ticketId, budget);
      const customer = await budget.within(contacts.customerOf(ticketId, { match: action.kind !== 'createContact' }), () => {
        throw new AppError(504, 'upstream_timeout', "The ticket's customer could not be looked up in time, so the change was not taken. Try again in a moment.", {
          retryable: true,
        });
      });
      if (action.kind !== 'createContact' && !customer.ghlContactId) throw noContact();
      // A task HighLevel cannot list in time is checked by the outbox before anything is sent.
      const task = isTaskAction(action) && customer.ghlContactId
        ? await budget.within(checkTask(customer.ghlContactId, action, customer), () => ({ title: undefined, verified: false }))
        : { title: undefined, verified: false };
      let write: StoredWrite;
      try {
        write = add(customer, action, idempotencyKey, task);
      } catch (error) {
        // The same key arrived twice at once: the other request stored it first.
        const other = isUniqueViolation(error) ? earlierWrite(ticketId, idempotencyKey, action) : undefined;
        if (!other) throw error;
        return answer(other, ticketId, budget);
      }
      const settled = worker.settled(write.id, budget.remainingMs());
      worker.nudge();
      await settled;
      const stored = outbox.get(write.id) ?? write;
      if (stored.attempts === 0) {
        recordWrite(stored, { ticketId, fields: auditFields(action), result: 'pending', detail: 'queued behind an earlier change to this contact' });
      }
      return answer(stored, ticketId, budget);
    },

    /** The ticket customer's writes still to send or failed, and the last few done. */
    async list(ticketId: string): Promise<Write[]> {
      const owner = await ownerOf(ticketId);
      return outbox.ofCustomer(owner.key, owner.ghlContactId, recentDone).map(toWrite);
    },

    /** Sends a pending or failed write again now. */
    async retry(ticketId: string, writeId: string): Promise<WriteAnswer> {
      const budget = startBudget(answerWithinMs, now);
      const write = await ownWrite(ticketId, writeId);
      await sendAgain(write, ticketId, budget.remainingMs());
      return answer(outbox.get(write.id) ?? write, ticketId, budget);
    },

    /** Drops a pending or failed write: it is never sent. */
    async discard(ticketId: string, writeId: string): Promise<Write> {
      return toWrite(drop(await ownWrite(ticketId, writeId), ticketId));
    },

    /** Every agent's changes still to send or failed, for the operator, oldest first. */
    unsettled(limit = 500): Array<Write & { ticketId: string }> {
      return outbox.unsettled(limit).map((write) => ({ ...toWrite(write), ticketId: write.ticketId }));
    },

    /** The operator sends any agent's pending or failed change again now; answers where it stands after a short wait. */
    async retryAsOperator(writeId: string): Promise<Write> {
      const write = outbox.get(writeId);
      if (!write) throw new AppError(404, 'not_found', 'There is no such change.');
      await sendAgain(write, write.ticketId, answerWithinMs, 'by the operator');
      return toWrite(outbox.get(write.id) ?? write);
    },

    /** The operator drops any agent's pending or failed change: it is never sent. */
    discardAsOperator(writeId: string): Write {
      const write = outbox.get(writeId);
      if (!write) throw new AppError(404, 'not_found', 'There is no such change.');
      return toWrite(drop(write, write.ticketId, 'by the operator'));
    },

    start: worker.start,
    close: worker.close,
  };
}

export type Writes = ReturnType<typeof createWrites>;

function fingerprintOf(action: WriteAction): string {
  return createHash('sha256').update(JSON.stringify(action)).digest('base64url');
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A stored write as the widget follows it (`sending` shows as pending, `discarded` as failed). */
export function toWrite(write: StoredWrite): Write {
  const reason = (() => {
    switch (write.state) {
      case 'sending':
        return write.reason ?? 'Being sent to HighLevel.';
      case 'pending':
        return write.reason ?? 'Waiting for an earlier change to this contact to reach HighLevel.';
      case 'discarded':
        return 'Discarded: it will not be sent to HighLevel.';
      default:
        return write.reason;
    }
  })();
  return {
    id: write.id,
    kind: write.kind,
    state: write.state === 'sending' ? 'pending' : write.state === 'discarded' ? 'failed' : write.state,
    summary: write.summary,
    reason,
    createdAt: write.createdAt,
    recordId: write.recordId,
  };
}
