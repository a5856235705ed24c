/**
 * A deploy does not end the open sidebars' sessions: without SESSION_SECRET the server keeps its
 * session key in the database, so an agent who was typing when the server restarted finishes
 * and sends, and each change lands in HighLevel once.
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
  [stack, browser] = await Promise.all([startStack({ SESSION_SECRET: '' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('a restart while the agent types', () => {
  it('keeps the session: the half-typed note and the filled task form are sent after it, each once', async () => {
    const { page, sidebar, errors } = await openTicket(browser, stack, demoTickets.matched);
    await settled(sidebar);
    const notes = sidebar.getByRole('region', { name: /Notes/ });
    const noteField = notes.getByLabel('New note');
    await noteField.fill('Called back: she wants the oak fronts');
    await sidebar.getByRole('button', { name: 'New task' }).click();
    const taskForm = sidebar.getByRole('form', { name: 'New task' });
    const taskTitle = 'Order oak fronts from the supplier in Eindhoven';
    await taskForm.getByLabel('Title').fill(taskTitle);
    await taskForm.getByLabel(/Description/).fill('Ask for the May delivery slot.');

    await stack.restart();

    const noteText = 'Called back: she wants the oak fronts after all, delivery in May.';
    await noteField.pressSequentially(' after all, delivery in May.');
    expect(await noteField.inputValue()).toBe(noteText);
    await notes.getByRole('button', { name: 'Add note' }).click();
    await taskForm.getByRole('button', { name: 'Add task' }).click();

    const notesSaved = () => stack.ghl.store.notesOf(demoContacts.mariaJansen).filter((note) => note.body === noteText).length;
    const tasksSaved = () => stack.ghl.store.tasksOf(demoContacts.mariaJansen).filter((task) => task.title === taskTitle).length;
    await expect.poll(notesSaved).toBe(1);
    await expect.poll(tasksSaved).toBe(1);
    await settled(sidebar);
    expect(await sidebar.getByText(/session has (ended|expired)/i).count()).toBe(0);
    // Nothing goes out twice after the sidebar settled.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([notesSaved(), tasksSaved()]).toEqual([1, 1]);
    // The restart cuts the open event stream, which the sidebar opens again; nothing else may fail.
    const otherErrors = errors.filter((error) => !error.includes('ERR_INCOMPLETE_CHUNKED_ENCODING'));
    console.info(`restart while typing: note landed ${notesSaved()}x, task landed ${tasksSaved()}x, ${otherErrors.length} page errors`);
    expect(otherErrors).toEqual([]);
    await page.close();
  });
});
