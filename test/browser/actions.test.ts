/**
 * The agent's actions in a real browser: the demo ticket page with the widget in its sidebar
 * iframe, against the server and the HighLevel sandbox. Each check reopens the ticket where it
 * matters, so what it sees is what HighLevel kept, not only what the sidebar showed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    // Quick outbox retries, so a write kept while HighLevel is down goes out soon after it is back.
    startStack({}, {}, { outboxRetry: { baseMs: 200, maxMs: 1000 } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

interface OpenTicket {
  page: Page;
  sidebar: FrameLocator;
  /** The widget API requests the sidebar made, as `METHOD /path`. */
  apiCalls: string[];
  /** Uncaught errors and console errors in the page and the sidebar. */
  errors: string[];
}

async function openTicket(ticketId: string): Promise<OpenTicket> {
  const page = await browser.newPage();
  const apiCalls: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiCalls.push(`${request.method()} ${url.pathname}`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${stack.url}/demo/tickets/${ticketId}`);
  const sidebar = page.frameLocator('iframe[title="HighLevel contact"]');
  await expect.poll(() => sidebar.getByRole('heading', { level: 1 }).count()).toBe(1);
  return { page, sidebar, apiCalls, errors };
}

/** Waits until the editing UI has loaded and every change has reached HighLevel. */
async function settled(sidebar: FrameLocator): Promise<void> {
  await expect.poll(() => sidebar.getByText('Saving…').count()).toBe(0);
  await expect.poll(() => sidebar.getByText(/Waiting for HighLevel/).count()).toBe(0);
}

describe('tasks', () => {
  it('creates a task, completes it by click and by keyboard, reopens, edits and deletes it', async () => {
    const { page, sidebar, errors } = await openTicket(demoTickets.matched);

    await sidebar.getByRole('button', { name: 'New task' }).click();
    const form = sidebar.getByRole('form', { name: 'New task' });
    expect(await form.getByLabel('Due time').inputValue()).toBe('09:00');
    await form.getByLabel('Title').fill('Order tile samples');
    await form.getByLabel(/Description/).fill('Three greys for the backsplash');
    await form.getByRole('button', { name: 'Add task' }).click();

    const checkbox = sidebar.getByRole('checkbox', { name: 'Order tile samples' });
    await expect.poll(() => checkbox.count()).toBe(1);
    await settled(sidebar);
    expect(await checkbox.isChecked()).toBe(false);

    await checkbox.click();
    await expect.poll(() => checkbox.isChecked()).toBe(true);
    await settled(sidebar);

    await checkbox.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => checkbox.isChecked()).toBe(false);
    await settled(sidebar);
    await page.keyboard.press('Enter');
    await expect.poll(() => checkbox.isChecked()).toBe(true);
    await settled(sidebar);

    const reopened = await openTicket(demoTickets.matched);
    await expect.poll(() => reopened.sidebar.getByRole('checkbox', { name: 'Order tile samples' }).isChecked()).toBe(true);
    await reopened.sidebar.getByRole('checkbox', { name: 'Order tile samples' }).click();
    await settled(reopened.sidebar);

    await reopened.sidebar.getByRole('button', { name: 'Edit task Order tile samples' }).click();
    const editor = reopened.sidebar.getByRole('form', { name: 'Edit task Order tile samples' });
    await editor.getByLabel('Title').fill('Order tile samples (greys)');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => reopened.sidebar.getByRole('checkbox', { name: 'Order tile samples (greys)' }).count()).toBe(1);
    await settled(reopened.sidebar);

    await reopened.sidebar.getByRole('button', { name: 'Delete task Order tile samples (greys)' }).click();
    await reopened.sidebar.getByRole('group', { name: /Delete task/ }).getByRole('button', { name: 'Delete task' }).click();
    await expect.poll(() => reopened.sidebar.getByText('Order tile samples (greys)').count()).toBe(0);
    await settled(reopened.sidebar);

    const last = await openTicket(demoTickets.matched);
    await expect.poll(() => last.sidebar.getByText('Send revised kitchen quote').count()).toBeGreaterThan(0);
    expect(await last.sidebar.getByText(/Order tile samples/).count()).toBe(0);
    expect([...errors, ...reopened.errors, ...last.errors]).toEqual([]);
    await Promise.all([page, reopened.page, last.page].map((open) => open.close()));
  });

  it('shows a refused title next to the field and sends nothing', async () => {
    const { page, sidebar, apiCalls } = await openTicket(demoTickets.matched);

    await sidebar.getByRole('button', { name: 'New task' }).click();
    const form = sidebar.getByRole('form', { name: 'New task' });
    await form.getByLabel('Title').fill('   ');
    await form.getByRole('button', { name: 'Add task' }).click();

    const title = form.getByLabel('Title');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const messageId = await title.getAttribute('aria-describedby');
    expect(await form.locator(`[id="${messageId}"]`).textContent()).toBe('Title is required.');
    expect(await title.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(apiCalls.filter((call) => call === 'POST /api/tasks')).toEqual([]);
    await page.close();
  });

  it('keeps a change while HighLevel is down and shows it saved once HighLevel is back', async () => {
    const { page, sidebar } = await openTicket(demoTickets.matched);
    await expect.poll(() => sidebar.getByRole('button', { name: 'New task' }).count()).toBe(1);

    stack.ghl.faults.down = true;
    try {
      await sidebar.getByRole('checkbox', { name: 'Book site measurement' }).click();
      const changes = sidebar.getByRole('list', { name: 'Changes to HighLevel' });
      await expect.poll(() => changes.getByText(/Waiting for HighLevel/).count(), { timeout: 15_000 }).toBe(1);
      expect(await sidebar.getByRole('checkbox', { name: 'Book site measurement' }).isChecked()).toBe(true);
    } finally {
      stack.ghl.faults.down = false;
    }
    await expect.poll(() => sidebar.getByText('Saved in HighLevel.').count(), { timeout: 20_000 }).toBe(1);
    expect(await sidebar.getByRole('checkbox', { name: 'Book site measurement' }).isChecked()).toBe(true);
    await page.close();
  });
});

describe('tags and notes', () => {
  it('adds two tags typed at once, removes one, and HighLevel keeps the other', async () => {
    const { page, sidebar } = await openTicket(demoTickets.matched);

    const field = sidebar.getByLabel('Add tags');
    await field.fill('Tile, Budget check');
    await field.press('Enter');
    const chip = (view: FrameLocator, tag: string) => view.getByRole('button', { name: `Remove tag ${tag}` });
    await expect.poll(() => chip(sidebar, 'budget check').count()).toBe(1);
    expect(await chip(sidebar, 'tile').count()).toBe(1);
    expect(await field.inputValue()).toBe('');
    await settled(sidebar);

    await chip(sidebar, 'tile').click();
    await expect.poll(() => chip(sidebar, 'tile').count()).toBe(0);
    await settled(sidebar);

    const reopened = await openTicket(demoTickets.matched);
    await expect.poll(() => chip(reopened.sidebar, 'budget check').count()).toBe(1);
    expect(await chip(reopened.sidebar, 'tile').count()).toBe(0);
    await Promise.all([page.close(), reopened.page.close()]);
  });

  it('adds a note that shows at the top at once', async () => {
    const { page, sidebar } = await openTicket(demoTickets.matched);

    const notes = sidebar.getByRole('region', { name: /Notes/ });
    await notes.getByLabel('New note').fill('Asked for the tile samples by Friday.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => notes.locator('.note-body').first().textContent()).toBe('Asked for the tile samples by Friday.');
    await settled(sidebar);

    const reopened = await openTicket(demoTickets.matched);
    const reopenedNotes = reopened.sidebar.getByRole('region', { name: /Notes/ });
    await expect.poll(() => reopenedNotes.locator('.note-body').first().textContent()).toBe('Asked for the tile samples by Friday.');
    await Promise.all([page.close(), reopened.page.close()]);
  });
});

describe('customers HighLevel does not know', () => {
  it('creates the missing contact from the Trengo contact and shows it', async () => {
    const { page, sidebar } = await openTicket(demoTickets.notFound);
    await expect.poll(() => sidebar.getByRole('heading', { name: 'No HighLevel contact found' }).count()).toBe(1);

    await sidebar.getByRole('button', { name: 'Create in HighLevel' }).click();
    const form = sidebar.getByRole('form', { name: 'New HighLevel contact' });
    expect(await form.getByLabel('First name').inputValue()).toBe('Tom');
    expect(await form.getByLabel('Last name').inputValue()).toBe('Bakker');
    expect(await form.getByLabel('Email').inputValue()).toBe('tom.bakker@example.net');
    await form.getByRole('button', { name: 'Create contact' }).click();

    await expect.poll(() => sidebar.getByRole('heading', { level: 1, name: 'Tom Bakker' }).count()).toBe(1);
    const reopened = await openTicket(demoTickets.notFound);
    await expect.poll(() => reopened.sidebar.getByRole('heading', { level: 1, name: 'Tom Bakker' }).count()).toBe(1);
    await Promise.all([page.close(), reopened.page.close()]);
  });

  it("links a contact found by search, opens the customer's next ticket on it, and unlinks", async () => {
    const { page, sidebar } = await openTicket('1007');
    await expect.poll(() => sidebar.getByRole('heading', { name: 'No HighLevel contact found' }).count()).toBe(1);

    await sidebar.getByRole('searchbox', { name: 'Name, email or phone' }).fill('Ava');
    await sidebar.getByRole('button', { name: /Link Ava Martinez/ }).click();
    await expect.poll(() => sidebar.getByRole('heading', { level: 1, name: 'Ava Martinez' }).count()).toBe(1);

    const other = await openTicket('1013');
    await expect.poll(() => other.sidebar.getByRole('heading', { level: 1, name: 'Ava Martinez' }).count()).toBe(1);
    await expect.poll(() => other.sidebar.getByRole('button', { name: 'Unlink' }).count()).toBe(1);
    await other.sidebar.getByRole('button', { name: 'Unlink' }).click();
    await expect.poll(() => other.sidebar.getByRole('heading', { name: 'No HighLevel contact found' }).count()).toBe(1);
    await Promise.all([page.close(), other.page.close()]);
  });
});
