/**
 * The server registers its own webhooks with the helpdesk (Trengo): one per event type it uses,
 * posting to `<PUBLIC_URL>/webhooks/trengo`. Each webhook's signing secret is kept in the store,
 * where the webhook route reads it to verify deliveries. Registration runs at every start and is
 * idempotent: a webhook stored and still listed by the helpdesk is left alone, a missing one is
 * made again, one for another address or an event type no longer used is removed, and one the
 * helpdesk has for our address but the store does not know (a create whose answer was lost) is
 * taken over when the listing shows its secret, else removed before a new one is made, so none is
 * ever doubled. A failed round is logged and tried again later; it never stops the server.
 */
import type { HelpdeskWebhook, HelpdeskWebhookRegistry } from '../helpdesk/port';
import type { Logger } from '../platform/log';
import { backoffMs, OutsideError, type Backoff } from '../platform/outside-http';
import type { TrengoWebhooks } from '../store/port';

export interface WebhookRegistrationOptions {
  registry: HelpdeskWebhookRegistry;
  stored: TrengoWebhooks;
  /** Where the helpdesk posts events; null registers nothing (removal still removes what is stored). */
  url: string | null;
  eventTypes: readonly string[];
  log: Logger;
  /** Told of every signing secret the server holds, so that no log line shows one. */
  onSecret?: (secret: string) => void;
  /** How failed rounds are spaced; default from 30 s up to an hour. */
  retry?: Partial<Pick<Backoff, 'baseMs' | 'maxMs'>>;
  now?: () => number;
  random?: () => number;
}

/** What a removal did. */
export interface WebhookRemoval {
  removed: string[];
  failed: { webhookId: string; reason: string }[];
}

const isNotFound = (error: unknown) => error instanceof OutsideError && error.kind === 'not_found';
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createWebhookRegistration(options: WebhookRegistrationOptions) {
  const { registry, stored, url, eventTypes, log } = options;
  const now = options.now ?? Date.now;
  const backoff: Backoff = { baseMs: 30_000, maxMs: 3_600_000, ...options.retry, jitter: 'half' };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  for (const webhook of stored.list()) options.onSecret?.(webhook.signingSecret);

  /** Removes a webhook at the helpdesk; one already gone counts as removed. */
  async function removeAtHelpdesk(webhookId: string): Promise<void> {
    try {
      await registry.deleteWebhook(webhookId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** One round: makes the helpdesk's webhooks for our address match the event types, exactly once each. */
  async function register(): Promise<void> {
    if (url === null) return;
    const listed = await registry.listWebhooks();
    const listedIds = new Set(listed.map((webhook) => webhook.id));
    for (const webhook of stored.list()) {
      if (closed) return;
      const wanted = eventTypes.includes(webhook.eventType) && webhook.url === url;
      if (!wanted) {
        await removeAtHelpdesk(webhook.webhookId);
        stored.remove(webhook.eventType);
        log.info('Trengo webhook removed', { eventType: webhook.eventType, webhookId: webhook.webhookId, reason: 'no longer used here' });
      } else if (!listedIds.has(webhook.webhookId)) {
        stored.remove(webhook.eventType);
        log.warn('Trengo webhook missing at Trengo, registering it again', { eventType: webhook.eventType, webhookId: webhook.webhookId });
      }
    }
    for (const eventType of eventTypes) {
      if (closed) return;
      const kept = stored.get(eventType);
      const unknown = listed.filter((webhook) => webhook.url === url && webhook.type === eventType && webhook.id !== kept?.webhookId);
      if (kept) {
        for (const extra of unknown) await removeAtHelpdesk(extra.id);
        continue;
      }
      const adoptable = unknown.find((webhook): webhook is HelpdeskWebhook & { signingSecret: string } => webhook.signingSecret !== null);
      for (const extra of unknown) if (extra !== adoptable) await removeAtHelpdesk(extra.id);
      const webhook = adoptable ?? (await registry.createWebhook({ name: `HighLevel sidebar: ${eventType}`, type: eventType, url }));
      options.onSecret?.(webhook.signingSecret);
      if (closed) return;
      stored.save({ eventType, webhookId: webhook.id, url, signingSecret: webhook.signingSecret, registeredAt: now() });
      log.info(adoptable ? 'Trengo webhook found and kept' : 'Trengo webhook registered', { eventType, webhookId: webhook.id, url });
    }
  }

  function runRound(failures: number): void {
    if (closed) return;
    register().then(
      () => {
        if (url !== null && !closed) log.debug('Trengo webhooks in place', { eventTypes: [...eventTypes], url });
      },
      (error: unknown) => {
        if (closed) return;
        const retryInMs = backoffMs(failures + 1, backoff, options.random);
        log.warn('Trengo webhooks could not be registered; will try again', { reason: reasonOf(error), retryInMs });
        timer = setTimeout(() => runRound(failures + 1), retryInMs);
        timer.unref();
      },
    );
  }

  return {
    register,

    /** Registers in the background, trying again after a failure until a round succeeds. */
    start(): void {
      if (url !== null) runRound(0);
    },

    /** Stops trying; a round under way stores nothing more. */
    close(): void {
      closed = true;
      clearTimeout(timer);
    },

    /**
     * Removes the stored webhooks at the helpdesk and from the store, and any other the helpdesk
     * has for our address; a webhook that cannot be removed stays stored, to try again.
     */
    async remove(): Promise<WebhookRemoval> {
      const result: WebhookRemoval = { removed: [], failed: [] };
      const ours = stored.list();
      const addresses = new Set([...(url === null ? [] : [url]), ...ours.map((webhook) => webhook.url)]);
      let listed: HelpdeskWebhook[] = [];
      try {
        listed = await registry.listWebhooks();
      } catch (error) {
        log.warn('Trengo webhooks could not be listed; removing the stored ones only', { reason: reasonOf(error) });
      }
      const storedIds = new Set(ours.map((webhook) => webhook.webhookId));
      const targets = [
        ...ours.map((webhook) => ({ webhookId: webhook.webhookId, eventType: webhook.eventType as string | null })),
        ...listed.filter((webhook) => addresses.has(webhook.url) && !storedIds.has(webhook.id)).map((webhook) => ({ webhookId: webhook.id, eventType: null })),
      ];
      for (const target of targets) {
        try {
          await removeAtHelpdesk(target.webhookId);
          if (target.eventType !== null) stored.remove(target.eventType);
          result.removed.push(target.webhookId);
        } catch (error) {
          result.failed.push({ webhookId: target.webhookId, reason: reasonOf(error) });
        }
      }
      return result;
    },
  };
}

export type WebhookRegistration = ReturnType<typeof createWebhookRegistration>;
