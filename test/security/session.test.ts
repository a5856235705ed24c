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
    const renewed = sessions.verify(sessions.renew(first.session)?.token ?? '');
    if (!renewed.ok) throw new Error('a renewed session should verify');
    expect(renewed.session).toMatchObject({ ticketId: '1001', expiresAt: now + 60_000, issuedAt: now, startedAt: 1_000_000 });
    expect(sessionKey(renewed.session)).toBe(sessionKey(first.session));
    now += 10_000;
    expect(sessions.verify(sessions.issue('1001')).ok).toBe(true);
    expect(sessions.verify(sessions.renew(renewed.session)?.token ?? '').ok).toBe(true);
  });

  it('renew no further than the longest life from the ticket\'s opening, then refuse', () => {
    let now = 1_000_000;
    const sessions = createSessions({ secret: 'session-secret-0000000000000000000000', ttlMs: 60_000, maxLifetimeMs: 150_000, now: () => now });
    let session = sessions.verify(sessions.issue('1001'));
    const renewals: number[] = [];
    for (let step = 0; step < 5 && session.ok; step++) {
      now += 50_000;
      const fresh = sessions.renew(session.session);
      if (!fresh) break;
      renewals.push(fresh.expiresInMs);
      session = sessions.verify(fresh.token);
    }
    // Renewed at 50 s, 100 s (each a full minute) and 150 s is the end: the second token ends there.
    expect(renewals).toEqual([60_000, 50_000]);
    expect(session.ok && session.session.expiresAt).toBe(1_150_000);
    now = 1_149_999;
    expect(session.ok && sessions.renew(session.session)).toMatchObject({ expiresInMs: 1 });
    now = 1_150_000;
    expect(session.ok && sessions.renew(session.session)).toBeNull();
    expect(sessions.verify(sessions.issue('1001')).ok).toBe(true);
  });
});
