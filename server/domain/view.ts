/** Shapes CRM records into the widget's view: pure functions, no I/O. */
import type { Appointment, Candidate, ContactCard, Note, Task } from '../../shared/api';
import { wallTimeToIso } from '../../shared/dates';
import { htmlToText } from '../../shared/text';
import type { CrmAppointment, CrmContact, CrmNote, CrmTask } from '../crm/port';

export function contactName(contact: CrmContact): string {
  const full = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return contact.name?.trim() || full.trim() || contact.email || contact.phone || 'Unnamed contact';
}

/** The link that opens this contact in the HighLevel app. */
export function contactUrl(appUrl: string, locationId: string, contactId: string): string {
  return `${appUrl}/v2/location/${encodeURIComponent(locationId)}/contacts/detail/${encodeURIComponent(contactId)}`;
}

export function toCandidate(contact: CrmContact): Candidate {
  return {
    id: contact.id,
    name: contactName(contact),
    email: contact.email || null,
    phone: contact.phone || null,
    companyName: contact.companyName || null,
  };
}

export function toContactCard(contact: CrmContact, link: { appUrl: string; locationId: string }): ContactCard {
  return { ...toCandidate(contact), tags: contact.tags ?? [], url: contactUrl(link.appUrl, link.locationId, contact.id) };
}

/** Open tasks first, soonest due first (undated last); then completed ones, most recent due first. */
export function toTasks(tasks: CrmTask[], now: Date): Task[] {
  const shaped = tasks.map((task): Task => {
    const due = task.dueDate ? new Date(task.dueDate) : null;
    const dueDate = due && !Number.isNaN(due.getTime()) ? due.toISOString() : null;
    const completed = task.completed ?? false;
    return {
      id: task.id,
      title: task.title?.trim() || 'Untitled task',
      body: task.body?.trim() || null,
      dueDate,
      completed,
      overdue: !completed && dueDate !== null && dueDate < now.toISOString(),
    };
  });
  const dueKey = (task: Task) => task.dueDate ?? '9999';
  return shaped.sort((a, b) =>
    a.completed !== b.completed
      ? Number(a.completed) - Number(b.completed)
      : a.completed
        ? dueKey(b).localeCompare(dueKey(a))
        : dueKey(a).localeCompare(dueKey(b)),
  );
}

/** Notes newest first, their HTML reduced to plain text. */
export function toNotes(notes: CrmNote[]): Note[] {
  return notes
    .map((note): Note => ({ id: note.id, body: htmlToText(note.body ?? ''), dateAdded: isoOrNull(note.dateAdded) }))
    .sort((a, b) => (b.dateAdded ?? '').localeCompare(a.dateAdded ?? ''));
}

/** Appointments split at `now`: upcoming soonest first, past most recent first. */
export function toAppointments(events: CrmAppointment[], timeZone: string, now: Date) {
  const shaped = events.map((event): Appointment => ({
    id: event.id,
    title: event.title?.trim() || 'Appointment',
    status: event.appointmentStatus || event.status || null,
    startTime: event.startTime ? wallTimeToIso(event.startTime, timeZone) : null,
    endTime: event.endTime ? wallTimeToIso(event.endTime, timeZone) : null,
    address: event.address?.trim() || null,
  }));
  const nowIso = now.toISOString();
  const startKey = (appointment: Appointment) => appointment.startTime ?? '';
  return {
    upcoming: shaped.filter((a) => startKey(a) >= nowIso).sort((a, b) => startKey(a).localeCompare(startKey(b))),
    past: shaped.filter((a) => startKey(a) < nowIso).sort((a, b) => startKey(b).localeCompare(startKey(a))),
  };
}

function isoOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
