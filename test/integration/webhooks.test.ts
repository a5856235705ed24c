/**
 * The webhook receivers over HTTP, on the real server: only deliveries that prove their sender
 * are stored, each event once however often it is delivered, processed once after the answer,
 * and a restart between storing and processing loses none. HighLevel's signatures are made with
 * the test's own Ed25519 key, configured as GHL_WEBHOOK_PUBLIC_KEY.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { apiErrorSchema } from '../../shared/api';
import { openStore } from '../../server/store/sqlite/index';
import { jsonOf, rawRequest } from '../security/raw-http';
import { startStack, type Stack } from '../support/stack';
import {
  eventually,
  highLevelEvent,
  highLevelSignature,
  highLevelSigningKey,
  post,
  recordingTargets,
  trengoForm,
  trengoSignature,
} from '../support/webhooks';

const key = highLevelSigningKey();
const otherKey = highLevelSigningKey();
const workflowSecret = 'workflow-secret-of-the-test-0123456789';
const trengoSecret = 'trengo-hand-made-secret-0123456789';

type InboxRow = { source: string; type: string; subject: string; state: string; attempts: number };

/** The inbox as the database holds it, read beside the running server. */
function inboxRows(databasePath: string): InboxRow[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], InboxRow>('SELECT source, type, subject, state, attempts FROM inbox ORDER BY seq').all();
  } finally {
    db.close();
  }
}

const env = { GHL_WEBHOOK_PUBLIC_KEY: key.publicKey, GHL_WEBHOOK_SECRET: workflowSecret, TRENGO_WEBHOOK_SECRET: trengoSecret };

describe('webhooks on a running server', () => {
  let stack: Stack;
  const recorder = recordingTargets();
  let locationId: string;
  const highlevel = (body: string, headers: Record<string, string>) =>
    post(`${stack.url}/webhooks/highlevel`, body, { 'Content-Type': 'application/json', ...headers });
  const trengo = (body: string, headers: Record<string, string>, query = '') =>
    post(`${stack.url}/webhooks/trengo${query}`, body, { 'Content-Type': 'application/x-www-form-urlencoded', ...headers });
  const stored = () => inboxRows(stack.databasePath);
  const expectRefused = (answer: { status: number; body: unknown }, status: number) => {
    expect(answer.status).toBe(status);
    expect(apiErrorSchema.safeParse(answer.body).success).toBe(true);
  };

  beforeAll(async () => {
    stack = await startStack(env, {}, { eventTargets: recorder.targets, inboxWorker: { pollMs: 50 } });
    locationId = stack.config.ghl.locationId;
  });
  afterAll(() => stack.close());

  it('refuses missing, wrong, tampered, old and future signatures, storing nothing', async () => {
    const body = highLevelEvent({ type: 'ContactUpdate', locationId, id: demoContacts.mariaJansen });
    const tampered = body.replace(demoContacts.mariaJansen, demoContacts.liamChen);
    const old = highLevelEvent({ type: 'ContactUpdate', locationId, id: demoContacts.mariaJansen }, Date.now() - 6 * 60_000);
    const future = highLevelEvent({ type: 'ContactUpdate', locationId, id: demoContacts.mariaJansen }, Date.now() + 6 * 60_000);
    const answers = {
      missing: await highlevel(body, {}),
      otherKey: await highlevel(body, { 'X-GHL-Signature': highLevelSignature(body, otherKey.privateKey) }),
      garbage: await highlevel(body, { 'X-GHL-Signature': 'not base64 at all!' }),
      tampered: await highlevel(tampered, { 'X-GHL-Signature': highLevelSignature(body, key.privateKey) }),
      old: await highlevel(old, { 'X-GHL-Signature': highLevelSignature(old, key.privateKey) }),
      future: await highlevel(future, { 'X-GHL-Signature': highLevelSignature(future, key.privateKey) }),
      legacyGarbage: await highlevel(body, { 'X-WH-Signature': highLevelSignature(body, key.privateKey) }),
      // The legacy signature is a fallback only: a wrong X-GHL-Signature is not rescued by it.
      badWithLegacy: await highlevel(body, { 'X-GHL-Signature': highLevelSignature(body, otherKey.privateKey), 'X-WH-Signature': 'AAAA' }),
    };
    for (const answer of Object.values(answers)) expectRefused(answer, 401);
    expect(stored()).toEqual([]);
    const warnings = stack.logs.filter((line) => line.includes('"webhook refused"'));
    expect(warnings).toHaveLength(Object.keys(answers).length);
    expect(warnings.every((line) => line.includes('"level":"warn"') && !line.includes(demoContacts.liamChen))).toBe(true);
  });

  it('stores one event delivered five times once, and processes it once', async () => {
    const contactId = demoContacts.liamChen;
    const body = highLevelEvent({ type: 'TaskCreate', locationId, id: 'task0000000000000001', contactId });
    const signature = highLevelSignature(body, key.privateKey);
    const answers = await Promise.all(Array.from({ length: 5 }, () => highlevel(body, { 'X-GHL-Signature': signature })));
    const receipts = answers.map((answer) => (answer.body as { received: string }).received).sort();
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(receipts).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'stored']);
    await eventually(() => stored().every((row) => row.state === 'done') && recorder.calls.length > 0, 5000, 'the event to be processed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const processed = recorder.calls.filter((call) => call === `contactChanged ${contactId} tasks`);
    console.info(`5 deliveries of one event: ${receipts.filter((r) => r === 'stored').length} stored, ${processed.length} processed`);
    expect(processed).toHaveLength(1);
    expect(stored().filter((row) => row.subject === `contact:${contactId}`)).toEqual([
      { source: 'highlevel', type: 'TaskCreate', subject: `contact:${contactId}`, state: 'done', attempts: 0 },
    ]);
  });

  it('answers a delivery replayed after 5 minutes with a 401, and one of another location with 200 but stores neither', async () => {
    const before = stored().length;
    const replayed = highLevelEvent({ type: 'NoteCreate', locationId, contactId: demoContacts.liamChen }, Date.now() - 10 * 60_000);
    expectRefused(await highlevel(replayed, { 'X-GHL-Signature': highLevelSignature(replayed, key.privateKey) }), 401);
    const elsewhere = highLevelEvent({ type: 'ContactUpdate', locationId: 'AnotherLocation0001', id: demoContacts.liamChen });
    const answer = await highlevel(elsewhere, { 'X-GHL-Signature': highLevelSignature(elsewhere, key.privateKey) });
    expect(answer).toEqual({ status: 200, body: { received: 'ignored' } });
    expect(stored()).toHaveLength(before);
  });

  it('accepts a Workflow webhook only with the secret, and refreshes every part of its contact', async () => {
    const body = JSON.stringify({
      contact_id: demoContacts.mariaJansen,
      first_name: 'Maria',
      email: 'maria@example.com',
      phone: '+31612345678',
      tags: 'vip',
      location: { id: locationId, name: 'Demo' },
      workflow: { id: 'wf1', name: 'Tell the sidebar' },
    });
    const before = stored().length;
    expectRefused(await highlevel(body, {}), 401);
    expectRefused(await highlevel(body, { 'X-Webhook-Secret': `${workflowSecret}x` }), 401);
    expectRefused(await highlevel(body, { 'X-Webhook-Secret': '' }), 401);
    expect(stored()).toHaveLength(before);

    const accepted = await highlevel(body, { 'X-Webhook-Secret': workflowSecret });
    expect(accepted).toEqual({ status: 200, body: { received: 'stored' } });
    const parts = ['contact', 'tasks', 'notes', 'appointments'].map((part) => `contactChanged ${demoContacts.mariaJansen} ${part}`);
    await eventually(() => parts.every((call) => recorder.calls.includes(call)), 5000, 'the Workflow event to be processed');
    expect(stored().at(-1)).toMatchObject({ type: 'Workflow', subject: `contact:${demoContacts.mariaJansen}`, state: 'done' });
    // The same body after the first was processed is a new change (a second task leaves the contact's fields as they were).
    expect(await highlevel(body, { 'X-Webhook-Secret': workflowSecret })).toEqual({ status: 200, body: { received: 'stored' } });
    await eventually(() => recorder.calls.filter((call) => call === parts[1]).length === 2, 5000, 'the second Workflow event to be processed');

    const noContact = JSON.stringify({ location: { id: locationId } });
    expectRefused(await highlevel(noContact, { 'X-Webhook-Secret': workflowSecret }), 400);
  });

  it('accepts Trengo form bodies signed with the signing secret, and refuses bad and stale signatures', async () => {
    const ticketId = demoTickets.matched;
    const body = trengoForm({ ticket_id: ticketId, contact_id: 77, contact_name: 'Maria Jansen', message: 'Hello & welcome=yes', channel_id: 3 });
    const before = stored().length;
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const refused = [
      await trengo(body, {}),
      await trengo(body, { 'Trengo-Signature': trengoSignature(body, 'some-other-secret-0123456789') }),
      await trengo(body, { 'Trengo-Signature': trengoSignature(body, trengoSecret, stale) }),
      await trengo(body, { 'Trengo-Signature': trengoSignature(body, trengoSecret, Math.floor(Date.now() / 1000) + 6 * 60) }),
      await trengo(`${body}&extra=1`, { 'Trengo-Signature': trengoSignature(body, trengoSecret) }),
      await trengo(body, { 'Trengo-Signature': 'garbage' }),
    ];
    for (const answer of refused) expectRefused(answer, 401);
    expect(stored()).toHaveLength(before);

    const signature = trengoSignature(body, trengoSecret);
    const first = await trengo(body, { 'Trengo-Signature': signature }, '?type=INBOUND');
    const again = await trengo(body, { 'Trengo-Signature': signature }, '?type=INBOUND');
    expect([first, again]).toEqual([
      { status: 200, body: { received: 'stored' } },
      { status: 200, body: { received: 'duplicate' } },
    ]);
    await eventually(() => recorder.calls.includes(`ticketActivity ${ticketId}`), 5000, 'the Trengo event to be processed');
    expect(stored().filter((row) => row.source === 'trengo')).toEqual([
      { source: 'trengo', type: 'INBOUND', subject: `ticket:${ticketId}`, state: 'done', attempts: 0 },
    ]);

    // A type the product does not use is stored and done without a call.
    const closed = trengoForm({ ticket_id: ticketId });
    expect((await trengo(closed, { 'Trengo-Signature': trengoSignature(closed, trengoSecret) }, '?type=TICKET_CLOSED')).status).toBe(200);
    await eventually(() => stored().filter((row) => row.source === 'trengo').every((row) => row.state === 'done'), 5000, 'the ignored type to be done');
    expect(recorder.calls.filter((call) => call === `ticketActivity ${ticketId}`)).toHaveLength(1);
  });

  it('refuses a body over WEBHOOK_MAX_BODY_BYTES with a 413, and takes one over MAX_BODY_BYTES but under it', async () => {
    const before = stored().length;
    const huge = highLevelEvent({ type: 'NoteCreate', locationId, contactId: demoContacts.liamChen, body: 'x'.repeat(300 * 1024) });
    const declared = await rawRequest(stack.url, {
      method: 'POST',
      path: '/webhooks/highlevel',
      headers: { 'Content-Type': 'application/json', 'X-GHL-Signature': highLevelSignature(huge, key.privateKey) },
      body: huge,
    });
    expectRefused({ status: declared.status, body: jsonOf(declared) }, 413);
    const hugeForm = trengoForm({ ticket_id: 1, message: 'x'.repeat(300 * 1024) });
    const streamed = await fetch(`${stack.url}/webhooks/trengo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Trengo-Signature': trengoSignature(hugeForm, trengoSecret) },
      body: new Blob([hugeForm]).stream(),
      duplex: 'half',
    } as RequestInit);
    expectRefused({ status: streamed.status, body: await streamed.json() }, 413);
    expect(stored()).toHaveLength(before);

    const large = highLevelEvent({ type: 'NoteCreate', locationId, contactId: demoContacts.liamChen, body: 'x'.repeat(100 * 1024) });
    expect((await highlevel(large, { 'X-GHL-Signature': highLevelSignature(large, key.privateKey) })).status).toBe(200);
    expect(stored()).toHaveLength(before + 1);
  });

  it('keeps webhook routes out of the widget session and the error shape for other methods', async () => {
    const answer = await fetch(`${stack.url}/webhooks/highlevel`);
    expect(answer.status).toBe(404);
    expect(apiErrorSchema.safeParse(await answer.json()).success).toBe(true);
  });
});

describe('a restart between storing an event and processing it', () => {
  it('loses no event: the next server on the same database processes it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sidebar-webhooks-'));
    const databasePath = join(folder, 'sidebar.db');
    const registeredSecret = 'registered-trengo-signing-secret-42';
    // A Trengo webhook the server registered earlier: its signing secret is in the database.
    const seeding = openStore(databasePath);
    seeding.trengoWebhooks.save({ eventType: 'INBOUND', webhookId: '9001', url: 'https://sidebar.example/webhooks/trengo', signingSecret: registeredSecret, registeredAt: Date.now() });
    seeding.close();

    const first = recordingTargets();
    first.hang();
    let stack: Stack | null = await startStack({ ...env, DATABASE_PATH: databasePath }, {}, { eventTargets: first.targets, inboxWorker: { pollMs: 50, stopWithinMs: 200 } });
    try {
      const locationId = stack.config.ghl.locationId;
      const contactId = demoContacts.mariaJansen;
      const event = highLevelEvent({ type: 'ContactTagUpdate', locationId, id: contactId });
      const ticketBody = trengoForm({ ticket_id: demoTickets.matched, message: 'Are you there?' });
      const answers = [
        await post(`${stack.url}/webhooks/highlevel`, event, { 'Content-Type': 'application/json', 'X-GHL-Signature': highLevelSignature(event, key.privateKey) }),
        await post(`${stack.url}/webhooks/trengo`, ticketBody, {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Trengo-Signature': trengoSignature(ticketBody, registeredSecret),
        }),
      ];
      expect(answers.map((answer) => answer.body)).toEqual([{ received: 'stored' }, { received: 'stored' }]);
      await eventually(() => first.arrived.length === 2, 5000, 'both events to be taken up');
      await stack.close();
      stack = null;
      expect(first.calls).toEqual([]);
      expect(inboxRows(databasePath).map((row) => row.state)).toEqual(['pending', 'pending']);

      const second = recordingTargets();
      stack = await startStack({ ...env, DATABASE_PATH: databasePath }, {}, { eventTargets: second.targets, inboxWorker: { pollMs: 50 } });
      await eventually(() => second.calls.length === 2, 5000, 'the events to be processed after the restart');
      await eventually(() => inboxRows(databasePath).every((row) => row.state === 'done'), 5000, 'the events to be done');
      console.info(`restart between storing and processing: 2 stored, ${first.calls.length} processed before, ${second.calls.length} after`);
      expect(second.calls.sort()).toEqual([`contactChanged ${contactId} contact`, `ticketActivity ${demoTickets.matched}`]);
      expect(inboxRows(databasePath).map((row) => row.type)).toEqual(['ContactTagUpdate', 'INBOUND']);
    } finally {
      await stack?.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('Trengo webhook registration with PUBLIC_URL', () => {
  it('registers one webhook per event type, keeps them across restarts, makes a missing one again, and receives their events', async () => {
    const publicUrl = 'https://sidebar.example.test';
    const recorder = recordingTargets();
    let serverUrl = '';
    // Trengo posts to the public address; here it reaches the test server.
    const webhookFetch: typeof fetch = (input, init) => fetch(String(input).replace(publicUrl, serverUrl), init);
    const stack = await startStack({ ...env, PUBLIC_URL: publicUrl }, { trengo: { webhookFetch } }, { eventTargets: recorder.targets, inboxWorker: { pollMs: 50 } });
    serverUrl = stack.url;
    try {
      const registrations = () => [...stack.trengo.webhooks.registrations.values()].map((webhook) => ({ id: webhook.id, type: webhook.type, url: webhook.url }));
      await eventually(() => registrations().length === 2, 5000, 'the webhooks to be registered');
      const first = registrations();
      expect(first.map((webhook) => webhook.type).sort()).toEqual(['INBOUND', 'TICKET_CREATED']);
      expect(first.every((webhook) => webhook.url === `${publicUrl}/webhooks/trengo`)).toBe(true);

      await stack.restart();
      await eventually(() => stack.logs.filter((line) => line.includes('"Trengo webhooks in place"')).length === 2, 5000, 'the second round');
      expect(registrations()).toEqual(first);

      // Someone removes one in Trengo: the next start registers it again, and only it.
      const inbound = first.find((webhook) => webhook.type === 'INBOUND')!;
      stack.trengo.webhooks.registrations.delete(inbound.id);
      await stack.restart();
      await eventually(() => registrations().length === 2, 5000, 'the missing webhook to be registered again');
      const third = registrations();
      expect(third.find((webhook) => webhook.type === 'TICKET_CREATED')).toEqual(first.find((webhook) => webhook.type === 'TICKET_CREATED'));
      expect(third.find((webhook) => webhook.type === 'INBOUND')?.id).not.toBe(inbound.id);
      console.info(`registration over 3 starts: ${third.length} webhooks at Trengo, ids ${third.map((webhook) => webhook.id).join(', ')}`);

      stack.trengo.activity.receiveMessage({ ticketId: Number(demoTickets.matched), message: 'Is my order on its way?' });
      await eventually(() => recorder.calls.includes(`ticketActivity ${demoTickets.matched}`), 5000, 'the INBOUND event to be processed');
      const delivered = () => stack.trengo.webhooks.attempts.filter((attempt) => attempt.type === 'INBOUND');
      await eventually(() => delivered().length > 0, 5000, 'the delivery to be recorded');
      expect(delivered().map((attempt) => attempt.status)).toEqual([200]);
    } finally {
      await stack.close();
    }
  }, 30_000);
});
