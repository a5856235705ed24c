/** The operator's secret on the routes that need it: `Authorization: Bearer <OPERATOR_SECRET>`. */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../platform/errors';
import { bearerToken, safeEqual } from '../platform/session';

/** `secret` is read at every request, so a rotated secret takes effect at once; null turns the routes off. */
export function requireOperator(secret: () => string | null): MiddlewareHandler {
  return async (c, next) => {
    const expected = secret();
    if (!expected) throw new AppError(404, 'not_found', 'The operator routes are turned off. Set OPERATOR_SECRET to turn them on.');
    if (!safeEqual(bearerToken(c.req.header('authorization')), expected)) {
      throw new AppError(401, 'unauthorized', 'This needs the operator secret: send Authorization: Bearer <OPERATOR_SECRET>.');
    }
    c.header('Cache-Control', 'no-store');
    await next();
  };
}
