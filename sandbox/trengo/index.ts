/**
 * The Trengo sandbox: a local HTTP server answering the parts of Trengo's REST API v2 the
 * sidebar reads (tickets with their contact, contacts), with bearer auth, Trengo's
 * 120-requests-a-minute limit, and faults tests can switch on.
 */
import { Hono } from 'hono';
import type { SandboxCall } from '../calls';
import { controlRoutes } from '../controls';
import { SandboxFaults } from '../faults';
import { applyFaults, recordCalls } from '../middleware';
import { SlidingWindow } from '../rate-window';
import { createSeed, type Seed } from '../seed';
import { serveSandbox, type SandboxControls } from '../serve';
import { limitTrengoRate, requireTrengoToken, trengoInjectedFailure } from './guards';
import { trengoRoutes } from './routes';
import { TrengoStore } from './store';

export { TrengoStore } from './store';

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
}

/** A running Trengo sandbox and its controls. */
export interface TrengoSandbox extends SandboxControls {
  /** The API base, ending in `/api/v2`. */
  url: string;
  /** `http://127.0.0.1:PORT`, where `/_sandbox/*` lives. */
  origin: string;
  store: TrengoStore;
}

/** Starts the Trengo sandbox on 127.0.0.1. */
export async function startTrengoSandbox(options: TrengoSandboxOptions = {}): Promise<TrengoSandbox> {
  const seed = options.seed ?? createSeed(options.now);
  const token = options.token ?? defaultTrengoSandboxToken;
  const { max = 120, intervalMs = 60_000 } = options.rateLimit ?? {};

  const store = new TrengoStore(seed);
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
  };

  const app = new Hono({ strict: false })
    .use(recordCalls(calls))
    .use(applyFaults(faults, trengoInjectedFailure))
    .use(requireTrengoToken(tokens))
    .use(limitTrengoRate(window))
    .route('/_sandbox', controlRoutes({ calls, resetCalls, faults, reset }))
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
    close: served.close,
    faults,
    calls,
    resetCalls,
    tokens,
    store,
    reset,
  };
}
