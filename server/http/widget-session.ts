/** The widget's bearer session: every `/api` route needs one, bound to the ticket it was issued for. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { RenewedSession } from '../../shared/session';
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

/**
 * `POST /api/session`: a fresh token for the session's ticket, a full lifetime from now, for the
 * open sidebar to use instead of the one it holds before that one expires. Only a valid session
 * gets one (the check above runs first): an expired or forged token is refused as on every route,
 * and a session at its longest life (`SESSION_MAX_HOURS` from the ticket's opening) gets none.
 */
export function sessionRoutes(sessions: Sessions) {
  return new Hono<SessionEnv>().post('/session', (c) => {
    const fresh = sessions.renew(c.get('session'));
    if (!fresh) {
      throw new AppError(401, 'session_expired', 'This sidebar session has been renewed for as long as it may be. Reopen the ticket to start a new one.');
    }
    const renewed: RenewedSession = { session: fresh.token, expiresInMs: fresh.expiresInMs };
    return c.json(renewed);
  });
}
