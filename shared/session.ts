/**
 * The session's renewal, as both sides see it: the answer of `POST /api/session`, and what a
 * session token says about its own lifetime. The widget reads the token without checking its
 * signature (the server checks it on every call); it only times the renewal by it.
 */
import * as z from 'zod/mini';

/** A fresh token for the same ticket, and how long it lives from now. */
export const renewedSessionSchema = z.object({
  session: z.string(),
  expiresInMs: z.number(),
});
export type RenewedSession = z.infer<typeof renewedSessionSchema>;

/**
 * How long a token lives in all, by the server's clock (its `expiresAt` less its `issuedAt`), or
 * null when it does not say. The two times are the server's, so a browser clock that is off
 * changes nothing.
 */
export function sessionLifetimeMs(token: string): number | null {
  try {
    const body = token.split('.')[0] ?? '';
    const payload: unknown = JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload !== 'object' || payload === null || !('issuedAt' in payload) || !('expiresAt' in payload)) return null;
    const { issuedAt, expiresAt } = payload;
    return typeof issuedAt === 'number' && typeof expiresAt === 'number' && expiresAt > issuedAt ? expiresAt - issuedAt : null;
  } catch {
    return null;
  }
}
