/**
 * Reading a record in a 300-odd pixel sidebar: long records stay short until asked, a collapsed
 * section stays collapsed, phone numbers read as their country writes them, links in notes open,
 * every control is big enough to hit, and a search too short to run says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, FrameLocator } from 'playwright-core';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { openTicket, settled } from './sidebar-page';

let stack: Stack;
let browser: Browser;
/** An agent's browser in the United States: one profile for every page, its storage shared. */
let agent: BrowserContext;

/** Liam Chen's ticket, matched by phone: given a hundred more tasks and fifty more notes. */
const longRecord = demoTickets.phoneMatch;
const longNote = Array.from({ length: 120 }, (_, line) => `Line ${line + 1} of the site survey: measurements, photos and the client's wishes.`).join('\n');
const linkNote = 'Brochure sent: https://example.org/brochure.pdf. Not a link: javascript:alert(1)';

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  agent = await browser.newContext({ locale: 'en-US' });
  const { store } = stack.ghl;
  const day = 24 * 60 * 60 * 1000;
  for (let index = 0; index < 100; index++) {
    const id = store.newId();
    store.tasks.set(id, { id, contactId: demoContacts.liamChen, title: `Follow-up call ${index + 1}`, dueDate: new Date(Date.now() + (index + 2) * day).toISOString(), completed: false });
  }
  for (let index = 0; index < 50; index++) {
    const id = store.newId();
    const body = index === 0 ? longNote : index === 1 ? linkNote : `Call log ${index + 1}: left a voicemail.`;
    store.notes.set(id, { id, contactId: demoContacts.liamChen, body, dateAdded: new Date(Date.now() - index * 60_000).toISOString() });
  }
});
afterAll(async () => {
  await agent?.close();
  await browser?.close();
  await stack?.close();
});

/** Where an element starts, in pixels from the top of the sidebar's page. */
const topOf = (sidebar: FrameLocator, selector: string) =>
  sidebar.locator(selector).first().evaluate((element) => element.getBoundingClientRect().top + window.scrollY);

describe('a long record', () => {
  it('shows the first tasks and notes, shortens a long note, and shows the rest when asked', async () => {
    const { page, sidebar, focused } = await openTicket(agent, stack, longRecord);
    await expect.poll(() => sidebar.getByRole('heading', { level: 1 }).textContent()).toBe('Liam Chen');
    const taskCount = stack.ghl.store.tasksOf(demoContacts.liamChen).length;
    const tasks = sidebar.getByRole('region', { name: /^Tasks/ });
    const notes = sidebar.getByRole('region', { name: /^Notes/ });

    expect(await tasks.getByRole('checkbox').count()).toBe(5);
    expect(await notes.locator('.note-body').count()).toBe(5);
    expect(await topOf(sidebar, 'h2:has-text("Notes")')).toBeLessThan(1500);

    await settled(sidebar);
    const whole = notes.locator('.note-body', { hasText: 'Line 120 of the site survey' });
    expect(await whole.evaluate((element) => element.getBoundingClientRect().height)).toBeLessThan(200);
    await notes.getByRole('button', { name: 'Show the whole note' }).click();
    await expect.poll(() => whole.evaluate((element) => element.getBoundingClientRect().height)).toBeGreaterThan(1500);
    await notes.getByRole('button', { name: 'Show less' }).click();
    await expect.poll(() => whole.evaluate((element) => element.getBoundingClientRect().height)).toBeLessThan(200);

    await tasks.getByRole('button', { name: `Show all ${taskCount} tasks` }).click();
    await expect.poll(() => tasks.getByRole('checkbox').count()).toBe(taskCount);
    expect(await focused()).toMatchObject({ tag: 'button', label: 'Show fewer tasks' });
    await page.keyboard.press('Enter');
    await expect.poll(() => tasks.getByRole('checkbox').count()).toBe(5);
    await page.close();
  });

  it('remembers a collapsed section in the next ticket and after a reload', async () => {
    const first = await openTicket(agent, stack, demoTickets.matched);
    const toggle = (sidebar: FrameLocator) => sidebar.getByRole('button', { name: /^Appointments/ });
    await toggle(first.sidebar).click();
    await expect.poll(() => toggle(first.sidebar).getAttribute('aria-expanded')).toBe('false');

    const next = await openTicket(agent, stack, longRecord);
    await expect.poll(() => toggle(next.sidebar).getAttribute('aria-expanded')).toBe('false');
    expect(await next.sidebar.getByRole('button', { name: /^Tasks/ }).getAttribute('aria-expanded')).toBe('true');
    await next.page.reload();
    await expect.poll(() => toggle(next.sidebar).getAttribute('aria-expanded')).toBe('false');

    await toggle(next.sidebar).click();
    await expect.poll(() => toggle(next.sidebar).getAttribute('aria-expanded')).toBe('true');
    const last = await openTicket(agent, stack, demoTickets.matched);
    await expect.poll(() => toggle(last.sidebar).getAttribute('aria-expanded')).toBe('true');

    // What the sidebar keeps in the browser: section titles and drafts; never the session or a secret.
    await toggle(last.sidebar).click();
    const frame = last.page.frames().find((candidate) => candidate.url().includes('ticket_id') || candidate.url().endsWith('/'));
    const kept = await (frame ?? last.page.mainFrame()).evaluate(() => ({
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
      cookie: document.cookie,
      sessionToken: document.querySelector('meta[name="widget-session"]')?.getAttribute('content') ?? null,
    }));
    expect(kept.local.length).toBeGreaterThan(0);
    // Collapsed sections by title, and drafts of the note and task forms by ticket id: their fields only.
    const draftFields = ['savedAt', 'note', 'task'];
    const isDraft = (key: string, value: string) =>
      /^sidebar\.draft\.\d+$/.test(key) && Object.keys(JSON.parse(value) as object).every((field) => draftFields.includes(field));
    expect(kept.local.filter(([key, value]) => !(/^sidebar\.collapsed\.[A-Za-z ]+$/.test(key) && value === '1') && !isDraft(key, value))).toEqual([]);
    expect(kept.session).toEqual([]);
    expect(kept.cookie).toBe('');
    const everything = JSON.stringify(kept.local);
    for (const secret of [stack.config.trengo.appSecret, kept.sessionToken].filter((value): value is string => Boolean(value))) {
      expect(everything).not.toContain(secret);
    }
    await Promise.all([first.page.close(), next.page.close(), last.page.close()]);
  });
});

describe('what the sidebar shows', () => {
  it("shows phone numbers as their country writes them, dialling the full number", async () => {
    const matched = await openTicket(agent, stack, demoTickets.matched);
    const mariaPhone = matched.sidebar.getByRole('list', { name: 'Contact details' }).getByRole('link', { name: /555/ });
    await expect.poll(() => mariaPhone.textContent()).toBe('(415) 555-0101');
    expect(await mariaPhone.getAttribute('href')).toBe('tel:+14155550101');

    const notFound = await openTicket(agent, stack, demoTickets.notFound);
    const tomPhone = notFound.sidebar.getByRole('definition').getByRole('link', { name: /7946/ });
    await expect.poll(() => tomPhone.textContent()).toBe('+44 20 7946 0958');
    expect(await tomPhone.getAttribute('href')).toBe('tel:+442079460958');

    const multiple = await openTicket(agent, stack, demoTickets.multiple);
    await expect.poll(() => multiple.sidebar.getByRole('button', { name: /Grace Okafor/ }).textContent()).toContain('(415) 555-0134');
    await Promise.all([matched.page.close(), notFound.page.close(), multiple.page.close()]);
  });

  it('makes web addresses in notes links that open in a new tab, and nothing else', async () => {
    const { page, sidebar } = await openTicket(agent, stack, longRecord);
    await settled(sidebar);
    const notes = sidebar.getByRole('region', { name: /^Notes/ });
    const link = notes.getByRole('link', { name: 'https://example.org/brochure.pdf' });
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://example.org/brochure.pdf');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await notes.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await notes.locator('.note-body', { hasText: 'Brochure sent' }).textContent()).toBe(linkNote);

    const typed = 'Quote: https://example.com/quote?id=7&v=2, see also <https://example.com/faq>.';
    await notes.getByLabel('New note').fill(typed);
    await notes.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => notes.getByRole('link', { name: 'https://example.com/quote?id=7&v=2' }).getAttribute('href')).toBe('https://example.com/quote?id=7&v=2');
    expect(await notes.getByRole('link', { name: 'https://example.com/faq' }).count()).toBe(1);
    await expect.poll(() => notes.locator('.note-body').first().textContent()).toBe(typed);
    await page.close();
  });

  it('makes every control at least 24 by 24 pixels', async () => {
    const tooSmall = async (sidebar: FrameLocator) =>
      sidebar.locator('body').evaluate((body) =>
        [...body.querySelectorAll<HTMLElement>('a[href], button, input, textarea, select')]
          // Links inside a sentence are exempt, as WCAG allows.
          .filter((element) => element.checkVisibility() && !element.closest('.note-body'))
          .map((element) => ({ element, box: element.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 24 || box.height < 24)
          .map(({ element, box }) => `${element.tagName} "${element.getAttribute('aria-label') ?? element.textContent}" ${box.width.toFixed(0)}x${box.height.toFixed(0)}`),
      );
    const matched = await openTicket(agent, stack, demoTickets.matched);
    await settled(matched.sidebar);
    await matched.sidebar.getByRole('button', { name: 'Link another contact' }).click();
    expect(await tooSmall(matched.sidebar)).toEqual([]);
    const notFound = await openTicket(agent, stack, demoTickets.notFound);
    await settled(notFound.sidebar);
    expect(await tooSmall(notFound.sidebar)).toEqual([]);
    const multiple = await openTicket(agent, stack, demoTickets.multiple);
    expect(await tooSmall(multiple.sidebar)).toEqual([]);
    await Promise.all([matched.page.close(), notFound.page.close(), multiple.page.close()]);
  });

  it('says a one-character search needs a second character', async () => {
    const { page, sidebar } = await openTicket(agent, stack, demoTickets.notFound);
    await settled(sidebar);
    await sidebar.getByRole('searchbox', { name: 'Name, email or phone' }).fill('T');
    await expect.poll(() => sidebar.getByText('Type at least 2 characters.').count()).toBe(1);
    await sidebar.getByRole('searchbox', { name: 'Name, email or phone' }).fill('To');
    await expect.poll(() => sidebar.getByText('Type at least 2 characters.').count()).toBe(0);
    await page.close();
  });

  it('says what each match rests on: the email as Trengo wrote it, or the phone number', async () => {
    const byEmail = await openTicket(agent, stack, demoTickets.matched);
    await settled(byEmail.sidebar);
    await expect.poll(() => byEmail.sidebar.getByText(/Found by the customer’s email address in Trengo \(Trengo has Maria@Jansen-Interiors\.example\)/).count()).toBe(1);
    const byPhone = await openTicket(agent, stack, demoTickets.phoneMatch);
    await settled(byPhone.sidebar);
    await expect.poll(() => byPhone.sidebar.getByText(/Found by the customer’s phone number in Trengo/).count()).toBe(1);
    await Promise.all([byEmail.page.close(), byPhone.page.close()]);
  });
});
