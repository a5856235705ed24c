/** What Trengo checks first: the personal access token, then its 120-a-minute rate limit. */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SlidingWindow } from '../rate-window';
import { isControlPath } from '../serve';

/** Answers 401 `{message:'Unauthenticated.'}` unless a known bearer token is sent. */
export function requireTrengoToken(tokens: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
    if (!match?.[1] || !tokens.has(match[1])) return c.json({ message: 'Unauthenticated.' }, 401);
    return next();
  };
}

/** Counts calls in the window; past it, 429 with `Retry-After` (seconds) and `X-RateLimit-Reset`. */
export function limitTrengoRate(window: SlidingWindow): MiddlewareHandler {
  return async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    const decision = window.take(Date.now());
    c.header('X-RateLimit-Limit', String(window.max));
    c.header('X-RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      c.header('Retry-After', String(retryAfterSeconds));
      c.header('X-RateLimit-Reset', String(Math.ceil(Date.now() / 1000) + retryAfterSeconds));
      return c.json({ message: 'Too Many Attempts.' }, 429);
    }
    return next();
  };
}

/** The answer to an injected failure, in Laravel's words; a 429 asks for a one-second wait. */
export function trengoInjectedFailure(c: Context, status: number): Response {
  if (status === 429) c.header('Retry-After', '1');
  const messages: Record<number, string> = {
    401: 'Unauthenticated.',
    403: 'This action is unauthorized.',
    404: 'Not found.',
    429: 'Too Many Attempts.',
  };
  return c.json({ message: messages[status] ?? 'Server Error' }, status as ContentfulStatusCode);
}
