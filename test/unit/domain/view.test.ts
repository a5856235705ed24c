/**
 * What the agent reads in the sidebar: tasks in the order to work them, notes as text newest
 * first, appointments split at the moment the sidebar opened, in the location's time zone.
 */
import { describe, expect, it } from 'vitest';
import type { FakeCrm } from './fakes';
import { matched, openDomain, withAnna } from './domain';

/** Tuesday 10 March 2026, 12:00 UTC: 08:00 in New York (daylight saving time began on the 8th). */
const openedAt = new Date('2026-03-10T12:00:00.000Z');

/** The sidebar of Anna's ticket once `seed` gave her records. */
async function sidebarOfAnna(seed: (crm: FakeCrm, contactId: string) => void, timeZone?: string) {
  const domain = openDomain({ now: () => openedAt, ...(timeZone && { timeZone }) });
  const { anna, ticketId } = withAnna(domain);
  seed(domain.crm, anna.id);
  return matched(await domain.contacts.viewForTicket(ticketId));
}

describe('tasks', () => {
  it('open ones first, soonest due first and undated last; completed after, most recently due first', async () => {
    const view = await sidebarOfAnna((crm, contactId) => {
      crm.addTask(contactId, { title: 'Done long ago', dueDate: '2026-03-01T09:00:00Z', completed: true });
      crm.addTask(contactId, { title: 'Some day', completed: false });
      crm.addTask(contactId, { title: 'Send quote', dueDate: '2026-03-12T09:00:00Z', completed: false });
      crm.addTask(contactId, { title: 'Done last week', dueDate: '2026-03-05T09:00:00Z', completed: true });
      crm.addTask(contactId, { title: 'Call back', dueDate: '2026-03-09T15:00:00+01:00', completed: false });
    });

    expect(view.tasks.map((task) => [task.title, task.dueDate, task.completed])).toEqual([
      ['Call back', '2026-03-09T14:00:00.000Z', false],
      ['Send quote', '2026-03-12T09:00:00.000Z', false],
      ['Some day', null, false],
      ['Done last week', '2026-03-05T09:00:00.000Z', true],
      ['Done long ago', '2026-03-01T09:00:00.000Z', true],
    ]);
  });

  it('an open task due before the sidebar opened is overdue; a completed one never is', async () => {
    const view = await sidebarOfAnna((crm, contactId) => {
      crm.addTask(contactId, { title: 'Late', dueDate: '2026-03-10T11:59:00Z', completed: false });
      crm.addTask(contactId, { title: 'In a minute', dueDate: '2026-03-10T12:01:00Z', completed: false });
      crm.addTask(contactId, { title: 'Late but done', dueDate: '2026-03-01T09:00:00Z', completed: true });
      crm.addTask(contactId, { title: 'Undated', completed: null });
    });

    expect(Object.fromEntries(view.tasks.map((task) => [task.title, task.overdue]))).toEqual({
      Late: true,
      'In a minute': false,
      Undated: false,
      'Late but done': false,
    });
  });

  it('a task without a title or with an unreadable due date still shows', async () => {
    const view = await sidebarOfAnna((crm, contactId) => {
      crm.addTask(contactId, { title: '  ', body: '  Ring twice ', dueDate: 'next week' });
    });

    expect(view.tasks).toEqual([
      expect.objectContaining({ title: 'Untitled task', body: 'Ring twice', dueDate: null, completed: false, overdue: false }),
    ]);
  });
});

describe('notes', () => {
  it('newest first, their HTML reduced to text', async () => {
    const view = await sidebarOfAnna((crm, contactId) => {
      crm.addNote(contactId, { body: 'First contact', dateAdded: '2026-01-02T10:00:00Z' });
      crm.addNote(contactId, {
        body: '<p>Called <b>back</b></p><p>Prefers email &amp; mornings</p><ul><li>Oven</li><li>Mixer</li></ul><script>alert(1)</script>',
        dateAdded: '2026-03-09T16:30:00Z',
      });
      crm.addNote(contactId, { body: 'Undated' });
    });

    expect(view.notes.map((note) => [note.body, note.dateAdded])).toEqual([
      ['Called back\nPrefers email & mornings\n• Oven\n• Mixer', '2026-03-09T16:30:00.000Z'],
      ['First contact', '2026-01-02T10:00:00.000Z'],
      ['Undated', null],
    ]);
  });
});

describe('appointments', () => {
  it("are read in the location's time zone and split at the moment the sidebar opened", async () => {
    const view = await sidebarOfAnna((crm, contactId) => {
      // 08:30 in New York is 12:30 UTC: still to come at 12:00 UTC, though 08:30 UTC has passed.
      crm.addAppointment(contactId, { title: 'Intake', startTime: '2026-03-10 08:30:00', endTime: '2026-03-10 09:00:00', appointmentStatus: 'confirmed', status: 'booked' });
      crm.addAppointment(contactId, { title: 'Follow-up', startTime: '2026-03-17 10:00:00', status: 'booked', address: ' Main St 1 ' });
      crm.addAppointment(contactId, { title: 'Early call', startTime: '2026-03-10 07:30:00' });
      crm.addAppointment(contactId, { title: '', startTime: '2026-02-01 09:00:00' });
    }, 'America/New_York');

    expect(view.upcomingAppointments).toEqual([
      { id: expect.any(String), title: 'Intake', status: 'confirmed', startTime: '2026-03-10T12:30:00.000Z', endTime: '2026-03-10T13:00:00.000Z', address: null },
      { id: expect.any(String), title: 'Follow-up', status: 'booked', startTime: '2026-03-17T14:00:00.000Z', endTime: null, address: 'Main St 1' },
    ]);
    expect(view.pastAppointments.map((event) => [event.title, event.startTime])).toEqual([
      ['Early call', '2026-03-10T11:30:00.000Z'],
      ['Appointment', '2026-02-01T14:00:00.000Z'],
    ]);
  });

  it('in Amsterdam the same wall times fall elsewhere', async () => {
    const view = await sidebarOfAnna((crm, contactId) => {
      crm.addAppointment(contactId, { title: 'Intake', startTime: '2026-03-10 12:30:00' });
      crm.addAppointment(contactId, { title: 'Lunch', startTime: '2026-03-10 13:30:00' });
    });

    expect(view.pastAppointments.map((event) => [event.title, event.startTime])).toEqual([['Intake', '2026-03-10T11:30:00.000Z']]);
    expect(view.upcomingAppointments.map((event) => [event.title, event.startTime])).toEqual([['Lunch', '2026-03-10T12:30:00.000Z']]);
  });
});

describe('the contact card', () => {
  it('names a contact by its name, else its email or phone, and lists its tags', async () => {
    const domain = openDomain();
    domain.crm.addContact({ id: 'nameless', email: 'info@example.com', tags: ['lead', 'vip'] });
    domain.helpdesk.addTicket('101', { id: 'c1', email: 'info@example.com' });

    const view = matched(await domain.contacts.viewForTicket('101'));

    expect(view.contact).toEqual({
      id: 'nameless',
      name: 'info@example.com',
      email: 'info@example.com',
      phone: null,
      companyName: null,
      tags: ['lead', 'vip'],
      url: 'https://app.example.com/v2/location/loc1/contacts/detail/nameless',
    });
  });
});
