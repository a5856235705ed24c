/**
 * The launch page carries the ticket's customer as Trengo knows them when Trengo answers at once,
 * so the sidebar can say who it is while HighLevel is still being asked; a slow Trengo never holds
 * the page back for long.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketContactSchema } from '../../shared/api';
import { demoTickets } from '../../sandbox/seed';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const factsIn = (html: string) => {
  const raw = /<meta name="ticket-contact" content="([^"]*)">/.exec(html)?.[1];
  if (raw === undefined) return null;
  const text = raw.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  return ticketContactSchema.parse(JSON.parse(text));
};

describe('the launch page', () => {
  it("names the ticket's customer as Trengo knows them", async () => {
    const html = await (await fetch(stack.launchUrl(demoTickets.notFound))).text();
    expect(factsIn(html)).toMatchObject({ name: expect.stringContaining('Tom'), email: expect.any(String) });
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
});
