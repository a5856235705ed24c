/** An agent's changes to the HighLevel record, over HTTP against the sandboxes: each reaches HighLevel and shows at once. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { businessContactsSchema, searchResultSchema, writesListSchema } from '../../shared/actions';
import { demoBusinessId, demoContacts, demoTasks, demoTickets } from '../../sandbox/seed';
import { asError, asView, asWriteResult, startStack, type Stack } from '../support/stack';

let stack: Stack;
let maria: string;

beforeAll(async () => {
  // Every read goes to HighLevel (no cache) and the limit is raised, so the file runs unpaced.
  stack = await startStack({ CACHE_TTL_SECONDS: '0', GHL_RATE_LIMIT_MAX: '1000' }, {
    ghl: { rateLimit: { max: 1000, intervalMs: 10_000 } },
    trengo: { rateLimit: { max: 10_000, intervalMs: 60_000 } },
  });
  maria = await stack.launch(demoTickets.matched);
});
afterAll(() => stack.close());
beforeEach(() => stack.ghl.resetCalls());

/** The calls that change something in HighLevel (searches are reads). */
const writeCalls = () =>
  stack.ghl.calls
    .filter((call) => call.method !== 'GET' && call.path !== '/contacts/search')
    .map((call) => `${call.method} ${call.path} ${call.status}`);

const liamTask = 'tK5hJ2kL9zX4cV8bN1mQ';

describe('tasks', () => {
  it('creates a task with a due time and description; the answer and the next open show it', async () => {
    const dueDate = '2030-03-04T09:30:00+01:00';
    const result = asWriteResult(
      await stack.api(maria, '/tasks', { method: 'POST', body: { title: 'Send the revised quote', body: 'With oak fronts', dueDate } }),
    );
    expect(result).toMatchObject({ status: 200, write: { state: 'done', kind: 'createTask', reason: null } });
    const taskId = result.write.recordId!;
    expect(result.view?.tasks.find((task) => task.id === taskId)).toMatchObject({
      title: 'Send the revised quote',
      body: 'With oak fronts',
      dueDate: '2030-03-04T08:30:00.000Z',
      completed: false,
    });
    expect(writeCalls()).toEqual([`POST /contacts/${demoContacts.mariaJansen}/tasks 201`]);

    const reopened = asView(await stack.api(maria, '/contact'));
    expect(reopened.status === 'matched' && reopened.tasks.some((task) => task.id === taskId)).toBe(true);
  });

  it("edits a task's title, description and due date", async () => {
    const result = asWriteResult(
      await stack.api(maria, `/tasks/${demoTasks.dueNextWeek}`, {
        method: 'PATCH',
        body: { title: 'Measure the kitchen again', body: 'Bring the laser', dueDate: '2030-05-01T14:00:00Z' },
      }),
    );
    expect(result.write).toMatchObject({ state: 'done', kind: 'updateTask', recordId: demoTasks.dueNextWeek });
    expect(result.view?.tasks.find((task) => task.id === demoTasks.dueNextWeek)).toMatchObject({
      title: 'Measure the kitchen again',
      body: 'Bring the laser',
      dueDate: '2030-05-01T14:00:00.000Z',
    });
    expect(writeCalls()).toEqual([`PUT /contacts/${demoContacts.mariaJansen}/tasks/${demoTasks.dueNextWeek} 200`]);
  });

  it('completes and reopens a task through its completed endpoint', async () => {
    const path = `/tasks/${demoTasks.overdue}/completed`;
    const done = asWriteResult(await stack.api(maria, path, { method: 'PUT', body: { completed: true } }));
    expect(done.view?.tasks.find((task) => task.id === demoTasks.overdue)).toMatchObject({ completed: true, overdue: false });
    const reopened = asWriteResult(await stack.api(maria, path, { method: 'PUT', body: { completed: false } }));
    expect(reopened.view?.tasks.find((task) => task.id === demoTasks.overdue)).toMatchObject({ completed: false, overdue: true });
    expect(reopened.write.summary).toMatch(/^Reopen task "/);
    expect(writeCalls()).toEqual([
      `PUT /contacts/${demoContacts.mariaJansen}/tasks/${demoTasks.overdue}/completed 200`,
      `PUT /contacts/${demoContacts.mariaJansen}/tasks/${demoTasks.overdue}/completed 200`,
    ]);
  });

  it('deletes a task; deleting it again is done without another call', async () => {
    const first = asWriteResult(await stack.api(maria, `/tasks/${demoTasks.withoutBody}`, { method: 'DELETE' }));
    expect(first.write.state).toBe('done');
    expect(first.view?.tasks.some((task) => task.id === demoTasks.withoutBody)).toBe(false);
    const again = asWriteResult(await stack.api(maria, `/tasks/${demoTasks.withoutBody}`, { method: 'DELETE' }));
    expect(again.write.state).toBe('done');
    expect(writeCalls()).toEqual([`DELETE /contacts/${demoContacts.mariaJansen}/tasks/${demoTasks.withoutBody} 200`]);
  });

  it("refuses another contact's task with a 403, and HighLevel gets no change", async () => {
    const answer = await stack.api(maria, `/tasks/${liamTask}`, { method: 'PATCH', body: { title: 'Hijacked' } });
    expect(asError(answer)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(writeCalls()).toEqual([]);
    expect(stack.ghl.store.tasks.get(liamTask)?.title).not.toBe('Hijacked');
  });
});

describe('tags and notes', () => {
  it('adds two tags in one call and removes one, never overwriting the others', async () => {
    const before = stack.ghl.store.contacts.get(demoContacts.mariaJansen)!.tags;
    const added = asWriteResult(await stack.api(maria, '/tags', { method: 'POST', body: { tags: ['Priority', 'kitchen 2030'] } }));
    expect(added.write.summary).toBe('Add tags "Priority", "kitchen 2030"');
    expect(added.view?.contact.tags).toEqual(expect.arrayContaining([...before, 'priority', 'kitchen 2030']));
    const removed = asWriteResult(await stack.api(maria, '/tags', { method: 'DELETE', body: { tags: ['priority'] } }));
    expect(removed.view?.contact.tags).toEqual(expect.arrayContaining([...before, 'kitchen 2030']));
    expect(removed.view?.contact.tags).not.toContain('priority');
    expect(writeCalls()).toEqual([
      `POST /contacts/${demoContacts.mariaJansen}/tags 201`,
      `DELETE /contacts/${demoContacts.mariaJansen}/tags 200`,
    ]);
  });

  it('adds a plain-text note', async () => {
    const result = asWriteResult(await stack.api(maria, '/notes', { method: 'POST', body: { body: 'Called back:\nwants a showroom visit.' } }));
    expect(result.view?.notes[0]).toMatchObject({ id: result.write.recordId, body: 'Called back:\nwants a showroom visit.' });
  });

  it('makes one write for one Idempotency-Key, and refuses the key for a different change', async () => {
    const headers = { 'Idempotency-Key': 'note-key-1' };
    const first = asWriteResult(await stack.api(maria, '/notes', { method: 'POST', body: { body: 'Only once' }, headers }));
    const second = asWriteResult(await stack.api(maria, '/notes', { method: 'POST', body: { body: 'Only once' }, headers }));
    expect(second.write.id).toBe(first.write.id);
    expect(writeCalls()).toEqual([`POST /contacts/${demoContacts.mariaJansen}/notes 201`]);
    const other = await stack.api(maria, '/notes', { method: 'POST', body: { body: 'Something else' }, headers });
    expect(asError(other)).toMatchObject({ status: 400, code: 'bad_request', fields: { 'Idempotency-Key': expect.any(String) } });
  });
});

describe('contact details', () => {
  it('changes only the fields sent, with the phone in E.164; the company stays read-only', async () => {
    const before = stack.ghl.store.contacts.get(demoContacts.mariaJansen)!;
    const result = asWriteResult(await stack.api(maria, '/contact', { method: 'PATCH', body: { firstName: 'Marie', phone: '(415) 555-0111' } }));
    expect(result.write).toMatchObject({ state: 'done', summary: 'Edit contact: first name, phone' });
    expect(result.view?.contact).toMatchObject({ name: 'Marie Jansen', phone: '+14155550111', email: before.email, companyName: before.companyName });
    const company = await stack.api(maria, '/contact', { method: 'PATCH', body: { companyName: 'Other Co' } });
    expect(asError(company)).toMatchObject({ status: 400, fields: { companyName: expect.any(String) } });
  });
});

describe('a customer not in HighLevel', () => {
  it('creates the contact from the adjusted details and shows it on every ticket of that customer', async () => {
    const session = await stack.launch(demoTickets.notFound);
    expect(asView(await stack.api(session, '/contact')).status).toBe('notFound');
    const result = asWriteResult(
      await stack.api(session, '/contact', {
        method: 'POST',
        body: { firstName: 'Tom', lastName: 'Bakker', email: 'tom.bakker@example.net', phone: '+44 20 7946 0958' },
      }),
    );
    expect(result.write).toMatchObject({ state: 'done', kind: 'createContact' });
    expect(result.view?.contact).toMatchObject({ id: result.write.recordId, name: 'Tom Bakker', phone: '+442079460958' });
    expect(asView(await stack.api(await stack.launch(demoTickets.notFound), '/contact'))).toMatchObject({
      status: 'matched',
      contact: { id: result.write.recordId },
    });
  });

  it('answers 409 no_contact to a write when the ticket has no HighLevel contact', async () => {
    const session = await stack.launch('1009');
    const answer = await stack.api(session, '/notes', { method: 'POST', body: { body: 'Hello' } });
    expect(asError(answer)).toMatchObject({ status: 409, code: 'no_contact' });
    expect(writeCalls()).toEqual([]);
  });
});

describe('search and link', () => {
  it('links a contact found by search to the customer, so their other tickets open on it, until unlinked', async () => {
    const found = searchResultSchema.parse((await stack.api(maria, '/contacts/search?q=sofie')).body);
    expect(found.contacts.map((contact) => contact.id)).toContain(demoContacts.sofieDeVries);

    const linked = asView(await stack.api(maria, '/contact/link', { method: 'PUT', body: { contactId: demoContacts.sofieDeVries } }));
    expect(linked).toMatchObject({ status: 'matched', linked: true, contact: { id: demoContacts.sofieDeVries } });
    // Ticket 1010 is another ticket of the same Trengo customer.
    const otherTicket = await stack.launch('1010');
    expect(asView(await stack.api(otherTicket, '/contact'))).toMatchObject({ contact: { id: demoContacts.sofieDeVries } });
    // Writes follow the link.
    const note = asWriteResult(await stack.api(otherTicket, '/notes', { method: 'POST', body: { body: 'Linked note' } }));
    expect(stack.ghl.store.notes.get(note.write.recordId!)?.contactId).toBe(demoContacts.sofieDeVries);

    const unlinked = asView(await stack.api(otherTicket, '/contact/link', { method: 'DELETE' }));
    expect(unlinked).toMatchObject({ status: 'matched', linked: false, contact: { id: demoContacts.mariaJansen } });
    expect(asView(await stack.api(maria, '/contact'))).toMatchObject({ contact: { id: demoContacts.mariaJansen } });
  });

  it('refuses to link a contact no search of this ticket found, whether or not HighLevel has it', async () => {
    const answer = await stack.api(maria, '/contact/link', { method: 'PUT', body: { contactId: 'doesNotExist0000' } });
    expect(asError(answer)).toMatchObject({ status: 403, code: 'forbidden' });
  });
});

describe('the same company', () => {
  it("lists the other contacts of the contact's business, each with a HighLevel link", async () => {
    const { contacts } = businessContactsSchema.parse((await stack.api(maria, '/business')).body);
    expect(contacts.map((contact) => contact.id).sort()).toEqual([demoContacts.pieterJansen, demoContacts.sofieDeVries].sort());
    expect(contacts.every((contact) => contact.url.endsWith(`/contacts/detail/${contact.id}`))).toBe(true);
    expect(stack.ghl.calls.some((call) => call.path === `/contacts/business/${demoBusinessId}`)).toBe(true);
  });

  it('is empty for a contact without a business', async () => {
    const session = await stack.launch(demoTickets.phoneMatch);
    expect((await stack.api(session, '/business')).body).toEqual({ contacts: [] });
  });
});

describe('the list of writes', () => {
  it("shows the ticket customer's recent writes as done", async () => {
    const { writes } = writesListSchema.parse((await stack.api(maria, '/writes')).body);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((write) => write.state === 'done')).toBe(true);
  });
});
