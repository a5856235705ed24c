/**
 * Someone working in HighLevel itself: the routes under `/_sandbox/edits` change the sandbox's
 * data the way a HighLevel user would, outside the API the server calls. Contacts, tags, tasks
 * and notes take the very API routes and bodies (`/_sandbox/edits/contacts/{id}/tags` is
 * `/contacts/{id}/tags`), but without token, version, rate limit, faults or call record, so a
 * test's call counts stay the server's own. Appointments, which the API only reads, get a small
 * create, update and delete. Every change sends its webhook events, like one made through the API.
 */
import { Hono } from 'hono';
import { wallTimeOf } from '../../shared/dates';
import { z } from 'zod';
import { readJson, validated } from './bodies';
import { contactRoutes, requireContact } from './contacts';
import { notFound } from './errors';
import { noteRoutes } from './notes';
import type { GhlAppointmentRecord } from './records';
import type { GhlStore } from './store';
import { tagRoutes } from './tags';
import { taskRoutes } from './tasks';

const wallClock = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, { message: 'must be a wall-clock time YYYY-MM-DD HH:mm:ss' });

const appointmentStatus = z.enum(['new', 'confirmed', 'cancelled', 'showed', 'noshow', 'invalid']);

/** A booking as someone makes it in HighLevel's calendar; times are wall-clock in the location's zone. */
export const bookAppointmentBody = z.strictObject({
  contactId: z.string().min(1),
  title: z.string().min(1),
  startTime: wallClock,
  endTime: wallClock,
  appointmentStatus: appointmentStatus.default('confirmed'),
  calendarId: z.string().min(1).default('cAl7Xq2Wd9Rk4Np1Ms6B'),
  assignedUserId: z.string().min(1).optional(),
  address: z.string().optional(),
  notes: z.string().optional(),
});

/** Any subset of a booking's fields. */
export const changeAppointmentBody = bookAppointmentBody.omit({ contactId: true }).partial();

/** Routes to mount at `/_sandbox/edits`. */
export function editRoutes(store: GhlStore, timeZone: string) {
  const requireAppointment = (id: string): GhlAppointmentRecord => {
    const appointment = store.appointments.get(id);
    if (!appointment) throw notFound('Appointment');
    return appointment;
  };
  const stamp = () => wallTimeOf(Date.now(), timeZone);

  return new Hono()
    .route('/contacts', contactRoutes(store))
    .route('/contacts', taskRoutes(store))
    .route('/contacts', noteRoutes(store))
    .route('/contacts', tagRoutes(store))
    .post('/appointments', async (c) => {
      const body = validated(bookAppointmentBody, readJson(await c.req.text()));
      const contact = requireContact(store, body.contactId);
      const now = stamp();
      const appointment: GhlAppointmentRecord = {
        ...body,
        id: store.newId(),
        contactId: contact.id,
        locationId: store.locationId,
        status: body.appointmentStatus === 'cancelled' ? 'cancelled' : 'booked',
        dateAdded: now,
        dateUpdated: now,
      };
      store.saveAppointment(appointment);
      return c.json({ appointment }, 201);
    })
    .put('/appointments/:appointmentId', async (c) => {
      const appointment = requireAppointment(c.req.param('appointmentId'));
      const changes = validated(changeAppointmentBody, readJson(await c.req.text()));
      const updated: GhlAppointmentRecord = { ...appointment, ...changes, dateUpdated: stamp() };
      if (changes.appointmentStatus !== undefined) {
        updated.status = changes.appointmentStatus === 'cancelled' ? 'cancelled' : 'booked';
      }
      store.saveAppointment(updated);
      return c.json({ appointment: updated });
    })
    .delete('/appointments/:appointmentId', (c) => {
      const appointment = requireAppointment(c.req.param('appointmentId'));
      store.deleteAppointment(appointment.id);
      return c.json({ succeeded: true });
    });
}
