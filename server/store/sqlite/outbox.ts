/**
 * The durable outbox: every write an agent makes, from the moment it is accepted until HighLevel
 * has it (done), refused it for good (failed) or the agent discarded it. Writes of one queue (one
 * HighLevel contact) are sent strictly in the order they were accepted (`seq`).
 */
import { randomBytes } from 'node:crypto';
import type { WriteKind } from '../../../shared/actions';
import { createKinds } from '../../../shared/writes';
import type { NewWrite, Outbox, StoredState, StoredWrite } from '../port';
import type { Db } from './database';

type Row = {
  seq: number;
  id: string;
  kind: WriteKind;
  state: StoredState;
  queue: string;
  ticket_id: string;
  trengo_contact_id: string | null;
  link_key: string;
  ghl_contact_id: string | null;
  payload: string;
  summary: string;
  reason: string | null;
  record_id: string | null;
  attempts: number;
  may_exist: number;
  unknown_since: number | null;
  verified: number;
  first_sent_at: string | null;
  next_attempt_at: number;
  idempotency_key: string | null;
  fingerprint: string;
  created_at: string;
  updated_at: string;
};

function fromRow(row: Row): StoredWrite {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    state: row.state,
    queue: row.queue,
    ticketId: row.ticket_id,
    trengoContactId: row.trengo_contact_id,
    linkKey: row.link_key,
    ghlContactId: row.ghl_contact_id,
    payload: row.payload,
    summary: row.summary,
    reason: row.reason,
    recordId: row.record_id,
    attempts: row.attempts,
    mayExist: row.may_exist === 1,
    unknownSince: row.unknown_since,
    verified: row.verified === 1,
    firstSentAt: row.first_sent_at,
    nextAttemptAt: row.next_attempt_at,
    idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** States the worker still has to deal with. */
const open = `state IN ('pending', 'sending')`;

export function createOutbox(db: Db, now: () => number = Date.now): Outbox {
  const iso = () => new Date(now()).toISOString();
  const statements = {
    insert: db.prepare(
      `INSERT INTO writes (id, kind, state, queue, ticket_id, trengo_contact_id, link_key, ghl_contact_id, payload, summary,
         verified, next_attempt_at, idempotency_key, fingerprint, created_at, updated_at)
       VALUES (@id, @kind, 'pending', @queue, @ticketId, @trengoContactId, @linkKey, @ghlContactId, @payload, @summary,
         @verified, @nextAttemptAt, @idempotencyKey, @fingerprint, @at, @at)`,
    ),
    byId: db.prepare<[string], Row>('SELECT * FROM writes WHERE id = ?'),
    byKey: db.prepare<[string, string], Row>('SELECT * FROM writes WHERE ticket_id = ? AND idempotency_key = ?'),
    head: db.prepare<[string], Row>(`SELECT * FROM writes WHERE queue = ? AND ${open} ORDER BY seq LIMIT 1`),
    openQueues: db.prepare<[], { queue: string }>(`SELECT DISTINCT queue FROM writes WHERE ${open}`),
    openInQueue: db.prepare<[string], Row>(`SELECT * FROM writes WHERE queue = ? AND ${open} ORDER BY seq`),
    update: db.prepare(
      `UPDATE writes SET state = @state, reason = @reason, record_id = @recordId, attempts = @attempts, may_exist = @mayExist,
         unknown_since = @unknownSince, verified = @verified, first_sent_at = @firstSentAt, next_attempt_at = @nextAttemptAt, updated_at = @at WHERE id = @id`,
    ),
    interrupted: db.prepare<[], Row>(`SELECT * FROM writes WHERE state = 'sending'`),
    dueNow: db.prepare<[number]>(`UPDATE writes SET next_attempt_at = ? WHERE state = 'pending'`),
    discardedUnknown: db.prepare<[string], { since: number | null }>(
      `SELECT MAX(unknown_since) AS since FROM writes WHERE queue = ? AND state = 'discarded'`,
    ),
    claimed: db.prepare<[string, string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM writes WHERE kind = ? AND record_id = ? AND id != ?`,
    ),
    unsettled: db.prepare<[number], Row>(`SELECT * FROM writes WHERE state IN ('pending', 'sending', 'failed') ORDER BY seq LIMIT ?`),
    openOf: db.prepare<[string, string], Row>(
      `SELECT * FROM writes WHERE (link_key = ? OR ghl_contact_id = ?) AND state IN ('pending', 'sending', 'failed') ORDER BY seq`,
    ),
    doneOf: db.prepare<[string, string, number], Row>(
      `SELECT * FROM writes WHERE (link_key = ? OR ghl_contact_id = ?) AND state = 'done' ORDER BY seq DESC LIMIT ?`,
    ),
  };

  const get = (id: string): StoredWrite | undefined => {
    const row = statements.byId.get(id);
    return row && fromRow(row);
  };

  /** Applies changes to a write and returns it as stored. */
  function change(write: StoredWrite, changes: Partial<StoredWrite>): StoredWrite {
    const next = { ...write, ...changes };
    statements.update.run({
      id: next.id,
      state: next.state,
      reason: next.reason,
      recordId: next.recordId,
      attempts: next.attempts,
      mayExist: next.mayExist ? 1 : 0,
      unknownSince: next.unknownSince,
      verified: next.verified ? 1 : 0,
      firstSentAt: next.firstSentAt,
      nextAttemptAt: next.nextAttemptAt,
      at: iso(),
    });
    return get(next.id) ?? next;
  }

  return {
    /** Stores a new pending write, due at once. */
    add(write: NewWrite): StoredWrite {
      const id = `w${randomBytes(12).toString('base64url').replace(/[-_]/g, '0')}`;
      statements.insert.run({ ...write, id, verified: write.verified ? 1 : 0, nextAttemptAt: now(), at: iso() });
      const stored = get(id);
      if (!stored) throw new Error('The outbox lost a write it just stored');
      return stored;
    },

    get,

    /** The write made earlier for this ticket under this idempotency key. */
    byIdempotencyKey(ticketId: string, key: string): StoredWrite | undefined {
      const row = statements.byKey.get(ticketId, key);
      return row && fromRow(row);
    },

    /** The oldest write of a queue still to send: the only one of the queue the worker may send. */
    head(queue: string): StoredWrite | undefined {
      const row = statements.head.get(queue);
      return row && fromRow(row);
    },

    /** Queues with writes still to send. */
    openQueues: (): string[] => statements.openQueues.all().map((row) => row.queue),

    /** A queue's writes still to send, oldest first. */
    openInQueue: (queue: string): StoredWrite[] => statements.openInQueue.all(queue).map(fromRow),

    change,

    /**
     * At start-up: writes an earlier process was sending when it stopped may have reached
     * HighLevel, or still may: they go back to pending with their outcome unknown since that
     * attempt began (creates to be looked for first), and every pending write is due at once.
     */
    recoverInterrupted(): void {
      db.transaction(() => {
        for (const row of statements.interrupted.all()) {
          const write = fromRow(row);
          change(write, {
            state: 'pending',
            mayExist: write.mayExist || createKinds.has(write.kind),
            unknownSince: Date.parse(write.updatedAt),
          });
        }
        statements.dueNow.run(now());
      })();
    },

    discardedUnknownSince: (queue: string): number | null => statements.discardedUnknown.get(queue)?.since ?? null,

    /** Whether another write of this kind already owns the HighLevel record (so a look-up must not claim it twice). */
    isClaimed: (kind: WriteKind, recordId: string, exceptWriteId: string): boolean =>
      (statements.claimed.get(kind, recordId, exceptWriteId)?.n ?? 0) > 0,

    /** A customer's writes still open or failed, and the last `doneLimit` done ones, oldest first. */
    ofCustomer(linkKey: string, ghlContactId: string | null, doneLimit: number): StoredWrite[] {
      const contact = ghlContactId ?? '';
      const done = statements.doneOf.all(linkKey, contact, doneLimit);
      return [...statements.openOf.all(linkKey, contact), ...done].map(fromRow).sort((a, b) => a.seq - b.seq);
    },
    unsettled: (limit) => statements.unsettled.all(limit).map(fromRow),
  };
}
