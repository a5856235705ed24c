/**
 * The outbox for the operator: every agent's changes still to send or failed, with the reason,
 * sent again or discarded from the operator routes, each in the audit log as the operator's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { startStack, type Stack } from '../support/stack';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ OPERATOR_SECRET: operatorSecret, GHL_TIMEOUT_MS: '300', WRITE_ANSWER_MS: '400' });
});
afterAll(() => stack?.close());

type Listed = { id: string; state: string; reason: string | null; summary: string; ticketId: string };

const operator = async (path: string, method = 'GET') => {
  const response = await fetch(`${stack.url}/operator/writes${path}`, { method, headers: { Authorization: `Bearer ${operatorSecret}` } });
  return { status: response.status, body: (await response.json()) as { writes?: Listed[]; write?: Listed } };
};
const listed = async () => (await operator('')).body.writes ?? [];

describe("the operator's outbox", () => {
  it("lists every agent's failed and waiting changes with the reason, sends one again and discards another", async () => {
    const maria = await stack.launch(demoTickets.matched);
    await stack.api(maria, '/contact');
    stack.ghl.faults.failNext(1, 422);
    const refused = await stack.api(maria, '/notes', { method: 'POST', body: { body: 'Refused, then sent by the operator' } });
    expect(refused.status).toBe(422);

    // HighLevel down: a change of another agent on another ticket waits.
    const liam = await stack.launch(demoTickets.phoneMatch);
    await stack.api(liam, '/contact');
    stack.ghl.faults.down = true;
    const waiting = await stack.api(liam, '/notes', { method: 'POST', body: { body: 'Waiting, then discarded by the operator' } });
    expect(waiting.status).toBe(202);

    const open = await listed();
    expect(open.map((write) => [write.state, write.ticketId])).toEqual([
      ['failed', demoTickets.matched],
      ['pending', demoTickets.phoneMatch],
    ]);
    expect(open[0]?.reason).toContain('Unprocessable Entity');

    const [failed, pending] = open;
    expect((await operator(`/${pending?.id}/discard`, 'POST')).body.write).toMatchObject({ state: 'failed', reason: expect.stringContaining('Discarded') });
    stack.ghl.faults.down = false;
    expect((await operator(`/${failed?.id}/retry`, 'POST')).body.write).toMatchObject({ state: 'done' });
    expect(await listed()).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 500));
    const notes = [...stack.ghl.store.notesOf(demoContacts.mariaJansen), ...stack.ghl.store.notesOf(demoContacts.liamChen)].map((note) => note.body);
    expect(notes.filter((body) => body === 'Refused, then sent by the operator')).toHaveLength(1);
    expect(notes.filter((body) => body === 'Waiting, then discarded by the operator')).toHaveLength(0);

    const audit = await fetch(`${stack.url}/operator/audit?format=json`, { headers: { Authorization: `Bearer ${operatorSecret}` } });
    const entries = ((await audit.json()) as { entries: Array<{ action: string; detail: string | null }> }).entries;
    expect(entries.filter((entry) => entry.detail?.endsWith('(by the operator)')).map((entry) => entry.action).sort()).toEqual(['discard', 'retry']);

    expect((await operator('/nosuchwrite/retry', 'POST')).status).toBe(404);
    const anonymous = await fetch(`${stack.url}/operator/writes`);
    expect(anonymous.status).toBe(401);
  });
});
