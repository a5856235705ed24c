/**
 * Trengo down during a burst of new HighLevel contacts: every welcome waits (pending; the runs
 * are held back while one probes Trengo, so retries spend none of Trengo's rate budget) and lands
 * once after Trengo is back; then a run of 429s is waited out, never failed.
 * The outage lasts AUTOMATION_OUTAGE_MS (20 s unless set; 60000 runs the full minute): the runs'
 * retries are capped at 2 s here, so what happens after the outage is the same for any length.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/webhooks';
import { startStack, type Stack } from '../support/stack';

const outageMs = Number(process.env.AUTOMATION_OUTAGE_MS ?? '20000');
const burst = 30;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ TRENGO_TIMEOUT_MS: '1000' }, {}, { inboxWorker: { pollMs: 100 }, automationRetry: { baseMs: 200, maxMs: 2000 } }, { webhooks: true });
  const response = await fetch(`${stack.url}/operator/automations/rules/welcomeTicket`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${stack.config.operatorSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: true, channelId: 301, subject: 'Welcome {{firstName}}', message: 'Hello {{firstName}}', delivery: 'customer' }),
  });
  if (response.status !== 200) throw new Error(`rule not set: ${response.status}`);
});
afterAll(async () => {
  await stack?.close();
});

async function runs(): Promise<Array<{ state: string; reason: string | null }>> {
  const response = await fetch(`${stack.url}/operator/automations/runs?rule=welcomeTicket&limit=1000`, { headers: { Authorization: `Bearer ${stack.config.operatorSecret}` } });
  return ((await response.json()) as { runs: Array<{ state: string; reason: string | null }> }).runs;
}

async function newContacts(prefix: string, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const response = await fetch(`${stack.ghl.url}/_sandbox/edits/contacts/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locationId: stack.seed.location.id, firstName: `${prefix}${n}`, email: `${prefix.toLowerCase()}${n}@outage.example` }),
    });
    if (!response.ok) throw new Error(`contact not made: ${response.status}`);
  }
}

const welcomed = (prefix: string) => stack.trengo.store.delivered.filter((message) => message.message.startsWith(`Hello ${prefix}`));

describe('Trengo down during a burst', () => {
  it(`everything lands once after ${outageMs / 1000} s of Trengo being down`, async () => {
    stack.trengo.faults.down = true;
    const downAt = Date.now();
    await newContacts('Outage', burst);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageMs - (Date.now() - downAt))));
    const during = await runs();
    expect(welcomed('Outage')).toHaveLength(0);
    expect(during.filter((run) => run.state === 'failed')).toEqual([]);
    const waiting = during.filter((run) => run.state === 'pending' || run.state === 'running');
    expect(waiting.length).toBe(burst);
    stack.trengo.faults.down = false;
    const upAt = Date.now();
    await eventually(() => welcomed('Outage').length >= burst, 60_000, 'every welcome after the outage');
    await expect.poll(async () => (await runs()).filter((run) => run.state === 'done').length, { timeout: 30_000 }).toBe(burst);
    const perContact = new Map<number, number>();
    for (const message of welcomed('Outage')) perContact.set(message.contactId, (perContact.get(message.contactId) ?? 0) + 1);
    console.log(
      `Trengo down ${Math.round((upAt - downAt) / 1000)} s during a burst of ${burst}: waiting during the outage ${waiting.length} (reason: ${waiting.find((run) => run.reason)?.reason}),` +
        ` landed ${welcomed('Outage').length} within ${((Date.now() - upAt) / 1000).toFixed(1)} s after, contacts with two messages ${[...perContact.values()].filter((count) => count > 1).length}, failed 0`,
    );
    expect(welcomed('Outage')).toHaveLength(burst);
    expect([...perContact.values()].every((count) => count === 1)).toBe(true);
  }, outageMs + 120_000);

  it('a run of 429s from Trengo is waited out, not failed', async () => {
    stack.trengo.faults.failNext(12, 429);
    await newContacts('Busy', 5);
    await eventually(() => welcomed('Busy').length >= 5, 60_000, 'every welcome after the 429s');
    const all = await runs();
    const rateLimited = stack.trengo.calls.filter((call) => call.status === 429).length;
    console.log(`Trengo answered 429 ${rateLimited} times: welcomes landed ${welcomed('Busy').length}, failed ${all.filter((run) => run.state === 'failed').length}`);
    expect(rateLimited).toBeGreaterThanOrEqual(12);
    expect(welcomed('Busy')).toHaveLength(5);
    expect(all.filter((run) => run.state === 'failed')).toEqual([]);
  }, 90_000);
});
