/** Widget sessions: bound to one ticket, expiring, and all ended at once by a new session secret. */
import { describe, expect, it } from 'vitest';
import { createSessions, sessionKey } from '../../server/platform/session';

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

  it('end a session that was already in use when the secret changes, and expire one in use on time', () => {
    let secret = 'session-secret-0000000000000000000000';
    let now = 1_000_000;
    const sessions = createSessions({ secret: () => secret, ttlMs: 60_000, now: () => now });
    const inUse = sessions.issue('1001');
    const other = sessions.issue('1002');
    for (let request = 0; request < 3; request++) expect(sessions.verify(inUse).ok).toBe(true);
    expect(sessions.verify(other).ok).toBe(true);
    now += 60_000;
    expect(sessions.verify(other)).toEqual({ ok: false, reason: 'expired' });
    now -= 60_000;
    secret = 'session-secret-1111111111111111111111';
    expect(sessions.verify(inUse)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('renew to a later expiry for the same ticket, staying one session for the limits kept per session', () => {
    let now = 1_000_000;
    const sessions = createSessions({ secret: 'session-secret-0000000000000000000000', ttlMs: 60_000, now: () => now });
    const first = sessions.verify(sessions.issue('1001'));
    if (!first.ok) throw new Error('a new session should verify');
    now += 50_000;
    const renewed = sessions.verify(sessions.renew(first.session));
    if (!renewed.ok) throw new Error('a renewed session should verify');
    expect(renewed.session).toMatchObject({ ticketId: '1001', expiresAt: now + 60_000, issuedAt: now, startedAt: 1_000_000 });
    expect(sessionKey(renewed.session)).toBe(sessionKey(first.session));
    now += 10_000;
    expect(sessions.verify(sessions.issue('1001')).ok).toBe(true);
    expect(sessions.verify(sessions.renew(renewed.session)).ok).toBe(true);
  });
});
