/**
 * The Trengo sandbox's calls for automations, as the reference describes them: a contact per
 * channel (the existing one for a known identifier), tickets, messages to the customer (recorded
 * as delivered) and internal notes (never delivered), labels with their webhooks, close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrengoSandbox, type TrengoSandbox } from '../../sandbox/trengo/index';

let trengo: TrengoSandbox;
const headers = { Authorization: 'Bearer sandbox-trengo-token', Accept: 'application/json', 'Content-Type': 'application/json' };

beforeAll(async () => {
  trengo = await startTrengoSandbox();
});
afterAll(async () => {
  await trengo.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${trengo.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('Trengo sandbox: automations', () => {
  it('lists channels and makes one contact per identifier', async () => {
    const channels = await call('GET', '/channels');
    expect(channels.body.data.map((channel: { id: number; type: string }) => [channel.id, channel.type])).toContainEqual([301, 'EMAIL']);
    const made = await call('POST', '/channels/301/contacts', { identifier: 'New.Person@example.com', name: 'New Person' });
    expect(made.status).toBe(201);
    const again = await call('POST', '/channels/301/contacts', { identifier: 'new.person@example.com', name: 'Other name' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(made.body.id);
    expect((await call('POST', '/channels/999/contacts', { identifier: 'x@example.com' })).status).toBe(404);
    expect((await call('POST', '/channels/301/contacts', {})).status).toBe(422);
  });

  it('delivers a message to the customer, never an internal note, and lists both on the ticket', async () => {
    const contact = await call('POST', '/channels/301/contacts', { identifier: 'notes@example.com', name: 'Notes' });
    const ticket = await call('POST', '/tickets', { channel_id: 301, contact_id: contact.body.id, subject: 'Hello' });
    expect(ticket.status).toBe(201);
    const before = trengo.store.delivered.length;
    await call('POST', `/tickets/${ticket.body.id}/messages`, { message: 'Internal only', internal_note: true });
    expect(trengo.store.delivered.length).toBe(before);
    await call('POST', `/tickets/${ticket.body.id}/messages`, { message: 'To the customer' });
    expect(trengo.store.delivered.slice(before).map((message) => message.message)).toEqual(['To the customer']);
    const listed = await call('GET', `/tickets/${ticket.body.id}/messages`);
    expect(listed.body.data.map((message: { message: string; internal_note: boolean }) => [message.message, message.internal_note])).toEqual([
      ['To the customer', false],
      ['Internal only', true],
    ]);
    const sent = await call('POST', '/messages', { channel_id: 301, contact_identifier: 'fresh@example.com', contact_name: 'Fresh', message: 'Welcome', email_subject: 'Hi' });
    expect(sent.status).toBe(201);
    expect(trengo.store.tickets.get(sent.body.ticket_id)?.subject).toBe('Hi');
    expect(trengo.store.delivered.at(-1)).toMatchObject({ message: 'Welcome', subject: 'Hi', ticketId: sent.body.ticket_id });
  });

  it('labels a ticket, shows its labels, and closes it, with their webhooks', async () => {
    const events: string[] = [];
    trengo.webhooks.register({ name: 'test', type: 'TICKET_LABEL_ADDED', url: 'http://127.0.0.1:9/none' });
    const publish = trengo.webhooks.publish.bind(trengo.webhooks);
    trengo.webhooks.publish = (type, fields) => {
      events.push(`${type} ${fields.label_name ?? ''}`.trim());
      return publish(type, fields);
    };
    expect((await call('POST', '/tickets/1001/labels', { label_id: 71 })).status).toBe(200);
    expect((await call('GET', '/tickets/1001')).body.labels.map((label: { name: string }) => label.name)).toEqual(['VIP']);
    expect((await call('DELETE', '/tickets/1001/labels/71')).status).toBe(204);
    expect((await call('POST', '/tickets/1001/close')).body.status).toBe('CLOSED');
    expect(events).toEqual(['TICKET_LABEL_ADDED VIP', 'TICKET_LABEL_DELETED VIP', 'TICKET_CLOSED']);
    trengo.webhooks.publish = publish;
    trengo.webhooks.registrations.clear();
  });
});
