/**
 * Registering the server's Trengo webhooks: one per event type, never doubled, kept across
 * restarts, made again when missing, moved when the address changes, tried again after a failure
 * without stopping anything, and removed on request.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebhookRegistration } from '../../../server/domain/webhook-registration';
import type { HelpdeskWebhook, HelpdeskWebhookRegistry } from '../../../server/helpdesk/port';
import type { Logger } from '../../../server/platform/log';
import type { TrengoWebhooks } from '../../../server/store/port';
import { createMemoryTrengoWebhooks, outsideError } from './fakes';

const url = 'https://sidebar.example.com/webhooks/trengo';
const eventTypes = ['INBOUND', 'TICKET_CREATED'];

/** Trengo's webhooks in memory; `failNext` makes the next call of a method fail; `listsSecrets` whether listings show them. */
function fakeRegistry(options: { listsSecrets?: boolean } = {}) {
  const webhooks = new Map<string, HelpdeskWebhook & { signingSecret: string }>();
  const calls: string[] = [];
  const failing = new Set<string>();
  let nextId = 1;
  const fail = (method: string) => {
    if (failing.delete(method)) throw outsideError('unavailable', { system: 'trengo' });
  };
  const registry: HelpdeskWebhookRegistry = {
    async listWebhooks() {
      calls.push('list');
      fail('list');
      return [...webhooks.values()].map((webhook) => ({ ...webhook, signingSecret: options.listsSecrets ? webhook.signingSecret : null }));
    },
    async createWebhook(input) {
      calls.push(`create ${input.type}`);
      fail('create');
      const webhook = { id: String(nextId++), type: input.type, url: input.url, signingSecret: `secret-${nextId}-${input.type}` };
      webhooks.set(webhook.id, webhook);
      return webhook;
    },
    async deleteWebhook(id) {
      calls.push(`delete ${id}`);
      fail('delete');
      if (!webhooks.delete(id)) throw outsideError('not_found', { system: 'trengo' });
    },
  };
  return { registry, webhooks, calls, failNext: (method: string) => failing.add(method) };
}

const quietLog: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, enabled: () => true };

function registration(registry: HelpdeskWebhookRegistry, stored: TrengoWebhooks, options: { url?: string | null; log?: Logger; secrets?: string[] } = {}) {
  return createWebhookRegistration({
    registry,
    stored,
    url: options.url === undefined ? url : options.url,
    eventTypes,
    log: options.log ?? quietLog,
    onSecret: (secret) => options.secrets?.push(secret),
    random: () => 0,
  });
}

const summary = (stored: TrengoWebhooks) => stored.list().map((webhook) => `${webhook.eventType} ${webhook.webhookId} ${webhook.url}`);

describe('registering', () => {
  it('registers one webhook per event type and keeps each signing secret in the store', async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    const secrets: string[] = [];
    await registration(trengo.registry, stored, { secrets }).register();
    expect(summary(stored)).toEqual([`INBOUND 1 ${url}`, `TICKET_CREATED 2 ${url}`]);
    expect(stored.list().map((webhook) => webhook.signingSecret)).toEqual([trengo.webhooks.get('1')?.signingSecret, trengo.webhooks.get('2')?.signingSecret]);
    expect(secrets).toEqual(stored.list().map((webhook) => webhook.signingSecret));
  });

  it('is idempotent across restarts: the next start only lists', async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    await registration(trengo.registry, stored).register();
    trengo.calls.length = 0;
    const secrets: string[] = [];
    await registration(trengo.registry, stored, { secrets }).register();
    await registration(trengo.registry, stored).register();
    expect(trengo.calls).toEqual(['list', 'list']);
    expect(trengo.webhooks.size).toBe(2);
    // The secrets a restart finds stored are kept from the log as well.
    expect(secrets).toHaveLength(2);
  });

  it('registers again only a webhook removed in Trengo', async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    await registration(trengo.registry, stored).register();
    trengo.webhooks.delete('1');
    trengo.calls.length = 0;
    await registration(trengo.registry, stored).register();
    expect(trengo.calls).toEqual(['list', 'create INBOUND']);
    expect(summary(stored)).toEqual([`INBOUND 3 ${url}`, `TICKET_CREATED 2 ${url}`]);
  });

  it('never doubles a webhook whose create answer was lost: takes it over when Trengo lists its secret, else replaces it', async () => {
    for (const listsSecrets of [true, false]) {
      const trengo = fakeRegistry({ listsSecrets });
      const stored = createMemoryTrengoWebhooks();
      // Registered at Trengo, never stored: the answer was lost, or the server stopped before storing it.
      await trengo.registry.createWebhook({ name: 'HighLevel sidebar: INBOUND', type: 'INBOUND', url });
      trengo.calls.length = 0;
      await registration(trengo.registry, stored).register();
      expect([...trengo.webhooks.values()].filter((webhook) => webhook.type === 'INBOUND')).toHaveLength(1);
      expect(trengo.calls).toEqual(listsSecrets ? ['list', 'create TICKET_CREATED'] : ['list', 'delete 1', 'create INBOUND', 'create TICKET_CREATED']);
      expect(stored.get('INBOUND')?.signingSecret).toBe([...trengo.webhooks.values()].find((webhook) => webhook.type === 'INBOUND')?.signingSecret);
    }
  });

  it('moves the webhooks when PUBLIC_URL changes, and removes one for a type no longer used', async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    await registration(trengo.registry, stored).register();
    stored.save({ eventType: 'TICKET_CLOSED', webhookId: '99', url, signingSecret: 'old-secret-0123456789', registeredAt: 0 });
    trengo.calls.length = 0;
    const moved = 'https://new.example.com/webhooks/trengo';
    await registration(trengo.registry, stored, { url: moved }).register();
    expect(trengo.calls).toEqual(['list', 'delete 1', 'delete 99', 'delete 2', 'create INBOUND', 'create TICKET_CREATED']);
    expect(summary(stored)).toEqual([`INBOUND 3 ${moved}`, `TICKET_CREATED 4 ${moved}`]);
    expect([...trengo.webhooks.values()].map((webhook) => webhook.url)).toEqual([moved, moved]);
  });

  it('registers nothing without PUBLIC_URL', async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    const idle = registration(trengo.registry, stored, { url: null });
    idle.start();
    await idle.register();
    expect(trengo.calls).toEqual([]);
  });
});

describe('a failed registration', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('is logged and tried again later, with a growing wait, until it succeeds', async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    const warnings: unknown[] = [];
    const log: Logger = { ...quietLog, warn: (message, fields) => void warnings.push({ message, ...fields }) };
    trengo.failNext('list');
    const running = registration(trengo.registry, stored, { log });
    running.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(stored.list()).toEqual([]);
    expect(warnings).toEqual([{ message: 'Trengo webhooks could not be registered; will try again', reason: expect.stringContaining('Trengo'), retryInMs: 15_000 }]);

    trengo.failNext('create');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(summary(stored)).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatchObject({ retryInMs: 30_000 });

    await vi.advanceTimersByTimeAsync(30_000);
    expect(summary(stored)).toEqual([`INBOUND 1 ${url}`, `TICKET_CREATED 2 ${url}`]);
    expect(trengo.webhooks.size).toBe(2);
    running.close();
  });

  it('stops trying when the server stops', async () => {
    const trengo = fakeRegistry();
    trengo.failNext('list');
    const running = registration(trengo.registry, createMemoryTrengoWebhooks());
    running.start();
    await vi.advanceTimersByTimeAsync(1);
    running.close();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(trengo.calls).toEqual(['list']);
  });
});

describe('removing', () => {
  it("removes the stored webhooks and any other for the server's address, in Trengo and in the store", async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    await registration(trengo.registry, stored).register();
    await trengo.registry.createWebhook({ name: 'stray', type: 'INBOUND', url });
    await trengo.registry.createWebhook({ name: 'someone else', type: 'INBOUND', url: 'https://other.example.com/hook' });
    trengo.webhooks.delete('2');
    const removal = await registration(trengo.registry, stored).remove();
    expect(removal).toEqual({ removed: ['1', '2', '3'], failed: [] });
    expect(stored.list()).toEqual([]);
    expect([...trengo.webhooks.values()].map((webhook) => webhook.url)).toEqual(['https://other.example.com/hook']);
  });

  it('keeps a webhook it could not remove stored, to try again', async () => {
    const trengo = fakeRegistry();
    const stored = createMemoryTrengoWebhooks();
    await registration(trengo.registry, stored).register();
    trengo.failNext('delete');
    const removal = await registration(trengo.registry, stored).remove();
    expect(removal.removed).toEqual(['2']);
    expect(removal.failed.map((failure) => failure.webhookId)).toEqual(['1']);
    expect(summary(stored)).toEqual([`INBOUND 1 ${url}`]);
  });
});
