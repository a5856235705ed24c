/**
 * The HighLevel sandbox: a local HTTP server that answers the contacts API the way
 * spec/ghl-api-v2/apps/contacts.json documents it, with HighLevel's auth, version header,
 * rate limits and error bodies, and with faults tests can switch on.
 */
import { Hono } from 'hono';
import type { SandboxCall } from '../calls';
import { controlRoutes } from '../controls';
import { SandboxFaults } from '../faults';
import { appointmentRoutes } from './appointments';
import { contactRoutes } from './contacts';
import { editRoutes } from './edits';
import { answerError, injectedFailure, unknownRoute } from './errors';
import { limitRate, requireToken, requireVersion, type DailyQuota } from './guards';
import { createGhlOAuth, type GhlOAuth } from './oauth';
import { noteRoutes } from './notes';
import { searchRoutes } from './search';
import { GhlStore } from './store';
import { tagRoutes } from './tags';
import { taskRoutes } from './tasks';
import { GhlWebhooks, ghlWebhookControlRoutes } from './webhooks';
import { recordCalls, applyFaults } from '../middleware';
import { SlidingWindow } from '../rate-window';
import { createSeed, type Seed } from '../seed';
import { serveSandbox, type SandboxControls } from '../serve';

export { ghlApiVersion } from './guards';
export { GhlStore } from './store';
export type { GhlChange } from './store';
export { GhlWebhooks, ghlSignatureHeader, ghlWorkflowSecretHeader } from './webhooks';
export type { GhlWebhookMode, SignedGhlEvent } from './webhooks';
export { ghlEventTypes } from './events';
export type { GhlEvent, GhlEventType, TaskCreateOmission } from './events';
export type { SandboxCall } from '../calls';
export type { SandboxFaults } from '../faults';

/** The bearer token the sandbox accepts unless told otherwise. */
export const defaultGhlSandboxToken = 'sandbox-highlevel-token';

/** HighLevel's limits per app and location: a burst window and a daily allowance. */
export interface GhlRateLimit {
  max: number;
  intervalMs: number;
  /** Calls allowed per day; 200,000 unless given. */
  daily?: number;
}

export interface GhlSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The accepted bearer token; `sandbox-highlevel-token` unless given. */
  token?: string;
  /** The location the token belongs to; the seed's location unless given. */
  locationId?: string;
  /** 100 calls per 10 s unless given. */
  rateLimit?: GhlRateLimit;
  /** Delay before every API answer. */
  latencyMs?: number;
  /** The moment seed dates are computed from, when no seed is given. */
  now?: Date;
  /** Shared demo data; a fresh `createSeed(now)` unless given. */
  seed?: Seed;
  /** Where webhook events go from the start; none until `webhooks.target` is set. */
  webhookUrl?: string | null;
  /** The `fetch` webhooks are delivered with; the global one unless given. */
  webhookFetch?: typeof fetch;
  /** The Marketplace app the sandbox knows; `sandbox-client` with `sandbox-client-secret` unless given. */
  oauth?: { clientId?: string; clientSecret?: string; accessTokenTtlMs?: number };
}

/** A running HighLevel sandbox and its controls. */
export interface GhlSandbox extends SandboxControls {
  /** Base URL, no trailing slash: `http://127.0.0.1:PORT`. */
  url: string;
  locationId: string;
  /** The data the sandbox serves; its `save*` and `delete*` methods send webhook events. */
  store: GhlStore;
  /** The webhook sender: `target`, delivery knobs, `pause`/`resume`, `attempts`, `idle()`. */
  webhooks: GhlWebhooks;
  /** The Ed25519 public key that verifies `X-GHL-Signature`, SPKI DER in base64 (`GHL_WEBHOOK_PUBLIC_KEY`). */
  webhookPublicKey: string;
  /** The Marketplace OAuth: its install page at `/oauth/chooselocation`, its record and its token lifetime. */
  oauth: GhlOAuth;
  /** The burst limit from now on (the daily one stays). */
  setRateLimit(limit: { max: number; intervalMs: number }): void;
}

/** The Marketplace app the sandbox knows unless told otherwise. */
export const sandboxOAuthApp = { clientId: 'sandbox-client', clientSecret: 'sandbox-client-secret' };

/** Starts the HighLevel sandbox on 127.0.0.1. */
export async function startGhlSandbox(options: GhlSandboxOptions = {}): Promise<GhlSandbox> {
  const seed = options.seed ?? createSeed(options.now);
  const token = options.token ?? defaultGhlSandboxToken;
  const locationId = options.locationId ?? seed.location.id;
  const { max = 100, intervalMs = 10_000, daily = 200_000 } = options.rateLimit ?? {};

  const store = new GhlStore(locationId, seed);
  const webhooks = new GhlWebhooks({
    locationId,
    timeZone: seed.location.timezone,
    locationName: seed.location.name,
    contactOf: (contactId) => store.contacts.get(contactId),
    target: options.webhookUrl ?? null,
    ...(options.webhookFetch ? { fetch: options.webhookFetch } : {}),
  });
  store.onChange((change) => webhooks.announce(change));
  const tokens = new Set([token]);
  const oauth = createGhlOAuth(tokens, {
    clientId: options.oauth?.clientId ?? sandboxOAuthApp.clientId,
    clientSecret: options.oauth?.clientSecret ?? sandboxOAuthApp.clientSecret,
    locationId,
    ...(options.oauth?.accessTokenTtlMs === undefined ? {} : { accessTokenTtlMs: options.oauth.accessTokenTtlMs }),
  });
  const faults = new SandboxFaults();
  faults.latencyMs = options.latencyMs ?? 0;
  const calls: SandboxCall[] = [];
  const window = new SlidingWindow(max, intervalMs);
  const quota: DailyQuota = { limit: daily, used: 0 };

  const resetCalls = () => {
    calls.length = 0;
  };
  const reset = () => {
    store.reset(seed);
    tokens.clear();
    tokens.add(token);
    faults.clear();
    faults.latencyMs = options.latencyMs ?? 0;
    window.clear();
    quota.used = 0;
    resetCalls();
    webhooks.reset();
  };

  const app = new Hono({ strict: false })
    .use(recordCalls(calls))
    .use(applyFaults(faults, (c, status) => {
      // A 429 carries the window's headers, as HighLevel's own do, so clients know how long to wait.
      if (status === 429) {
        c.header('X-RateLimit-Interval-Milliseconds', String(window.intervalMs));
        c.header('X-RateLimit-Max', String(window.max));
        c.header('X-RateLimit-Remaining', '0');
      }
      return injectedFailure(c, status);
    }))
    .route('/oauth', oauth.routes)
    .use(limitRate(window, quota))
    .use(oauth.expire)
    .use(requireToken(tokens))
    .use(requireVersion())
    .route('/_sandbox', controlRoutes({ calls, resetCalls, faults, reset }))
    .route('/_sandbox/webhooks', ghlWebhookControlRoutes(webhooks))
    .route('/_sandbox/edits', editRoutes(store, seed.location.timezone))
    .get('/locations/:locationId', (c) => {
      // Only the token's own location: another is a 403, as HighLevel answers.
      if (c.req.param('locationId') !== locationId) return c.json({ statusCode: 403, message: 'The token does not have access to this location.' }, 403);
      return c.json({ location: { id: locationId, name: seed.location.name, timezone: seed.location.timezone } });
    })
    .route('/contacts/search', searchRoutes(store))
    .route('/contacts', contactRoutes(store))
    .route('/contacts', taskRoutes(store))
    .route('/contacts', noteRoutes(store))
    .route('/contacts', tagRoutes(store))
    .route('/contacts', appointmentRoutes(store));
  app.onError(answerError);
  app.notFound(unknownRoute);

  const served = await serveSandbox(app, { port: options.port ?? 0, faults, calls });
  const close = async () => {
    webhooks.close();
    await served.close();
  };
  return {
    url: served.origin,
    token,
    locationId,
    close,
    faults,
    calls,
    resetCalls,
    tokens,
    store,
    webhooks,
    webhookPublicKey: webhooks.publicKey,
    oauth,
    reset,
    setRateLimit: ({ max: newMax, intervalMs: newInterval }) => window.limit(newMax, newInterval),
  };
}
