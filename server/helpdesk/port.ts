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

/** A webhook registered with the helpdesk: it posts events of one type to a URL, signed with its secret. */
export interface HelpdeskWebhook {
  id: string;
  /** The event type, e.g. `INBOUND`. */
  type: string;
  url: string;
  /** Null when the helpdesk does not show it in a listing. */
  signingSecret: string | null;
}

/**
 * The webhooks the server registers with the helpdesk for itself. Kept apart from
 * `HelpdeskPort`, as only the registration at start-up needs them.
 */
export interface HelpdeskWebhookRegistry {
  listWebhooks(): Promise<HelpdeskWebhook[]>;
  /** Registers a webhook; the answer carries its signing secret. Not repeated on an unknown outcome. */
  createWebhook(webhook: { name: string; type: string; url: string }): Promise<HelpdeskWebhook & { signingSecret: string }>;
  /** Removes a webhook; `not_found` when the helpdesk has no such webhook. */
  deleteWebhook(webhookId: string): Promise<void>;
}
