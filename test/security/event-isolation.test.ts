/**
 * A sidebar's event stream carries its own ticket's contact and nothing else: with three sidebars
 * open on three customers and each customer's record changed in HighLevel, every stream holds
 * only its own contact's views, and not one byte naming another customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactViewSchema } from '../../shared/api';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { openEventStream, type OpenStream } from '../support/event-stream';
import { asView, startStack, type Stack } from '../support/stack';

let stack: Stack;
const streams: OpenStream[] = [];

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '30' }, {}, { inboxWorker: { pollMs: 100 } }, { webhooks: true });
});
afterAll(async () => {
  streams.forEach((stream) => stream.close());
  await stack.close();
});

describe('event streams', () => {
  it('carry only their own contact', async () => {
    const customers = [
      { ticket: demoTickets.matched, contactId: demoContacts.mariaJansen },
      { ticket: demoTickets.phoneMatch, contactId: demoContacts.liamChen },
    ];
    const opened = [];
    for (const customer of customers) {
      const session = await stack.launch(customer.ticket);
      const view = asView(await stack.api(session, '/contact'));
      expect(view).toMatchObject({ contact: { id: customer.contactId } });
      const stream = await openEventStream(`${stack.url}/api/events`, session);
      streams.push(stream);
      await stream.next((event) => event.event === 'ready');
      opened.push({ ...customer, stream, view });
    }

    for (const [index, customer] of opened.entries()) {
      const response = await fetch(`${stack.ghl.url}/_sandbox/edits/contacts/${customer.contactId}/tags`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tags: [`isolation-${index}`] }),
      });
      expect(response.ok).toBe(true);
      await customer.stream.next((event) => event.event === 'view' && event.data.includes(`isolation-${index}`));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    for (const customer of opened) {
      const views = customer.stream.events.filter((event) => event.event === 'view').map((event) => contactViewSchema.parse(JSON.parse(event.data)));
      expect(views.length).toBeGreaterThan(0);
      expect(views.every((view) => view.status === 'matched' && view.contact.id === customer.contactId)).toBe(true);
      const everything = customer.stream.events.map((event) => event.data).join('\n');
      for (const other of opened.filter((candidate) => candidate !== customer)) {
        expect(everything).not.toContain(other.contactId);
        if (other.view.status === 'matched') expect(everything).not.toContain(other.view.contact.name);
      }
    }
  });
});
