/**
 * An agent never waits on a hanging HighLevel longer than the time budgets: with every HighLevel
 * call taking 12 s (timeout 10 s), a change answers as pending within WRITE_ANSWER_MS and still
 * lands once HighLevel is quick again; a first open answers a clear 504 within OPEN_ANSWER_MS,
 * and the next try joins the lookup that carried on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writesListSchema } from '../../shared/actions';
import { demoContacts, demoTasks, demoTickets } from '../../sandbox/seed';
import { asError, asView, asWriteResult, startStack, type Stack } from '../support/stack';

let stack: Stack;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '0', GHL_TIMEOUT_MS: '10000', WRITE_ANSWER_MS: '1500', OPEN_ANSWER_MS: '2000' });
});
afterAll(() => stack.close());

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const startedAt = performance.now();
  const result = await work;
  return { result, ms: Math.round(performance.now() - startedAt) };
}

describe('HighLevel hanging past its timeout', () => {
  it('a task edit answers pending within its budget and lands once HighLevel is quick again', async () => {
    const session = await stack.launch(demoTickets.matched);
    asView(await stack.api(session, '/contact'));
    stack.ghl.faults.latencyMs = 12_000;

    const edit = await timed(stack.api(session, `/tasks/${demoTasks.overdue}`, { method: 'PATCH', body: { title: 'Call back after the outage' } }));
    const note = await timed(stack.api(session, '/notes', { method: 'POST', body: { body: 'Written while HighLevel hangs' } }));
    console.info(`HighLevel taking 12 s a call: task edit answered in ${edit.ms} ms, note in ${note.ms} ms (budget 1500 ms)`);
    expect(asWriteResult(edit.result)).toMatchObject({ status: 202, write: { state: 'pending' } });
    expect(asWriteResult(note.result)).toMatchObject({ status: 202, write: { state: 'pending' } });
    expect(edit.ms).toBeLessThan(5000);
    expect(note.ms).toBeLessThan(5000);

    stack.ghl.faults.latencyMs = 0;
    const deadline = Date.now() + 40_000;
    for (;;) {
      const { writes } = writesListSchema.parse((await stack.api(session, '/writes')).body);
      if (writes.every((write) => write.state === 'done')) break;
      if (Date.now() > deadline) throw new Error(`writes not done: ${JSON.stringify(writes)}`);
      await sleep(250);
    }
    expect(stack.ghl.store.tasks.get(demoTasks.overdue)?.title).toBe('Call back after the outage');
    expect(stack.ghl.store.notesOf(demoContacts.mariaJansen).filter((entry) => entry.body === 'Written while HighLevel hangs')).toHaveLength(1);
  }, 60_000);

  it('a first open answers a clear 504 within its budget, and a later try gets the view the lookup carried on to', async () => {
    stack.ghl.faults.latencyMs = 3000;
    const session = await stack.launch(demoTickets.phoneMatch);
    const first = await timed(stack.api(session, '/contact'));
    console.info(`HighLevel taking 3 s a call: first open answered ${first.result.status} in ${first.ms} ms (budget 2000 ms)`);
    expect(asError(first.result)).toMatchObject({ status: 504, code: 'upstream_timeout', retryable: true });
    expect(first.ms).toBeLessThan(5000);

    stack.ghl.faults.latencyMs = 0;
    await sleep(4000);
    expect(asView(await stack.api(session, '/contact'))).toMatchObject({ status: 'matched', contact: { id: demoContacts.liamChen } });
  }, 30_000);
});
