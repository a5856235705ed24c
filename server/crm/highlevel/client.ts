/** The HighLevel client: one object per location, composed from the endpoint modules. */
import { appointmentMethods, type GhlAppointmentMethods } from './appointments';
import { createReadCache, type ReadCacheStats } from './cache';
import { contactMethods, type GhlContactMethods } from './contacts';
import { createOutsideHttp, type OutsideCall, type OutsideTraffic } from '../../platform/outside-http';
import { readErrorBody } from './errors';
import { sharedRateLimiter, type RateLimit } from '../../platform/rate-limiter';
import { noteMethods, type GhlNoteMethods } from './notes';
import type { CrmPort } from '../port';
import type { DroppedItem } from './reading';
import { createRequestKit } from './requests';
import { taskMethods, type GhlTaskMethods } from './tasks';

/** The API version every contacts call names in its `Version` header. */
export const ghlApiVersion = '2021-07-28';

/** How to reach one HighLevel location. */
export interface GhlClientOptions {
  /** `https://services.leadconnectorhq.com`, or a sandbox. */
  baseUrl: string;
  locationId: string;
  /** Read on every attempt, so a rotated token takes effect at once; an OAuth app's may renew it first. */
  token: () => string | Promise<string>;
  /** HighLevel refused a token (401): renews it, resolving to whether the call should go again (an OAuth app). */
  renewToken?: (rejected: string) => Promise<boolean>;
  /** Per attempt; default 10000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** Whether idempotent calls are repeated after a timeout, a dropped connection or a 5xx; default true. */
  retryUnknownOutcomes?: boolean;
  /** How long a successful read is reused; default 30000, 0 turns the cache off. */
  cacheTtlMs?: number;
  /** HighLevel's burst limit for the location; default 100 per 10000 ms. */
  rateLimit?: RateLimit;
  fetch?: typeof fetch;
  /** Told of every HTTP attempt, for logs and metrics. */
  onCall?: (call: OutsideCall) => void;
  /** The id of the request being served, sent to HighLevel as `X-Request-Id`. */
  requestId?: () => string | undefined;
  /** Whose call this is: an agent's waiting on an answer goes before background work's in the limiter's queue. */
  priority?: () => 'agent' | 'background';
  /** The first retry waits up to this long, each later one up to twice as long; default 250. */
  retryBaseMs?: number;
  /**
   * Told of each part of an answer left out because it cannot be read: an item of a list (a
   * task without an id), or the body of a write HighLevel accepted. The rest of the answer is
   * used; a failing listener never fails the call.
   */
  onDropped?: (dropped: DroppedItem) => void;
}

/** Counts of the client's traffic, for tests, benchmarks and metrics. */
export type GhlClientStats = OutsideTraffic & ReadCacheStats;

/**
 * The HighLevel contacts API for one location, and the domain's CRM port. Every method resolves
 * to validated data or rejects with an `OutsideError`; an answer is read tolerantly (see
 * `./reading`), and a write HighLevel accepted resolves even when its answer cannot be read.
 * Reads are cached and shared while in flight; writes drop the cached reads they may have changed.
 */
export interface GhlClient
  extends GhlContactMethods,
    GhlTaskMethods,
    GhlNoteMethods,
    GhlAppointmentMethods,
    // Each endpoint module checks its methods against the port; the rest of the port is here.
    Omit<CrmPort, keyof (GhlContactMethods & GhlTaskMethods & GhlNoteMethods & GhlAppointmentMethods)> {
  /** Drops the contact's cached reads and every cached search (it changed elsewhere). */
  invalidateContact(contactId: string): void;
  stats(): GhlClientStats;
  /** Whether the location's HighLevel budget is used up right now: a call asked now would wait its turn. */
  busy(): boolean;
}

/** Creates a client; clients of the same location, base URL and limit share one rate limiter. */
export function createGhlClient(options: GhlClientOptions): GhlClient {
  const rateLimit = options.rateLimit ?? { max: 100, intervalMs: 10_000 };
  const cache = createReadCache(options.cacheTtlMs ?? 30_000);
  const limiter = sharedRateLimiter(options, rateLimit);
  const transport = createOutsideHttp({
    system: 'highlevel',
    baseUrl: options.baseUrl,
    headers: { Version: ghlApiVersion },
    readError: (text, status) => readErrorBody(text, `HTTP ${status}`),
    token: options.token,
    ...(options.renewToken === undefined ? {} : { renewToken: options.renewToken }),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseMs: options.retryBaseMs ?? 250,
    ...(options.retryUnknownOutcomes === undefined ? {} : { retryUnknownOutcomes: options.retryUnknownOutcomes }),
    rateLimitIntervalMs: rateLimit.intervalMs,
    limiter,
    fetch: options.fetch ?? globalThis.fetch,
    ...(options.onCall === undefined ? {} : { onCall: options.onCall }),
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    ...(options.priority === undefined ? {} : { priority: options.priority }),
  });
  const { onDropped } = options;
  const kit = createRequestKit(options.locationId, transport, cache, (dropped) => {
    try {
      onDropped?.(dropped);
    } catch {
      // Logging must not decide the outcome of a request.
    }
  });

  return {
    ...contactMethods(kit),
    ...taskMethods(kit),
    ...noteMethods(kit),
    ...appointmentMethods(kit),
    invalidateContact(contactId) {
      cache.invalidate({ contactId, searches: true });
    },
    stats() {
      return { ...transport.traffic(), ...cache.stats() };
    },
    busy: () => limiter.busy,
  };
}
