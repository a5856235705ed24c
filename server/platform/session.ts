/**
 * Widget sessions: a short-lived token, signed with HMAC-SHA256, bound to one Trengo ticket.
 * The widget holds it in memory and sends it as a bearer token, and trades it for a fresh one
 * before it expires; nothing is stored per session, so changing the session secret ends every
 * session at once. The token's payload (`shared/session.ts`) says when it was issued and when it
 * expires, which the widget reads to time its renewal.
 */
import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * `startedAt`: when the ticket was opened, kept by every renewal, so the session stays one
 * session (one rate limit, one set of event streams) however often it is renewed. It and
 * `issuedAt` are optional: tokens issued before they existed stay valid until they expire.
 */
const payloadSchema = z.object({
  ticketId: z.string(),
  expiresAt: z.number(),
  issuedAt: z.number().optional(),
  startedAt: z.number().optional(),
});
export type Session = z.infer<typeof payloadSchema>;

/** What names one session across its renewals, for the limits and streams kept per session. */
export function sessionKey(session: Session): string {
  return `${session.ticketId} ${session.startedAt ?? session.expiresAt}`;
}

export type SessionVerdict = { ok: true; session: Session } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * How many tokens verified with the current key are remembered, so an open sidebar's repeated
 * requests skip the signature check and the parse (about 300 bytes each; the oldest go first).
 */
const rememberedTokens = 2000;

/**
 * `secret` may be a function, read at every use, so a rotated secret ends the old sessions at once.
 * `maxLifetimeMs` caps how long renewals may carry a session from the ticket's opening: a token
 * taken from a sidebar cannot be kept alive for ever by renewing it.
 */
export function createSessions(options: { secret: string | null | (() => string); ttlMs: number; maxLifetimeMs?: number; now?: () => number }) {
  const fixedKey = typeof options.secret === 'function' ? null : (options.secret ?? randomBytes(32).toString('base64url'));
  const key = typeof options.secret === 'function' ? options.secret : () => fixedKey ?? '';
  const now = options.now ?? Date.now;
  const maxLifetimeMs = options.maxLifetimeMs ?? Number.POSITIVE_INFINITY;
  const sign = (body: string) => createHmac('sha256', key()).update(body).digest('base64url');
  /** Tokens that verified, least recently used first, with the key that signed them. */
  const verified = new Map<string, { key: string; session: Session }>();
  const token = (given: { ticketId: string; startedAt?: number | undefined }): string => {
    const issuedAt = now();
    const startedAt = given.startedAt ?? issuedAt;
    const expiresAt = Math.min(issuedAt + options.ttlMs, startedAt + maxLifetimeMs);
    const payload: Session = { ticketId: given.ticketId, startedAt, issuedAt, expiresAt };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${sign(body)}`;
  };

  return {
    ttlMs: options.ttlMs,

    /** A new session for this ticket. */
    issue(ticketId: string): string {
      return token({ ticketId });
    },

    /**
     * A fresh token of a session the caller verified: the same ticket, a full lifetime from now but
     * never past the session's longest life, with how long it lives; null once that is reached.
     */
    renew(session: Session): { token: string; expiresInMs: number } | null {
      const startedAt = session.startedAt ?? session.issuedAt ?? now();
      const left = startedAt + maxLifetimeMs - now();
      if (left <= 0) return null;
      return { token: token({ ticketId: session.ticketId, startedAt }), expiresInMs: Math.min(options.ttlMs, left) };
    },

    /** The session a token carries, when its signature holds and it has not expired. */
    verify(token: string): SessionVerdict {
      const signingKey = key();
      const known = verified.get(token);
      // Only while the key it was checked with still signs: a new key ends every session at once.
      if (known && known.key === signingKey) {
        if (known.session.expiresAt <= now()) return { ok: false, reason: 'expired' };
        verified.delete(token);
        verified.set(token, known);
        return { ok: true, session: known.session };
      }
      const verdict = verifyAnew(token);
      if (verdict.ok) {
        verified.set(token, { key: signingKey, session: verdict.session });
        if (verified.size > rememberedTokens) verified.delete(verified.keys().next().value ?? '');
      }
      return verdict;
    },
  };

  /** The full check: the signature, the payload's shape, the expiry. */
  function verifyAnew(token: string): SessionVerdict {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0 || !safeEqual(signature, sign(body))) return { ok: false, reason: 'invalid' };
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'invalid' };
    if (parsed.data.expiresAt <= now()) return { ok: false, reason: 'expired' };
    return { ok: true, session: parsed.data };
  }
}

export type Sessions = ReturnType<typeof createSessions>;

/** The credential of an `Authorization: Bearer …` header, or '' when there is none. */
export function bearerToken(header: string | null | undefined): string {
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
}

/** Compares two secrets in time that does not depend on where they differ or on their lengths. */
export function safeEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}
