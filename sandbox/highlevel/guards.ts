/** What HighLevel checks before it looks at a request: rate limits, the token, the API version. */
import type { MiddlewareHandler } from 'hono';
import type { SlidingWindow } from '../rate-window';
import { isControlPath } from '../serve';
import { badRequest, forbiddenLocation, tooManyRequests, unauthorized } from './errors';

/** The API version every contacts call must name in its `Version` header. */
export const ghlApiVersion = '2021-07-28';

/** HighLevel's daily allowance per app and location. */
export interface DailyQuota {
  limit: number;
  used: number;
}

/**
 * Counts every API call against the burst window and the daily quota, tells the caller where
 * it stands in HighLevel's `X-RateLimit-*` headers, and answers 429 past either limit.
 */
export function limitRate(window: SlidingWindow, daily: DailyQuota): MiddlewareHandler {
  return async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    const decision = window.take(Date.now());
    if (decision.allowed) daily.used += 1;
    c.header('X-RateLimit-Limit-Daily', String(daily.limit));
    c.header('X-RateLimit-Daily-Remaining', String(Math.max(0, daily.limit - daily.used)));
    c.header('X-RateLimit-Interval-Milliseconds', String(window.intervalMs));
    c.header('X-RateLimit-Max', String(window.max));
    c.header('X-RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed || daily.used > daily.limit) throw tooManyRequests();
    return next();
  };
}

/** Answers 401 unless the request carries `Authorization: Bearer <an accepted token>`. */
export function requireToken(tokens: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
    if (!match?.[1] || !tokens.has(match[1])) throw unauthorized();
    return next();
  };
}

/** Answers 400 unless the request names the supported API version. */
export function requireVersion(): MiddlewareHandler {
  return async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    const version = c.req.header('Version');
    if (version === undefined) throw badRequest('version header was not found');
    if (version !== ghlApiVersion) throw badRequest(`Version header value "${version}" is not supported`);
    return next();
  };
}

/** Answers 403 when a request names a location other than the one the token belongs to. */
export function assertLocation(requested: string, tokenLocationId: string): void {
  if (requested !== tokenLocationId) throw forbiddenLocation();
}
