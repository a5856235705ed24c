/**
 * Nothing the agent types is lost: a note HighLevel refuses, a session that ends, text that
 * looks like markup, and an edit of the very email the customer was found by.
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
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const notesOf = (contactId: string) => stack.ghl.store.notesOf(contactId).map((note) => note.body);

describe('a note HighLevel refuses', () => {
  it('stays in the list with the notice beside it, and its text stays in the field to correct and send', async () => {
    const { page, sidebar } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    const notes = sidebar.getByRole('region', { name: /Notes/ });
    const field = notes.getByLabel('New note');
    const refusedText = 'Quote accepted, deposit paid by card ending 4242.';

    stack.ghl.faults.failNext(1, 422);
    await field.fill(refusedText);
    await notes.getByRole('button', { name: 'Add note' }).click();

    // The notice is where the agent is looking: in the notes, beside the composer, on screen.
    const notice = notes.getByText(/^Not saved/).first();
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.isVisible()).toBe(true);
    const [noticeBox, fieldBox] = await Promise.all([notice.boundingBox(), field.boundingBox()]);
    expect(Math.abs((noticeBox?.y ?? Infinity) - (fieldBox?.y ?? 0))).toBeLessThan(250);
    expect(await field.inputValue()).toBe(refusedText);
    expect(await notes.locator('.note-body', { hasText: refusedText }).count()).toBe(1);
    expect(notesOf(demoContacts.mariaJansen)).not.toContain(refusedText);

    const corrected = 'Quote accepted, deposit paid.';
    await field.fill(corrected);
    await notes.getByRole('button', { name: 'Add note' }).click();

    await expect.poll(() => notesOf(demoContacts.mariaJansen).filter((body) => body === corrected).length).toBe(1);
    await expect.poll(() => notes.locator('.note-body').first().textContent()).toBe(corrected);
    await expect.poll(() => notes.getByText(/^Not saved/).count()).toBe(0);
    expect(await notes.locator('.note-body', { hasText: refusedText }).count()).toBe(0);
    expect(await sidebar.getByRole('list', { name: 'Changes to HighLevel' }).count()).toBe(0);
    expect(notesOf(demoContacts.mariaJansen)).not.toContain(refusedText);
    expect(await field.inputValue()).toBe('');
    await page.close();
  });
});

describe('text that looks like markup', () => {
  it('shows exactly as typed in the sidebar, and HighLevel renders the same text', async () => {
    const { page, sidebar } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    const typed = 'Price < 500 … see <attachment> & "B&O", not <b>bold</b> &amp; done';
    const notes = sidebar.getByRole('region', { name: /Notes/ });
    await notes.getByLabel('New note').fill(typed);
    await notes.getByRole('button', { name: 'Add note' }).click();

    const storedNote = () => notesOf(demoContacts.mariaJansen).find((body) => body.includes('attachment'));
    await expect.poll(storedNote).toBeDefined();
    const stored = storedNote() ?? '';
    // HighLevel shows a note's body as HTML: what it shows must be what the agent typed.
    expect(await page.evaluate((html) => Object.assign(document.createElement('div'), { innerHTML: html }).textContent, stored)).toBe(typed);
    await expect.poll(() => notes.locator('.note-body').first().textContent()).toBe(typed);

    const reopened = await openTicket(browser, stack, demoTickets.matched);
    const reopenedNotes = reopened.sidebar.getByRole('region', { name: /Notes/ });
    await expect.poll(() => reopenedNotes.locator('.note-body').first().textContent()).toBe(typed);
    await Promise.all([page.close(), reopened.page.close()]);
  });
});

describe('editing the email the customer was found by', () => {
  it("keeps the customer on that contact: this ticket and the customer's others reopen on it", async () => {
    const { page, sidebar } = await openTicket(browser, stack, '1005');
    await expect.poll(() => sidebar.getByRole('heading', { level: 1, name: 'Noah Williams' }).count()).toBe(1);
    await settled(sidebar);
    await sidebar.getByRole('button', { name: 'Edit details' }).click();
    const form = sidebar.getByRole('form', { name: 'Contact details' });
    await form.getByLabel('Email').fill('noah@williams-build-co.example');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => stack.ghl.store.contacts.get(demoContacts.noahWilliams)?.email).toBe('noah@williams-build-co.example');
    await settled(sidebar);

    for (const ticketId of ['1005', '1011']) {
      const reopened = await openTicket(browser, stack, ticketId);
      await expect.poll(() => reopened.sidebar.getByRole('heading', { level: 1 }).textContent()).toBe('Noah Williams');
      expect(await reopened.sidebar.getByRole('button', { name: 'Create in HighLevel' }).count()).toBe(0);
      await reopened.page.close();
    }
    await page.close();
  });
});

describe('a session that ends while the agent works', () => {
  it('keeps the typed note and the filled task form, and shows the whole of what was not saved', async () => {
    const { page, sidebar } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    const noteText = 'Called back: she wants the oak fronts after all, and the delivery moved to the second week of May.';
    const notes = sidebar.getByRole('region', { name: /Notes/ });
    await notes.getByLabel('New note').fill(noteText);
    await sidebar.getByRole('button', { name: 'New task' }).click();
    const taskForm = sidebar.getByRole('form', { name: 'New task' });
    await taskForm.getByLabel('Title').fill('Order oak fronts from the new supplier in Eindhoven');
    await taskForm.getByLabel(/Description/).fill('Ask for the May delivery slot.');

    // What a restart does with a random session secret: every open sidebar's session ends.
    stack.secrets.set('SESSION_SECRET', 'a-new-session-secret-after-a-restart-000');

    await notes.getByRole('button', { name: 'Add note' }).click();
    await taskForm.getByRole('button', { name: 'Add task' }).click();

    const changes = sidebar.getByRole('list', { name: 'Changes to HighLevel' });
    await expect.poll(() => changes.getByRole('listitem').filter({ hasText: /^Create task/ }).count()).toBe(1);
    // The whole text, not a summary cut off after 40 characters.
    await expect.poll(() => changes.getByText(noteText).count()).toBe(1);
    expect(await changes.getByText('Order oak fronts from the new supplier in Eindhoven', { exact: false }).count()).toBeGreaterThan(0);
    expect(await notes.getByLabel('New note').inputValue()).toBe(noteText);
    expect(await taskForm.getByLabel('Title').inputValue()).toBe('Order oak fronts from the new supplier in Eindhoven');
    expect(await taskForm.getByLabel(/Description/).inputValue()).toBe('Ask for the May delivery slot.');
    expect(notesOf(demoContacts.mariaJansen)).not.toContain(noteText);
    await page.close();
  });
});
