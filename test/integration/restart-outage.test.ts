/**
 * What a ticket's sidebar showed survives a restart: after a restart during a HighLevel outage,
 * agents' changes to contacts their tickets matched by email or phone are accepted (202, kept),
 * and each lands once when HighLevel is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writesListSchema } from '../../shared/actions';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { asView, asWriteResult, startStack, type Stack } from '../support/stack';

let stack: Stack;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // HighLevel "down" here drops connections before it stores anything, so a short late-write
  // window (the time the server waits before resending a write that got no answer) keeps the file
  // quick; the fault suite (test/faults) covers writes HighLevel stores late.
  stack = await startStack(
    { CACHE_TTL_SECONDS: '0', GHL_TIMEOUT_MS: '3000', GHL_LATE_WRITE_WINDOW_MS: '1500', GHL_RATE_LIMIT_MAX: '1000' },
    { ghl: { rateLimit: { max: 1000, intervalMs: 10_000 } }, trengo: { rateLimit: { max: 10_000, intervalMs: 60_000 } } },
    { outboxRetry: { baseMs: 100, maxMs: 400 } },
  );
});
afterAll(() => stack.close());

describe('a restart during a HighLevel outage', () => {
  it('accepts 100 writes for tickets matched by email and by phone, and each lands once when HighLevel is back', async () => {
    const tickets = [
      { ticket: demoTickets.matched, contactId: demoContacts.mariaJansen },
      { ticket: demoTickets.phoneMatch, contactId: demoContacts.liamChen },
    ];
    const sessions = await Promise.all(tickets.map((entry) => stack.launch(entry.ticket)));
    for (const [index, session] of sessions.entries()) {
      const view = asView(await stack.api(session, '/contact'));
      expect(view).toMatchObject({ status: 'matched', linked: false, contact: { id: tickets[index]!.contactId } });
    }

    stack.ghl.faults.down = true;
    await stack.restart();
    const answers = [];
    for (let n = 0; n < 100; n++) {
      const session = sessions[n % 2]!;
      answers.push(asWriteResult(await stack.api(session, '/notes', { method: 'POST', body: { body: `After the restart ${n}` } })));
    }
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(100);

    stack.ghl.resetCalls();
    stack.ghl.faults.down = false;
    const deadline = Date.now() + 20_000;
    for (const session of sessions) {
      for (;;) {
        const { writes } = writesListSchema.parse((await stack.api(session, '/writes')).body);
        if (writes.every((write) => write.state !== 'pending')) break;
        if (Date.now() > deadline) throw new Error('writes still pending');
        await sleep(100);
      }
    }
    for (const [index, entry] of tickets.entries()) {
      const notes = stack.ghl.store.notesOf(entry.contactId).filter((note) => (note.body ?? '').startsWith('After the restart'));
      expect(notes).toHaveLength(50);
      expect(new Set(notes.map((note) => note.body)).size).toBe(50);
      expect(notes.every((note) => Number((note.body ?? '').split(' ').at(-1)) % 2 === index)).toBe(true);
    }
    const posts = stack.ghl.calls.filter((call) => call.method === 'POST' && call.path.endsWith('/notes'));
    console.info(`restart during an outage: 100 writes accepted, ${posts.length} note creates sent, ${posts.filter((call) => call.status === 201).length} made`);
    expect(posts).toHaveLength(100);
  }, 60_000);
});
