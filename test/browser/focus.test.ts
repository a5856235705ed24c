/**
 * Where focus goes while the agent works in the sidebar: it stays in the field being typed in
 * whatever else re-renders, and closing something returns it to the control that opened it.
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

describe('focus stays in the field being typed in', () => {
  it('adding a tag with a task editor open leaves the next keystrokes in the tag field', async () => {
    const { page, sidebar, focused } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    await sidebar.getByRole('button', { name: 'Edit task Book site measurement' }).click();
    const editor = sidebar.getByRole('form', { name: 'Edit task Book site measurement' });
    await expect.poll(() => focused()).toMatchObject({ label: 'Title' });

    const tagField = sidebar.getByLabel('Add tags');
    await tagField.click();
    await page.keyboard.type('window');
    await page.keyboard.press('Enter');
    await expect.poll(() => sidebar.getByRole('button', { name: 'Remove tag window' }).count()).toBe(1);
    await settled(sidebar);
    await page.keyboard.type('more');

    expect(await focused()).toMatchObject({ tag: 'input', label: 'Add tags', value: 'more' });
    expect(await editor.getByLabel('Title').inputValue()).toBe('Book site measurement');
    await page.close();
  });

  it('Ctrl+Enter on a note with "Edit details" open leaves focus in the note field', async () => {
    const { page, sidebar, focused } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    await sidebar.getByRole('button', { name: 'Edit details' }).click();
    await expect.poll(() => focused()).toMatchObject({ label: 'First name' });

    const note = sidebar.getByLabel('New note');
    await note.click();
    await page.keyboard.type('Measured the window wall.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => stack.ghl.store.notesOf(demoContacts.mariaJansen).some((n) => n.body.includes('Measured the window wall.'))).toBe(true);
    await settled(sidebar);
    await page.keyboard.type('Next');

    expect(await focused()).toMatchObject({ tag: 'textarea', label: 'New note', value: 'Next' });
    expect(await sidebar.getByRole('form', { name: 'Contact details' }).getByLabel('First name').inputValue()).toBe('Maria');
    await page.close();
  });

  it('ticking a task with "Edit details" open leaves focus on the checkbox', async () => {
    const { page, sidebar, focused } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    await sidebar.getByRole('button', { name: 'Edit details' }).click();
    const checkbox = sidebar.getByRole('checkbox', { name: 'Confirm tile delivery window' });
    await checkbox.click();
    await expect.poll(() => checkbox.isChecked()).toBe(true);
    await settled(sidebar);

    expect(await focused()).toMatchObject({ tag: 'input', label: 'Confirm tile delivery window' });
    await page.keyboard.press('Space');
    await expect.poll(() => checkbox.isChecked()).toBe(false);
    await settled(sidebar);
    expect(await focused()).toMatchObject({ label: 'Confirm tile delivery window' });
    await page.close();
  });

  it('two quick Ctrl+Enter add the note once and say nothing about an empty note', async () => {
    const { page, sidebar } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    const text = 'Asked for a second quote on the worktop.';
    await sidebar.getByLabel('New note').fill(text);
    await sidebar.getByLabel('New note').press('Control+Enter');
    await sidebar.getByLabel('New note').press('Control+Enter');

    await expect.poll(() => stack.ghl.store.notesOf(demoContacts.mariaJansen).filter((n) => n.body === text).length).toBe(1);
    await settled(sidebar);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.ghl.store.notesOf(demoContacts.mariaJansen).filter((n) => n.body === text)).toHaveLength(1);
    expect(await sidebar.getByText('Note is required.').count()).toBe(0);
    await page.close();
  });
});

describe('closing returns focus to what opened it', () => {
  it('Escape on the create-contact form returns to "Create in HighLevel"', async () => {
    const { page, sidebar, focused } = await openTicket(browser, stack, demoTickets.notFound);
    await settled(sidebar);
    await sidebar.getByRole('button', { name: 'Create in HighLevel' }).click();
    await expect.poll(() => focused()).toMatchObject({ label: 'First name' });
    await page.keyboard.press('Escape');

    await expect.poll(() => sidebar.getByRole('form', { name: 'New HighLevel contact' }).count()).toBe(0);
    await expect.poll(() => focused()).toMatchObject({ tag: 'button', label: 'Create in HighLevel' });
    await page.close();
  });

  it('Escape on a delete confirmation returns to that task\'s Delete button', async () => {
    const { page, sidebar, focused } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    await sidebar.getByRole('button', { name: 'Delete task Book site measurement' }).click();
    await expect.poll(() => focused()).toMatchObject({ label: 'Delete task' });
    await page.keyboard.press('Escape');

    await expect.poll(() => sidebar.getByRole('group', { name: /Delete task/ }).count()).toBe(0);
    await expect.poll(() => focused()).toMatchObject({ tag: 'button', label: 'Delete task Book site measurement' });
    expect(stack.ghl.store.tasks.has('tK4pA6sD1fG8hJ3kL5zX')).toBe(true);
    await page.close();
  });

  it('Escape closes the link search and returns to "Link another contact"', async () => {
    const { page, sidebar, focused } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    await sidebar.getByRole('button', { name: 'Link another contact' }).click();
    const searchbox = sidebar.getByRole('searchbox', { name: 'Name, email or phone' });
    await searchbox.fill('Ava');
    await searchbox.press('Escape');

    await expect.poll(() => searchbox.count()).toBe(0);
    await expect.poll(() => focused()).toMatchObject({ tag: 'button', label: 'Link another contact' });
    expect(await sidebar.getByRole('button', { name: 'Link another contact' }).getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });
});

describe('a ticket Trengo does not have', () => {
  it('says the ticket was not found, not that Trengo is having trouble', async () => {
    const page = await browser.newPage();
    await page.goto(stack.launchUrl('987654'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ticket not found');
    expect(await page.getByText('Trengo is having trouble').count()).toBe(0);
    await page.close();
  });
});
