/** The widget's bearer session: every `/api` route needs one, bound to the ticket it was issued for. */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../platform/errors';
import type { Session, Sessions } from '../platform/session';

export type SessionEnv = { Variables: { session: Session } };

/** Checks the session once per request (route groups mounted side by side share the result). */
export function requireSession(sessions: Sessions): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    if (!c.get('session')) {
      const header = c.req.header('authorization') ?? '';
      const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      const verdict = sessions.verify(token);
      if (!verdict.ok) {
        throw verdict.reason === 'expired'
          ? new AppError(401, 'session_expired', 'This sidebar session has expired. Reopen the ticket to start a new one.')
          : new AppError(401, 'unauthorized', 'This sidebar session is not valid. Reopen the ticket in Trengo.');
      }
      c.set('session', verdict.session);
    }
    await next();
  };
}
