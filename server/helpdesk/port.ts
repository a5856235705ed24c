/**
 * The helpdesk port: what the domain asks of the helpdesk the agents work in (Trengo today, see
 * `./trengo`). Every method rejects with an `OutsideError`.
 */

/** The customer of a ticket as the helpdesk knows them; the phone number as written there. */
export interface HelpdeskCustomer {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface HelpdeskTicket {
  id: string;
  subject: string | null;
  /** Null when the ticket has no customer (an internal ticket). */
  customer: HelpdeskCustomer | null;
}

export interface HelpdeskPort {
  /** The ticket with its customer; `not_found` when the helpdesk has no such ticket. */
  getTicket(ticketId: string): Promise<HelpdeskTicket>;
}
