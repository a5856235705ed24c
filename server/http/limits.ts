/** Limits on what one caller can ask of the server: body size, and requests per session per minute. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../platform/errors';
import type { SessionEnv } from './widget-session';
import { sessionKey } from '../platform/session';

/**
 * Refuses a request body larger than `maxBytes` with a 413 before anything reads it. Paths
 * `except` names set their own limit (the webhooks, whose bodies are larger). A GET or HEAD that
 * announces no body (neither `Content-Length` nor `Transfer-Encoding`) has none and passes
 * untouched: looking at its body would build a full Fetch request on every read for nothing.
 */
export function bodySizeLimit(maxBytes: number, options: { except?: (path: string) => boolean } = {}): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, 'payload_too_large', `The request is too large (at most ${Math.floor(maxBytes / 1024)} KB).`);
    },
  });
  const { except } = options;
  return (c, next) => {
    const bodiless =
      (c.req.method === 'GET' || c.req.method === 'HEAD') && c.req.header('content-length') === undefined && c.req.header('transfer-encoding') === undefined;
    return bodiless || except?.(c.req.path) ? next() : limit(c, next);
  };
}

const windowMs = 60_000;

/**
 * At most `perMinute` requests per widget session in any 60 seconds, so a stolen or runaway
 * session cannot hammer HighLevel through the server. Runs after `requireSession`, keyed on the
 * session it verified; a request without a valid session never gets here (it costs no outside call).
 */
export function sessionRateLimit(options: { perMinute: number; now?: () => number }): MiddlewareHandler<SessionEnv> {
  const { perMinute, now = Date.now } = options;
  /** Each session's request times within the window, oldest first; a renewed session keeps its own. */
  const recent = new Map<string, number[]>();
  let sweptAt = 0;

  function sweep(at: number): void {
    if (at - sweptAt < windowMs) return;
    sweptAt = at;
    for (const [key, times] of recent) {
      if ((times.at(-1) ?? 0) <= at - windowMs) recent.delete(key);
    }
  }

  return async (c, next) => {
    const at = now();
    sweep(at);
    const key = sessionKey(c.get('session'));
    const times = (recent.get(key) ?? []).filter((time) => time > at - windowMs);
    recent.set(key, times);
    if (times.length >= perMinute) {
      const waitSeconds = Math.max(1, Math.ceil(((times[0] ?? at) + windowMs - at) / 1000));
      c.header('Retry-After', String(waitSeconds));
      throw new AppError(429, 'rate_limited', `Too many requests from this sidebar. Try again in ${waitSeconds} seconds.`, { retryable: true });
    }
    times.push(at);
    await next();
  };
}
