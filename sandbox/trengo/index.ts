/**
 * The Trengo sandbox: a local HTTP server answering the parts of Trengo's REST API v2 the
 * sidebar reads (tickets with their contact, contacts) and the webhook registrations, with bearer
 * auth, Trengo's 120-requests-a-minute limit, and faults tests can switch on. Customer and agent
 * activity (`activity`) sends the registered webhooks.
 */
import { Hono } from 'hono';
import type { SandboxCall } from '../calls';
import { controlRoutes, webhookControlRoutes, webhookKnobsUpdateSchema } from '../controls';
import { SandboxFaults } from '../faults';
import { applyFaults, recordCalls } from '../middleware';
import { SlidingWindow } from '../rate-window';
import { createSeed, type Seed } from '../seed';
import { serveSandbox, type SandboxControls } from '../serve';
import { limitTrengoRate, requireTrengoToken, trengoInjectedFailure } from './guards';
import { activityControlRoutes, TrengoActivity } from './activity';
import { trengoConversationRoutes } from './conversations';
import { trengoRoutes } from './routes';
import { TrengoStore } from './store';
import { TrengoWebhooks, trengoWebhookRoutes } from './webhooks';

export { TrengoStore, sandboxLabels } from './store';
export type { DeliveredMessage } from './store';
export { TrengoActivity, TrengoActivityError } from './activity';
export type { InboundMessage, InboundResult } from './activity';
export type { TrengoLabelRecord, TrengoMessageRecord } from './records';
export { TrengoWebhooks, trengoEventTypes, trengoSignature, trengoSignatureHeader } from './webhooks';
export type { TrengoEventType, TrengoWebhookRecord } from './webhooks';

/** The bearer token the sandbox accepts unless told otherwise. */
export const defaultTrengoSandboxToken = 'sandbox-trengo-token';

/** The path every Trengo API call starts with. */
export const trengoApiPath = '/api/v2';

export interface TrengoSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The accepted bearer token; `sandbox-trengo-token` unless given. */
  token?: string;
  /** Delay before every API answer. */
  latencyMs?: number;
  /** 120 calls per 60 s unless given. */
  rateLimit?: { max: number; intervalMs: number };
  /** The moment seed dates are computed from, when no seed is given. */
  now?: Date;
  /** Shared demo data; a fresh `createSeed(now)` unless given. */
  seed?: Seed;
  /** The `fetch` webhooks are delivered with; the global one unless given. */
  webhookFetch?: typeof fetch;
}

/** A running Trengo sandbox and its controls. */
export interface TrengoSandbox extends SandboxControls {
  /** The API base, ending in `/api/v2`. */
  url: string;
  /** `http://127.0.0.1:PORT`, where `/_sandbox/*` lives. */
  origin: string;
  store: TrengoStore;
  /** Registered webhooks (`registrations`), delivery knobs, `pause`/`resume`, `attempts`, `idle()`. */
  webhooks: TrengoWebhooks;
  /** A customer writes in, an agent closes or reopens a ticket: each sends its webhooks. */
  activity: TrengoActivity;
}

/** Starts the Trengo sandbox on 127.0.0.1. */
export async function startTrengoSandbox(options: TrengoSandboxOptions = {}): Promise<TrengoSandbox> {
  const seed = options.seed ?? createSeed(options.now);
  const token = options.token ?? defaultTrengoSandboxToken;
  const { max = 120, intervalMs = 60_000 } = options.rateLimit ?? {};

  const store = new TrengoStore(seed);
  const webhooks = new TrengoWebhooks(options.webhookFetch ? { fetch: options.webhookFetch } : {});
  const activity = new TrengoActivity(store, webhooks);
  const tokens = new Set([token]);
  const faults = new SandboxFaults();
  faults.latencyMs = options.latencyMs ?? 0;
  const calls: SandboxCall[] = [];
  const window = new SlidingWindow(max, intervalMs);

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
    resetCalls();
    webhooks.reset();
    activity.reset();
  };

  const app = new Hono({ strict: false })
    .use(recordCalls(calls))
    .use(applyFaults(faults, trengoInjectedFailure))
    .use(requireTrengoToken(tokens))
    .use(limitTrengoRate(window))
    .route('/_sandbox', controlRoutes({ calls, resetCalls, faults, reset }))
    .route('/_sandbox/webhooks', webhookControlRoutes(webhooks, { schema: webhookKnobsUpdateSchema }))
    .route('/_sandbox', activityControlRoutes(activity))
    .route(`${trengoApiPath}/webhooks`, trengoWebhookRoutes(webhooks))
    .route(trengoApiPath, trengoConversationRoutes(store, activity))
    .route(trengoApiPath, trengoRoutes(store));
  app.notFound((c) => c.json({ message: `The route ${c.req.path.replace(/^\//, '')} could not be found.` }, 404));
  app.onError((error, c) => {
    console.error('Trengo sandbox failure', error);
    return c.json({ message: 'Server Error' }, 500);
  });

  const served = await serveSandbox(app, { port: options.port ?? 0, faults, calls });
  return {
    url: `${served.origin}${trengoApiPath}`,
    origin: served.origin,
    token,
    close: async () => {
      webhooks.close();
      await served.close();
    },
    faults,
    calls,
    resetCalls,
    tokens,
    store,
    webhooks,
    activity,
    reset,
  };
}
