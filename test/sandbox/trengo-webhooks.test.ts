/**
 * The Trengo sandbox registers webhooks through its API (`POST`, `GET`, `DELETE /webhooks`, with
 * its token like every call) and sends the registered types as Trengo does: form-encoded bodies
 * of strings, signed `Trengo-Signature: <time>;<hex HMAC-SHA256 of "time.body">` with the
 * webhook's secret, at least once, with the same knobs as HighLevel's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoTickets } from '../../sandbox/seed';
import { startTrengoSandbox, type TrengoSandbox, type TrengoWebhookRecord } from '../../sandbox/trengo/index';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';

const trengoHeaders = { Authorization: 'Bearer sandbox-trengo-token', Accept: 'application/json', 'Content-Type': 'application/json' };
const jsonHeaders = { 'Content-Type': 'application/json' };

let trengo: TrengoSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  trengo = await startTrengoSandbox();
});
afterAll(async () => {
  await trengo.close();
  await receiver.close();
});
beforeEach(() => {
  trengo.reset();
  trengo.webhooks.registrations.clear();
  receiver.clear();
});

async function register(type: string, url = receiver.url): Promise<TrengoWebhookRecord> {
  const response = await fetch(`${trengo.url}/webhooks`, {
    method: 'POST',
    headers: trengoHeaders,
    body: JSON.stringify({ name: `test ${type}`, type, url }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as TrengoWebhookRecord;
}

/** The receiver's check: the signature is fresh and is the HMAC of `time.body` under the secret. */
function verifies(webhook: ReceivedWebhook, secret: string): boolean {
  const header = String(webhook.headers['trengo-signature'] ?? '');
  const match = /^(\d+);([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const [, timestamp, hex] = match;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${webhook.body.toString('utf8')}`).digest();
  return timingSafeEqual(expected, Buffer.from(hex!, 'hex'));
}

function form(webhook: ReceivedWebhook): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(webhook.body.toString('utf8')));
}

describe('registering webhooks', () => {
  it('creates, lists and deletes webhooks, each with its own signing secret', async () => {
    const inbound = await register('INBOUND');
    expect(inbound).toEqual({
      id: expect.any(Number),
      name: 'test INBOUND',
      type: 'INBOUND',
      url: receiver.url,
      signing_secret: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const closed = await register('TICKET_CLOSED');
    expect(closed.signing_secret).not.toBe(inbound.signing_secret);

    const list = await fetch(`${trengo.url}/webhooks`, { headers: trengoHeaders });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { data: TrengoWebhookRecord[]; meta: { total: number; last_page: number } };
    expect(page.data).toEqual([inbound, closed]);
    expect(page.meta).toMatchObject({ total: 2, last_page: 1 });

    const removed = await fetch(`${trengo.url}/webhooks/${inbound.id}`, { method: 'DELETE', headers: trengoHeaders });
    expect(removed.status).toBe(204);
    const after = (await (await fetch(`${trengo.url}/webhooks`, { headers: trengoHeaders })).json()) as { data: TrengoWebhookRecord[] };
    expect(after.data).toEqual([closed]);
    expect((await fetch(`${trengo.url}/webhooks/${inbound.id}`, { method: 'DELETE', headers: trengoHeaders })).status).toBe(404);
  });

  it('takes a form body too, and refuses a bad one with 422 naming the field', async () => {
    const created = await fetch(`${trengo.url}/webhooks`, {
      method: 'POST',
      headers: { Authorization: trengoHeaders.Authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'form', type: 'TICKET_CREATED', url: receiver.url }).toString(),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ type: 'TICKET_CREATED', url: receiver.url });

    const refused = await fetch(`${trengo.url}/webhooks`, {
      method: 'POST',
      headers: trengoHeaders,
      body: JSON.stringify({ name: 'bad', type: 'CONTACT_CREATED', url: 'not a url' }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: { type: [expect.any(String)], url: [expect.any(String)] } });
  });

  it('answers 401 without the token, like every other call', async () => {
    const body = JSON.stringify({ name: 'x', type: 'INBOUND', url: receiver.url });
    expect((await fetch(`${trengo.url}/webhooks`, { method: 'POST', headers: jsonHeaders, body })).status).toBe(401);
    expect((await fetch(`${trengo.url}/webhooks`)).status).toBe(401);
    expect((await fetch(`${trengo.url}/webhooks/1`, { method: 'DELETE' })).status).toBe(401);
    expect(trengo.webhooks.registrations.size).toBe(0);
  });

  it('keeps registrations across a reset, like the account they belong to', async () => {
    await register('INBOUND');
    trengo.reset();
    expect(trengo.webhooks.registrations.size).toBe(1);
  });
});

describe('events', () => {
  it('an inbound message sends a signed, form-encoded INBOUND verifiable with the signing secret', async () => {
    const webhook = await register('INBOUND');
    const result = trengo.activity.receiveMessage({ ticketId: Number(demoTickets.matched), message: 'Is the quote still valid?' });
    await trengo.webhooks.idle();

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(verifies(delivery!, webhook.signing_secret)).toBe(true);
    expect(verifies(delivery!, 'another secret')).toBe(false);
    expect(form(delivery!)).toEqual({
      ticket_id: demoTickets.matched,
      contact_id: String(result.contact.id),
      contact_name: 'Maria Jansen',
      contact_email: 'Maria@Jansen-Interiors.example',
      contact_identifier: 'Maria@Jansen-Interiors.example',
      channel_id: '301',
      user_id: '',
      status: 'OPEN',
      message_id: String(result.messageId),
      message: 'Is the quote still valid?',
    });
  });

  it('a message from someone new makes the contact and the ticket: TICKET_CREATED, then INBOUND', async () => {
    await register('TICKET_CREATED');
    await register('INBOUND');
    const answer = await fetch(`${trengo.origin}/_sandbox/inbound`, {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ from: { name: 'Sam Jones', phone: '+1 415 555 0142' }, message: 'Hi, can you call me?' }),
    });
    expect(answer.status).toBe(201);
    const result = (await answer.json()) as { ticket: { id: number; channel_id: number }; contact: { id: number }; ticketCreated: boolean };
    expect(result.ticketCreated).toBe(true);
    await trengo.webhooks.idle();

    expect(receiver.received.map((delivery) => form(delivery).message ?? 'TICKET_CREATED')).toEqual(['TICKET_CREATED', 'Hi, can you call me?']);
    for (const delivery of receiver.received) {
      expect(form(delivery)).toMatchObject({
        ticket_id: String(result.ticket.id),
        contact_id: String(result.contact.id),
        contact_name: 'Sam Jones',
        contact_email: '',
        contact_identifier: '+1 415 555 0142',
        channel_id: '302',
      });
    }
    const ticket = await fetch(`${trengo.url}/tickets/${result.ticket.id}`, { headers: trengoHeaders });
    expect(await ticket.json()).toMatchObject({ status: 'OPEN', contact: { name: 'Sam Jones' } });

    // The same sender again lands on the same open ticket.
    const again = trengo.activity.receiveMessage({ from: { phone: '(415) 555-0142' }, message: 'Still there?' });
    expect(again).toMatchObject({ ticketCreated: false, ticket: { id: result.ticket.id }, contact: { id: result.contact.id } });
  });

  it('closing and reopening send TICKET_CLOSED and TICKET_REOPENED; a message on a closed ticket reopens it', async () => {
    await register('TICKET_CLOSED');
    await register('TICKET_REOPENED');
    const ticketId = demoTickets.matched;
    const close = await fetch(`${trengo.origin}/_sandbox/tickets/${ticketId}/close`, { method: 'POST' });
    expect(await close.json()).toMatchObject({ id: Number(ticketId), status: 'CLOSED' });
    trengo.activity.closeTicket(Number(ticketId));
    trengo.activity.receiveMessage({ ticketId: Number(ticketId), message: 'One more thing' });
    await trengo.webhooks.idle();

    const sent = receiver.received.map((delivery) => form(delivery));
    expect(sent.map((fields) => fields.status)).toEqual(['CLOSED', 'OPEN']);
    expect(sent.every((fields) => fields.ticket_id === ticketId)).toBe(true);
    expect(trengo.webhooks.attempts.map((attempt) => attempt.type)).toEqual(['TICKET_CLOSED', 'TICKET_REOPENED']);
    expect(trengo.store.tickets.get(Number(ticketId))?.status).toBe('OPEN');
  });

  it('sends only the types registered, to every webhook registered for the type', async () => {
    const first = await register('INBOUND');
    const other = await startWebhookReceiver();
    try {
      const second = await register('INBOUND', other.url);
      trengo.activity.closeTicket(Number(demoTickets.matched));
      trengo.activity.receiveMessage({ ticketId: Number(demoTickets.notFound), message: 'Hello' });
      await trengo.webhooks.idle();
      expect(receiver.received).toHaveLength(1);
      expect(other.received).toHaveLength(1);
      expect(verifies(receiver.received[0]!, first.signing_secret)).toBe(true);
      expect(verifies(other.received[0]!, second.signing_secret)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('refuses an unknown ticket or a message without a sender', async () => {
    const unknown = await fetch(`${trengo.origin}/_sandbox/tickets/999999/close`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    const anonymous = await fetch(`${trengo.origin}/_sandbox/inbound`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ message: 'Hi' }) });
    expect(anonymous.status).toBe(400);
  });
});

describe('delivery', () => {
  it('retries a failing receiver, signing each attempt at its own time', async () => {
    const webhook = await register('INBOUND');
    trengo.webhooks.retryDelayMs = 20;
    receiver.answers.push(500, 502);
    trengo.activity.receiveMessage({ ticketId: Number(demoTickets.matched), message: 'Retry me' });
    await trengo.webhooks.idle();
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((delivery) => verifies(delivery, webhook.signing_secret))).toBe(true);
    expect(trengo.webhooks.attempts.map((attempt) => attempt.status)).toEqual([500, 502, 200]);
  });

  it('duplicates carry the same body; a pause holds deliveries until released', async () => {
    await register('INBOUND');
    trengo.webhooks.duplicateRate = 1;
    trengo.activity.receiveMessage({ ticketId: Number(demoTickets.matched), message: 'Twice' });
    await trengo.webhooks.idle();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body.equals(receiver.received[1]!.body)).toBe(true);

    receiver.clear();
    trengo.webhooks.duplicateRate = 0;
    const pause = await fetch(`${trengo.origin}/_sandbox/webhooks`, { method: 'PUT', headers: jsonHeaders, body: JSON.stringify({ paused: true }) });
    expect(await pause.json()).toMatchObject({ paused: true });
    trengo.activity.receiveMessage({ ticketId: Number(demoTickets.matched), message: 'Held' });
    await trengo.webhooks.idle();
    expect(receiver.received).toEqual([]);
    await fetch(`${trengo.origin}/_sandbox/webhooks`, { method: 'PUT', headers: jsonHeaders, body: JSON.stringify({ paused: false }) });
    await trengo.webhooks.idle();
    expect(receiver.received.map((delivery) => form(delivery).message)).toEqual(['Held']);

    const deliveries = (await (await fetch(`${trengo.origin}/_sandbox/webhooks/deliveries`)).json()) as unknown[];
    expect(deliveries).toHaveLength(3);
  });
});
