/**
 * Trengo's webhooks: registered through `POST /webhooks` (one event type each, with its own
 * signing secret), sent as `application/x-www-form-urlencoded` bodies whose values are all
 * strings, and signed in `Trengo-Signature: <unix time>;<hex HMAC-SHA256 of "time.body">`.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { WebhookDelivery, type WebhookDeliveryOptions } from '../webhook-delivery';
import { pageParam, paginated } from './routes';

/** The header Trengo signs its webhooks in. */
export const trengoSignatureHeader = 'Trengo-Signature';

/** The event types Trengo lets a webhook subscribe to. */
export const trengoEventTypes = [
  'INBOUND',
  'OUTBOUND',
  'NOTE',
  'TICKET_CREATED',
  'TICKET_ASSIGNED',
  'TICKET_CLOSED',
  'TICKET_REOPENED',
  'TICKET_MERGED',
  'TICKET_LABEL_ADDED',
  'TICKET_LABEL_DELETED',
  'TICKET_MARKED_AS_SPAM',
  'TICKET_UNMARKED_AS_SPAM',
  'VOICE_CALL_STARTED',
  'VOICE_CALL_ENDED',
  'VOICE_CALL_RECORDING',
] as const;
export type TrengoEventType = (typeof trengoEventTypes)[number];

/** A registered webhook, as `POST /webhooks` answers it. */
export interface TrengoWebhookRecord {
  id: number;
  name: string;
  type: TrengoEventType;
  url: string;
  signing_secret: string;
}

/** The signature header's value for a body sent at `unixSeconds`. */
export function trengoSignature(body: string, secret: string, unixSeconds: number): string {
  const hex = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `${unixSeconds};${hex}`;
}

export interface TrengoWebhooksOptions extends WebhookDeliveryOptions {
  /** Clock of the signature's timestamp. */
  now?: () => Date;
}

/**
 * The registered webhooks and the sender that posts events to them, with the delivery knobs and
 * attempt record it inherits.
 */
export class TrengoWebhooks extends WebhookDelivery {
  /** Registered webhooks by id; they outlast `reset()`, like the server that registered them. */
  readonly registrations = new Map<number, TrengoWebhookRecord>();
  #nextId = 1;
  readonly #now: () => Date;

  constructor(options: TrengoWebhooksOptions = {}) {
    super(options);
    this.#now = options.now ?? (() => new Date());
  }

  register(input: Pick<TrengoWebhookRecord, 'name' | 'type' | 'url'>): TrengoWebhookRecord {
    const record: TrengoWebhookRecord = { id: this.#nextId++, ...input, signing_secret: randomBytes(20).toString('hex') };
    this.registrations.set(record.id, record);
    return record;
  }

  /**
   * Posts one event to every webhook registered for its type, each signed with that webhook's
   * secret and the time of each attempt. Answers how many webhooks it went to.
   */
  publish(type: TrengoEventType, fields: Record<string, string>): number {
    const body = new URLSearchParams(fields).toString();
    const eventId = randomUUID();
    let count = 0;
    for (const webhook of this.registrations.values()) {
      if (webhook.type !== type) continue;
      count += 1;
      this.send({
        eventId,
        type,
        url: webhook.url,
        body,
        headers: () => ({
          'Content-Type': 'application/x-www-form-urlencoded',
          [trengoSignatureHeader]: trengoSignature(body, webhook.signing_secret, Math.floor(this.#now().getTime() / 1000)),
        }),
      });
    }
    return count;
  }
}

const webhookInput = z.object({
  name: z.string({ error: 'The name field is required.' }).trim().min(1, 'The name field is required.').max(255),
  type: z.enum(trengoEventTypes, { error: 'The selected type is invalid.' }),
  url: z.url({ protocol: /^https?$/, error: 'The url format is invalid.' }).max(2048),
});

/** Routes to mount at `/api/v2/webhooks`, behind the sandbox's token and rate limit like every other. */
export function trengoWebhookRoutes(webhooks: TrengoWebhooks) {
  return new Hono()
    .get('/', (c) => {
      const page = pageParam.optional().parse(c.req.query('page')) ?? 1;
      const list = [...webhooks.registrations.values()].sort((a, b) => a.id - b.id);
      return c.json(paginated(c, list, page));
    })
    .post('/', async (c) => {
      const contentType = c.req.header('Content-Type') ?? '';
      const input: unknown = contentType.includes('application/json')
        ? await c.req.json().catch(() => ({}))
        : await c.req.parseBody().catch(() => ({}));
      const parsed = webhookInput.safeParse(input);
      if (!parsed.success) {
        const errors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'body');
          (errors[field] ??= []).push(issue.message);
        }
        return c.json({ message: Object.values(errors)[0]?.[0] ?? 'The given data was invalid.', errors }, 422);
      }
      return c.json(webhooks.register(parsed.data), 201);
    })
    .delete('/:webhookId', (c) => {
      const id = Number(c.req.param('webhookId'));
      if (!webhooks.registrations.delete(id)) return c.json({ message: 'Not found.' }, 404);
      return c.body(null, 204);
    });
}
