/**
 * `GET /healthz`: the process answers (liveness). `GET /readyz`: HighLevel and Trengo are
 * reachable and accept the tokens (readiness), checked at most once every few seconds however
 * often it is asked, so it cannot be used to hammer them. Neither says anything of the tokens.
 */
import { Hono } from 'hono';
import type { ErrorCode } from '../../shared/api';
import { toAppError } from '../platform/errors';
import type { Probes } from '../platform/secrets';
import type { Secrets } from '../platform/secrets';

type Check = { ok: true; durationMs: number } | { ok: false; durationMs: number; code: ErrorCode };
export type Readiness = { ready: boolean; checks: { highlevel: Check; trengo: Check } };

/** How long a readiness answer is reused. */
const readinessTtlMs = 5_000;

/** `ghlToken`: the token HighLevel is reached with, when not `GHL_TOKEN` (a Marketplace app's). */
export function createReadiness(options: { probes: Probes; secrets: Secrets; ghlToken?: () => Promise<string>; ttlMs?: number; now?: () => number }) {
  const { probes, secrets, ttlMs = readinessTtlMs, now = Date.now } = options;
  const ghlToken = options.ghlToken ?? (async () => secrets.get('GHL_TOKEN'));
  let last: { at: number; readiness: Promise<Readiness> } | null = null;

  async function check(probe: () => Promise<void>): Promise<Check> {
    const startedAt = performance.now();
    const durationMs = () => Math.round(performance.now() - startedAt);
    try {
      await probe();
      return { ok: true, durationMs: durationMs() };
    } catch (error) {
      return { ok: false, durationMs: durationMs(), code: toAppError(error).code };
    }
  }

  async function probeBoth(): Promise<Readiness> {
    const [highlevel, trengo] = await Promise.all([
      check(async () => probes.highlevel(await ghlToken())),
      check(() => probes.trengo(secrets.get('TRENGO_TOKEN'))),
    ]);
    return { ready: highlevel.ok && trengo.ok, checks: { highlevel, trengo } };
  }

  /** The latest readiness, probing again only when the last answer is older than the TTL. */
  return function readiness(): Promise<Readiness> {
    const at = now();
    if (!last || at - last.at >= ttlMs) last = { at, readiness: probeBoth() };
    return last.readiness;
  };
}

export function healthRoutes(options: { readiness: () => Promise<Readiness> }) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      c.header('Cache-Control', 'no-store');
      const { ready, checks } = await options.readiness();
      if (ready) return c.json({ status: 'ready', checks });
      const source = checks.highlevel.ok ? 'trengo' : 'highlevel';
      const failed = checks[source];
      const code = failed.ok ? 'upstream_unavailable' : failed.code;
      const name = source === 'highlevel' ? 'HighLevel' : 'Trengo';
      const message = `Not ready: ${name} ${code === 'upstream_auth' ? "refuses the app's token" : 'cannot be used right now'}.`;
      return c.json({ status: 'not_ready', checks, error: { code, message, retryable: true, source } }, 503);
    });
}
