/** Widget sessions: bound to one ticket, expiring, and all ended at once by a new session secret. */
import { describe, expect, it } from 'vitest';
import { createSessions } from '../../server/platform/session';

describe('sessions', () => {
  it('expire after their lifetime', () => {
    let now = 1_000_000;
    const sessions = createSessions({ secret: 'session-secret-0000000000000000000000', ttlMs: 60_000, now: () => now });
    const token = sessions.issue('1001');
    expect(sessions.verify(token)).toMatchObject({ ok: true, session: { ticketId: '1001' } });
    now += 60_000;
    expect(sessions.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a token whose ticket or expiry was changed, or that is not a token at all', () => {
    const sessions = createSessions({ secret: 'session-secret-0000000000000000000000', ttlMs: 60_000 });
    const [, signature] = sessions.issue('1001').split('.');
    const forged = Buffer.from(JSON.stringify({ ticketId: '1002', expiresAt: Date.now() + 60_000 })).toString('base64url');
    for (const token of [`${forged}.${signature}`, '', '.', 'a.b.c', 'not-a-token', `${forged}.`]) {
      expect(sessions.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('end every session when the secret changes', () => {
    let secret = 'session-secret-0000000000000000000000';
    const sessions = createSessions({ secret: () => secret, ttlMs: 60_000 });
    const token = sessions.issue('1001');
    secret = 'session-secret-1111111111111111111111';
    expect(sessions.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    expect(sessions.verify(sessions.issue('1001')).ok).toBe(true);
  });
});
