/**
 * Each change an agent makes from the sidebar: done with the contact's fresh view and exactly
 * the call HighLevel should get; refused before anything is sent when it is not theirs to make;
 * failed with HighLevel's words when HighLevel refuses it, until the agent retries or discards it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { action, clock, done, loggedProblems, matched, openDomain, refusal, restart, withAnna } from './domain';

beforeEach(() => void (loggedProblems.length = 0));
afterEach(() => expect(loggedProblems).toEqual([]));

/** Anna's ticket with her sidebar open, a task of hers and one of another customer's. */
async function annaWithSidebarOpen() {
  const domain = openDomain();
  const { anna, ticketId } = withAnna(domain);
  const callBack = domain.crm.addTask(anna.id, { title: 'Call back', dueDate: '2026-03-12T09:00:00.000Z', completed: false });
  const ben = domain.crm.addContact({ firstName: 'Ben', email: 'ben@example.com' });
  const bensTask = domain.crm.addTask(ben.id, { title: "Ben's task", dueDate: '2026-03-12T09:00:00.000Z', completed: false });
  matched(await domain.contacts.viewForTicket(ticketId));
  domain.crm.calls.length = 0;
  return { domain, anna, ticketId, callBack, ben, bensTask };
}

/** The writes HighLevel received, as method and arguments. */
const sent = (domain: ReturnType<typeof openDomain>) => domain.crm.writeCalls().map((call) => [call.method, ...call.args]);

describe('each kind of write is done at once when HighLevel takes it', () => {
  it('creating a task: done (201 in the audit log), the task in the fresh view, its due date sent in UTC', async () => {
    const { domain, anna, ticketId } = await annaWithSidebarOpen();

    const { write, view } = done(await domain.writes.submit(ticketId, action.createTask('Send quote', '2026-03-13T10:00:00+01:00', 'Two ovens')));

    expect(sent(domain)).toEqual([
      ['createTask', anna.id, { title: 'Send quote', body: 'Two ovens', dueDate: '2026-03-13T09:00:00.000Z', completed: false }],
    ]);
    const created = domain.crm.tasksOf(anna.id).find((task) => task.title === 'Send quote');
    expect(write).toMatchObject({ kind: 'createTask', summary: 'Create task "Send quote"', recordId: created?.id, reason: null });
    expect(view.tasks.map((task) => task.title)).toContain('Send quote');
    expect(domain.audit().at(-1)).toMatchObject({
      action: 'createTask',
      ticketId,
      trengoContactId: 'c1',
      ghlContactId: anna.id,
      writeId: write.id,
      result: 'done',
      ghlStatus: 201,
    });
    expect(JSON.parse(domain.audit().at(-1)?.fields ?? '')).toEqual({ input: { title: 'Send quote', body: 'Two ovens', dueDate: '2026-03-13T10:00:00+01:00' } });
  });

  it('editing a task sends only the fields changed', async () => {
    const { domain, anna, ticketId, callBack } = await annaWithSidebarOpen();

    const { write, view } = done(await domain.writes.submit(ticketId, action.updateTask(callBack.id, { title: 'Call back about ovens' })));

    expect(sent(domain)).toEqual([['updateTask', anna.id, callBack.id, { title: 'Call back about ovens' }]]);
    expect(write.summary).toBe('Edit task "Call back": title');
    expect(view.tasks.find((task) => task.id === callBack.id)?.title).toBe('Call back about ovens');
  });

  it('completing and reopening a task', async () => {
    const { domain, anna, ticketId, callBack } = await annaWithSidebarOpen();

    const completed = done(await domain.writes.submit(ticketId, action.completeTask(callBack.id)));
    expect(completed.view.tasks.find((task) => task.id === callBack.id)?.completed).toBe(true);
    const reopened = done(await domain.writes.submit(ticketId, action.completeTask(callBack.id, false)));
    expect(reopened.view.tasks.find((task) => task.id === callBack.id)?.completed).toBe(false);

    expect(sent(domain)).toEqual([
      ['setTaskCompleted', anna.id, callBack.id, true],
      ['setTaskCompleted', anna.id, callBack.id, false],
    ]);
  });

  it('deleting a task', async () => {
    const { domain, anna, ticketId, callBack } = await annaWithSidebarOpen();

    const { write, view } = done(await domain.writes.submit(ticketId, action.deleteTask(callBack.id)));

    expect(sent(domain)).toEqual([['deleteTask', anna.id, callBack.id]]);
    expect(write.recordId).toBe(callBack.id);
    expect(view.tasks).toEqual([]);
  });

  it('deleting a task someone deleted in HighLevel meanwhile counts as done', async () => {
    const { domain, ticketId, callBack } = await annaWithSidebarOpen();
    domain.crm.failNext('deleteTask', 'not_found');

    const { write } = done(await domain.writes.submit(ticketId, action.deleteTask(callBack.id)));

    expect(write.recordId).toBe(callBack.id);
  });

  it('deleting again a task this contact already deleted is done without asking HighLevel to delete it twice', async () => {
    const { domain, ticketId, callBack } = await annaWithSidebarOpen();
    done(await domain.writes.submit(ticketId, action.deleteTask(callBack.id)));

    done(await domain.writes.submit(ticketId, action.deleteTask(callBack.id)));

    expect(domain.crm.count('deleteTask')).toBe(1);
  });

  it('adding and removing tags leaves the other tags alone', async () => {
    const { domain, anna, ticketId } = await annaWithSidebarOpen();

    const added = done(await domain.writes.submit(ticketId, action.addTags('vip', 'oven 2026')));
    expect(added.view.contact.tags).toEqual(['customer', 'vip', 'oven 2026']);
    const removed = done(await domain.writes.submit(ticketId, action.removeTags('vip')));
    expect(removed.view.contact.tags).toEqual(['customer', 'oven 2026']);

    expect(sent(domain)).toEqual([
      ['addTags', anna.id, ['vip', 'oven 2026']],
      ['removeTags', anna.id, ['vip']],
    ]);
    expect(domain.audit().map((entry) => [entry.action, entry.ghlStatus])).toEqual([
      ['addTags', 201],
      ['removeTags', 200],
    ]);
  });

  it('adding a note', async () => {
    const { domain, anna, ticketId } = await annaWithSidebarOpen();

    const { write, view } = done(await domain.writes.submit(ticketId, action.createNote('Wants a call on Friday')));

    expect(sent(domain)).toEqual([['createNote', anna.id, { body: 'Wants a call on Friday' }]]);
    expect(view.notes[0]).toMatchObject({ id: write.recordId, body: 'Wants a call on Friday' });
  });

  it('creating a contact for a customer HighLevel lacks: done, then linked for every ticket of theirs', async () => {
    const domain = openDomain();
    domain.helpdesk.addTicket('101', { id: 'c7', name: 'Nina Bakker', email: 'nina@example.com', phone: '06 87654321' });
    domain.helpdesk.addTicket('102', { id: 'c7', name: 'Nina Bakker' });
    expect(await domain.contacts.viewForTicket('101')).toMatchObject({ status: 'notFound' });

    const { write, view } = done(
      await domain.writes.submit('101', action.createContact({ firstName: 'Nina', lastName: 'Bakker', email: 'nina@example.com', phone: '06 87654321' })),
    );

    expect(sent(domain)).toEqual([['createContact', { firstName: 'Nina', lastName: 'Bakker', email: 'nina@example.com', phone: '+31687654321' }]]);
    expect(view).toMatchObject({ linked: true, contact: { id: write.recordId, name: 'Nina Bakker', phone: '+31687654321' } });
    expect(domain.store.links.get('trengo:c7')).toBe(write.recordId);
    expect(matched(await domain.contacts.viewForTicket('102')).contact.id).toBe(write.recordId);
    expect(domain.audit().at(-1)).toMatchObject({ action: 'createContact', ghlContactId: write.recordId, result: 'done', ghlStatus: 201 });
  });

  it('editing the contact: a local phone number goes out in E.164 and an emptied name is cleared', async () => {
    const { domain, anna, ticketId } = await annaWithSidebarOpen();

    const { view } = done(await domain.writes.submit(ticketId, action.updateContact({ firstName: 'Anne', lastName: '', phone: '020 123 4567' })));

    expect(sent(domain)).toEqual([['updateContact', anna.id, { firstName: 'Anne', lastName: null, phone: '+31201234567' }]]);
    expect(view.contact).toMatchObject({ name: 'Anne', phone: '+31201234567' });
  });

  it('after a restart while HighLevel cannot be searched, a ticket\'s write still goes to the contact its sidebar showed', async () => {
    const { domain, anna, ticketId } = await annaWithSidebarOpen();
    const after = restart(domain);
    domain.crm.failNext('searchContacts', 'unavailable', { times: 5 });

    done(await after.writes.submit(ticketId, action.addTags('vip')));

    expect(sent(domain)).toEqual([['addTags', anna.id, ['vip']]]);
    expect(domain.crm.count('searchContacts')).toBe(0);
  });

  it('a write from a ticket whose sidebar was never opened finds the contact as the sidebar would', async () => {
    const domain = openDomain();
    const { anna, ticketId } = withAnna(domain);

    done(await domain.writes.submit(ticketId, action.createNote('Straight away')));

    expect(domain.crm.notesOf(anna.id).map((note) => note.body)).toEqual(['Straight away']);
  });
});

describe('writes refused before anything is sent', () => {
  it("a task of another contact: 403, nothing sent, nothing kept", async () => {
    const { domain, ticketId, bensTask } = await annaWithSidebarOpen();

    for (const refused of [action.updateTask(bensTask.id, { title: 'Mine now' }), action.completeTask(bensTask.id), action.deleteTask(bensTask.id)]) {
      expect(await refusal(domain.writes.submit(ticketId, refused))).toMatchObject({ status: 403, code: 'forbidden' });
    }
    expect(sent(domain)).toEqual([]);
    expect(domain.store.outbox.all()).toEqual([]);
  });

  it('a task that could not be checked when asked is checked before sending: another contact\'s is never sent', async () => {
    const { domain, ticketId, bensTask } = await annaWithSidebarOpen();
    domain.crm.failNext('getTasks', 'unavailable');

    const error = await refusal(domain.writes.submit(ticketId, action.completeTask(bensTask.id)));

    expect(error).toMatchObject({ status: 422, code: 'upstream_rejected', message: 'HighLevel has no such task for this contact.' });
    expect(sent(domain)).toEqual([]);
  });

  it('a ticket with no HighLevel contact: 409 no_contact, nothing kept', async () => {
    const domain = openDomain();
    domain.helpdesk.addTicket('101', { id: 'c7', email: 'nina@example.com' });

    const error = await refusal(domain.writes.submit('101', action.createNote('Hello')));

    expect(error).toMatchObject({ status: 409, code: 'no_contact' });
    expect(domain.store.outbox.all()).toEqual([]);
  });

  it('a ticket with several matches and no pick: 409 no_contact', async () => {
    const domain = openDomain();
    domain.crm.addContact({ firstName: 'Anna', email: 'info@bakkerij.example' });
    domain.crm.addContact({ firstName: 'Piet', email: 'info@bakkerij.example' });
    domain.helpdesk.addTicket('101', { id: 'c1', email: 'info@bakkerij.example' });
    await domain.contacts.viewForTicket('101');

    expect(await refusal(domain.writes.submit('101', action.addTags('vip')))).toMatchObject({ status: 409, code: 'no_contact' });
    expect(sent(domain)).toEqual([]);
  });

  it('a phone number that is no number: 400 naming the field', async () => {
    const { domain, ticketId } = await annaWithSidebarOpen();

    const error = await refusal(domain.writes.submit(ticketId, action.updateContact({ phone: '12' })));

    expect(error).toMatchObject({ status: 400, code: 'bad_request', extra: { fields: { phone: expect.any(String) } } });
    expect(sent(domain)).toEqual([]);
  });
});

describe('a write HighLevel refuses', () => {
  afterEach(() => clock.uninstall());

  it("fails with HighLevel's message and the write to retry or discard, and is never sent again on its own", async () => {
    clock.install();
    const { domain, ticketId } = await annaWithSidebarOpen();
    domain.crm.failNext('createTask', 'rejected', { messages: ['dueDate must be in the future'], traceId: 'trace-9' });

    const error = await clock.after(0, refusal(domain.writes.submit(ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z'))));
    await clock.advance(10 * 60_000);

    expect(error).toMatchObject({
      status: 422,
      code: 'upstream_rejected',
      message: 'HighLevel rejected the change: dueDate must be in the future',
      extra: { writeId: expect.any(String), retryable: false },
    });
    expect(domain.crm.count('createTask')).toBe(1);
    expect(await domain.writes.list(ticketId)).toEqual([
      expect.objectContaining({ id: error.extra.writeId, state: 'failed', reason: 'HighLevel rejected the change: dueDate must be in the future' }),
    ]);
    expect(domain.audit().at(-1)).toMatchObject({ action: 'createTask', result: 'failed', ghlStatus: 422, traceId: 'trace-9' });
  });

  it('is sent again when the agent retries it, and done', async () => {
    const { domain, ticketId } = await annaWithSidebarOpen();
    domain.crm.failNext('addTags', 'bad_request', { messages: ['tags invalid'] });
    const error = await refusal(domain.writes.submit(ticketId, action.addTags('vip')));
    const writeId = error.extra.writeId ?? '';

    const { write, view } = done(await domain.writes.retry(ticketId, writeId));

    expect(write.id).toBe(writeId);
    expect(view.contact.tags).toContain('vip');
    expect(domain.crm.count('addTags')).toBe(2);
    expect(domain.audit().map((entry) => [entry.action, entry.result])).toEqual([
      ['addTags', 'failed'],
      ['retry', 'pending'],
      ['addTags', 'done'],
    ]);
  });

  it('once discarded, is shown as failed, never sent, and cannot be retried into HighLevel', async () => {
    const { domain, ticketId } = await annaWithSidebarOpen();
    domain.crm.failNext('createNote', 'rejected', { messages: ['body too long'] });
    const error = await refusal(domain.writes.submit(ticketId, action.createNote('Too long')));
    const writeId = error.extra.writeId ?? '';

    const discarded = await domain.writes.discard(ticketId, writeId);

    expect(discarded).toMatchObject({ id: writeId, state: 'failed', reason: 'Discarded: it will not be sent to HighLevel.' });
    expect(await refusal(domain.writes.retry(ticketId, writeId))).toMatchObject({ status: 409 });
    expect(domain.crm.count('createNote')).toBe(1);
    expect(await domain.writes.list(ticketId)).toEqual([]);
    expect(domain.audit().at(-1)).toMatchObject({ action: 'discard', writeId, result: 'discarded' });
  });

  it('a write that is done cannot be discarded', async () => {
    const { domain, ticketId } = await annaWithSidebarOpen();
    const { write } = done(await domain.writes.submit(ticketId, action.createNote('Kept')));

    expect(await refusal(domain.writes.discard(ticketId, write.id))).toMatchObject({ status: 409 });
  });

  it("another customer's write cannot be retried or discarded from this ticket", async () => {
    const { domain, ticketId } = await annaWithSidebarOpen();
    domain.helpdesk.addTicket('202', { id: 'c2', email: 'ben@example.com' });
    domain.crm.failNext('createNote', 'rejected');
    const error = await refusal(domain.writes.submit('202', action.createNote("Ben's note")));
    const bensWrite = error.extra.writeId ?? '';

    expect(await refusal(domain.writes.retry(ticketId, bensWrite))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await refusal(domain.writes.discard(ticketId, bensWrite))).toMatchObject({ status: 404, code: 'not_found' });
    expect(domain.crm.count('createNote')).toBe(1);
  });
});

describe("the customer's list of writes", () => {
  it('holds the failed ones and the last five done, oldest first', async () => {
    const { domain, ticketId } = await annaWithSidebarOpen();
    for (const n of [1, 2, 3, 4, 5, 6]) done(await domain.writes.submit(ticketId, action.createNote(`Note ${n}`)));
    domain.crm.failNext('addTags', 'rejected');
    await refusal(domain.writes.submit(ticketId, action.addTags('x')));

    const list = await domain.writes.list(ticketId);

    expect(list.map((write) => [write.summary, write.state])).toEqual([
      ['Add note "Note 2"', 'done'],
      ['Add note "Note 3"', 'done'],
      ['Add note "Note 4"', 'done'],
      ['Add note "Note 5"', 'done'],
      ['Add note "Note 6"', 'done'],
      ['Add tag "x"', 'failed'],
    ]);
  });
});
