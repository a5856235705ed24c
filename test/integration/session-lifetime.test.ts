/**
 * Sessions outlive a restart and renew themselves: without SESSION_SECRET the server signs with a
 * key it made once and keeps in its database, so a sidebar opened before a restart keeps working
 * after it; and `POST /api/session` trades a valid session for a fresh one of the same ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessions } from '../../server/platform/session';
import { renewedSessionSchema } from '../../shared/session';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { asError, asView, startStack, type Stack } from '../support/stack';

/** A token's payload, as the server wrote it. */
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('without SESSION_SECRET', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ SESSION_SECRET: '' });
  });
  afterAll(() => stack.close());

  it('keeps the sessions of open sidebars valid across restarts, and a session renewed before one after it', async () => {
    const session = await stack.launch(demoTickets.matched);
    expect(asView(await stack.api(session, '/contact'))).toMatchObject({ status: 'matched', contact: { id: demoContacts.mariaJansen } });
    const keyBefore = stack.secrets.get('SESSION_SECRET');

    await stack.restart();
    // The new process started from a random key, as one does, and took the kept one instead.
    expect(stack.secrets.get('SESSION_SECRET') === keyBefore).toBe(true);
    expect(asView(await stack.api(session, '/contact'))).toMatchObject({ status: 'matched', contact: { id: demoContacts.mariaJansen } });
    const renewed = renewedSessionSchema.parse((await stack.api(session, '/session', { method: 'POST' })).body);

    await stack.restart();
    for (const token of [session, renewed.session]) {
      expect(asView(await stack.api(token, '/contact'))).toMatchObject({ status: 'matched', contact: { id: demoContacts.mariaJansen } });
    }
    console.info('restart without SESSION_SECRET: 2 restarts, 2 of 2 sessions still valid after them');
  });
});

describe('renewing a session', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ SESSION_TTL_MINUTES: '60' });
  });
  afterAll(() => stack.close());

  it('answers a fresh token of the same ticket that expires later, and both work', async () => {
    // SESSION_SECRET set wins over a kept key.
    expect(stack.secrets.get('SESSION_SECRET') === stack.config.session.secret).toBe(true);
    const session = await stack.launch(demoTickets.matched);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const answer = await stack.api(session, '/session', { method: 'POST' });
    expect(answer.status).toBe(200);
    const renewed = renewedSessionSchema.parse(answer.body);
    expect(renewed.expiresInMs).toBe(60 * 60_000);

    const before = payloadOf(session);
    const after = payloadOf(renewed.session);
    expect(after.ticketId).toBe(demoTickets.matched);
    expect(after.startedAt).toBe(before.startedAt);
    expect(Number(after.expiresAt)).toBeGreaterThan(Number(before.expiresAt));
    expect(renewed.session).not.toBe(session);
    expect(asView(await stack.api(renewed.session, '/contact'))).toMatchObject({ contact: { id: demoContacts.mariaJansen } });
    expect(asView(await stack.api(session, '/contact'))).toMatchObject({ contact: { id: demoContacts.mariaJansen } });
  });

  it("keeps the renewed token bound to its ticket: another ticket's records stay out of reach", async () => {
    const other = asView(await stack.api(await stack.launch(demoTickets.phoneMatch), '/contact'));
    if (other.status !== 'matched') throw new Error('the other ticket should match a contact');
    const renewed = renewedSessionSchema.parse((await stack.api(await stack.launch(demoTickets.matched), '/session', { method: 'POST' })).body);
    const taskId = other.tasks[0]?.id;
    expect(taskId).toBeDefined();
    expect(asError(await stack.api(renewed.session, `/tasks/${taskId}/completed`, { method: 'PUT', body: { completed: true } }))).toMatchObject({ status: 403 });
    expect(asView(await stack.api(renewed.session, '/contact'))).toMatchObject({ contact: { id: demoContacts.mariaJansen } });
  });

  it('refuses an expired, a forged and a missing session, and renews none of them', async () => {
    const secret = stack.secrets.get('SESSION_SECRET');
    const expired = createSessions({ secret, ttlMs: 60_000, now: () => Date.now() - 120_000 }).issue(demoTickets.matched);
    expect(asError(await stack.api(expired, '/session', { method: 'POST' }))).toMatchObject({ status: 401, code: 'session_expired' });
    const forged = createSessions({ secret: 'another-server-session-secret-0000000000', ttlMs: 60_000 }).issue(demoTickets.matched);
    expect(asError(await stack.api(forged, '/session', { method: 'POST' }))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(asError(await stack.api('', '/session', { method: 'POST' }))).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});
