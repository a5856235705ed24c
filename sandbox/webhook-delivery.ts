/**
 * Webhook delivery the way HighLevel and Trengo do it: asynchronous (an API answer never waits
 * for it), at least once (a failed attempt is retried with backoff a bounded number of times),
 * and with knobs tests turn to play a bad day: duplicates, delays that reorder, a pause.
 */
import { preciseNow } from './calls';

/** A webhook ready to go out; `headers` is asked again at each attempt (a signature may carry the time). */
export interface OutgoingWebhook {
  /** One event's id, the same on every attempt and on a duplicate. */
  eventId: string;
  /** The event type, e.g. `ContactUpdate` or `INBOUND`. */
  type: string;
  url: string;
  /** The exact bytes sent, the same on every attempt. */
  body: string;
  headers(): Record<string, string>;
}

/** One attempt to deliver one copy of an event, as the sender saw it. */
export interface WebhookAttempt {
  eventId: string;
  type: string;
  url: string;
  /** 1 for the delivery, 2 for the duplicate `duplicateRate` added. */
  copy: number;
  /** 1 for the first try of this copy, then 2, 3… */
  attempt: number;
  /** The receiver's status; 0 when no answer came (refused, reset, timed out). */
  status: number;
  /** Why no answer came, when `status` is 0. */
  error?: string;
  /** `delivered` (a 2xx), `retrying` (another attempt is due) or `gave-up` (the last allowed attempt failed). */
  outcome: 'delivered' | 'retrying' | 'gave-up';
  headers: Record<string, string>;
  body: string;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number;
}

/** The order held deliveries go out in when a pause ends. */
export type ReleaseOrder = 'sent' | 'reverse' | 'shuffled';

/** The delivery settings tests may change; every field has a plain default. */
export interface WebhookKnobs {
  /** Share (0..1) of events delivered twice, the copies going out independently. */
  duplicateRate: number;
  /** Wait before the first attempt of every delivery. */
  delayMs: number;
  /** Plus a random 0..jitterMs before the first attempt: deliveries overtake each other. */
  jitterMs: number;
  /** Attempts per delivery, the first included, before the sender gives up. */
  maxAttempts: number;
  /** Wait before the second attempt; each later one waits twice as long as the one before. */
  retryDelayMs: number;
  /** How long one attempt waits for the receiver's answer. */
  timeoutMs: number;
}

export const defaultWebhookKnobs: Readonly<WebhookKnobs> = {
  duplicateRate: 0,
  delayMs: 0,
  jitterMs: 0,
  maxAttempts: 5,
  retryDelayMs: 1000,
  timeoutMs: 10_000,
};

export interface WebhookDeliveryOptions {
  fetch?: typeof fetch;
  random?: () => number;
}

interface Delivery {
  outgoing: OutgoingWebhook;
  copy: number;
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
  controller?: AbortController;
}

/**
 * Sends webhooks and records every attempt. The knobs are plain fields, changed directly by
 * tests or through `/_sandbox/webhooks`; a pause holds deliveries (retries included) until `resume`.
 */
export class WebhookDelivery implements WebhookKnobs {
  duplicateRate = defaultWebhookKnobs.duplicateRate;
  delayMs = defaultWebhookKnobs.delayMs;
  jitterMs = defaultWebhookKnobs.jitterMs;
  maxAttempts = defaultWebhookKnobs.maxAttempts;
  retryDelayMs = defaultWebhookKnobs.retryDelayMs;
  timeoutMs = defaultWebhookKnobs.timeoutMs;
  /** Every attempt so far, in the order they ended. */
  readonly attempts: WebhookAttempt[] = [];

  #paused = false;
  #held: Delivery[] = [];
  #active = new Set<Delivery>();
  #idleWaiters: (() => void)[] = [];
  #closed = false;
  readonly #fetch: typeof fetch;
  readonly #random: () => number;

  constructor(options: WebhookDeliveryOptions = {}) {
    this.#fetch = options.fetch ?? fetch;
    this.#random = options.random ?? Math.random;
  }

  /** True while deliveries are held. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Deliveries waiting for an attempt or in one, held ones included. */
  get pending(): number {
    return this.#active.size + this.#held.length;
  }

  /** Holds every delivery (new ones, and retries as they fall due) until `resume`. */
  pause(): void {
    this.#paused = true;
  }

  /** Lets held deliveries go, in the order asked for, each after its usual delay. */
  resume(order: ReleaseOrder = 'sent'): void {
    this.#paused = false;
    const held = this.#held;
    this.#held = [];
    if (order === 'reverse') held.reverse();
    if (order === 'shuffled') shuffle(held, this.#random);
    for (const [index, delivery] of held.entries()) {
      // A held delivery's first attempt keeps its delay; the release order is kept by a 1 ms step.
      this.#schedule(delivery, (delivery.attempts === 0 ? this.#firstDelay() : 0) + index);
    }
  }

  /** Queues one event; it goes out later (or twice, per `duplicateRate`), never before this returns. */
  send(outgoing: OutgoingWebhook): void {
    if (this.#closed) return;
    const copies = this.duplicateRate > 0 && this.#random() < this.duplicateRate ? 2 : 1;
    for (let copy = 1; copy <= copies; copy++) {
      const delivery: Delivery = { outgoing, copy, attempts: 0 };
      if (this.#paused) this.#held.push(delivery);
      else this.#schedule(delivery, this.#firstDelay());
    }
  }

  /** Resolves once no delivery is waiting for an attempt or in one; held deliveries do not count. */
  idle(): Promise<void> {
    if (this.#active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Current knob values, for the control routes. */
  knobs(): WebhookKnobs {
    const { duplicateRate, delayMs, jitterMs, maxAttempts, retryDelayMs, timeoutMs } = this;
    return { duplicateRate, delayMs, jitterMs, maxAttempts, retryDelayMs, timeoutMs };
  }

  /** Forgets the attempts recorded so far; deliveries under way carry on. */
  clearAttempts(): void {
    this.attempts.length = 0;
  }

  /** Drops every pending delivery and the attempt record, ends a pause, and restores the default knobs. */
  reset(): void {
    this.#cancelAll();
    this.attempts.length = 0;
    this.#paused = false;
    Object.assign(this, defaultWebhookKnobs);
  }

  /** Drops every pending delivery for good; nothing is sent after this. */
  close(): void {
    this.#closed = true;
    this.#cancelAll();
  }

  #cancelAll(): void {
    for (const delivery of this.#active) {
      clearTimeout(delivery.timer);
      delivery.controller?.abort();
    }
    this.#active.clear();
    this.#held = [];
    this.#settle();
  }

  #firstDelay(): number {
    const jitter = this.jitterMs > 0 ? Math.floor(this.#random() * this.jitterMs) : 0;
    return this.delayMs + jitter;
  }

  #schedule(delivery: Delivery, delayMs: number): void {
    this.#active.add(delivery);
    delivery.timer = setTimeout(() => void this.#attempt(delivery), delayMs);
  }

  async #attempt(delivery: Delivery): Promise<void> {
    delivery.timer = undefined;
    if (!this.#active.has(delivery)) return;
    if (this.#paused) {
      this.#active.delete(delivery);
      this.#held.push(delivery);
      this.#settle();
      return;
    }
    delivery.attempts += 1;
    const { outgoing } = delivery;
    const headers = outgoing.headers();
    const controller = new AbortController();
    delivery.controller = controller;
    const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    const startedAt = preciseNow();
    let status = 0;
    let error: string | undefined;
    try {
      const response = await this.#fetch(outgoing.url, { method: 'POST', headers, body: outgoing.body, signal: controller.signal });
      await response.arrayBuffer().catch(() => undefined);
      status = response.status;
    } catch (caught) {
      error = describeFailure(caught, controller.signal);
    } finally {
      clearTimeout(timeout);
      delivery.controller = undefined;
    }
    // Reset or closed while the attempt was under way: it belongs to a record that is gone.
    if (!this.#active.has(delivery)) return;

    const delivered = status >= 200 && status < 300;
    const retrying = !delivered && delivery.attempts < this.maxAttempts && !this.#closed;
    this.attempts.push({
      eventId: outgoing.eventId,
      type: outgoing.type,
      url: outgoing.url,
      copy: delivery.copy,
      attempt: delivery.attempts,
      status,
      ...(error === undefined ? {} : { error }),
      outcome: delivered ? 'delivered' : retrying ? 'retrying' : 'gave-up',
      headers,
      body: outgoing.body,
      startedAt,
      endedAt: preciseNow(),
    });
    if (retrying) {
      this.#active.delete(delivery);
      this.#schedule(delivery, this.retryDelayMs * 2 ** (delivery.attempts - 1));
      return;
    }
    this.#active.delete(delivery);
    this.#settle();
  }

  #settle(): void {
    if (this.#active.size > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function describeFailure(caught: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  if (caught instanceof Error) {
    const cause = caught.cause instanceof Error ? `: ${caught.cause.message}` : '';
    return `${caught.message}${cause}`;
  }
  return String(caught);
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
