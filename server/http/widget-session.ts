/** The widget's bearer session: every `/api` route needs one, bound to the ticket it was issued for. */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../platform/errors';
import { bearerToken, type Session, type Sessions } from '../platform/session';

export type SessionEnv = { Variables: { session: Session } };

/** Verifies the request's bearer session (once, for every `/api` route) and puts it in the context. */
export function requireSession(sessions: Sessions): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const verdict = sessions.verify(bearerToken(c.req.header('authorization')));
    if (!verdict.ok) {
      throw verdict.reason === 'expired'
        ? new AppError(401, 'session_expired', 'This sidebar session has expired. Reopen the ticket to start a new one.')
        : new AppError(401, 'unauthorized', 'This sidebar session is not valid. Reopen the ticket in Trengo.');
    }
    c.set('session', verdict.session);
    await next();
  };
}
