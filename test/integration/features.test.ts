/**
 * What agents see and do: features the operator turns off are gone from the next launch page and
 * refused by the API; a write HighLevel refuses for the token's scope makes the sidebar read-only
 * (said by the launch page, every write refused before it reaches HighLevel) until a connection
 * test's write probe succeeds or the operator ends it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { startStack, type Stack } from '../support/stack';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ OPERATOR_SECRET: operatorSecret });
});
afterAll(() => stack?.close());

const asOperator = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${stack.url}/operator${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${operatorSecret}`, 'Content-Type': 'application/json' },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });

/** What the launch page says is off. */
async function offInLaunchPage(ticketId: string): Promise<string[]> {
  const html = await (await fetch(stack.launchUrl(ticketId))).text();
  return /<meta name="widget-off" content="([^"]*)">/.exec(html)?.[1]?.split(',') ?? [];
}

describe('features', () => {
  it('turned off by the operator are gone from the next launch and refused by the API, each change audited', async () => {
    expect(await offInLaunchPage(demoTickets.matched)).toEqual([]);
    const changed = await asOperator('/features', { method: 'PUT', body: { tags: false, sameCompany: false } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ features: { tags: false, sameCompany: false, tasks: true }, readOnly: null });
    expect(await offInLaunchPage(demoTickets.matched)).toEqual(['tags', 'sameCompany']);

    const session = await stack.launch(demoTickets.matched);
    expect(await stack.api(session, '/tags', { method: 'POST', body: { tags: ['vip'] } })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await stack.api(session, '/business')).status).toBe(403);
    expect((await stack.api(session, '/notes', { method: 'POST', body: { body: 'Notes are still on' } })).status).toBe(200);

    for (const [body, field] of [[{ tags: 'no' }, 'tags'], [{}, ''], [{ readOnly: true }, 'readOnly'], [{ colour: true }, '']] as const) {
      const refused = await asOperator('/features', { method: 'PUT', body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      if (field) expect(JSON.stringify(await refused.json())).toContain(field);
    }

    const audit = await (await asOperator('/audit?format=json')).json() as { entries: Array<{ action: string; fields: string | null }> };
    expect(audit.entries.filter((entry) => entry.action === 'features').map((entry) => entry.fields)).toEqual(['{"tags":false,"sameCompany":false}']);
    await asOperator('/features', { method: 'PUT', body: { tags: true, sameCompany: true } });
    expect(await offInLaunchPage(demoTickets.matched)).toEqual([]);
  });

  it('go read-only when HighLevel refuses a write for the token\'s scope, until a connection test writes again', async () => {
    const session = await stack.launch(demoTickets.matched);
    await stack.api(session, '/contact');
    stack.ghl.faults.failNext(1, 403);
    // Kept, not lost: it waits until the token may write.
    const refused = await stack.api(session, '/notes', { method: 'POST', body: { body: 'Refused for the scope, then sent' } });
    expect(refused.status).toBe(202);
    const writeId = (refused.body as { write: { id: string } }).write.id;
    expect(await offInLaunchPage(demoTickets.matched)).toEqual(['write']);
    expect(await (await asOperator('/features')).json()).toMatchObject({ readOnly: { detail: expect.any(String) } });

    // Refused before HighLevel is asked.
    stack.ghl.resetCalls();
    const next = await stack.launch(demoTickets.matched);
    expect(await stack.api(next, '/tasks', { method: 'POST', body: { title: 'Not sent', dueDate: '2031-01-01T09:00:00Z' } })).toMatchObject({
      status: 403,
      body: { error: { code: 'upstream_scope' } },
    });
    expect(stack.ghl.calls.filter((call) => call.method !== 'GET' && call.path !== '/contacts/search')).toEqual([]);

    const tested = await (await asOperator('/connection-test', { method: 'POST' })).json() as { steps: Array<{ name: string; ok: boolean }> };
    expect(tested.steps.find((step) => step.name.startsWith('Create and delete a task'))?.ok).toBe(true);
    expect(await offInLaunchPage(demoTickets.matched)).toEqual([]);
    expect(await (await asOperator(`/writes/${writeId}/retry`, { method: 'POST' })).json()).toMatchObject({ write: { state: 'done' } });
    const notes = stack.ghl.store.notesOf(demoContacts.mariaJansen).filter((note) => note.body === 'Refused for the scope, then sent');
    expect(notes).toHaveLength(1);
  });
});
