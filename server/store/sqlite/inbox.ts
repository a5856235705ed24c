/**
 * The webhook inbox: every verified event is stored before its webhook is answered, then
 * processed at least once, in arrival order per subject. `(source, event_id)` is unique, so a
 * second delivery of an event is recognised and stored no more.
 */
import type { Inbox, InboxEvent, NewInboxEvent } from '../port';
import type { Db } from './database';

type Row = {
  seq: number;
  source: InboxEvent['source'];
  event_id: string;
  type: string;
  subject: string;
  payload: string;
  occurred_at: number | null;
  received_at: number;
  state: InboxEvent['state'];
  attempts: number;
  next_attempt_at: number;
  error: string | null;
};

const fromRow = (row: Row): InboxEvent => ({
  seq: row.seq,
  source: row.source,
  eventId: row.event_id,
  type: row.type,
  subject: row.subject,
  payload: row.payload,
  occurredAt: row.occurred_at,
  receivedAt: row.received_at,
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  error: row.error,
});

export function createInbox(db: Db, now: () => number = Date.now): Inbox {
  const statements = {
    insert: db.prepare(
      `INSERT INTO inbox (source, event_id, type, subject, payload, occurred_at, received_at, next_attempt_at)
       VALUES (@source, @eventId, @type, @subject, @payload, @occurredAt, @at, @at)
       ON CONFLICT (source, event_id) DO NOTHING`,
    ),
    // Only the oldest pending event of a subject may run: a later one waits behind it.
    due: db.prepare<[number, number], Row>(
      `SELECT * FROM inbox AS event
       WHERE state = 'pending' AND next_attempt_at <= ?
         AND seq = (SELECT MIN(seq) FROM inbox AS earlier WHERE earlier.subject = event.subject AND earlier.state = 'pending')
       ORDER BY seq LIMIT ?`,
    ),
    done: db.prepare<[number, number]>(`UPDATE inbox SET state = 'done', processed_at = ?, error = NULL WHERE seq = ?`),
    retry: db.prepare<[string, number, number]>(`UPDATE inbox SET attempts = attempts + 1, error = ?, next_attempt_at = ? WHERE seq = ?`),
    failed: db.prepare<[number, string, number]>(`UPDATE inbox SET state = 'failed', attempts = attempts + 1, processed_at = ?, error = ? WHERE seq = ?`),
    prune: db.prepare<[number]>(`DELETE FROM inbox WHERE state != 'pending' AND received_at < ?`),
    last: db.prepare<[], { source: InboxEvent['source']; at: number }>(`SELECT source, MAX(received_at) AS at FROM inbox GROUP BY source`),
  };
  return {
    add: (event: NewInboxEvent): boolean => statements.insert.run({ ...event, at: now() }).changes === 1,
    due: (limit) => statements.due.all(now(), limit).map(fromRow),
    markDone: (seq) => void statements.done.run(now(), seq),
    markRetry: (seq, error, nextAttemptAt) => void statements.retry.run(error, nextAttemptAt, seq),
    markFailed: (seq, error) => void statements.failed.run(now(), error, seq),
    prune: (before) => statements.prune.run(before).changes,
    lastReceived: () => Object.fromEntries(statements.last.all().map((row) => [row.source, row.at])),
  };
}
