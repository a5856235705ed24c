/** The demo ticket page in a real browser, with the widget in its sidebar iframe as Trengo frames it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openTicket(ticketId: string): Promise<{ page: Page; sidebar: ReturnType<Page['frameLocator']> }> {
  const page = await browser.newPage();
  await page.goto(`${stack.url}/demo/tickets/${ticketId}`);
  return { page, sidebar: page.frameLocator('iframe[title="HighLevel contact"]') };
}

describe('the sidebar in the demo ticket page', () => {
  it('shows the matched contact with a task, a note and an appointment', async () => {
    const { page, sidebar } = await openTicket(demoTickets.matched);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await expect.poll(() => sidebar.getByRole('heading', { name: 'Maria Jansen' }).count()).toBe(1);
    await expect.poll(() => sidebar.getByText('Send revised kitchen quote').count()).toBeGreaterThan(0);
    await expect.poll(() => sidebar.getByText(/Prefers WhatsApp after 6 pm/).count()).toBe(1);
    await expect.poll(() => sidebar.getByText('Site measurement').count()).toBeGreaterThan(0);
    expect(await sidebar.getByRole('link', { name: /open in highlevel/i }).getAttribute('href')).toContain('/contacts/detail/');
    // Matched by email, not linked by an agent: nothing to unlink.
    await expect.poll(() => sidebar.getByRole('button', { name: 'Link another contact' }).count()).toBe(1);
    expect(await sidebar.getByRole('button', { name: 'Unlink' }).count()).toBe(0);

    const frame = page.frames().find((f) => f.url().startsWith(`${stack.url}/`) && !f.url().includes('/demo/'));
    expect(frame?.url()).not.toContain('auth_token');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says when no HighLevel contact matches, with the Trengo contact shown', async () => {
    const { page, sidebar } = await openTicket(demoTickets.notFound);
    await expect.poll(() => sidebar.getByRole('heading', { name: 'No HighLevel contact found' }).count()).toBe(1);
    await page.close();
  });

  it('offers a picker when several match, and the pick shows that contact', async () => {
    const { page, sidebar } = await openTicket(demoTickets.multiple);
    await expect.poll(() => sidebar.getByRole('heading', { name: 'Several HighLevel contacts match' }).count()).toBe(1);
    await sidebar.getByRole('button', { name: /Grace Okafor/ }).first().click();
    await expect.poll(() => sidebar.getByRole('heading', { name: 'Grace Okafor' }).count()).toBe(1);
    await page.close();
  });

  it('shows a 401 page for a wrong secret', async () => {
    const page = await browser.newPage();
    const response = await page.goto(stack.launchUrl(demoTickets.matched, 'not-the-secret'));
    expect(response?.status()).toBe(401);
    expect(await page.getByRole('heading', { name: 'Not authorised' }).count()).toBe(1);
    await page.close();
  });
});
