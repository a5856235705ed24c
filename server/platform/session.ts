/**
 * Widget sessions: a short-lived token, signed with HMAC-SHA256, bound to one Trengo ticket.
 * The widget holds it in memory and sends it as a bearer token; nothing is stored server-side,
 * so changing the session secret ends every session at once.
 */
import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';

const payloadSchema = z.object({ ticketId: z.string(), expiresAt: z.number() });
export type Session = z.infer<typeof payloadSchema>;

export type SessionVerdict = { ok: true; session: Session } | { ok: false; reason: 'invalid' | 'expired' };

/** `secret` may be a function, read at every use, so a rotated secret ends the old sessions at once. */
export function createSessions(options: { secret: string | null | (() => string); ttlMs: number; now?: () => number }) {
  const fixedKey = typeof options.secret === 'function' ? null : (options.secret ?? randomBytes(32).toString('base64url'));
  const key = typeof options.secret === 'function' ? options.secret : () => fixedKey ?? '';
  const now = options.now ?? Date.now;
  const sign = (body: string) => createHmac('sha256', key()).update(body).digest('base64url');

  return {
    ttlMs: options.ttlMs,

    /** A new session for this ticket. */
    issue(ticketId: string): string {
      const body = Buffer.from(JSON.stringify({ ticketId, expiresAt: now() + options.ttlMs })).toString('base64url');
      return `${body}.${sign(body)}`;
    },

    /** The session a token carries, when its signature holds and it has not expired. */
    verify(token: string): SessionVerdict {
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
    },
  };
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
