/**
 * A write HighLevel took changes the contact's copy from what was sent and what HighLevel
 * answered: the write's answer and the next open cost no read of the contact's lists, and only
 * a part HighLevel's answer leaves unknown is read again.
 */
import { describe, expect, it } from 'vitest';
import type { WriteResult } from '../../../shared/actions';
import { action, matched, openDomain, withAnna } from './domain';

/** The reads a stretch of work made, by method. */
function readsDuring(domain: ReturnType<typeof openDomain>, from: number): string[] {
  return domain.crm.calls.slice(from).map((call) => call.method).filter((method) => method.startsWith('get') || method.startsWith('search'));
}

async function openedAnna() {
  const domain = openDomain({ readCopy: true });
  const { anna, ticketId } = withAnna(domain);
  const task = domain.crm.addTask(anna.id, { title: 'Call back', dueDate: '2031-03-12T09:00:00.000Z', completed: false });
  matched(await domain.contacts.viewForTicket(ticketId));
  return { domain, anna, ticketId, task };
}

const viewOf = (answer: { body: WriteResult }) => {
  if (!answer.body.view) throw new Error('the write was answered without a view');
  return answer.body.view;
};

describe('a write HighLevel took', () => {
  it('answers with the view from the copy for every kind of change, reading no list but the task check of a task change', async () => {
    const { domain, ticketId, task } = await openedAnna();
    const from = domain.crm.calls.length;

    const created = await domain.writes.submit(ticketId, action.createTask('Send the quote', '2031-04-01T10:00:00+02:00', 'PDF'));
    expect(viewOf(created).tasks.map((shown) => shown.title)).toContain('Send the quote');
    const completed = await domain.writes.submit(ticketId, action.completeTask(task.id));
    expect(viewOf(completed).tasks.find((shown) => shown.id === task.id)?.completed).toBe(true);
    const renamed = await domain.writes.submit(ticketId, action.updateTask(task.id, { title: 'Call back today' }));
    expect(viewOf(renamed).tasks.find((shown) => shown.id === task.id)?.title).toBe('Call back today');
    const tagged = await domain.writes.submit(ticketId, action.addTags('vip', 'kitchen'));
    expect(viewOf(tagged).contact.tags).toEqual(expect.arrayContaining(['customer', 'vip', 'kitchen']));
    const untagged = await domain.writes.submit(ticketId, action.removeTags('vip'));
    expect(viewOf(untagged).contact.tags).not.toContain('vip');
    const noted = await domain.writes.submit(ticketId, action.createNote('Wants a visit'));
    expect(viewOf(noted).notes[0]).toMatchObject({ id: noted.body.write.recordId, body: 'Wants a visit' });
    const edited = await domain.writes.submit(ticketId, action.updateContact({ firstName: 'Anne' }));
    expect(viewOf(edited).contact.name).toBe('Anne de Vries');
    const deleted = await domain.writes.submit(ticketId, action.deleteTask(task.id));
    expect(viewOf(deleted).tasks.map((shown) => shown.id)).not.toContain(task.id);

    // A task change first checks the task is the contact's: one look at its task list, nothing else.
    expect(readsDuring(domain, from)).toEqual(['getTasks', 'getTasks', 'getTasks']);
    expect(domain.crm.writeCalls()).toHaveLength(8);
  });

  it('leaves the next open to the copy: no read of HighLevel', async () => {
    const { domain, ticketId } = await openedAnna();
    await domain.writes.submit(ticketId, action.createNote('Wants a visit'));
    const from = domain.crm.calls.length;

    const view = matched(await domain.contacts.viewForTicket(ticketId));

    expect(view.notes.map((note) => note.body)).toContain('Wants a visit');
    expect(readsDuring(domain, from)).toEqual([]);
  });

  it('reads again only the tasks when HighLevel took a task without an answer that can be read', async () => {
    const { domain, ticketId } = await openedAnna();
    domain.crm.answerUnreadably('createTask');
    const from = domain.crm.calls.length;

    const created = await domain.writes.submit(ticketId, action.createTask('Send the quote', '2031-04-01T10:00:00+02:00'));

    expect(viewOf(created).tasks.map((shown) => shown.title)).toContain('Send the quote');
    expect(readsDuring(domain, from).filter((method) => method !== 'getTasks')).toEqual([]);
  });
});
