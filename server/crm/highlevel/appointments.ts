/** A contact's appointments. */
import type { CrmPort } from '../port';
import { readItems } from './reading';
import { contactPath, type RequestKit } from './requests';
import { appointmentsResponseSchema, ghlAppointmentSchema, type GhlAppointment } from './schemas';

/** The appointment methods of the client; checked against the CRM port. */
export interface GhlAppointmentMethods extends Pick<CrmPort, 'getAppointments'> {
  /**
   * `GET /contacts/{contactId}/appointments`; times come without an offset. An appointment
   * without a usable id is left out (and reported).
   */
  getAppointments(contactId: string): Promise<GhlAppointment[]>;
}

export function appointmentMethods(kit: RequestKit): GhlAppointmentMethods {
  return {
    async getAppointments(contactId) {
      const operation = 'GET /contacts/{contactId}/appointments';
      const path = `${contactPath(contactId, operation)}/appointments`;
      return kit.read({ contactId }, { path, schema: appointmentsResponseSchema }, ({ events }) =>
        readItems(events, ghlAppointmentSchema, { operation, what: 'appointment' }, kit.report),
      );
    },
  };
}
