/** A contact's appointments. */
import { contactPath, type RequestKit } from './requests';
import { appointmentsResponseSchema, type GhlAppointment } from './schemas';

/** The appointment methods of the client. */
export interface GhlAppointmentMethods {
  /** `GET /contacts/{contactId}/appointments`; times come without an offset. */
  getAppointments(contactId: string): Promise<GhlAppointment[]>;
}

export function appointmentMethods(kit: RequestKit): GhlAppointmentMethods {
  return {
    async getAppointments(contactId) {
      const operation = 'GET /contacts/{contactId}/appointments';
      const path = `${contactPath(contactId, operation)}/appointments`;
      return (await kit.read({ contactId }, { path, schema: appointmentsResponseSchema })).events;
    },
  };
}
