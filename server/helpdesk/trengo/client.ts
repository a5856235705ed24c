/**
 * The Trengo REST client: reads the ticket the sidebar was opened on, and registers the server's
 * webhooks. Knows nothing of HighLevel.
 */
import { z } from 'zod';
import { createOutsideHttp, type OutsideCall } from '../../platform/outside-http';
import { sharedRateLimiter, type RateLimit } from '../../platform/rate-limiter';
import type {
  HelpdeskAutomationPort,
  HelpdeskChannel,
  HelpdeskCustomer,
  HelpdeskLabel,
  HelpdeskMessage,
  HelpdeskPort,
  HelpdeskTicket,
  HelpdeskTicketSummary,
  HelpdeskWebhook,
  HelpdeskWebhookRegistry,
} from '../port';

const idSchema = z.union([z.number(), z.string()]).transform(String);
const textSchema = z.string().nullish().transform((value) => value?.trim() || null);

const trengoContactSchema = z.object({
  id: idSchema,
  name: textSchema,
  full_name: textSchema,
  email: textSchema,
  phone: textSchema,
  identifier: textSchema,
});

const trengoTicketSchema = z.object({
  id: idSchema,
  subject: textSchema,
  contact: trengoContactSchema.nullish(),
});

/** A webhook as Trengo lists or creates it; only what the registration uses. */
const trengoWebhookSchema = z.object({
  id: idSchema,
  type: textSchema,
  url: textSchema,
  signing_secret: textSchema,
});

/** Trengo answers with the record itself or wrapped in `data`; both are read. */
const createdWebhookSchema = z.union([trengoWebhookSchema, z.object({ data: trengoWebhookSchema }).transform((answer) => answer.data)]);

/** One page of a list (webhooks, channels, tickets, messages): a bare list, or Trengo's paginated `{ data, meta }`. */
const webhookPageSchema = z.union([
  z.array(z.unknown()).transform((data) => ({ data, lastPage: 1 })),
  z
    .object({ data: z.array(z.unknown()), meta: z.object({ last_page: z.number().int().nullish() }).nullish() })
    .transform((page) => ({ data: page.data, lastPage: page.meta?.last_page ?? 1 })),
]);

/** An id in an answer: present, a number or a string of one. */
const createdIdSchema = z.object({ id: idSchema });
/** Trengo answers a create with the record, or with it wrapped in `data`. */
const createdSchema = z.union([createdIdSchema, z.object({ data: createdIdSchema }).transform((answer) => answer.data)]);
const sentMessageSchema = z
  .union([z.object({ data: z.looseObject({ id: idSchema }) }).transform((answer) => answer.data), z.looseObject({ id: idSchema })])
  .transform((message) => ({ id: message.id, ticketId: idSchema.nullish().catch(null).parse(message['ticket_id']) ?? null }));

const channelSchema = z.object({ id: idSchema, name: textSchema, type: textSchema });
const ticketSummarySchema = z.object({ id: idSchema, channel_id: idSchema.nullish(), subject: textSchema, created_at: z.string().nullish() });
const messageSchema = z.object({
  id: idSchema,
  message: z.string().nullish(),
  type: z.string().nullish(),
  internal_note: z.union([z.boolean(), z.number(), z.string()]).nullish(),
});
const labelSchema = z.object({ id: idSchema, name: z.string() });
const ticketLabelsSchema = z.object({ labels: z.array(z.unknown()).nullish() });

/** Trengo's `YYYY-MM-DD HH:mm:ss` (UTC) or ISO 8601, as epoch ms. */
function trengoTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const instant = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(instant) ? null : instant;
}

/** The items of a page that match `schema`; an unreadable item is left out. */
function readable<T>(items: unknown[], schema: z.ZodType<T>): T[] {
  return items.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The most pages of a list read; channels, labels and a contact's tickets fit in a few. */
const maxListPages = 10;

/** The most pages of webhooks read; an account has a handful. */
const maxWebhookPages = 20;

/** A Trengo ticket with the fields the sidebar needs. */
export type TrengoTicket = z.infer<typeof trengoTicketSchema>;
export type TrengoContact = z.infer<typeof trengoContactSchema>;

export type TrengoClientOptions = {
  baseUrl: string;
  /** Read on every attempt, so a rotated token takes effect at once. */
  token: () => string;
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
  /** Told of every HTTP attempt, for logs. */
  onCall?: (call: OutsideCall) => void;
  /** The id of the request being served, sent to Trengo as `X-Request-Id`. */
  requestId?: () => string | undefined;
  /**
   * Trengo's limit for the account (120 a minute); calls beyond it wait in the shared queue.
   * Clients of one API base with the same limit share one limiter.
   */
  rateLimit?: RateLimit;
  /** Whether idempotent calls are repeated after a timeout, a dropped connection or a 5xx; default true. */
  retryUnknownOutcomes?: boolean;
  /** Whose call this is, for the limiter's queue: an agent's goes before background work's. */
  priority?: () => 'agent' | 'background';
  /** The longest wait after a 429 worth making; default 5000. Unset (`null`): whatever Trengo asks. */
  maxRateLimitWaitMs?: number | null;
};

/** The longest `Retry-After` the client waits out before giving up with a rate-limit error. */
const maxRetryAfterMs = 5_000;

/**
 * The ticket's customer: Trengo's `identifier` is the channel address, an email on email
 * channels and a number on phone ones, so it stands in for a missing email or phone.
 */
function customerOf(contact: TrengoContact | null | undefined): HelpdeskCustomer | null {
  if (!contact) return null;
  const identifier = contact.identifier;
  return {
    id: contact.id,
    name: contact.name ?? contact.full_name,
    email: contact.email ?? (identifier?.includes('@') ? identifier : null),
    phone: contact.phone ?? (identifier && !identifier.includes('@') ? identifier : null),
  };
}

function webhookOf(webhook: z.infer<typeof trengoWebhookSchema>): HelpdeskWebhook {
  return { id: webhook.id, type: webhook.type ?? '', url: webhook.url ?? '', signingSecret: webhook.signing_secret };
}

export function createTrengoClient(options: TrengoClientOptions) {
  const http = createOutsideHttp({
    system: 'trengo',
    baseUrl: options.baseUrl,
    token: options.token,
    timeoutMs: options.timeoutMs ?? 8_000,
    maxRetries: options.maxRetries ?? 2,
    retryBaseMs: 200,
    rateLimitIntervalMs: 1_000,
    ...(options.maxRateLimitWaitMs !== null && { maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? maxRetryAfterMs }),
    // Automations are the server's own work in Trengo: half the window while agents call, all of it once they are quiet.
    ...(options.rateLimit && { limiter: sharedRateLimiter({ baseUrl: options.baseUrl, locationId: 'trengo' }, options.rateLimit, { whileAgentsCall: 1 / 2, agentsQuiet: 1 }) }),
    ...(options.retryUnknownOutcomes !== undefined && { retryUnknownOutcomes: options.retryUnknownOutcomes }),
    ...(options.priority && { priority: options.priority }),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.onCall && { onCall: options.onCall }),
    ...(options.requestId && { requestId: options.requestId }),
  });

  /** Refuses an id that is not a number before anything is sent, so it can never change a path. */
  function numeric(value: string, what: string, operation: string): string {
    if (!/^\d{1,20}$/.test(value)) throw http.error({ kind: 'bad_request', status: null, messages: [`A Trengo ${what} id is a number.`], operation });
    return value;
  }

  /** Every readable item of a paginated list, up to `maxPages` pages. */
  async function allPages<T>(path: string, schema: z.ZodType<T>, query: Record<string, string> = {}, maxPages = maxListPages): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1, lastPage = 1; page <= Math.min(lastPage, maxPages); page += 1) {
      const answer = await http.send({ method: 'GET', path, query: { ...query, page: String(page) }, schema: webhookPageSchema, idempotent: true });
      lastPage = answer.lastPage;
      items.push(...readable(answer.data, schema));
    }
    return items;
  }

  return {
    /** The ticket with its customer; `not_found` when Trengo has no such ticket. */
    async getTicket(ticketId: string): Promise<HelpdeskTicket> {
      const operation = 'GET /tickets/{ticketId}';
      if (!/^\d{1,20}$/.test(ticketId)) {
        throw http.error({ kind: 'bad_request', status: null, messages: ['A Trengo ticket id is a number.'], operation });
      }
      const ticket = await http.send({ method: 'GET', path: `/tickets/${encodeURIComponent(ticketId)}`, schema: trengoTicketSchema, idempotent: true });
      return { id: ticket.id, subject: ticket.subject, customer: customerOf(ticket.contact) };
    },

    /** Every webhook of the account; an entry that cannot be read is left out. */
    async listWebhooks(): Promise<HelpdeskWebhook[]> {
      const webhooks: HelpdeskWebhook[] = [];
      for (let page = 1, lastPage = 1; page <= Math.min(lastPage, maxWebhookPages); page += 1) {
        const answer = await http.send({ method: 'GET', path: '/webhooks', query: { page: String(page) }, schema: webhookPageSchema, idempotent: true });
        lastPage = answer.lastPage;
        for (const item of answer.data) {
          const webhook = trengoWebhookSchema.safeParse(item);
          if (webhook.success) webhooks.push(webhookOf(webhook.data));
        }
      }
      return webhooks;
    },

    /** Registers a webhook; never sent twice by the client, as a lost answer may hide a webhook that exists. */
    async createWebhook(webhook: { name: string; type: string; url: string }): Promise<HelpdeskWebhook & { signingSecret: string }> {
      const operation = 'POST /webhooks';
      const created = await http.send({ method: 'POST', path: '/webhooks', body: webhook, schema: createdWebhookSchema, idempotent: false });
      const signingSecret = created.signing_secret;
      if (!signingSecret) throw http.error({ kind: 'invalid_response', status: 200, messages: ['The new webhook has no signing_secret.'], operation });
      return { ...webhookOf(created), type: created.type ?? webhook.type, url: created.url ?? webhook.url, signingSecret };
    },

    /** Removes a webhook; `not_found` when Trengo has none of that id. */
    async deleteWebhook(webhookId: string): Promise<void> {
      if (!/^\d{1,20}$/.test(webhookId)) {
        throw http.error({ kind: 'bad_request', status: null, messages: ['A Trengo webhook id is a number.'], operation: 'DELETE /webhooks/{webhookId}' });
      }
      await http.send({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(webhookId)}`, schema: z.unknown(), idempotent: true });
    },

    async listChannels(): Promise<HelpdeskChannel[]> {
      return (await allPages('/channels', channelSchema)).map((channel) => ({ id: channel.id, name: channel.name, type: channel.type }));
    },

    /** Trengo answers with the existing contact for a known identifier; the client never repeats it on an unknown outcome. */
    async contactOnChannel(channelId: string, contact: { identifier: string; name: string }): Promise<{ id: string }> {
      numeric(channelId, 'channel', 'POST /channels/{channelId}/contacts');
      return http.send({ method: 'POST', path: `/channels/${channelId}/contacts`, body: { identifier: contact.identifier, name: contact.name }, schema: createdSchema, idempotent: false });
    },

    async createTicket(ticket: { channelId: string; contactId: string; subject: string }): Promise<{ id: string }> {
      const body = { channel_id: Number(numeric(ticket.channelId, 'channel', 'POST /tickets')), contact_id: Number(numeric(ticket.contactId, 'contact', 'POST /tickets')), subject: ticket.subject };
      return http.send({ method: 'POST', path: '/tickets', body, schema: createdSchema, idempotent: false });
    },

    async sendMessage(message: { channelId: string; identifier: string; name: string; message: string; subject: string }): Promise<{ id: string; ticketId: string | null }> {
      const body = {
        channel_id: Number(numeric(message.channelId, 'channel', 'POST /messages')),
        contact_identifier: message.identifier,
        contact_name: message.name,
        message: message.message,
        email_subject: message.subject,
      };
      return http.send({ method: 'POST', path: '/messages', body, schema: sentMessageSchema, idempotent: false });
    },

    async postOnTicket(ticketId: string, message: { message: string; internal: boolean }): Promise<{ id: string }> {
      numeric(ticketId, 'ticket', 'POST /tickets/{ticketId}/messages');
      return http.send({ method: 'POST', path: `/tickets/${ticketId}/messages`, body: { message: message.message, internal_note: message.internal }, schema: createdSchema, idempotent: false });
    },

    async ticketsOfContact(contactId: string): Promise<HelpdeskTicketSummary[]> {
      numeric(contactId, 'contact', 'GET /tickets');
      return (await allPages('/tickets', ticketSummarySchema, { contact_id: contactId })).map((ticket) => ({
        id: ticket.id,
        channelId: ticket.channel_id ?? null,
        subject: ticket.subject,
        createdAt: trengoTime(ticket.created_at),
      }));
    },

    async messagesOfTicket(ticketId: string, limit = 100): Promise<HelpdeskMessage[]> {
      numeric(ticketId, 'ticket', 'GET /tickets/{ticketId}/messages');
      const messages = await allPages(`/tickets/${ticketId}/messages`, messageSchema, {}, Math.max(1, Math.ceil(limit / 25)));
      return messages.slice(0, limit).map((message) => ({
        id: message.id,
        message: message.message ?? '',
        internal: message.type === 'NOTE' || message.internal_note === true || message.internal_note === 1 || message.internal_note === '1',
      }));
    },

    async labelsOfTicket(ticketId: string): Promise<HelpdeskLabel[]> {
      numeric(ticketId, 'ticket', 'GET /tickets/{ticketId}');
      const ticket = await http.send({ method: 'GET', path: `/tickets/${ticketId}`, schema: ticketLabelsSchema, idempotent: true });
      return readable(ticket.labels ?? [], labelSchema);
    },

    /**
     * One cheap authorised call (the first page of tickets), to learn whether Trengo is reachable
     * and accepts the token; only the status matters, so the body is not read into a schema.
     */
    async checkAccess(): Promise<void> {
      await http.send({ method: 'GET', path: '/tickets', query: { page: '1' }, schema: z.unknown(), idempotent: true });
    },
  };
}

export type TrengoClient = ReturnType<typeof createTrengoClient> & HelpdeskPort & HelpdeskWebhookRegistry & HelpdeskAutomationPort;
