/**
 * Keeps the open sidebar's session alive: once less than a third of its lifetime is left, the
 * session is traded for a fresh one (`POST /api/session`), so an agent who keeps a ticket open
 * past the session's lifetime is never cut off mid-work. Timers in a background tab or a laptop
 * asleep may fire late, so the time is checked on a timer and again whenever the sidebar is
 * shown. A renewal that fails for a passing reason is tried at the next check; a session the
 * server no longer accepts is not tried again (the sidebar's calls say it ended).
 */
import { WidgetApiError } from '../api';

export interface SessionRenewalOptions {
  /** The current token's whole lifetime (ms), or null when it does not say: then nothing is renewed. */
  lifetimeMs: number | null;
  /** Renews the session; answers the new token's lifetime (ms). */
  renew(): Promise<number>;
  now?: () => number;
  /** How often the time is checked; default a twelfth of the lifetime, between 1 second and a minute. */
  checkEveryMs?: number;
}

/** The share of a token's lifetime after which it is renewed. */
const renewAfter = 2 / 3;

/** Starts renewing the session before it expires; returns the function that stops. */
export function startSessionRenewal(options: SessionRenewalOptions): () => void {
  const { lifetimeMs, renew, now = Date.now } = options;
  if (lifetimeMs === null) return () => undefined;
  // The token came with the page a moment ago: its lifetime is counted from now, by this clock.
  let renewAt = now() + lifetimeMs * renewAfter;
  let renewing = false;
  let stopped = false;

  async function check(): Promise<void> {
    if (stopped || renewing || now() < renewAt) return;
    renewing = true;
    try {
      renewAt = now() + (await renew()) * renewAfter;
    } catch (error) {
      if (error instanceof WidgetApiError && error.status === 401) stop();
    } finally {
      renewing = false;
    }
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible') void check();
  };
  const timer = setInterval(() => void check(), options.checkEveryMs ?? Math.min(60_000, Math.max(1000, lifetimeMs / 12)));
  document.addEventListener('visibilitychange', onVisible);
  function stop(): void {
    stopped = true;
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  }
  return stop;
}
