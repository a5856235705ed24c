/**
 * What automations keep: the rules' settings, the runs (the durable outbox of automation actions,
 * unique by the idempotency key derived from the event) and the agents' changes waiting to be
 * told in their ticket.
 */
import type { AutomationRun, AutomationRuns, AutomationStore, LandedWork, NewAutomationRun } from '../port';
import type { Db } from './database';

type RunRow = {
  seq: number;
  id: string;
  rule: string;
  event: string;
  subject: string;
  input: string;
  progress: string;
  state: AutomationRun['state'];
  attempts: number;
  next_attempt_at: number;
  reason: string | null;
  created_at: number;
  updated_at: number;
};

const fromRow = (row: RunRow): AutomationRun => ({
  seq: row.seq,
  id: row.id,
  rule: row.rule,
  event: row.event,
  subject: row.subject,
  input: row.input,
  progress: row.progress,
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  reason: row.reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const columns = { state: 'state', progress: 'progress', attempts: 'attempts', nextAttemptAt: 'next_attempt_at', reason: 'reason' } as const;

function createRuns(db: Db, now: () => number): AutomationRuns {
  const statements = {
    insert: db.prepare(
      `INSERT INTO automation_runs (id, rule, event, subject, input, next_attempt_at, created_at, updated_at)
       VALUES (@id, @rule, @event, @subject, @input, @at, @at, @at)
       ON CONFLICT (id) DO NOTHING`,
    ),
    get: db.prepare<[string], RunRow>('SELECT * FROM automation_runs WHERE id = ?'),
    // Only the oldest open run of a subject may go: a later one waits behind it.
    due: db.prepare<[number, number], RunRow>(
      `SELECT * FROM automation_runs AS run
       WHERE state = 'pending' AND next_attempt_at <= ?
         AND seq = (SELECT MIN(seq) FROM automation_runs AS earlier WHERE earlier.subject = run.subject AND earlier.state IN ('pending', 'running'))
       ORDER BY seq LIMIT ?`,
    ),
    recover: db.prepare<[number, number]>(`UPDATE automation_runs SET state = 'pending', next_attempt_at = ?, updated_at = ? WHERE state = 'running'`),
    dueNow: db.prepare<[number]>(`UPDATE automation_runs SET next_attempt_at = ? WHERE state = 'pending'`),
    list: db.prepare<{ state: string | null; rule: string | null; limit: number }, RunRow>(
      `SELECT * FROM automation_runs WHERE (@state IS NULL OR state = @state) AND (@rule IS NULL OR rule = @rule) ORDER BY seq DESC LIMIT @limit`,
    ),
  };
  return {
    add: (run: NewAutomationRun) => statements.insert.run({ ...run, at: now() }).changes === 1,
    get: (id) => {
      const row = statements.get.get(id);
      return row ? fromRow(row) : undefined;
    },
    due: (limit) => statements.due.all(now(), limit).map(fromRow),
    change(id, changes) {
      const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
      const sets = entries.map(([key]) => `${columns[key as keyof typeof columns]} = @${key}`);
      db.prepare(`UPDATE automation_runs SET ${[...sets, 'updated_at = @updatedAt'].join(', ')} WHERE id = @id`).run({
        ...Object.fromEntries(entries),
        updatedAt: now(),
        id,
      });
      const row = statements.get.get(id);
      if (!row) throw new Error(`No automation run ${id}`);
      return fromRow(row);
    },
    recoverInterrupted: db.transaction(() => {
      statements.recover.run(now(), now());
      statements.dueNow.run(now());
    }),
    list: (filter = {}) => statements.list.all({ state: filter.state ?? null, rule: filter.rule ?? null, limit: filter.limit ?? 500 }).map(fromRow),
  };
}

/** The automation rules, runs and landed changes in the server's SQLite file. */
export function createAutomationStore(db: Db, now: () => number = Date.now): AutomationStore {
  const runs = createRuns(db, now);
  const rules = {
    all: db.prepare<[], { rule: string; settings: string; updated_at: number }>('SELECT * FROM automation_rules ORDER BY rule'),
    upsert: db.prepare<[string, string, number]>(
      `INSERT INTO automation_rules (rule, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (rule) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    ),
  };
  const work = {
    insert: db.prepare(
      `INSERT INTO automation_landed_work (write_id, ticket_id, line, landed_at) VALUES (@writeId, @ticketId, @line, @landedAt)
       ON CONFLICT (write_id) DO NOTHING`,
    ),
    ticketsDue: db.prepare<[number], { ticket_id: string }>(
      `SELECT ticket_id FROM automation_landed_work WHERE run_id IS NULL GROUP BY ticket_id HAVING MIN(landed_at) <= ? ORDER BY MIN(landed_at)`,
    ),
    untold: db.prepare<[string], { write_id: string; ticket_id: string; line: string; landed_at: number }>(
      `SELECT * FROM automation_landed_work WHERE run_id IS NULL AND ticket_id = ? ORDER BY landed_at, rowid`,
    ),
    told: db.prepare<[string, string]>(`UPDATE automation_landed_work SET run_id = ? WHERE run_id IS NULL AND ticket_id = ?`),
  };
  return {
    rules: {
      all: () => rules.all.all().map((row) => ({ rule: row.rule, settings: row.settings, updatedAt: row.updated_at })),
      set: (rule, settings) => void rules.upsert.run(rule, settings, now()),
    },
    runs,
    landedWork: {
      add: (landed: LandedWork) => work.insert.run(landed).changes === 1,
      ticketsDue: (before) => work.ticketsDue.all(before).map((row) => row.ticket_id),
      takeBatch: db.transaction((ticketId: string, toRun: (work: LandedWork[]) => NewAutomationRun | null) => {
        const untold = work.untold.all(ticketId).map((row) => ({ writeId: row.write_id, ticketId: row.ticket_id, line: row.line, landedAt: row.landed_at }));
        const run = untold.length > 0 ? toRun(untold) : null;
        if (!run) return null;
        runs.add(run);
        work.told.run(run.id, ticketId);
        return run;
      }),
    },
  };
}
