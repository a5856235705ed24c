/**
 * The Trengo REST client: reads the ticket the sidebar was opened on, and registers the server's
 * webhooks. Knows nothing of HighLevel.
 */
import { z } from 'zod';
import { createOutsideHttp, type OutsideCall } from '../../platform/outside-http';
import type { HelpdeskCustomer, HelpdeskPort, HelpdeskTicket, HelpdeskWebhook, HelpdeskWebhookRegistry } from '../port';

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

/** One page of webhooks: a bare list, or Trengo's paginated `{ data, meta }`. */
const webhookPageSchema = z.union([
  z.array(z.unknown()).transform((data) => ({ data, lastPage: 1 })),
  z
    .object({ data: z.array(z.unknown()), meta: z.object({ last_page: z.number().int().nullish() }).nullish() })
    .transform((page) => ({ data: page.data, lastPage: page.meta?.last_page ?? 1 })),
]);

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
    maxRateLimitWaitMs: maxRetryAfterMs,
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.onCall && { onCall: options.onCall }),
    ...(options.requestId && { requestId: options.requestId }),
  });

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

    /**
     * One cheap authorised call (the first page of tickets), to learn whether Trengo is reachable
     * and accepts the token; only the status matters, so the body is not read into a schema.
     */
    async checkAccess(): Promise<void> {
      await http.send({ method: 'GET', path: '/tickets', query: { page: '1' }, schema: z.unknown(), idempotent: true });
    },
  };
}

export type TrengoClient = ReturnType<typeof createTrengoClient> & HelpdeskPort & HelpdeskWebhookRegistry;
