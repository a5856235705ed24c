/**
 * What the operator turns off is gone from the next open, and a read-only HighLevel token leaves
 * the sidebar showing everything and changing nothing, with a line that says why.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { openTicket } from './sidebar-page';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ OPERATOR_SECRET: operatorSecret }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const setFeatures = (body: object) =>
  fetch(`${stack.url}/operator/features`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${operatorSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('what agents see and do', () => {
  it('turned off by the operator is gone on the next open', async () => {
    await setFeatures({ tasks: false, notes: false, tags: false });
    onTestFinished(async () => void (await setFeatures({ tasks: true, notes: true, tags: true })));
    const ticket = await openTicket(browser, stack, demoTickets.matched);
    await ticket.sidebar.getByRole('button', { name: 'Edit details' }).waitFor();
    const sections = await ticket.sidebar.locator('.section-title').allTextContents();
    expect(sections).toContain('Appointments');
    expect(sections).not.toContain('Tasks');
    expect(sections).not.toContain('Notes');
    // Tags show, but cannot be changed.
    expect(await ticket.sidebar.getByRole('list', { name: 'Tags' }).count()).toBe(1);
    expect(await ticket.sidebar.getByLabel('Add tags').count()).toBe(0);
    await setFeatures({ tasks: true, notes: true, tags: true });
    await ticket.page.reload();
    await ticket.sidebar.getByRole('button', { name: 'New task' }).waitFor();
    expect(await ticket.sidebar.locator('.section-title').allTextContents()).toEqual(expect.arrayContaining(['Tasks', 'Notes', 'Appointments']));
    expect(ticket.errors).toEqual([]);
  });

  it('with a read-only HighLevel token, shows the record and why nothing can be changed', async () => {
    const session = await stack.launch(demoTickets.phoneMatch);
    await stack.api(session, '/contact');
    stack.ghl.faults.failNext(1, 403);
    expect((await stack.api(session, '/notes', { method: 'POST', body: { body: 'Waits for the write scope' } })).status).toBe(202);

    const ticket = await openTicket(browser, stack, demoTickets.matched);
    const notice = ticket.sidebar.getByRole('status').filter({ hasText: 'Read-only' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('contacts.write');
    for (const control of ['New task', 'Edit details', 'Add note']) {
      expect(await ticket.sidebar.getByRole('button', { name: control }).count(), control).toBe(0);
    }
    expect(await ticket.sidebar.getByLabel('Add tags').count()).toBe(0);
    const boxes = ticket.sidebar.getByRole('checkbox');
    expect(await boxes.count()).toBeGreaterThan(0);
    for (const box of await boxes.all()) expect(await box.isDisabled()).toBe(true);
    // Finding and linking another contact changes nothing in HighLevel: still offered.
    expect(await ticket.sidebar.getByRole('button', { name: 'Link another contact' }).count()).toBe(1);
    expect(ticket.errors).toEqual([]);
  });
});
