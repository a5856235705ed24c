/**
 * The sidebar speaks the agent's language: the browser's first language it knows, else English,
 * until the agent picks another at its foot, which this browser keeps for the next tickets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import { text as deEditing } from '../../widget/editing/messages/de';
import { text as enEditing } from '../../widget/editing/messages/en';
import { text as nlEditing } from '../../widget/editing/messages/nl';
import { text as de } from '../../widget/messages/de';
import { text as en } from '../../widget/messages/en';
import { text as es } from '../../widget/messages/es';
import { text as fr } from '../../widget/messages/fr';
import { text as nl } from '../../widget/messages/nl';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { openTicket } from './sidebar-page';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const sectionTitles = async (ticket: Awaited<ReturnType<typeof openTicket>>) =>
  ticket.sidebar.locator('.section-title').allTextContents();

describe('languages', () => {
  const browsers = [
    { locale: 'nl-NL', lang: 'nl-NL', words: nl },
    { locale: 'de-AT', lang: 'de-AT', words: de },
    { locale: 'fr-FR', lang: 'fr-FR', words: fr },
    { locale: 'es-ES', lang: 'es-ES', words: es },
    { locale: 'en-GB', lang: 'en-GB', words: en },
    // A language the sidebar does not speak: English.
    { locale: 'pt-BR', lang: 'en', words: en },
  ];
  for (const { locale, lang, words } of browsers) {
    it(`follows a browser in ${locale}`, async () => {
      const agent = await browser.newContext({ locale });
      const ticket = await openTicket(agent, stack, demoTickets.matched);
      await expect.poll(() => sectionTitles(ticket)).toEqual(expect.arrayContaining([words.tasks, words.notes, words.appointments]));
      expect(await ticket.sidebar.locator('html').getAttribute('lang')).toBe(lang);
      expect(await ticket.sidebar.getByRole('link', { name: new RegExp(words.openInHighLevel) }).count()).toBe(1);
      expect(ticket.errors).toEqual([]);
      await agent.close();
    });
  }

  it('switches at once when the agent picks a language, keeps the pick for the next tickets, and follows the browser again when asked', async () => {
    const agent = await browser.newContext({ locale: 'nl-NL' });
    const ticket = await openTicket(agent, stack, demoTickets.matched);
    const picker = ticket.sidebar.getByLabel(nlEditing.language);
    await picker.waitFor();
    await expect.poll(() => sectionTitles(ticket)).toContain(nl.tasks);

    await picker.selectOption('de');
    // The first screen and the editing UI switch together, without a reload, and keep what was typed.
    await expect.poll(() => sectionTitles(ticket)).toContain(de.tasks);
    expect(await ticket.sidebar.getByRole('button', { name: deEditing.newTask }).count()).toBe(1);
    expect(await ticket.sidebar.locator('html').getAttribute('lang')).toBe('de');

    const next = await openTicket(agent, stack, demoTickets.phoneMatch);
    await expect.poll(() => sectionTitles(next)).toContain(de.tasks);
    await next.sidebar.getByLabel(deEditing.language).selectOption('');
    await expect.poll(() => sectionTitles(next)).toContain(nl.tasks);
    await next.page.reload();
    await expect.poll(() => sectionTitles(next)).toContain(nl.tasks);
    expect(ticket.errors).toEqual([]);
    expect(next.errors).toEqual([]);
    await agent.close();
  });

  it('says why a field is refused in the agent\'s language', async () => {
    const agent = await browser.newContext({ locale: 'de-DE' });
    const ticket = await openTicket(agent, stack, demoTickets.matched);
    await ticket.sidebar.getByRole('button', { name: deEditing.newTask }).click();
    const form = ticket.sidebar.getByRole('form', { name: deEditing.newTask });
    await form.getByRole('button', { name: deEditing.addTask }).click();
    await expect.poll(() => form.locator('.field-error').first().textContent()).toBe(deEditing.invalid.required(deEditing.fields.title ?? ''));
    expect(await form.locator('.field-error').first().textContent()).not.toBe(enEditing.invalid.required(enEditing.fields.title ?? ''));
    await agent.close();
  });
});
