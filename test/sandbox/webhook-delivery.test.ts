/**
 * The delivery both sandboxes share, with its network and its randomness injected: jitter that
 * reorders, a shuffled release, a receiver that never answers, a duplicate share, and nothing
 * sent after close.
 */
import { describe, expect, it } from 'vitest';
import { WebhookDelivery, type OutgoingWebhook } from '../../sandbox/webhook-delivery';

/** A `fetch` that records the bodies it was given and answers 200, or never when `hang` is set. */
function fakeNetwork(options: { hang?: boolean } = {}) {
  const sent: string[] = [];
  const fetch: typeof globalThis.fetch = (_input, init) => {
    sent.push(String(init?.body));
    if (!options.hang) return Promise.resolve(new Response('ok', { status: 200 }));
    return new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
  };
  return { sent, fetch };
}

/** A random source that plays back the given values, then 0. */
function scripted(...values: number[]): () => number {
  return () => values.shift() ?? 0;
}

function webhook(body: string): OutgoingWebhook {
  return { eventId: body, type: 'Test', url: 'http://127.0.0.1:9/hook', body, headers: () => ({}) };
}

describe('webhook delivery', () => {
  it('jitter lets a later event overtake an earlier one', async () => {
    const network = fakeNetwork();
    const delivery = new WebhookDelivery({ fetch: network.fetch, random: scripted(0.9, 0) });
    delivery.jitterMs = 100;
    delivery.send(webhook('first'));
    delivery.send(webhook('second'));
    await delivery.idle();
    expect(network.sent).toEqual(['second', 'first']);
  });

  it('a shuffled release uses the random source', async () => {
    const network = fakeNetwork();
    // Fisher-Yates over three: picks index 0 for the last, then index 0 for the middle.
    const delivery = new WebhookDelivery({ fetch: network.fetch, random: scripted(0, 0) });
    delivery.pause();
    for (const body of ['a', 'b', 'c']) delivery.send(webhook(body));
    delivery.resume('shuffled');
    await delivery.idle();
    expect(network.sent).toEqual(['b', 'c', 'a']);
  });

  it('an attempt the receiver never answers ends at timeoutMs and is retried', async () => {
    const network = fakeNetwork({ hang: true });
    const delivery = new WebhookDelivery({ fetch: network.fetch });
    Object.assign(delivery, { timeoutMs: 30, retryDelayMs: 5, maxAttempts: 2 });
    delivery.send(webhook('hanging'));
    await delivery.idle();
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: 0, outcome: 'retrying', error: 'no answer within 30 ms' }),
      expect.objectContaining({ attempt: 2, status: 0, outcome: 'gave-up' }),
    ]);
  });

  it('duplicates the duplicateRate share of events, and loses none', async () => {
    const network = fakeNetwork();
    let flip = 0;
    const delivery = new WebhookDelivery({ fetch: network.fetch, random: () => (flip++ % 2 === 0 ? 0.1 : 0.9) });
    delivery.duplicateRate = 0.5;
    const events = Array.from({ length: 20 }, (_, index) => `event-${index}`);
    for (const body of events) delivery.send(webhook(body));
    await delivery.idle();
    const copies = new Map<string, number>();
    for (const body of network.sent) copies.set(body, (copies.get(body) ?? 0) + 1);
    const doubled = [...copies.values()].filter((count) => count === 2).length;
    console.log(`delivery: ${events.length} events, ${network.sent.length} deliveries, ${doubled} doubled, ${events.length - copies.size} lost`);
    expect(copies.size).toBe(events.length);
    expect(doubled).toBe(10);
  });

  it('sends nothing after close, and idle answers at once', async () => {
    const network = fakeNetwork();
    const delivery = new WebhookDelivery({ fetch: network.fetch });
    delivery.delayMs = 50;
    delivery.send(webhook('cancelled'));
    expect(delivery.pending).toBe(1);
    delivery.close();
    expect(delivery.pending).toBe(0);
    delivery.send(webhook('after close'));
    await delivery.idle();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(network.sent).toEqual([]);
  });
});
