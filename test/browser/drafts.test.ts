/**
 * What the agent half-typed survives a reload and a trip to another ticket, kept per ticket in
 * the browser and dropped once sent; the contact's email and phone copy with one click.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { openTicket, settled, type OpenTicket } from './sidebar-page';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The sidebar's frame: where its storage is read. */
const sidebarFrame = (page: Page) => page.frames().find((frame) => frame !== page.mainFrame()) ?? page.mainFrame();

const storedEntries = (page: Page) => sidebarFrame(page).evaluate(() => Object.entries(localStorage));

/** Sessions the server issued to the pages of `context`, read from each launch page. */
function recordSessions(context: BrowserContext): string[] {
  const sessions: string[] = [];
  context.on('response', async (response) => {
    if (!response.url().includes('ticket_id=')) return;
    const session = /<meta name="widget-session" content="([^"]+)">/.exec(await response.text().catch(() => ''))?.[1];
    if (session) sessions.push(session);
  });
  return sessions;
}

describe('drafts', () => {
  it('keeps a half-typed note and task form per ticket across a reload and another ticket, and drops them once sent', async () => {
    const agent = await browser.newContext({ locale: 'en-US' });
    const sessions = recordSessions(agent);
    const noteText = 'Spoke to Maria: she wants the oak fronts,\nand delivery in the second week of May.';
    const taskTitle = 'Send the revised quote for the oak fronts';
    const taskDescription = 'Include the delivery costs.';

    const first = await openTicket(agent, stack, demoTickets.matched);
    await settled(first.sidebar);
    await first.sidebar.getByRole('region', { name: /Notes/ }).getByLabel('New note').fill(noteText);
    await first.sidebar.getByRole('button', { name: 'New task' }).click();
    const form = (ticket: OpenTicket) => ticket.sidebar.getByRole('form', { name: 'New task' });
    await form(first).getByLabel('Title').fill(taskTitle);
    await form(first).getByLabel(/Description/).fill(taskDescription);
    await form(first).getByLabel('Due date').fill('2031-05-14');
    await form(first).getByLabel('Due time').fill('14:30');

    const expectDrafts = async (ticket: OpenTicket) => {
      await settled(ticket.sidebar);
      await expect.poll(() => ticket.sidebar.getByLabel('New note').inputValue()).toBe(noteText);
      expect(await form(ticket).getByLabel('Title').inputValue()).toBe(taskTitle);
      expect(await form(ticket).getByLabel(/Description/).inputValue()).toBe(taskDescription);
      expect(await form(ticket).getByLabel('Due date').inputValue()).toBe('2031-05-14');
      expect(await form(ticket).getByLabel('Due time').inputValue()).toBe('14:30');
    };

    await first.page.reload();
    await expectDrafts(first);

    // Another ticket has drafts of its own: nothing of the first one's.
    const other = await openTicket(agent, stack, demoTickets.phoneMatch);
    await settled(other.sidebar);
    expect(await other.sidebar.getByLabel('New note').inputValue()).toBe('');
    expect(await other.sidebar.getByRole('form', { name: 'New task' }).count()).toBe(0);
    await other.sidebar.getByLabel('New note').fill('Liam asked for a call on Friday.');

    const back = await openTicket(agent, stack, demoTickets.matched);
    await expectDrafts(back);

    // What the browser keeps: collapsed sections and drafts by ticket id; never a session or a secret.
    const kept = await storedEntries(back.page);
    expect(kept.map(([key]) => key).sort()).toEqual([`sidebar.draft.${demoTickets.matched}`, `sidebar.draft.${demoTickets.phoneMatch}`]);
    expect(sessions.length).toBeGreaterThanOrEqual(4);
    const everything = JSON.stringify(kept);
    for (const secret of [stack.config.trengo.appSecret, ...stack.secrets.known(), ...sessions]) expect(everything).not.toContain(secret);

    // Sent: each lands once, and the drafts are gone, from the storage and after a reload.
    await back.sidebar.getByRole('button', { name: 'Add note' }).click();
    await form(back).getByRole('button', { name: 'Add task' }).click();
    await settled(back.sidebar);
    expect(stack.ghl.store.notesOf(demoContacts.mariaJansen).filter((note) => note.body === noteText)).toHaveLength(1);
    expect([...stack.ghl.store.tasks.values()].filter((task) => task.title === taskTitle)).toHaveLength(1);
    await expect.poll(async () => (await storedEntries(back.page)).map(([key]) => key)).toEqual([`sidebar.draft.${demoTickets.phoneMatch}`]);
    await back.page.reload();
    await settled(back.sidebar);
    expect(await back.sidebar.getByLabel('New note').inputValue()).toBe('');
    expect(await back.sidebar.getByRole('form', { name: 'New task' }).count()).toBe(0);
    expect(await back.sidebar.getByRole('button', { name: 'New task' }).count()).toBe(1);

    // A task form closed without sending keeps no draft.
    await back.sidebar.getByRole('button', { name: 'New task' }).click();
    await form(back).getByLabel('Title').fill('Not needed after all');
    await form(back).getByRole('button', { name: 'Cancel' }).click();
    await back.page.reload();
    await settled(back.sidebar);
    expect(await back.sidebar.getByRole('form', { name: 'New task' }).count()).toBe(0);

    for (const ticket of [first, other, back]) expect(ticket.errors).toEqual([]);
    await agent.close();
  });

  it('keeps an open task edit and an open contact edit across a reload, and drops them once saved', async () => {
    const agent = await browser.newContext({ locale: 'en-US' });
    const taskTitle = 'Book site measurement';
    const editedTitle = 'Book site measurement with Maria and the fitter';
    const first = await openTicket(agent, stack, demoTickets.matched);
    await settled(first.sidebar);
    await first.sidebar.getByRole('button', { name: `Edit task ${taskTitle}` }).click();
    const editor = (ticket: OpenTicket) => ticket.sidebar.getByRole('form', { name: `Edit task ${taskTitle}` });
    await editor(first).getByLabel('Title').fill(editedTitle);
    await first.sidebar.getByRole('button', { name: 'Edit details' }).click();
    const details = (ticket: OpenTicket) => ticket.sidebar.getByRole('form', { name: 'Contact details' });
    await details(first).getByLabel('Last name').fill('Jansen-de Vries');

    await first.page.reload();
    await settled(first.sidebar);
    await expect.poll(() => editor(first).getByLabel('Title').inputValue()).toBe(editedTitle);
    expect(await details(first).getByLabel('Last name').inputValue()).toBe('Jansen-de Vries');
    expect(await details(first).getByLabel('First name').inputValue()).toBe('Maria');

    // Saved: each lands once, and neither form opens again after a reload.
    await editor(first).getByRole('button', { name: 'Save' }).click();
    await details(first).getByRole('button', { name: 'Save' }).click();
    await settled(first.sidebar);
    expect([...stack.ghl.store.tasks.values()].filter((task) => task.title === editedTitle)).toHaveLength(1);
    await expect.poll(() => stack.ghl.store.contacts.get(demoContacts.mariaJansen)?.lastName).toBe('Jansen-de Vries');
    await expect.poll(async () => (await storedEntries(first.page)).map(([key]) => key)).toEqual([]);
    await first.page.reload();
    await settled(first.sidebar);
    expect(await first.sidebar.getByRole('form').count()).toBe(1); // the note composer only
    expect(await first.sidebar.getByRole('button', { name: `Edit task ${editedTitle}` }).count()).toBe(1);

    // An edit left unchanged keeps nothing; one cancelled is dropped.
    await first.sidebar.getByRole('button', { name: `Edit task ${editedTitle}` }).click();
    await first.sidebar.getByRole('form', { name: `Edit task ${editedTitle}` }).getByLabel('Title').fill('Not this');
    await first.sidebar.getByRole('form', { name: `Edit task ${editedTitle}` }).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(async () => (await storedEntries(first.page)).map(([key]) => key)).toEqual([]);
    expect(first.errors).toEqual([]);
    await agent.close();
  });

  it('drops drafts older than a week and keeps only the 50 most recent tickets', async () => {
    const agent = await browser.newContext({ locale: 'en-US' });
    const first = await openTicket(agent, stack, demoTickets.matched);
    const day = 24 * 60 * 60 * 1000;
    await sidebarFrame(first.page).evaluate((day) => {
      const now = Date.now();
      localStorage.setItem('sidebar.draft.1', JSON.stringify({ savedAt: now - 8 * day, note: { body: 'Too old' } }));
      localStorage.setItem('sidebar.draft.2', 'not json');
      for (let index = 0; index < 60; index++) {
        localStorage.setItem(`sidebar.draft.${100 + index}`, JSON.stringify({ savedAt: now - index * 60_000, note: { body: `Draft ${index}` } }));
      }
    }, day);
    const next = await openTicket(agent, stack, demoTickets.matched);
    await settled(next.sidebar);
    const keys = (await storedEntries(next.page)).map(([key]) => key);
    expect(keys).toHaveLength(50);
    expect(keys).not.toContain('sidebar.draft.1');
    expect(keys).not.toContain('sidebar.draft.2');
    expect(keys).toContain('sidebar.draft.100');
    expect(keys).not.toContain('sidebar.draft.159');
    await agent.close();
  });
});

describe('quick actions', () => {
  it('copies the email and the phone number with one click, says "Copied", and links to write or call', async () => {
    const agent = await browser.newContext({ locale: 'en-US' });
    await agent.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    const { page, sidebar, errors } = await openTicket(agent, stack, demoTickets.matched);
    await settled(sidebar);
    const details = sidebar.getByRole('list', { name: 'Contact details' });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    expect(await details.getByRole('link', { name: 'maria@jansen-interiors.example' }).getAttribute('href')).toBe('mailto:maria@jansen-interiors.example');
    expect(await details.getByRole('link', { name: /555/ }).getAttribute('href')).toBe('tel:+14155550101');

    await details.getByRole('button', { name: 'Copy email' }).click();
    await expect.poll(clipboard).toBe('maria@jansen-interiors.example');
    await expect.poll(() => details.getByRole('status').filter({ hasText: 'Copied' }).count()).toBe(1);

    // By keyboard: the phone's button is the next stop after its link.
    await details.getByRole('link', { name: /555/ }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(clipboard).toBe('+14155550101');
    // The confirmation is short: it goes after a moment.
    await expect.poll(() => details.getByRole('status').filter({ hasText: 'Copied' }).count(), { timeout: 5000 }).toBe(0);
    expect(errors).toEqual([]);
    await agent.close();
  });
});
