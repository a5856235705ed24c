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

/** A channel of the helpdesk (an email address, a WhatsApp number, a chat). */
export interface HelpdeskChannel {
  id: string;
  name: string | null;
  /** `EMAIL`, `WA_BUSINESS`, `SMS`, `VOIP`, `CHAT`, …; null when not said. */
  type: string | null;
}

/** A message or internal note on a ticket, as listed. */
export interface HelpdeskMessage {
  id: string;
  message: string;
  internal: boolean;
}

/** A ticket of a contact, as listed. */
export interface HelpdeskTicketSummary {
  id: string;
  channelId: string | null;
  subject: string | null;
  /** Epoch ms, when the helpdesk says. */
  createdAt: number | null;
}

export interface HelpdeskLabel {
  id: string;
  name: string;
}

/**
 * What automations do in the helpdesk. Creates are never repeated by the adapter on an unknown
 * outcome (a timeout, a dropped connection): the caller looks for them first.
 */
export interface HelpdeskAutomationPort {
  listChannels(): Promise<HelpdeskChannel[]>;
  /** The channel's contact of this identifier (an email or a phone number): the existing one, or a new one. */
  contactOnChannel(channelId: string, contact: { identifier: string; name: string }): Promise<{ id: string }>;
  /** Opens a ticket for the contact; nothing reaches the customer. */
  createTicket(ticket: { channelId: string; contactId: string; subject: string }): Promise<{ id: string }>;
  /**
   * Sends a message to the customer on the channel (the helpdesk opens a ticket when the contact has none open there).
   * The answer names the message and, when it says, the ticket.
   */
  sendMessage(message: { channelId: string; identifier: string; name: string; message: string; subject: string }): Promise<{ id: string; ticketId: string | null }>;
  /** An internal note on a ticket (`internal: true`) or a message to its customer. */
  postOnTicket(ticketId: string, message: { message: string; internal: boolean }): Promise<{ id: string }>;
  /** The contact's tickets, newest first. */
  ticketsOfContact(contactId: string): Promise<HelpdeskTicketSummary[]>;
  /** A ticket's messages and notes, newest first, at most `limit`. */
  messagesOfTicket(ticketId: string, limit?: number): Promise<HelpdeskMessage[]>;
  /** The labels on the ticket; `not_found` for no such ticket. */
  labelsOfTicket(ticketId: string): Promise<HelpdeskLabel[]>;
}
