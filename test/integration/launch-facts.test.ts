/**
 * The launch page carries the ticket's customer as Trengo knows them when Trengo answers at once,
 * so the sidebar can say who it is while HighLevel is still being asked; a slow Trengo never holds
 * the page back for long.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTickets } from '../../sandbox/seed';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** The facts block of a launch page, as its rows' text, or null when there is none. */
const factsIn = (html: string) => {
  const block = /<aside id="ticket-facts"[^>]*><dl class="facts">(.*?)<\/dl>/.exec(html)?.[1];
  if (block === undefined) return null;
  return Object.fromEntries([...block.matchAll(/<dt>([^<]*)<\/dt><dd>(.*?)<\/dd>/g)].map((row) => [row[1], (row[2] ?? '').replace(/<[^>]*>/g, '')]));
};

describe('the launch page', () => {
  it("names the ticket's customer as Trengo knows them", async () => {
    const html = await (await fetch(stack.launchUrl(demoTickets.notFound))).text();
    expect(factsIn(html)).toMatchObject({ Name: expect.stringContaining('Tom'), Email: expect.stringContaining('@') });
  });

  it('does not wait long for a slow Trengo: the page comes without the facts', async () => {
    stack.trengo.faults.latencyMs = 2000;
    try {
      const startedAt = Date.now();
      const html = await (await fetch(stack.launchUrl(demoTickets.phoneMatch))).text();
      expect(Date.now() - startedAt).toBeLessThan(1500);
      expect(html).toContain('widget-session');
      expect(factsIn(html)).toBeNull();
    } finally {
      stack.trengo.faults.latencyMs = 0;
    }
  });

  it('escapes what Trengo holds', async () => {
    // A ticket nobody opened yet, so Trengo is asked afresh.
    const ticket = stack.trengo.store.tickets.get(1006);
    if (!ticket) throw new Error('no demo ticket');
    const before = ticket.contact.name;
    ticket.contact.name = '<img src=x onerror=alert(1)> "Tom"';
    try {
      const html = await (await fetch(stack.launchUrl('1006'))).text();
      expect(html).not.toContain('<img src=x');
      expect(factsIn(html)?.Name).toContain('&#60;img');
    } finally {
      ticket.contact.name = before;
    }
  });
});
