/**
 * The webhook routes on their own, over the in-memory inbox: the cases the running server's
 * settings do not reach (Workflow webhooks turned off, the legacy signature, which secret named a
 * Trengo event's type) and the reading of senders' times.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createWaitingWorkflows, webhookRoutes, type WebhookRouteOptions } from '../../server/http/webhooks';
import { epochMsOf, isLegacyHighLevelSignature } from '../../server/http/webhook-signatures';
import { toAppError } from '../../server/platform/errors';
import type { Logger } from '../../server/platform/log';
import { createMemoryInbox } from './domain/fakes';
import { highLevelEvent, highLevelSignature, highLevelSigningKey, trengoForm, trengoSignature } from '../support/webhooks';

const key = highLevelSigningKey();
const locationId = 'loc0000000001';

function app(
  settings: Partial<WebhookRouteOptions['settings']> = {},
  trengoSecrets: Array<{ secret: string; eventType: string }> = [],
  waitingWorkflows = createWaitingWorkflows(),
) {
  const inbox = createMemoryInbox();
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: object) => void lines.push(JSON.stringify({ level, message, ...fields }));
  const log: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), enabled: () => true };
  let nudges = 0;
  const routes = webhookRoutes({
    inbox,
    locationId,
    settings: { ghlPublicKey: key.publicKey, ghlSecret: null, trengoSecret: null, maxBodyBytes: 4096, ...settings },
    trengoSecrets: () => trengoSecrets,
    onStored: () => void (nudges += 1),
    waitingWorkflows,
    log,
  });
  const server = new Hono().route('/webhooks', routes);
  server.onError((error, c) => c.json(toAppError(error).toBody(), toAppError(error).status));
  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const response = await server.request(`/webhooks/${path}`, { method: 'POST', body, headers });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  return { post, inbox, lines, nudges: () => nudges };
}

describe('HighLevel', () => {
  it('refuses Workflow webhooks while GHL_WEBHOOK_SECRET is unset, whatever secret they carry', async () => {
    const { post, inbox, lines } = app();
    const body = JSON.stringify({ contact_id: 'abc123', location: { id: locationId } });
    const answer = await post('highlevel', body, { 'X-Webhook-Secret': 'anything-at-all-0123456789' });
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(inbox.all()).toEqual([]);
    expect(lines).toEqual([expect.stringContaining('"reason":"workflow webhooks off"')]);
    expect(lines.join('\n')).not.toContain('anything-at-all');
  });

  it('takes a Workflow body as a repeat only while the same one waits to be processed', async () => {
    const waiting = createWaitingWorkflows();
    const { post, inbox } = app({ ghlSecret: 'workflow-secret-0123456789abcdef' }, [], waiting);
    const body = JSON.stringify({ contact_id: 'abc123', location: { id: locationId }, workflow: { id: 'w1' } });
    const headers = { 'X-Webhook-Secret': 'workflow-secret-0123456789abcdef' };
    const receipts = [(await post('highlevel', body, headers)).body, (await post('highlevel', body, headers)).body];
    expect(receipts).toEqual([{ received: 'stored' }, { received: 'duplicate' }]);
    expect(inbox.all()).toHaveLength(1);

    waiting.taken(inbox.all()[0]!.eventId);
    expect((await post('highlevel', body, headers)).body).toEqual({ received: 'stored' });
    expect(inbox.all().map((event) => [event.type, event.subject])).toEqual([
      ['Workflow', 'contact:abc123'],
      ['Workflow', 'contact:abc123'],
    ]);
  });

  it('stores a signed event and tells the worker, filing a task under its contact', async () => {
    const { post, inbox, nudges } = app();
    const body = highLevelEvent({ type: 'TaskCreate', locationId, id: 'task1', contactId: 'contact1' });
    expect(await post('highlevel', body, { 'X-GHL-Signature': highLevelSignature(body, key.privateKey) })).toEqual({ status: 200, body: { received: 'stored' } });
    expect(inbox.all()).toMatchObject([{ source: 'highlevel', type: 'TaskCreate', subject: 'contact:contact1', payload: body, state: 'pending' }]);
    expect(nudges()).toBe(1);
  });

  it('files an appointment under its contact, and an event without one under the location', async () => {
    const { post, inbox } = app();
    const appointment = highLevelEvent({ type: 'AppointmentCreate', locationId, appointment: { id: 'a1', contactId: 'contact2' } });
    const opportunity = highLevelEvent({ type: 'OpportunityDelete', locationId, id: 'o1' });
    for (const body of [appointment, opportunity]) expect((await post('highlevel', body, { 'X-GHL-Signature': highLevelSignature(body, key.privateKey) })).status).toBe(200);
    expect(inbox.all().map((event) => event.subject)).toEqual(['contact:contact2', `location:${locationId}`]);
  });

  it('refuses a signed event without webhookId or timestamp, or naming a contact id that is not one', async () => {
    const { post, inbox } = app();
    const bodies = [
      JSON.stringify({ type: 'ContactUpdate', locationId, id: 'c1', timestamp: new Date().toISOString() }),
      JSON.stringify({ type: 'ContactUpdate', locationId, id: 'c1', webhookId: 'w1' }),
      JSON.stringify({ type: 'ContactUpdate', locationId, id: 'c1', webhookId: 'w1', timestamp: 'yesterday' }),
      highLevelEvent({ type: 'ContactUpdate', locationId, id: '../../contacts' }),
      'not json',
    ];
    for (const body of bodies) {
      expect((await post('highlevel', body, { 'X-GHL-Signature': highLevelSignature(body, key.privateKey) })).status).toBe(400);
    }
    expect(inbox.all()).toEqual([]);
  });

  it('refuses a legacy X-WH-Signature not made with HighLevel’s key', async () => {
    const { post, inbox } = app();
    const body = highLevelEvent({ type: 'ContactUpdate', locationId, id: 'c1' });
    const someRsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = sign('sha256', Buffer.from(body), someRsaKey).toString('base64');
    expect(isLegacyHighLevelSignature(Buffer.from(body), forged)).toBe(false);
    expect((await post('highlevel', body, { 'X-WH-Signature': forged })).status).toBe(401);
    expect(inbox.all()).toEqual([]);
  });

  it('refuses a body over its limit with a 413', async () => {
    const { post } = app({ maxBodyBytes: 1024 });
    const body = highLevelEvent({ type: 'NoteCreate', locationId, contactId: 'c1', body: 'x'.repeat(2000) });
    expect(await post('highlevel', body, { 'X-GHL-Signature': highLevelSignature(body, key.privateKey) })).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });
});

describe('Trengo', () => {
  it('takes the event type from the registered webhook whose secret signed it', async () => {
    const secrets = [
      { secret: 'inbound-secret-0123456789', eventType: 'INBOUND' },
      { secret: 'created-secret-0123456789', eventType: 'TICKET_CREATED' },
    ];
    const { post, inbox } = app({}, secrets);
    const body = trengoForm({ ticket_id: 42, contact_id: 7 });
    for (const { secret } of secrets) expect((await post('trengo', body, { 'Trengo-Signature': trengoSignature(body, secret) })).status).toBe(200);
    expect(inbox.all().map((event) => [event.type, event.subject, JSON.parse(event.payload)])).toEqual([
      ['INBOUND', 'ticket:42', { ticket_id: '42', contact_id: '7' }],
      ['TICKET_CREATED', 'ticket:42', { ticket_id: '42', contact_id: '7' }],
    ]);
  });

  it('reads a hand-registered webhook’s type from its URL, and a JSON body too', async () => {
    const secret = 'hand-made-secret-0123456789';
    const { post, inbox } = app({ trengoSecret: secret });
    const body = JSON.stringify({ ticket_id: 9, message: 'Hi' });
    const answer = await post('trengo?type=TICKET_CREATED', body, { 'Content-Type': 'application/json', 'Trengo-Signature': trengoSignature(body, secret) });
    expect(answer.status).toBe(200);
    expect(inbox.all().map((event) => [event.type, event.subject, JSON.parse(event.payload)])).toEqual([['TICKET_CREATED', 'ticket:9', { ticket_id: '9', message: 'Hi' }]]);
  });

  it('refuses every delivery when no signing secret is known', async () => {
    const { post, inbox, lines } = app();
    const body = trengoForm({ ticket_id: 1 });
    expect((await post('trengo', body, { 'Trengo-Signature': trengoSignature(body, 'any-secret-0123456789') })).status).toBe(401);
    expect(inbox.all()).toEqual([]);
    expect(lines).toEqual([expect.stringContaining('"reason":"no signing secret known"')]);
  });
});

describe("a sender's time", () => {
  it('reads ISO 8601, seconds and milliseconds, and nothing else', () => {
    expect(epochMsOf('2026-03-02T09:00:00Z')).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(epochMsOf('2026-03-02T10:00:00+01:00')).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(epochMsOf(1_772_441_600)).toBe(1_772_441_600_000);
    expect(epochMsOf('1772441600000')).toBe(1_772_441_600_000);
    for (const value of ['yesterday', '', null, undefined, {}, '2026-13-45T99:00:00Z', Number.NaN]) expect(epochMsOf(value)).toBeNull();
  });
});
