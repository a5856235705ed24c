/** A contact's appointments, with HighLevel's offset-less wall-clock times. */
import { Hono } from 'hono';
import { requireContact } from './contacts';
import type { GhlStore } from './store';

/** Routes to mount at `/contacts`. */
export function appointmentRoutes(store: GhlStore) {
  return new Hono().get('/:contactId/appointments', (c) => {
    const contact = requireContact(store, c.req.param('contactId'));
    return c.json({ events: store.appointmentsOf(contact.id) });
  });
}
