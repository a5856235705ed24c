/**
 * Every request gets an id (the caller's `X-Request-Id` when sane, else a new one), echoed in
 * the answer and carried into outside calls, and one access log line when it is answered.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../platform/log';
import { requestIdFrom, runInRequest } from '../platform/request-context';

/** `redact` guards the echo: a caller's id that holds a secret is replaced, never sent back. */
export function requestLog(log: Logger, redact: (text: string) => string): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = requestIdFrom(given !== undefined && redact(given) === given ? given : undefined);
    const startedAt = performance.now();
    if (log.enabled('debug')) log.debug('request received', { requestId, method: c.req.method, route: routePattern(c) });
    await runInRequest(requestId, next);
    // In place: `c.header` now would copy the finished answer.
    c.res.headers.set('X-Request-Id', requestId);
    log.info('request', {
      requestId,
      method: c.req.method,
      route: routePattern(c),
      status: c.res.status,
      durationMs: Math.round(performance.now() - startedAt),
    });
  };
}

/**
 * The pattern of the route that answers (`/api/tasks/:taskId`), never the raw path or query,
 * which may carry ids and the launch secret; null when no route matched.
 */
function routePattern(c: Context): string | null {
  const routes = c.req.matchedRoutes.filter((route) => route.method !== 'ALL');
  return routes.at(-1)?.path ?? null;
}
