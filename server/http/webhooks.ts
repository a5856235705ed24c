/**
 * The webhook receivers: `POST /webhooks/highlevel` and `POST /webhooks/trengo`. Outside the
 * widget's session: a delivery proves itself by its signature (or, for a HighLevel Workflow, a
 * shared secret), checked on the raw body before it is parsed. A verified event is stored in the
 * inbox and answered 200 at once; the inbox worker processes it after. A second delivery of a
 * stored event is answered 200 and stored no more. Refusals are 401 (no or wrong signature, or
 * dated more than 5 minutes from now, which a replay is), 400 (a signed body without what it must
 * carry), 413 (over `WEBHOOK_MAX_BODY_BYTES`), each logged as a warning without body or secret.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { contactSubject, ticketSubject, workflowEventType } from '../domain/events';
import type { WebhookSettings } from '../platform/config';
import { AppError } from '../platform/errors';
import type { Logger } from '../platform/log';
import { currentRequestId } from '../platform/request-context';
import { safeEqual } from '../platform/session';
import type { EventSource, Inbox, NewInboxEvent } from '../store/port';
import { bodySizeLimit } from './limits';
import {
  epochMsOf,
  highLevelKey,
  isFresh,
  isHighLevelSignature,
  isLegacyHighLevelSignature,
  matchingTrengoSecret,
  readTrengoSignature,
} from './webhook-signatures';

export interface WebhookRouteOptions {
  inbox: Inbox;
  /** The HighLevel location whose events are kept; others are answered and dropped. */
  locationId: string;
  settings: Pick<WebhookSettings, 'ghlPublicKey' | 'ghlSecret' | 'trengoSecret' | 'maxBodyBytes'>;
  /** The signing secrets of the Trengo webhooks the server registered, read at every delivery. */
  trengoSecrets: () => Array<{ secret: string; eventType: string }>;
  /** Told when an event was stored, so the worker looks at once. */
  onStored: () => void;
  /** Workflow deliveries still waiting to be processed; the worker says when it takes one. */
  waitingWorkflows?: WaitingWorkflows;
  log: Logger;
  now?: () => number;
}

/** What a webhook's 200 says: stored, already stored before, or not for this server. */
export type WebhookReceipt = { received: 'stored' | 'duplicate' | 'ignored' };

const idPattern = /^[A-Za-z0-9]{1,64}$/;

/** A signed HighLevel app event: only what is needed to file it; the rest is kept as sent. */
const signedEventSchema = z.looseObject({
  type: z.string().regex(/^[A-Za-z]{1,64}$/, 'must be a HighLevel event type'),
  webhookId: z.string().min(1).max(200),
  timestamp: z.union([z.string(), z.number()]),
  locationId: z.string().nullish(),
  id: z.unknown().optional(),
  contactId: z.unknown().optional(),
  appointment: z.looseObject({ contactId: z.unknown().optional() }).nullish(),
});

/** A HighLevel Workflow webhook: the contact's fields flat, with the location and the workflow. */
const workflowEventSchema = z.looseObject({
  contact_id: z.string().regex(idPattern, 'must be the HighLevel contact id'),
  location: z.looseObject({ id: z.string().nullish() }).nullish(),
  locationId: z.string().nullish(),
  webhookId: z.string().min(1).max(200).nullish(),
});

const sha256 = (...parts: (string | Buffer)[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest('hex');

/** The most Workflow bodies remembered as waiting; beyond it the oldest is forgotten (and a repeat of it stored again). */
const maxWaitingWorkflows = 10_000;

/**
 * Workflow deliveries without a `webhookId`, by the hash of their body, from when they are stored
 * until the worker begins processing them. A Workflow sends the contact's fields only, so a later
 * change (a second task) can come with the very same body: a body is a repeat only while the same
 * one still waits, as processing it then reads the contact after both. Once processing has begun,
 * the same body is a new event. Kept in memory: after a restart a repeat is stored again, which
 * costs one more read and changes nothing.
 */
export function createWaitingWorkflows() {
  const eventIdByHash = new Map<string, string>();
  const hashByEventId = new Map<string, string>();
  const forget = (hash: string) => {
    hashByEventId.delete(eventIdByHash.get(hash) ?? '');
    eventIdByHash.delete(hash);
  };
  return {
    /** The stored event a delivery of this body repeats, if one still waits. */
    waiting: (hash: string): string | undefined => eventIdByHash.get(hash),
    add(hash: string, eventId: string): void {
      const oldest = eventIdByHash.keys().next().value;
      if (eventIdByHash.size >= maxWaitingWorkflows && oldest !== undefined) forget(oldest);
      eventIdByHash.set(hash, eventId);
      hashByEventId.set(eventId, hash);
    },
    /** The worker began processing the event: a delivery of the same body from now on is new. */
    taken(eventId: string): void {
      const hash = hashByEventId.get(eventId);
      if (hash !== undefined) forget(hash);
    },
  };
}

export type WaitingWorkflows = ReturnType<typeof createWaitingWorkflows>;

/** The HighLevel contact an event is about, if it names one. */
function contactIdOf(event: z.infer<typeof signedEventSchema>): unknown {
  if (event.type.startsWith('Contact')) return event.id;
  return event.contactId ?? event.appointment?.contactId;
}

export function webhookRoutes(options: WebhookRouteOptions) {
  const { inbox, log, settings } = options;
  const now = options.now ?? Date.now;
  const publicKey = highLevelKey(settings.ghlPublicKey);
  const waitingWorkflows = options.waitingWorkflows ?? createWaitingWorkflows();

  function refuse(source: EventSource, status: 400 | 401, reason: string, message: string): never {
    log.warn('webhook refused', { source, reason, requestId: currentRequestId() });
    throw new AppError(status, status === 401 ? 'unauthorized' : 'bad_request', message);
  }

  function store(c: Context, event: NewInboxEvent) {
    const stored = inbox.add(event);
    if (stored) options.onStored();
    log.debug(stored ? 'webhook event stored' : 'webhook event already stored', { source: event.source, type: event.type, subject: event.subject });
    return c.json<WebhookReceipt>({ received: stored ? 'stored' : 'duplicate' });
  }

  const readJson = (body: Buffer): unknown => {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
  };

  return new Hono()
    .use(bodySizeLimit(settings.maxBodyBytes))
    .post('/highlevel', async (c) => {
      const signature = c.req.header('x-ghl-signature');
      const legacySignature = c.req.header('x-wh-signature');
      const workflowSecret = c.req.header('x-webhook-secret');
      if (signature === undefined && legacySignature === undefined && workflowSecret === undefined) {
        refuse('highlevel', 401, 'no signature', 'The webhook carries no X-GHL-Signature (or X-Webhook-Secret for a Workflow webhook).');
      }
      const body = Buffer.from(await c.req.arrayBuffer());

      if (signature === undefined && legacySignature === undefined) {
        if (settings.ghlSecret === null) {
          refuse('highlevel', 401, 'workflow webhooks off', 'Workflow webhooks are not accepted: GHL_WEBHOOK_SECRET is not set.');
        }
        if (!safeEqual(workflowSecret ?? '', settings.ghlSecret)) refuse('highlevel', 401, 'wrong workflow secret', 'The X-Webhook-Secret is not the one set.');
        const parsed = workflowEventSchema.safeParse(readJson(body));
        if (!parsed.success) {
          refuse('highlevel', 400, 'unreadable workflow body', 'A Workflow webhook must send JSON with the contact_id and the location (the Webhook action sends both).');
        }
        const event = parsed.data;
        const locationId = event.location?.id ?? event.locationId;
        if (!locationId) refuse('highlevel', 400, 'workflow body without location', 'A Workflow webhook must send the location, with its id.');
        if (locationId !== options.locationId) return ignoreOtherLocation(c, workflowEventType);
        const newEvent = {
          source: 'highlevel',
          type: workflowEventType,
          subject: contactSubject(event.contact_id),
          payload: body.toString('utf8'),
          occurredAt: null,
        } as const;
        if (event.webhookId) return store(c, { ...newEvent, eventId: event.webhookId });
        const hash = sha256(body);
        if (waitingWorkflows.waiting(hash) !== undefined) {
          log.debug('webhook event already stored', { source: 'highlevel', type: workflowEventType, subject: newEvent.subject });
          return c.json<WebhookReceipt>({ received: 'duplicate' });
        }
        const eventId = `body:${hash}:${randomUUID()}`;
        waitingWorkflows.add(hash, eventId);
        return store(c, { ...newEvent, eventId });
      }

      const verified = signature !== undefined ? isHighLevelSignature(body, signature, publicKey) : isLegacyHighLevelSignature(body, legacySignature ?? '');
      if (!verified) refuse('highlevel', 401, signature !== undefined ? 'bad signature' : 'bad legacy signature', 'The webhook signature is not valid.');
      const parsed = signedEventSchema.safeParse(readJson(body));
      if (!parsed.success) {
        refuse('highlevel', 400, 'unreadable signed body', 'The webhook body must be JSON with type, webhookId and timestamp.');
      }
      const event = parsed.data;
      const occurredAt = epochMsOf(event.timestamp);
      if (occurredAt === null) refuse('highlevel', 400, 'unreadable timestamp', 'The webhook timestamp cannot be read.');
      if (!isFresh(occurredAt, now())) refuse('highlevel', 401, 'stale timestamp', 'The webhook is dated more than 5 minutes from now.');
      if (event.locationId !== options.locationId) return ignoreOtherLocation(c, event.type);
      const contactId = contactIdOf(event);
      if (contactId !== undefined && contactId !== null && !(typeof contactId === 'string' && idPattern.test(contactId))) {
        refuse('highlevel', 400, 'unreadable contact id', 'The webhook names a contact id that is not a HighLevel id.');
      }
      return store(c, {
        source: 'highlevel',
        eventId: event.webhookId,
        type: event.type,
        subject: typeof contactId === 'string' ? contactSubject(contactId) : `location:${options.locationId}`,
        payload: body.toString('utf8'),
        occurredAt,
      });
    })
    .post('/trengo', async (c) => {
      const header = c.req.header('trengo-signature');
      if (header === undefined) refuse('trengo', 401, 'no signature', 'The webhook carries no Trengo-Signature.');
      const signature = readTrengoSignature(header);
      if (signature === null) refuse('trengo', 401, 'unreadable signature', 'The Trengo-Signature is not <timestamp>;<hex>.');
      const body = Buffer.from(await c.req.arrayBuffer());
      const secrets = [
        ...options.trengoSecrets().map(({ secret, eventType }) => ({ secret, eventType: eventType as string | null })),
        ...(settings.trengoSecret === null ? [] : [{ secret: settings.trengoSecret, eventType: null }]),
      ];
      const matched = matchingTrengoSecret(signature, body, secrets);
      if (matched === null) refuse('trengo', 401, secrets.length === 0 ? 'no signing secret known' : 'bad signature', 'The webhook signature is not valid.');
      const occurredAt = epochMsOf(signature.timestamp);
      if (occurredAt === null || !isFresh(occurredAt, now())) refuse('trengo', 401, 'stale timestamp', 'The webhook is dated more than 5 minutes from now.');
      const fields = readTrengoFields(body, c.req.header('content-type'));
      // Each registered webhook has its own secret, so the secret names the event type; one
      // registered by hand names it in its URL (`?type=INBOUND`) or its body.
      const type = matched.eventType ?? eventTypeOf(c.req.query('type')) ?? eventTypeOf(fields.type) ?? 'unknown';
      const ticketId = fields.ticket_id;
      return store(c, {
        source: 'trengo',
        // Trengo documents no event id, so one is derived: the same delivery sent again (same
        // type, timestamp and body) is recognised; a retry Trengo signs anew is stored again,
        // which costs one more processing and changes nothing.
        eventId: sha256(type, '\n', signature.timestamp, '\n', body),
        type,
        subject: ticketId !== undefined && /^\d{1,20}$/.test(ticketId) ? ticketSubject(ticketId) : `trengo:${type}`,
        payload: JSON.stringify(fields),
        occurredAt,
      });
    });

  function ignoreOtherLocation(c: Context, type: string) {
    log.info('webhook of another HighLevel location ignored', { type, requestId: currentRequestId() });
    return c.json<WebhookReceipt>({ received: 'ignored' });
  }
}

/** Trengo's body as text fields: form-encoded as Trengo sends it, or a JSON object of texts. */
function readTrengoFields(body: Buffer, contentType: string | undefined): Record<string, string> {
  const text = body.toString('utf8');
  if (contentType?.toLowerCase().includes('json')) {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        return Object.fromEntries(Object.entries(json).flatMap(([key, value]) => (typeof value === 'string' || typeof value === 'number' ? [[key, String(value)]] : [])));
      }
    } catch {
      // Read as a form below: the signature already proved it is Trengo's.
    }
  }
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) fields[key] ??= value;
  return { ...fields };
}

function eventTypeOf(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Z_]{1,64}$/.test(value) ? value : undefined;
}
