/**
 * The operator's connection test against the sandboxes: every step green with its time, and a
 * refused token turns its step red with what to do. The test contact is made once and kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContactEmail, type ConnectionStep } from '../../server/http/connection-test';
import { startStack, type Stack } from '../support/stack';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ OPERATOR_SECRET: operatorSecret }, {}, {}, { webhooks: true });
});
afterAll(() => stack?.close());

async function connectionTest(secret = operatorSecret): Promise<{ status: number; body: { ok: boolean; steps: ConnectionStep[] } }> {
  const response = await fetch(`${stack.url}/operator/connection-test`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
  return { status: response.status, body: (await response.json()) as { ok: boolean; steps: ConnectionStep[] } };
}

const print = (steps: ConnectionStep[]) =>
  console.log(steps.map((step) => `${step.ok ? 'ok  ' : 'FAIL'} ${String(step.durationMs).padStart(4)} ms  ${step.name}: ${step.detail}${step.advice ? ` → ${step.advice}` : ''}`).join('\n'));

describe('the connection test', () => {
  it('runs every step green against working systems, and makes its test contact once', async () => {
    const first = await connectionTest();
    print(first.body.steps);
    expect(first.status).toBe(200);
    expect(first.body.steps.map((step) => step.name)).toEqual([
      'HighLevel accepts the token and names the location',
      'HighLevel rate-limit headroom',
      'Test contact (found or made once)',
      'Read a contact',
      'Create and delete a task (the write scope)',
      'Trengo accepts the token and reads a ticket',
      'Webhooks',
    ]);
    expect(first.body.steps.filter((step) => !step.ok)).toEqual([]);
    expect(first.body.steps[0]?.detail).toContain(stack.seed.location.name);

    await connectionTest();
    const testContacts = [...stack.ghl.store.contacts.values()].filter((contact) => contact.email === testContactEmail);
    expect(testContacts).toHaveLength(1);
    expect([...stack.ghl.store.tasks.values()].filter((task) => task.title.startsWith('Connection test'))).toEqual([]);
  });

  it('turns a step red with what to do when a system refuses its token', async () => {
    const accepted = [...stack.ghl.tokens];
    stack.ghl.tokens.clear();
    try {
      const refused = await connectionTest();
      print(refused.body.steps);
      expect(refused.body.ok).toBe(false);
      expect(refused.body.steps[0]).toMatchObject({ ok: false, detail: 'HighLevel refused the token (401).' });
      expect(refused.body.steps[0]?.advice).toMatch(/Private Integrations/);
      // Uncached: the contact steps find the token refused as well.
      expect(refused.body.steps.find((step) => step.name === 'Read a contact')?.ok ?? false).toBe(false);
      expect(refused.body.steps.find((step) => step.name.startsWith('Trengo'))?.ok).toBe(true);
    } finally {
      for (const token of accepted) stack.ghl.tokens.add(token);
    }
    expect((await connectionTest('not-the-operator-secret-at-all')).status).toBe(401);
  });

  it('turns the webhooks step red when Trengo no longer has a webhook the server registered', async () => {
    const [first] = [...stack.trengo.webhooks.registrations.values()];
    expect(first).toBeDefined();
    stack.trengo.webhooks.registrations.delete(first!.id);
    const run = await connectionTest();
    const webhooks = run.body.steps.find((step) => step.name === 'Webhooks');
    print(webhooks ? [webhooks] : []);
    expect(webhooks).toMatchObject({ ok: false, advice: expect.stringContaining(first!.type) });
    expect(webhooks?.detail).toMatch(/Trengo webhooks: \d+ of \d+ registered at Trengo/);
  });
});
