/**
 * Agents' work told in the ticket: an agent completes a task in the sidebar, and the Trengo
 * ticket (in the sandbox) holds one internal note saying so, and nothing went to the customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { openTicket, settled } from './sidebar-page';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({}, {}, { automationRetry: { baseMs: 100, maxMs: 500 } }), launchBrowser()]);
  const response = await fetch(`${stack.url}/operator/automations/rules/reflectWork`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${stack.config.operatorSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ enabled: true, batchSeconds: 1 }),
  });
  if (response.status !== 200) throw new Error(`rule not set: ${response.status}`);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('agents work reflected in the ticket', () => {
  it('a task completed in the sidebar leaves one internal note on the Trengo ticket', async () => {
    const ticketId = Number(demoTickets.matched);
    const { page, sidebar, errors } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    const deliveredBefore = stack.trengo.store.delivered.length;
    const checkbox = sidebar.getByRole('checkbox', { name: 'Send revised kitchen quote' });
    await checkbox.click();
    await expect.poll(() => checkbox.isChecked()).toBe(true);
    await settled(sidebar);

    const notes = () => (stack.trengo.store.messages.get(ticketId) ?? []).filter((message) => message.internal_note);
    await expect.poll(() => notes().length, { timeout: 10_000 }).toBe(1);
    // Later than the batch time, still one note.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`ticket ${ticketId}: internal notes ${notes().length}: ${JSON.stringify(notes().map((note) => note.message))}; messages to the customer ${stack.trengo.store.delivered.length - deliveredBefore}`);
    expect(notes()).toHaveLength(1);
    expect(notes()[0]?.message).toBe("Task 'Send revised kitchen quote' completed in HighLevel — from the sidebar");
    expect(stack.trengo.store.delivered.length).toBe(deliveredBefore);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
