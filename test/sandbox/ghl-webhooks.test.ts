/**
 * The HighLevel sandbox sends webhooks as HighLevel does: every change, made through the API or
 * by someone in HighLevel (`/_sandbox/edits`), posts a JSON event in the shape of HighLevel's
 * webhook reference, signed with Ed25519 in `X-GHL-Signature`, at least once, never holding up
 * the API's answer; and the knobs play duplicates, delays, reordering, pauses and retries.
 */
import { verify } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGhlSandbox, type GhlSandbox } from '../../sandbox/highlevel/index';
import { demoAppointments, demoContacts, demoLocationId, demoNotes, demoTasks } from '../../sandbox/seed';
import reference from './ghl-webhook-schemas.json';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';

const maria = demoContacts.mariaJansen;
const ghlHeaders = { Authorization: 'Bearer sandbox-highlevel-token', Version: '2021-07-28', 'Content-Type': 'application/json' };
const jsonHeaders = { 'Content-Type': 'application/json' };

type Event = Record<string, unknown> & { type: string; webhookId: string; timestamp: string };

let ghl: GhlSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  ghl = await startGhlSandbox({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await ghl.close();
  await receiver.close();
});
beforeEach(() => {
  ghl.reset();
  ghl.webhooks.target = receiver.url;
  receiver.clear();
});

/** A call to the sandbox's API, as the server makes them. */
async function api(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${ghl.url}${path}`, {
    method,
    headers: ghlHeaders,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response;
}

/** A change someone makes in HighLevel itself, outside the API. */
async function edit(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${ghl.url}/_sandbox/edits${path}`, {
    method,
    headers: jsonHeaders,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} /_sandbox/edits${path}`).toBeLessThan(300);
  return response;
}

function parse(webhook: ReceivedWebhook): Event {
  return JSON.parse(webhook.body.toString('utf8')) as Event;
}

/** The events a change sent, once every delivery of it has ended. */
async function eventsOf(change: () => Promise<unknown>): Promise<Event[]> {
  const before = receiver.received.length;
  await change();
  await ghl.webhooks.idle();
  return receiver.received.slice(before).map(parse);
}

function verifies(webhook: ReceivedWebhook, publicKey = ghl.webhookPublicKey): boolean {
  const key = { key: Buffer.from(publicKey, 'base64'), format: 'der' as const, type: 'spki' as const };
  const signature = Buffer.from(String(webhook.headers['x-ghl-signature']), 'base64');
  return verify(null, webhook.body, key, signature);
}

/**
 * The reference schema of the event's type, closed: every field sent must be one the reference
 * names (plus `webhookId` and `timestamp`), with the type it gives.
 */
const validators = new Map<string, ValidateFunction>();
function referenceValidator(type: string): ValidateFunction {
  const schemas: Record<string, { properties: Record<string, unknown> }> = reference.schemas;
  const schema = schemas[type];
  if (!schema) throw new Error(`no reference schema for ${type}`);
  let validator = validators.get(type);
  if (!validator) {
    const closed = structuredClone(schema) as { properties: Record<string, Record<string, unknown>> };
    const appointment = closed.properties.appointment;
    if (appointment) appointment.additionalProperties = false;
    validator = new Ajv({ strict: false, allErrors: true }).compile({
      ...closed,
      properties: { ...closed.properties, webhookId: { type: 'string' }, timestamp: { type: 'string' } },
      required: ['type', 'locationId', 'webhookId', 'timestamp'],
      additionalProperties: false,
    });
    validators.set(type, validator);
  }
  return validator;
}

function expectReferenceShape(event: Event): void {
  const validate = referenceValidator(event.type);
  expect(validate(event), `${event.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
  expect(event.locationId).toBe(demoLocationId);
  expect(event.webhookId).toMatch(/^[0-9a-f-]{36}$/);
  expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp);
}

describe('signed events', () => {
  it('signs the exact body with the Ed25519 key whose public half it shows, SPKI DER in base64', async () => {
    const [event] = await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['Signed'] }));
    expect(event?.type).toBe('ContactTagUpdate');
    const [webhook] = receiver.received;
    if (!webhook) throw new Error('no webhook arrived');
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(verifies(webhook)).toBe(true);

    const tampered = { ...webhook, body: Buffer.from(webhook.body.toString('utf8').replace('signed', 'forged')) };
    expect(verifies(tampered)).toBe(false);
    const other = await startGhlSandbox();
    try {
      expect(other.webhookPublicKey).not.toBe(ghl.webhookPublicKey);
      expect(verifies(webhook, other.webhookPublicKey)).toBe(false);
    } finally {
      await other.close();
    }

    const controls = (await (await fetch(`${ghl.url}/_sandbox/webhooks`)).json()) as Record<string, unknown>;
    expect(controls).toMatchObject({ publicKey: ghl.webhookPublicKey, target: receiver.url, signatureHeader: 'X-GHL-Signature' });
    // 12 bytes of SPKI header and the 32-byte Ed25519 key.
    expect(Buffer.from(ghl.webhookPublicKey, 'base64')).toHaveLength(44);
  });

  it('gives every event its own webhookId', async () => {
    const events = await eventsOf(async () => {
      for (const tag of ['one', 'two', 'three']) await api('POST', `/contacts/${maria}/tags`, { tags: [tag] });
    });
    expect(events).toHaveLength(3);
    expect(new Set(events.map((event) => event.webhookId)).size).toBe(3);
  });

  it('sends nothing while no target is set, and keeps the target and key across a reset', async () => {
    ghl.webhooks.target = null;
    expect(await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['unseen'] }))).toEqual([]);
    expect(ghl.webhooks.attempts).toEqual([]);

    const put = await fetch(`${ghl.url}/_sandbox/webhooks`, { method: 'PUT', headers: jsonHeaders, body: JSON.stringify({ target: receiver.url }) });
    expect(put.status).toBe(200);
    const publicKey = ghl.webhookPublicKey;
    ghl.reset();
    expect(ghl.webhooks.target).toBe(receiver.url);
    expect(ghl.webhookPublicKey).toBe(publicKey);
    expect(await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['seen'] }))).toHaveLength(1);
  });
});

describe('every API change sends the event of its kind', () => {
  it('contacts: create, update, tags, delete', async () => {
    let created = '';
    const [create, ...moreAfterCreate] = await eventsOf(async () => {
      const response = await api('POST', '/contacts/', {
        locationId: demoLocationId,
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.org',
        phone: '+1 415 555 0111',
        companyName: 'Analytical',
      });
      created = ((await response.json()) as { contact: { id: string } }).contact.id;
    });
    expect(moreAfterCreate).toEqual([]);
    expect(create).toMatchObject({
      type: 'ContactCreate',
      id: created,
      firstName: 'Ada',
      lastName: 'Lovelace',
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      phone: '+14155550111',
      companyName: 'Analytical',
      tags: [],
      dnd: false,
    });

    const [update, ...moreAfterUpdate] = await eventsOf(() => api('PUT', `/contacts/${created}`, { firstName: 'Augusta' }));
    expect(moreAfterUpdate).toEqual([]);
    expect(update).toMatchObject({ type: 'ContactUpdate', id: created, firstName: 'Augusta', name: 'Augusta Lovelace' });

    const [tagAdded] = await eventsOf(() => api('POST', `/contacts/${created}/tags`, { tags: ['Poet'] }));
    expect(tagAdded).toMatchObject({ type: 'ContactTagUpdate', id: created, tags: ['poet'] });
    const [tagRemoved] = await eventsOf(() => api('DELETE', `/contacts/${created}/tags`, { tags: ['poet'] }));
    expect(tagRemoved).toMatchObject({ type: 'ContactTagUpdate', id: created, tags: [] });

    const both = await eventsOf(() => api('PUT', `/contacts/${created}`, { lastName: 'King', tags: ['countess'] }));
    expect(both.map((event) => event.type)).toEqual(['ContactUpdate', 'ContactTagUpdate']);

    const [deleted] = await eventsOf(() => api('DELETE', `/contacts/${created}`));
    expect(deleted).toMatchObject({ type: 'ContactDelete', id: created, email: 'ada@example.org' });

    for (const event of [create, update, tagAdded, tagRemoved, ...both, deleted]) if (event) expectReferenceShape(event);
  });

  it('a change that leaves the contact as it was sends nothing', async () => {
    expect(await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['vip'] }))).toEqual([]);
    expect(await eventsOf(() => api('PUT', `/contacts/${maria}`, { firstName: 'Maria' }))).toEqual([]);
  });

  it('tasks: create (without its body, as HighLevel often does), complete, delete; no event for an edit or a reopen', async () => {
    let taskId = '';
    const [created] = await eventsOf(async () => {
      const response = await api('POST', `/contacts/${maria}/tasks`, {
        title: 'Call back',
        body: 'About the quote',
        dueDate: '2031-01-02T09:00:00Z',
        completed: false,
      });
      taskId = ((await response.json()) as { task: { id: string } }).task.id;
    });
    expect(created).toMatchObject({ type: 'TaskCreate', id: taskId, contactId: maria, title: 'Call back', dueDate: '2031-01-02T09:00:00.000Z' });
    expect(created).not.toHaveProperty('body');

    expect(await eventsOf(() => api('PUT', `/contacts/${maria}/tasks/${taskId}`, { title: 'Call back today' }))).toEqual([]);
    const [completed] = await eventsOf(() => api('PUT', `/contacts/${maria}/tasks/${taskId}/completed`, { completed: true }));
    expect(completed).toMatchObject({ type: 'TaskComplete', id: taskId, contactId: maria, title: 'Call back today', body: 'About the quote' });
    expect(await eventsOf(() => api('PUT', `/contacts/${maria}/tasks/${taskId}/completed`, { completed: false }))).toEqual([]);

    const [deleted] = await eventsOf(() => api('DELETE', `/contacts/${maria}/tasks/${taskId}`));
    expect(deleted).toMatchObject({ type: 'TaskDelete', id: taskId, contactId: maria });

    for (const event of [created, completed, deleted]) if (event) expectReferenceShape(event);
  });

  it("TaskCreate's omissions are a knob: nothing left out, or contactId too", async () => {
    const task = { title: 'Measure', body: 'Kitchen', dueDate: '2031-01-02T09:00:00Z', completed: false };
    ghl.webhooks.taskCreateOmits.clear();
    const [whole] = await eventsOf(() => api('POST', `/contacts/${maria}/tasks`, task));
    expect(whole).toMatchObject({ type: 'TaskCreate', body: 'Kitchen', contactId: maria });

    const put = await fetch(`${ghl.url}/_sandbox/webhooks`, {
      method: 'PUT',
      headers: jsonHeaders,
      body: JSON.stringify({ taskCreateOmits: ['body', 'contactId'] }),
    });
    expect(await put.json()).toMatchObject({ taskCreateOmits: ['body', 'contactId'] });
    const [bare] = await eventsOf(() => api('POST', `/contacts/${maria}/tasks`, task));
    expect(bare).toMatchObject({ type: 'TaskCreate', title: 'Measure' });
    expect(bare).not.toHaveProperty('body');
    expect(bare).not.toHaveProperty('contactId');

    ghl.reset();
    expect([...ghl.webhooks.taskCreateOmits]).toEqual(['body']);
  });

  it('notes: create, update, delete', async () => {
    let noteId = '';
    const [created] = await eventsOf(async () => {
      const response = await api('POST', `/contacts/${maria}/notes`, { body: '<p>Prefers mornings</p>' });
      noteId = ((await response.json()) as { note: { id: string } }).note.id;
    });
    expect(created).toMatchObject({ type: 'NoteCreate', id: noteId, contactId: maria, body: '<p>Prefers mornings</p>' });
    const [updated] = await eventsOf(() => api('PUT', `/contacts/${maria}/notes/${noteId}`, { body: '<p>Prefers evenings</p>' }));
    expect(updated).toMatchObject({ type: 'NoteUpdate', id: noteId, body: '<p>Prefers evenings</p>' });
    const [deleted] = await eventsOf(() => api('DELETE', `/contacts/${maria}/notes/${noteId}`));
    expect(deleted).toMatchObject({ type: 'NoteDelete', id: noteId, contactId: maria });
    for (const event of [created, updated, deleted]) if (event) expectReferenceShape(event);
  });

  it('answers the API at once while the receiver takes its time', async () => {
    receiver.answerDelayMs = 1500;
    const started = performance.now();
    await api('POST', `/contacts/${maria}/tags`, { tags: ['patient'] });
    expect(performance.now() - started).toBeLessThan(1000);
    await ghl.webhooks.idle();
    expect(receiver.received).toHaveLength(1);
  });
});

describe('someone editing in HighLevel', () => {
  it('changes a field, tags, tasks, notes and appointments, each with its event, outside the API record', async () => {
    const steps: [string, () => Promise<unknown>][] = [
      ['ContactUpdate', () => edit('PUT', `/contacts/${maria}`, { city: 'Oakland' })],
      ['ContactTagUpdate', () => edit('POST', `/contacts/${maria}/tags`, { tags: ['Edited in HighLevel'] })],
      ['ContactTagUpdate', () => edit('DELETE', `/contacts/${maria}/tags`, { tags: ['edited in highlevel'] })],
      ['TaskCreate', () => edit('POST', `/contacts/${maria}/tasks`, { title: 'From HighLevel', dueDate: '2031-05-01T10:00:00Z', completed: false })],
      ['TaskComplete', () => edit('PUT', `/contacts/${maria}/tasks/${demoTasks.overdue}/completed`, { completed: true })],
      ['TaskDelete', () => edit('DELETE', `/contacts/${maria}/tasks/${demoTasks.dueNextWeek}`)],
      ['NoteCreate', () => edit('POST', `/contacts/${maria}/notes`, { body: 'Called from the office' })],
      ['NoteDelete', () => edit('DELETE', `/contacts/${maria}/notes/${demoNotes.html}`)],
      [
        'AppointmentCreate',
        () => edit('POST', '/appointments', { contactId: maria, title: 'Follow-up', startTime: '2031-05-02 10:00:00', endTime: '2031-05-02 11:00:00' }),
      ],
      ['AppointmentUpdate', () => edit('PUT', `/appointments/${demoAppointments.upcomingSoon}`, { appointmentStatus: 'cancelled' })],
      ['AppointmentDelete', () => edit('DELETE', `/appointments/${demoAppointments.pastOlder}`)],
    ];
    for (const [type, step] of steps) {
      const events = await eventsOf(step);
      expect(events.map((event) => event.type), type).toEqual([type]);
      expectReferenceShape(events[0]!);
    }
    expect(ghl.store.contacts.get(maria)?.city).toBe('Oakland');
    expect(ghl.calls).toEqual([]);
  });

  it('sends appointment times as instants with their offset, and the appointment in its own object', async () => {
    const [event] = await eventsOf(() => edit('PUT', `/appointments/${demoAppointments.upcomingSoon}`, { title: 'Site measurement (moved)' }));
    const appointment = event?.appointment as Record<string, unknown>;
    expect(appointment).toMatchObject({ id: demoAppointments.upcomingSoon, contactId: maria, title: 'Site measurement (moved)' });
    const stored = ghl.store.appointments.get(demoAppointments.upcomingSoon)!;
    expect(appointment.startTime).toMatch(/Z$/);
    expect(Date.parse(String(appointment.startTime))).not.toBeNaN();
    expect(stored.startTime).not.toMatch(/Z$/);
  });

  it('refuses an unknown record or a bad body in HighLevel words', async () => {
    const unknown = await fetch(`${ghl.url}/_sandbox/edits/contacts/${'x'.repeat(20)}/tags`, {
      method: 'POST',
      headers: jsonHeaders,
      body: JSON.stringify({ tags: ['a'] }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404, message: 'Contact not found' });
    const bad = await fetch(`${ghl.url}/_sandbox/edits/appointments`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ contactId: maria }) });
    expect(bad.status).toBe(422);
    expect(receiver.received).toEqual([]);
  });
});

describe('delivery: at least once, and the bad days', () => {
  it('retries a failing receiver with growing waits until it answers 2xx, the same signed body each time', async () => {
    ghl.webhooks.retryDelayMs = 40;
    receiver.answers.push(500, 503);
    await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['retried'] }));

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((webhook) => webhook.body.toString('utf8'))).size).toBe(1);
    expect(receiver.received.every((webhook) => verifies(webhook))).toBe(true);
    expect(ghl.webhooks.attempts.map(({ attempt, status, outcome }) => ({ attempt, status, outcome }))).toEqual([
      { attempt: 1, status: 500, outcome: 'retrying' },
      { attempt: 2, status: 503, outcome: 'retrying' },
      { attempt: 3, status: 200, outcome: 'delivered' },
    ]);
    const [first, second, third] = receiver.received.map((webhook) => webhook.receivedAt);
    expect(second! - first!).toBeGreaterThanOrEqual(35);
    expect(third! - second!).toBeGreaterThanOrEqual(75);
  });

  it('gives up after maxAttempts, and counts a refused connection as a failure', async () => {
    ghl.webhooks.retryDelayMs = 5;
    ghl.webhooks.maxAttempts = 3;
    receiver.answers.push(500, 500, 500, 500);
    await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['lost'] }));
    expect(ghl.webhooks.attempts.map((attempt) => attempt.outcome)).toEqual(['retrying', 'retrying', 'gave-up']);

    const closed = await startWebhookReceiver();
    const unreachable = closed.url;
    await closed.close();
    ghl.webhooks.clearAttempts();
    ghl.webhooks.target = unreachable;
    ghl.webhooks.maxAttempts = 2;
    await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['unreachable'] }));
    expect(ghl.webhooks.attempts).toEqual([
      expect.objectContaining({ status: 0, attempt: 1, outcome: 'retrying', error: expect.any(String) }),
      expect.objectContaining({ status: 0, attempt: 2, outcome: 'gave-up' }),
    ]);
  });

  it('duplicates share the webhookId and the signature', async () => {
    ghl.webhooks.duplicateRate = 1;
    const events = await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['twice'] }));
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual(events[1]);
    const [one, two] = receiver.received;
    expect(one?.headers['x-ghl-signature']).toBe(two?.headers['x-ghl-signature']);
    expect(ghl.webhooks.attempts.map((attempt) => attempt.copy).sort()).toEqual([1, 2]);
    console.log(`duplicates: ${events.length} deliveries of ${new Set(events.map((event) => event.webhookId)).size} event`);
  });

  it('a pause holds events, retries included, and the release can reverse their order', async () => {
    ghl.webhooks.pause();
    for (const tag of ['first', 'second', 'third']) await api('POST', `/contacts/${maria}/tags`, { tags: [tag] });
    await ghl.webhooks.idle();
    expect(receiver.received).toEqual([]);
    expect(ghl.webhooks.pending).toBe(3);

    const put = await fetch(`${ghl.url}/_sandbox/webhooks`, {
      method: 'PUT',
      headers: jsonHeaders,
      body: JSON.stringify({ paused: false, releaseOrder: 'reverse' }),
    });
    expect(await put.json()).toMatchObject({ paused: false });
    await ghl.webhooks.idle();
    const tags = receiver.received.map((webhook) => (parse(webhook).tags as string[]).at(-1));
    expect(tags).toEqual(['third', 'second', 'first']);
  });

  it('delays every delivery by delayMs', async () => {
    ghl.webhooks.delayMs = 200;
    const started = Date.now();
    await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['late'] }));
    expect(receiver.received[0]!.receivedAt - started).toBeGreaterThanOrEqual(190);
  });

  it('takes its settings and shows every attempt over HTTP, for other processes', async () => {
    const put = (body: unknown) => fetch(`${ghl.url}/_sandbox/webhooks`, { method: 'PUT', headers: jsonHeaders, body: JSON.stringify(body) });
    const answer = await put({ duplicateRate: 0.5, delayMs: 10, jitterMs: 20, maxAttempts: 4, retryDelayMs: 50, timeoutMs: 2000 });
    expect(await answer.json()).toMatchObject({
      duplicateRate: 0.5,
      delayMs: 10,
      jitterMs: 20,
      maxAttempts: 4,
      retryDelayMs: 50,
      timeoutMs: 2000,
      paused: false,
      pending: 0,
    });
    expect((await put({ duplicateRate: 2 })).status).toBe(400);
    expect((await put({ target: 'ftp://example.org/' })).status).toBe(400);
    expect((await put({ unknown: true })).status).toBe(400);

    await put({ duplicateRate: 0 });
    await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['recorded'] }));
    const deliveries = (await (await fetch(`${ghl.url}/_sandbox/webhooks/deliveries`)).json()) as Record<string, unknown>[];
    expect(deliveries).toEqual([
      expect.objectContaining({ type: 'ContactTagUpdate', url: receiver.url, status: 200, outcome: 'delivered', attempt: 1, copy: 1 }),
    ]);
    expect((await fetch(`${ghl.url}/_sandbox/webhooks/deliveries`, { method: 'DELETE' })).status).toBe(204);
    expect(ghl.webhooks.attempts).toEqual([]);

    await put({ target: null });
    expect(ghl.webhooks.target).toBeNull();
  });

  it('a reset drops held deliveries and ends the pause', async () => {
    ghl.webhooks.pause();
    await api('POST', `/contacts/${maria}/tags`, { tags: ['dropped'] });
    expect(ghl.webhooks.pending).toBe(1);
    ghl.reset();
    expect(ghl.webhooks.pending).toBe(0);
    expect(ghl.webhooks.paused).toBe(false);
    await ghl.webhooks.idle();
    expect(receiver.received).toEqual([]);
  });
});

describe('Workflow webhooks', () => {
  it("send the contact's fields flat with the location, unsigned, with the shared secret in X-Webhook-Secret", async () => {
    const put = await fetch(`${ghl.url}/_sandbox/webhooks`, {
      method: 'PUT',
      headers: jsonHeaders,
      body: JSON.stringify({ mode: 'workflow', workflowSecret: 'shared-secret-of-the-workflow' }),
    });
    expect(await put.json()).toMatchObject({ mode: 'workflow', workflowSecret: 'shared-secret-of-the-workflow' });

    const [tagged] = await eventsOf(() => api('POST', `/contacts/${maria}/tags`, { tags: ['Workflow'] }));
    const webhook = receiver.received[0]!;
    expect(webhook.headers['x-webhook-secret']).toBe('shared-secret-of-the-workflow');
    expect(webhook.headers['x-ghl-signature']).toBeUndefined();
    expect(tagged).toMatchObject({
      contact_id: maria,
      first_name: 'Maria',
      last_name: 'Jansen',
      email: 'maria@jansen-interiors.example',
      tags: expect.stringContaining('workflow'),
      location: { id: demoLocationId, name: expect.any(String) },
      workflow: { id: expect.any(String), name: expect.stringContaining('ContactTagUpdate') },
    });
    expect(tagged).not.toHaveProperty('webhookId');

    // A task of the contact triggers one too, describing the contact; a deleted contact none.
    const [task] = await eventsOf(() => api('POST', `/contacts/${maria}/tasks`, { title: 'W', dueDate: '2031-01-01T00:00:00Z', completed: false }));
    expect(task).toMatchObject({ contact_id: maria, workflow: { name: expect.stringContaining('TaskCreate') } });
    expect(await eventsOf(() => api('DELETE', `/contacts/${demoContacts.liamChen}`))).toEqual([]);

    ghl.reset();
    expect(ghl.webhooks.mode).toBe('app');
  });
});

describe('writes straight into the store', () => {
  it('set data up without sending events; the save methods send them', async () => {
    const record = ghl.store.contacts.get(maria)!;
    expect(await eventsOf(async () => ghl.store.contacts.set(maria, { ...record, city: 'Quiet' }))).toEqual([]);
    const [event] = await eventsOf(async () => ghl.store.saveContact({ ...record, city: 'Loud' }));
    expect(event).toMatchObject({ type: 'ContactUpdate', id: maria, city: 'Loud' });
  });
});
