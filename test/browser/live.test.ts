/**
 * An open sidebar follows HighLevel live: a change someone makes in HighLevel appears without a
 * reload, while the agent keeps typing a note (its text and focus untouched); a view the server
 * could only take from its copy says how old it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { openTicket, settled } from './sidebar-page';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({}, {}, { inboxWorker: { pollMs: 100 } }, { webhooks: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function editInHighLevel(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${stack.ghl.url}/_sandbox/edits${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
}

describe('a sidebar open while HighLevel changes', () => {
  it('shows a tag and a task added in HighLevel without a reload, the half-typed note and its focus untouched', async () => {
    const { page, sidebar, errors, focused } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    const note = sidebar.getByLabel('New note');
    await note.click();
    await note.pressSequentially('Half-typed while HighLevel changes');

    const startedAt = Date.now();
    await editInHighLevel('POST', `/contacts/${demoContacts.mariaJansen}/tags`, { tags: ['from-highlevel'] });
    await expect.poll(() => sidebar.getByText('from-highlevel').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const tagMs = Date.now() - startedAt;
    await editInHighLevel('POST', `/contacts/${demoContacts.mariaJansen}/tasks`, { title: 'Added by a colleague in HighLevel', dueDate: '2031-05-01T09:00:00Z', completed: false });
    await expect.poll(() => sidebar.getByText('Added by a colleague in HighLevel').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    console.info(`a tag added in HighLevel shown in the open sidebar ${tagMs} ms later`);

    expect(await note.inputValue()).toBe('Half-typed while HighLevel changes');
    expect(await focused()).toMatchObject({ tag: 'textarea', value: 'Half-typed while HighLevel changes' });
    await note.pressSequentially(', and finished.');
    expect(await note.inputValue()).toBe('Half-typed while HighLevel changes, and finished.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the demo page's button plays a colleague adding a note in HighLevel, and the sidebar shows it live", async () => {
    const { page, sidebar, errors } = await openTicket(browser, stack, demoTickets.phoneMatch);
    await settled(sidebar);
    const url = page.url();

    await page.getByRole('button', { name: 'Add a note in HighLevel' }).click();

    await expect.poll(() => sidebar.getByText(/A colleague added this note in HighLevel/).count(), { timeout: 10_000 }).toBe(1);
    expect(page.url()).toBe(url);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows who the customer is at once while HighLevel is slow, and only until the sidebar has its record', async () => {
    stack.ghl.faults.latencyMs = 2500;
    const page = await browser.newPage();
    try {
      const startedAt = Date.now();
      await page.goto(`${stack.url}/demo/tickets/1008`);
      const sidebar = page.frameLocator('iframe[title="HighLevel contact"]');
      const facts = sidebar.getByRole('definition').first();
      await facts.waitFor({ timeout: 2000 });
      const factsMs = Date.now() - startedAt;
      expect(await sidebar.locator('#ticket-facts').isVisible()).toBe(true);
      expect(await sidebar.getByRole('heading', { level: 1 }).count()).toBe(0);

      await sidebar.getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
      console.info(`HighLevel at 2.5 s a call: Trengo's facts shown after ${factsMs} ms, the record after ${Date.now() - startedAt} ms`);
      expect(await sidebar.locator('#ticket-facts').isVisible()).toBe(false);
    } finally {
      stack.ghl.faults.latencyMs = 0;
      await page.close();
    }
  });
});
