/**
 * Which webhook events a change of the HighLevel sandbox's data makes, in the payload shapes of
 * HighLevel's webhook reference (ghl-api-v2/webhooks/*.md). `webhookId` and `timestamp` are added
 * by the sender.
 */
import { wallTimeToIso } from '../../shared/dates';
import type { GhlAppointmentRecord, GhlContactRecord, GhlNoteRecord, GhlTaskRecord } from './records';
import type { GhlChange } from './store';

/** The event types the sandbox sends. */
export const ghlEventTypes = [
  'ContactCreate',
  'ContactUpdate',
  'ContactDelete',
  'ContactTagUpdate',
  'TaskCreate',
  'TaskComplete',
  'TaskDelete',
  'NoteCreate',
  'NoteUpdate',
  'NoteDelete',
  'AppointmentCreate',
  'AppointmentUpdate',
  'AppointmentDelete',
] as const;
export type GhlEventType = (typeof ghlEventTypes)[number];

/** An event's payload before the sender adds `webhookId` and `timestamp`. */
export interface GhlEvent {
  type: GhlEventType;
  locationId: string;
  [field: string]: unknown;
}

/** Fields HighLevel is known to leave out of TaskCreate now and then. */
export type TaskCreateOmission = 'body' | 'contactId';

export interface GhlEventOptions {
  locationId: string;
  /** The location's time zone, to give appointment times their offset. */
  timeZone: string;
  /** Fields left out of every TaskCreate, as HighLevel sometimes does. */
  taskCreateOmits: ReadonlySet<TaskCreateOmission>;
}

/**
 * The events one change makes. A contact's tags changing is a ContactTagUpdate, its other fields
 * a ContactUpdate (both when both change). HighLevel has no event for a task edited or reopened,
 * so those changes make none; a change that leaves the record as it was makes none either.
 */
export function eventsOf(change: GhlChange, options: GhlEventOptions): GhlEvent[] {
  const { locationId } = options;
  switch (change.kind) {
    case 'contact': {
      const { before, after } = change;
      if (!before && after) return [{ type: 'ContactCreate', locationId, ...contactPayload(after) }];
      if (before && !after) return [{ type: 'ContactDelete', locationId, ...contactPayload(before) }];
      if (!before || !after) return [];
      const fieldsChanged = !sameJson({ ...contactPayload(before), tags: [] }, { ...contactPayload(after), tags: [] });
      const events: GhlEvent[] = [];
      if (fieldsChanged) events.push({ type: 'ContactUpdate', locationId, ...contactPayload(after) });
      if (!sameJson(before.tags, after.tags)) events.push({ type: 'ContactTagUpdate', locationId, ...contactPayload(after) });
      return events;
    }
    case 'task': {
      const { before, after } = change;
      if (!before && after) {
        const payload = taskPayload(after);
        for (const omitted of options.taskCreateOmits) delete payload[omitted];
        return [{ type: 'TaskCreate', locationId, ...payload }];
      }
      if (before && !after) return [{ type: 'TaskDelete', locationId, ...taskPayload(before) }];
      if (before && after && !before.completed && after.completed) {
        return [{ type: 'TaskComplete', locationId, ...taskPayload(after) }];
      }
      return [];
    }
    case 'note': {
      const { before, after } = change;
      if (!before && after) return [{ type: 'NoteCreate', locationId, ...notePayload(after) }];
      if (before && !after) return [{ type: 'NoteDelete', locationId, ...notePayload(before) }];
      if (before && after && !sameJson(before, after)) return [{ type: 'NoteUpdate', locationId, ...notePayload(after) }];
      return [];
    }
    case 'appointment': {
      const { before, after } = change;
      const appointment = (record: GhlAppointmentRecord) => appointmentPayload(record, options.timeZone);
      if (!before && after) return [{ type: 'AppointmentCreate', locationId, appointment: appointment(after) }];
      if (before && !after) return [{ type: 'AppointmentDelete', locationId, appointment: appointment(before) }];
      if (before && after && !sameJson(before, after)) {
        return [{ type: 'AppointmentUpdate', locationId, appointment: appointment(after) }];
      }
      return [];
    }
  }
}

/**
 * What a Workflow's Webhook action posts: the contact's standard fields flat (tags as one
 * comma-separated text), the location and the workflow. HighLevel publishes no schema for it;
 * this is the common shape.
 */
export function workflowBodyOf(contact: GhlContactRecord, location: { id: string; name: string }, trigger: string) {
  return definedOnly({
    contact_id: contact.id,
    first_name: contact.firstName,
    last_name: contact.lastName,
    full_name: contact.name,
    email: contact.email,
    phone: contact.phone,
    tags: contact.tags.join(','),
    company_name: contact.companyName,
    address1: contact.address1,
    city: contact.city,
    state: contact.state,
    country: contact.country,
    postal_code: contact.postalCode,
    website: contact.website,
    date_created: contact.dateAdded,
    contact_source: contact.source,
    contact_type: contact.type,
    location,
    workflow: { id: 'sandboxWorkflow00001', name: `Sandbox: ${trigger}` },
    triggerData: {},
    customData: {},
  });
}

/** The contact fields the Contact* schemas list, those the record holds. */
function contactPayload(contact: GhlContactRecord) {
  return definedOnly({
    id: contact.id,
    address1: contact.address1,
    city: contact.city,
    companyName: contact.companyName,
    country: contact.country,
    source: contact.source,
    dateAdded: contact.dateAdded,
    dnd: contact.dnd,
    email: contact.email,
    name: contact.name,
    firstName: contact.firstName,
    lastName: contact.lastName,
    phone: contact.phone,
    postalCode: contact.postalCode,
    state: contact.state,
    tags: [...contact.tags],
    website: contact.website,
    attachments: [],
    assignedTo: contact.assignedTo,
    customFields: contact.customFields.map(({ id, value }) => ({ id, value })),
  });
}

/** The Task* schema's fields; the sandbox's tasks keep no `dateAdded`, so none is sent. */
function taskPayload(task: GhlTaskRecord) {
  return definedOnly({
    id: task.id,
    assignedTo: task.assignedTo,
    body: task.body,
    contactId: task.contactId,
    title: task.title,
    dueDate: task.dueDate,
  });
}

function notePayload(note: GhlNoteRecord) {
  return { id: note.id, body: note.body, contactId: note.contactId, dateAdded: note.dateAdded };
}

/** The Appointment* schema's `appointment` object; times as ISO 8601 instants, where the API answers wall-clock times. */
function appointmentPayload(appointment: GhlAppointmentRecord, timeZone: string) {
  const instant = (wallClock: string) => wallTimeToIso(wallClock, timeZone) ?? wallClock;
  return definedOnly({
    id: appointment.id,
    address: appointment.address,
    title: appointment.title,
    calendarId: appointment.calendarId,
    contactId: appointment.contactId,
    appointmentStatus: appointment.appointmentStatus,
    assignedUserId: appointment.assignedUserId,
    users: appointment.assignedUserId === undefined ? [] : [appointment.assignedUserId],
    notes: appointment.notes,
    source: 'sandbox',
    startTime: instant(appointment.startTime),
    endTime: instant(appointment.endTime),
    dateAdded: instant(appointment.dateAdded),
    dateUpdated: instant(appointment.dateUpdated),
  });
}

/** The object without its undefined fields: HighLevel leaves an empty field out rather than send null. */
function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
