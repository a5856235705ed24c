/**
 * No write lost: HighLevel down, slow, refusing the token or refusing a write, and the server
 * restarted in between. Every accepted write reaches HighLevel exactly once, in order per contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writesListSchema, type Write } from '../../shared/actions';
import type { AuditEntry } from '../../server/store/port';
import { demoContacts, demoTasks, demoTickets } from '../../sandbox/seed';
import { asError, asView, asWriteResult, startStack, type Stack } from '../support/stack';

let stack: Stack;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // HighLevel "down" here drops connections before it stores anything, so a short late-write
  // window (the time the server waits before resending a write that got no answer) keeps the file
  // quick; the fault suite (test/faults) covers writes HighLevel stores late.
  stack = await startStack(
    // A generous timeout: an answer late only because the machine is busy would be sent again (harmlessly, but counted).
    { CACHE_TTL_SECONDS: '0', GHL_TIMEOUT_MS: '3000', GHL_LATE_WRITE_WINDOW_MS: '1500', GHL_RATE_LIMIT_MAX: '1000' },
    // Trengo's and HighLevel's limits are raised: the file polls and writes far faster than agents do.
    { ghl: { rateLimit: { max: 1000, intervalMs: 10_000 } }, trengo: { rateLimit: { max: 10_000, intervalMs: 60_000 } } },
    { outboxRetry: { baseMs: 100, maxMs: 400 } },
  );
});
afterAll(() => stack.close());

/** Every write id these tests made, with the result the audit log must end on. */
const expectedResults = new Map<string, 'done' | 'failed'>();

/** Waits until none of the ticket's writes is pending; returns them. */
async function settledWrites(session: string, timeoutMs = 10_000, on: Stack = stack): Promise<Write[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await on.api(session, '/writes');
    if (answer.status !== 200) throw new Error(`GET /writes answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const { writes } = writesListSchema.parse(answer.body);
    if (writes.every((write) => write.state !== 'pending')) return writes;
    if (Date.now() > deadline) throw new Error(`Writes still pending: ${JSON.stringify(writes.filter((w) => w.state === 'pending'))}`);
    await sleep(100);
  }
}

/** The calls that changed something in HighLevel, as `METHOD path`. */
const changeCalls = () => stack.ghl.calls.filter((call) => call.method !== 'GET' && call.path !== '/contacts/search');

type Step = { path: string; method: string; body?: unknown; call: string };

/** Sixteen writes of every kind for one contact, each with the HighLevel call it must become. */
function plan(contactId: string, tag: string, tasks: [string, string, string]): Step[] {
  const [t1, t2, t3] = tasks;
  const at = `/contacts/${contactId}`;
  const due = (day: number) => `2031-01-${String(day).padStart(2, '0')}T10:00:00Z`;
  return [
    { method: 'POST', path: '/tasks', body: { title: `${tag} task A`, dueDate: due(1) }, call: `POST ${at}/tasks` },
    { method: 'POST', path: '/tags', body: { tags: [`${tag}-x1`, `${tag}-x2`] }, call: `POST ${at}/tags` },
    { method: 'POST', path: '/notes', body: { body: `${tag} note 1` }, call: `POST ${at}/notes` },
    { method: 'PATCH', path: `/tasks/${t1}`, body: { title: `${tag} renamed` }, call: `PUT ${at}/tasks/${t1}` },
    { method: 'PUT', path: `/tasks/${t1}/completed`, body: { completed: true }, call: `PUT ${at}/tasks/${t1}/completed` },
    { method: 'POST', path: '/tasks', body: { title: `${tag} task B`, body: 'Second', dueDate: due(2) }, call: `POST ${at}/tasks` },
    { method: 'DELETE', path: '/tags', body: { tags: [`${tag}-x1`] }, call: `DELETE ${at}/tags` },
    { method: 'POST', path: '/notes', body: { body: `${tag} note 2` }, call: `POST ${at}/notes` },
    { method: 'PUT', path: `/tasks/${t1}/completed`, body: { completed: false }, call: `PUT ${at}/tasks/${t1}/completed` },
    { method: 'PATCH', path: '/contact', body: { firstName: `${tag}First` }, call: `PUT ${at}` },
    { method: 'DELETE', path: `/tasks/${t2}`, call: `DELETE ${at}/tasks/${t2}` },
    { method: 'POST', path: '/tasks', body: { title: `${tag} task C`, dueDate: due(3) }, call: `POST ${at}/tasks` },
    { method: 'POST', path: '/tags', body: { tags: [`${tag}-x3`] }, call: `POST ${at}/tags` },
    { method: 'POST', path: '/notes', body: { body: `${tag} note 3` }, call: `POST ${at}/notes` },
    { method: 'PATCH', path: `/tasks/${t3}`, body: { dueDate: due(9) }, call: `PUT ${at}/tasks/${t3}` },
    { method: 'PUT', path: `/tasks/${t3}/completed`, body: { completed: true }, call: `PUT ${at}/tasks/${t3}/completed` },
  ];
}

/** Gives a contact tasks of its own, as HighLevel would hold them. */
function seedTasks(contactId: string, prefix: string): [string, string, string] {
  const ids = [1, 2, 3].map((n) => `${prefix}${n}`.padEnd(20, '0')) as [string, string, string];
  for (const [index, id] of ids.entries()) {
    stack.ghl.store.tasks.set(id, { id, contactId, title: `Seeded ${index + 1}`, dueDate: '2030-06-01T09:00:00.000Z', completed: false });
  }
  return ids;
}

describe('HighLevel down, then back after a server restart', () => {
  it('accepts 50 writes of every kind as pending, and after the restart each reaches HighLevel exactly once, in order per contact', async () => {
    const customers = [
      { ticket: demoTickets.matched, contactId: demoContacts.mariaJansen, tag: 'maria', tasks: [demoTasks.overdue, demoTasks.withoutBody, demoTasks.dueNextWeek] as [string, string, string] },
      { ticket: demoTickets.phoneMatch, contactId: demoContacts.liamChen, tag: 'liam', tasks: seedTasks(demoContacts.liamChen, 'liamTask') },
      { ticket: '1008', contactId: demoContacts.ethanPark, tag: 'ethan', tasks: seedTasks(demoContacts.ethanPark, 'ethanTask') },
    ];
    const sessions = await Promise.all(customers.map((customer) => stack.launch(customer.ticket)));
    // The agents have the sidebars open, each showing its contact.
    for (const [index, session] of sessions.entries()) {
      expect(asView(await stack.api(session, '/contact'))).toMatchObject({ contact: { id: customers[index]!.contactId } });
    }
    const newCustomers = await Promise.all([demoTickets.notFound, '1007'].map((ticket) => stack.launch(ticket)));

    stack.ghl.faults.down = true;
    const started = Date.now();
    const accepted = await Promise.all([
      ...customers.map(async (customer, index) => {
        const answers = [];
        for (const step of plan(customer.contactId, customer.tag, customer.tasks)) {
          answers.push(asWriteResult(await stack.api(sessions[index]!, step.path, { method: step.method, body: step.body })));
        }
        return answers;
      }),
      ...newCustomers.map(async (session, index) => [
        asWriteResult(
          await stack.api(session, '/contact', {
            method: 'POST',
            body: { firstName: `New${index}`, lastName: 'Customer', email: `new${index}@example.org`, phone: `+1 415 555 02${10 + index}` },
          }),
        ),
      ]),
    ]);
    const acceptMs = Date.now() - started;
    const writes = accepted.flat();
    expect(writes).toHaveLength(50);
    expect(writes.every((answer) => answer.status === 202 && answer.write.state === 'pending' && answer.view === null)).toBe(true);
    expect(writes.every((answer) => typeof answer.write.reason === 'string' && answer.write.reason.length > 0)).toBe(true);
    for (const answer of writes) expectedResults.set(answer.write.id, 'done');

    // HighLevel comes back while the server is down for a restart; nothing is lost on the way.
    await stack.restart();
    stack.ghl.resetCalls();
    stack.ghl.faults.down = false;
    const recoveryStarted = Date.now();
    const settled = (await Promise.all([...sessions, ...newCustomers].map((session) => settledWrites(session)))).flat();
    const recoveryMs = Date.now() - recoveryStarted;
    const ours = settled.filter((write) => expectedResults.has(write.id));
    expect(ours.filter((write) => write.state !== 'done')).toEqual([]);

    // Exactly once: one successful HighLevel call per write, and each record made once.
    const calls = changeCalls();
    expect(calls.every((call) => call.status >= 200 && call.status < 300)).toBe(true);
    expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toHaveLength(50);
    for (const customer of customers) {
      // In order: the contact's calls arrive in the order the agent made the writes.
      const prefix = `/contacts/${customer.contactId}`;
      expect(calls.filter((call) => call.path === prefix || call.path.startsWith(`${prefix}/`)).map((call) => `${call.method} ${call.path}`)).toEqual(
        plan(customer.contactId, customer.tag, customer.tasks).map((step) => step.call),
      );
      const tasks = stack.ghl.store.tasksOf(customer.contactId);
      for (const title of ['A', 'B', 'C']) expect(tasks.filter((task) => task.title === `${customer.tag} task ${title}`)).toHaveLength(1);
      const notes = stack.ghl.store.notesOf(customer.contactId);
      for (const n of [1, 2, 3]) expect(notes.filter((note) => note.body === `${customer.tag} note ${n}`)).toHaveLength(1);
      const contact = stack.ghl.store.contacts.get(customer.contactId)!;
      expect(contact.tags).toEqual(expect.arrayContaining([`${customer.tag}-x2`, `${customer.tag}-x3`]));
      expect(contact.tags).not.toContain(`${customer.tag}-x1`);
      expect(contact.firstName).toBe(`${customer.tag}First`);
      const [t1, t2, t3] = customer.tasks;
      expect(stack.ghl.store.tasks.get(t1)).toMatchObject({ title: `${customer.tag} renamed`, completed: false });
      expect(stack.ghl.store.tasks.has(t2)).toBe(false);
      expect(stack.ghl.store.tasks.get(t3)).toMatchObject({ dueDate: '2031-01-09T10:00:00.000Z', completed: true });
    }
    const created = [...stack.ghl.store.contacts.values()].filter((contact) => /^new[01]@example\.org$/.test(contact.email ?? ''));
    expect(created).toHaveLength(2);
    // The new contacts are linked to their customers: their tickets open on them.
    expect(asView(await stack.api(newCustomers[0]!, '/contact'))).toMatchObject({ status: 'matched', contact: { email: 'new0@example.org' } });
    console.info(`50 writes accepted in ${acceptMs} ms with HighLevel down; all in HighLevel ${recoveryMs} ms after the restart, in ${calls.length} change calls and ${stack.ghl.calls.length} calls in all`);
  }, 30_000);
});

describe('HighLevel refusing a write', () => {
  it('answers a 422 as failed with HighLevel’s message, never retries it, and lets the agent retry or discard it', async () => {
    const session = await stack.launch(demoTickets.matched);
    asView(await stack.api(session, '/contact'));
    stack.ghl.resetCalls();
    stack.ghl.faults.failNext(1, 422);
    const refused = asError(await stack.api(session, '/notes', { method: 'POST', body: { body: 'Refused note' } }));
    expect(refused).toMatchObject({ status: 422, code: 'upstream_rejected', source: 'highlevel', retryable: false });
    expect(refused.message).toContain('Unprocessable Entity');
    expect(refused.writeId).toBeTruthy();
    await sleep(800);
    expect(changeCalls().map((call) => `${call.method} ${call.status}`)).toEqual(['POST 422']);
    const listed = writesListSchema.parse((await stack.api(session, '/writes')).body).writes.find((write) => write.id === refused.writeId);
    expect(listed).toMatchObject({ state: 'failed', reason: expect.stringContaining('Unprocessable Entity') });

    const retried = asWriteResult(await stack.api(session, `/writes/${refused.writeId}/retry`, { method: 'POST' }));
    expect(retried.write).toMatchObject({ id: refused.writeId, state: 'done' });
    expect(retried.view?.notes.some((note) => note.body === 'Refused note')).toBe(true);
    expectedResults.set(refused.writeId!, 'done');

    stack.ghl.faults.failNext(1, 422);
    const again = asError(await stack.api(session, '/notes', { method: 'POST', body: { body: 'Discarded note' } }));
    const discarded = await stack.api(session, `/writes/${again.writeId}`, { method: 'DELETE' });
    expect(discarded.body).toMatchObject({ write: { id: again.writeId, state: 'failed', reason: expect.stringContaining('Discarded') } });
    const { writes } = writesListSchema.parse((await stack.api(session, '/writes')).body);
    expect(writes.some((write) => write.id === again.writeId)).toBe(false);
    expectedResults.set(again.writeId!, 'failed');
  });

  it('keeps a write whose token HighLevel refuses, telling an administrator, and sends it once the token works', async () => {
    const session = await stack.launch(demoTickets.matched);
    const tokens = [...stack.ghl.tokens];
    stack.ghl.tokens.clear();
    const kept = asWriteResult(await stack.api(session, '/tags', { method: 'POST', body: { tags: ['after-token-fix'] } }));
    expect(kept.write).toMatchObject({ state: 'pending', reason: expect.stringMatching(/administrator/) });
    tokens.forEach((token) => stack.ghl.tokens.add(token));
    await settledWrites(session);
    expect(stack.ghl.store.contacts.get(demoContacts.mariaJansen)?.tags).toContain('after-token-fix');
    expectedResults.set(kept.write.id, 'done');
  });

  it('never sends a pending write the agent discards', async () => {
    const session = await stack.launch(demoTickets.matched);
    stack.ghl.faults.down = true;
    const kept = asWriteResult(await stack.api(session, '/notes', { method: 'POST', body: { body: 'Never sent' } }));
    const discarded = await stack.api(session, `/writes/${kept.write.id}`, { method: 'DELETE' });
    expect(discarded.status).toBe(200);
    stack.ghl.faults.down = false;
    await sleep(800);
    expect(stack.ghl.store.notesOf(demoContacts.mariaJansen).some((note) => note.body === 'Never sent')).toBe(false);
    expectedResults.set(kept.write.id, 'failed');
  });
});

describe('HighLevel slower than the timeout', () => {
  it('looks for a create that timed out after HighLevel stored it, instead of making it twice', async () => {
    // HighLevel stores the task after 1.4 s; the server gives up at 1 s and looks for it 1 s later.
    const slow = await startStack({ CACHE_TTL_SECONDS: '0', GHL_TIMEOUT_MS: '1000' }, {}, { outboxRetry: { baseMs: 100, maxMs: 400 } });
    try {
      const session = await slow.launch(demoTickets.phoneMatch);
      asView(await slow.api(session, '/contact'));
      slow.ghl.resetCalls();
      slow.ghl.faults.latencyMs = 1400;
      const kept = asWriteResult(
        await slow.api(session, '/tasks', { method: 'POST', body: { title: 'Slow task', dueDate: '2031-02-01T08:00:00Z' } }),
      );
      slow.ghl.faults.latencyMs = 0;
      expect(kept.write).toMatchObject({ state: 'pending', reason: expect.stringMatching(/did not answer in time/) });
      const [settled] = (await settledWrites(session, 10_000, slow)).filter((write) => write.id === kept.write.id);
      const stored = slow.ghl.store.tasksOf(demoContacts.liamChen).filter((task) => task.title === 'Slow task');
      expect(stored).toHaveLength(1);
      expect(settled).toMatchObject({ state: 'done', recordId: stored[0]!.id });
      expect(slow.ghl.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/tasks'))).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});

describe('the audit log of these writes', () => {
  it('lists every write with its final result, HighLevel status and trace id', async () => {
    const response = await stack.audit('?format=json');
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: AuditEntry[] };
    for (const [writeId, result] of expectedResults) {
      const rows = entries.filter((entry) => entry.writeId === writeId);
      const last = rows.filter((entry) => entry.result !== 'pending').at(-1);
      expect(last, `audit of ${writeId}`).toMatchObject({ result: result === 'failed' ? expect.stringMatching(/failed|discarded/) : 'done' });
    }
    const refused = entries.find((entry) => entry.result === 'failed' && entry.ghlStatus === 422);
    expect(refused).toMatchObject({ action: 'createNote', traceId: expect.any(String), detail: expect.stringContaining('Unprocessable Entity') });
    expect(entries.filter((entry) => entry.result === 'done').every((entry) => entry.ghlStatus === null || entry.ghlStatus < 300)).toBe(true);
  });
});
