/**
 * The HighLevel client against the HighLevel sandbox over real HTTP: every method round-trips,
 * every failure arrives as the right `OutsideError`, and retries, sharing and caching show in the
 * calls the sandbox recorded.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutsideCall } from '../../server/platform/outside-http';
import { createGhlClient, type GhlClientOptions } from '../../server/crm/highlevel/index';
import { failure } from '../support/failure';
import {
  demoBusinessId,
  demoContacts,
  demoLocationId,
  demoNotes,
  demoTasks,
  startGhlSandbox,
  type GhlSandbox,
} from '../../sandbox/index';

const maria = demoContacts.mariaJansen;
let sandbox: GhlSandbox;

beforeAll(async () => {
  sandbox = await startGhlSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

/** A client of the demo location with a fresh cache and short retry waits. */
function client(options: Partial<GhlClientOptions> = {}) {
  return createGhlClient({
    baseUrl: sandbox.url,
    locationId: demoLocationId,
    token: () => sandbox.token,
    retryBaseMs: 5,
    ...options,
  });
}

/** A created record; the sandbox always answers a create with one the client can read. */
function readable<T>(record: T | null): T {
  if (record === null) throw new Error('the sandbox answered a create without a readable record');
  return record;
}

/** The API calls the sandbox answered, as `METHOD path status`. */
function recorded(): string[] {
  return sandbox.calls.map((call) => `${call.method} ${call.path} ${call.status}`);
}


describe('every method round-trips', () => {
  it('finds contacts by email, phone, free text and duplicate lookup', async () => {
    const ghl = client();
    const byEmail = await ghl.searchContacts({ email: 'MARIA@jansen-interiors.example' });
    expect(byEmail.total).toBe(1);
    expect(byEmail.contacts[0]).toMatchObject({ id: maria, firstName: 'Maria' });

    const byPhone = await ghl.searchContacts({ phone: '+14155550134' });
    expect(byPhone.contacts.map((c) => c.id).sort()).toEqual(
      [demoContacts.danielOkafor, demoContacts.graceOkafor].sort(),
    );

    const byText = await ghl.searchContacts({ query: 'jansen', pageLimit: 2 });
    expect(byText.contacts).toHaveLength(2);
    expect(byText.total).toBeGreaterThanOrEqual(3);

    expect((await ghl.findDuplicate({ number: '+14155550199' }))?.id).toBe(demoContacts.liamChen);
    expect((await ghl.findDuplicate({ email: 'maria@jansen-interiors.example' }))?.id).toBe(maria);
    expect(await ghl.findDuplicate({ email: 'nobody+x@example.com' })).toBeNull();
  });

  it('lists contacts, and the contacts of a business', async () => {
    const ghl = client();
    const listed = await ghl.listContacts({ query: 'okafor', limit: 10 });
    expect(listed.contacts).toHaveLength(2);
    expect(listed.total).toBe(2);
    const colleagues = await ghl.getContactsByBusiness(demoBusinessId, { limit: 10 });
    expect(colleagues.contacts.map((c) => c.id)).toContain(maria);
    expect(colleagues.contacts.every((c) => c.businessId === demoBusinessId)).toBe(true);
  });

  it('reads a contact with its tasks, notes and appointments', async () => {
    const ghl = client();
    const [contact, tasks, notes, appointments] = await Promise.all([
      ghl.getContact(maria),
      ghl.getTasks(maria),
      ghl.getNotes(maria),
      ghl.getAppointments(maria),
    ]);
    expect(contact).toMatchObject({ id: maria, companyName: 'Jansen Interiors' });
    expect(contact.tags).toContain('vip');
    expect(tasks.map((t) => t.id)).toContain(demoTasks.overdue);
    expect(notes.map((n) => n.id)).toContain(demoNotes.plain);
    expect(appointments.length).toBe(4);
    expect(appointments[0]?.startTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    expect(await ghl.getTask(maria, demoTasks.completed)).toMatchObject({ completed: true });
    expect((await ghl.getNote(maria, demoNotes.html)).body).toContain('<');
  });

  it('creates, updates and deletes a contact', async () => {
    const ghl = client();
    const created = readable(await ghl.createContact({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+14155550100',
      tags: ['Lead'],
    }));
    expect(created).toMatchObject({ firstName: 'Ada', email: 'ada@example.com', tags: ['lead'] });

    const updated = await ghl.updateContact(created.id, { city: 'London', lastName: 'King' });
    expect(updated).toMatchObject({ id: created.id, city: 'London', tags: ['lead'] });

    await ghl.deleteContact(created.id);
    expect(await failure(ghl.getContact(created.id))).toMatchObject({ kind: 'not_found', status: 404 });
    expect(recorded().slice(0, 3)).toEqual([
      'POST /contacts/ 201',
      `PUT /contacts/${created.id} 200`,
      `DELETE /contacts/${created.id} 200`,
    ]);
  });

  it('creates, updates, completes and deletes a task', async () => {
    const ghl = client();
    const task = readable(await ghl.createTask(maria, {
      title: 'Send quote',
      body: 'Cabinets and worktop',
      dueDate: '2031-03-01T09:00:00Z',
      completed: false,
    }));
    expect(task).toMatchObject({ title: 'Send quote', completed: false, contactId: maria });
    expect(await ghl.updateTask(maria, task.id, { title: 'Send revised quote' })).toMatchObject({
      title: 'Send revised quote',
    });
    expect(await ghl.setTaskCompleted(maria, task.id, true)).toMatchObject({ completed: true });
    await ghl.deleteTask(maria, task.id);
    expect(await failure(ghl.getTask(maria, task.id))).toMatchObject({ kind: 'not_found' });
  });

  it('adds and removes tags without touching the others', async () => {
    const ghl = client();
    expect(await ghl.addTags(maria, ['Follow-up'])).toEqual(
      expect.arrayContaining(['vip', 'newsletter', 'follow-up']),
    );
    const after = await ghl.removeTags(maria, ['newsletter']);
    expect(after).toContain('vip');
    expect(after).not.toContain('newsletter');
  });

  it('creates a note', async () => {
    const ghl = client();
    const note = readable(await ghl.createNote(maria, { body: 'Prefers a call after 4 pm.' }));
    expect(note).toMatchObject({ body: 'Prefers a call after 4 pm.', contactId: maria });
    expect((await ghl.getNotes(maria)).map((n) => n.id)).toContain(note.id);
  });
});

describe('failures arrive as OutsideError', () => {
  it('401 for a bad token, and a rotated token takes effect on the next call', async () => {
    let token = 'not-the-token';
    const ghl = client({ token: () => token, cacheTtlMs: 0 });
    const error = await failure(ghl.getContact(maria));
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(error.message).not.toContain('not-the-token');
    expect(error.traceId).toBeTypeOf('string');

    sandbox.tokens.add('rotated-token');
    sandbox.tokens.delete(sandbox.token);
    token = 'rotated-token';
    expect((await ghl.getContact(maria)).id).toBe(maria);
  });

  it('403 for a location the token does not belong to', async () => {
    const ghl = client({ locationId: 'someOtherLocation00' });
    expect(await failure(ghl.searchContacts({ email: 'maria@jansen-interiors.example' }))).toMatchObject({
      kind: 'scope',
      status: 403,
    });
  });

  it('404 for an unknown contact, not retried', async () => {
    const ghl = client();
    expect(await failure(ghl.getContact('doesNotExist000000000'))).toMatchObject({
      kind: 'not_found',
      status: 404,
      messages: ['Contact not found'],
    });
    expect(sandbox.calls).toHaveLength(1);
  });

  it('422 with HighLevel messages', async () => {
    const ghl = client();
    const error = await failure(
      ghl.createTask(maria, { title: 'Call', dueDate: 'next tuesday', completed: false }),
    );
    expect(error).toMatchObject({ kind: 'rejected', status: 422, retryable: false });
    expect(error.messages.join(' ')).toMatch(/ISO 8601/);
  });

  it('5xx after every retry is unavailable, with the gateway page read into a message', async () => {
    const ghl = client({ maxRetries: 1 });
    sandbox.faults.failNext(2, 503);
    expect(await failure(ghl.getNotes(maria))).toMatchObject({
      kind: 'unavailable',
      status: 503,
      messages: ['503 Service Unavailable'],
      retryable: true,
    });
  });

  it('timeout when HighLevel answers slower than timeoutMs', async () => {
    sandbox.faults.latencyMs = 400;
    const calls: OutsideCall[] = [];
    const ghl = client({ timeoutMs: 100, maxRetries: 1, onCall: (call) => calls.push(call) });
    const error = await failure(ghl.getContact(maria));
    expect(error).toMatchObject({ kind: 'timeout', status: null, retryable: true });
    expect(calls.map((c) => [c.attempt, c.status])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(calls.every((c) => c.durationMs >= 95 && c.durationMs < 400)).toBe(true);
    // The sandbox still answers the abandoned requests; let them land before the next test.
    await vi.waitFor(() => expect(sandbox.calls).toHaveLength(2), { timeout: 2000 });
  });

  it('network when the connection is dropped', async () => {
    sandbox.faults.down = true;
    const ghl = client({ maxRetries: 1 });
    expect(await failure(ghl.getContact(maria))).toMatchObject({
      kind: 'network',
      status: null,
      retryable: true,
    });
    expect(sandbox.calls.map((c) => c.status)).toEqual([0, 0]);
  });
});

describe('retries', () => {
  it('a read succeeds after two 503s', async () => {
    const ghl = client();
    sandbox.faults.failNext(2, 503);
    expect((await ghl.getContact(maria)).id).toBe(maria);
    expect(recorded()).toEqual([
      `GET /contacts/${maria} 503`,
      `GET /contacts/${maria} 503`,
      `GET /contacts/${maria} 200`,
    ]);
  });

  it('a search (a POST that only reads) is retried too', async () => {
    const ghl = client();
    sandbox.faults.failNext(1, 500);
    expect((await ghl.searchContacts({ email: 'maria@jansen-interiors.example' })).total).toBe(1);
    expect(recorded()).toEqual(['POST /contacts/search 500', 'POST /contacts/search 200']);
  });

  it('a create is not retried after a 503, so it cannot create twice', async () => {
    const ghl = client();
    sandbox.faults.failNext(1, 503);
    expect(await failure(ghl.createContact({ firstName: 'Once', email: 'once@example.com' }))).toMatchObject({
      kind: 'unavailable',
    });
    expect(recorded()).toEqual(['POST /contacts/ 503']);
  });
});

describe('sharing and caching reads', () => {
  it('ten identical concurrent reads make one call', async () => {
    sandbox.faults.latencyMs = 30;
    const ghl = client();
    const contacts = await Promise.all(Array.from({ length: 10 }, () => ghl.getContact(maria)));
    expect(new Set(contacts.map((c) => c.id))).toEqual(new Set([maria]));
    expect(recorded()).toEqual([`GET /contacts/${maria} 200`]);
  });

  it('serves a read again from the cache within the TTL', async () => {
    const ghl = client();
    await ghl.getTasks(maria);
    await ghl.getTasks(maria);
    await ghl.searchContacts({ email: 'maria@jansen-interiors.example' });
    await ghl.searchContacts({ email: 'maria@jansen-interiors.example' });
    expect(sandbox.calls).toHaveLength(2);
    expect(ghl.stats().cacheHits).toBe(2);
  });

  it('a write drops the contact’s cached reads and cached searches', async () => {
    const ghl = client();
    await ghl.getContact(maria);
    await ghl.getTasks(maria);
    await ghl.searchContacts({ query: 'jansen' });
    await ghl.getContact(demoContacts.liamChen);

    await ghl.addTags(maria, ['hot lead']);
    sandbox.resetCalls();

    expect((await ghl.getContact(maria)).tags).toContain('hot lead');
    await ghl.getTasks(maria);
    await ghl.searchContacts({ query: 'jansen' });
    await ghl.getContact(demoContacts.liamChen);
    expect(recorded()).toEqual([
      `GET /contacts/${maria} 200`,
      `GET /contacts/${maria}/tasks 200`,
      'POST /contacts/search 200',
    ]);
  });

  it('a new task shows on the next read of the tasks', async () => {
    const ghl = client();
    const before = await ghl.getTasks(maria);
    const task = readable(await ghl.createTask(maria, { title: 'Measure', dueDate: '2031-01-01T00:00:00Z', completed: false }));
    const after = await ghl.getTasks(maria);
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((t) => t.id)).toContain(task.id);
  });

  it('invalidateContact makes the next read ask HighLevel', async () => {
    const ghl = client();
    await ghl.getContact(maria);
    const record = sandbox.store.contacts.get(maria);
    if (record === undefined) throw new Error('the seed has no Maria');
    sandbox.store.contacts.set(maria, { ...record, city: 'Oakland' });
    expect((await ghl.getContact(maria)).city).toBe('San Francisco');
    ghl.invalidateContact(maria);
    expect((await ghl.getContact(maria)).city).toBe('Oakland');
  });
});
