/**
 * HighLevel as a Marketplace app: installed through HighLevel's install page and the server's
 * callback (its `state` checked), its tokens sealed in the database, renewed once however many
 * calls find the access token expired at the same moment, before expiry as well as on HighLevel's
 * 401, and kept across a restart. Against the HighLevel sandbox, whose access tokens really expire.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTickets } from '../../sandbox/seed';
import { sandboxOAuthApp } from '../../sandbox/highlevel/index';
import { startStack, type Stack } from '../support/stack';

const sealingKey = Buffer.alloc(32, 7).toString('base64');

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(
    {
      GHL_CLIENT_ID: sandboxOAuthApp.clientId,
      GHL_CLIENT_SECRET: sandboxOAuthApp.clientSecret,
      TOKEN_ENCRYPTION_KEY: sealingKey,
      GHL_LOCATION_ID: 'filledInByTheSandbox',
      TRENGO_TOKEN: 'filled-in-by-the-sandbox',
      TRENGO_APP_SECRET: 'filled-in-by-the-sandbox',
      CACHE_TTL_SECONDS: '0',
      OPERATOR_SECRET: 'operator-secret-of-at-least-24-chars',
    },
    { ghl: { oauth: { accessTokenTtlMs: 60 * 60_000 } } },
    {},
    { webhooks: true },
  );
});
afterAll(() => stack?.close());

const operator = (path: string) =>
  fetch(`${stack.url}/operator/highlevel${path}`, { headers: { Authorization: 'Bearer operator-secret-of-at-least-24-chars' } });

/** Asks for the install link, lets the sandbox's install page consent, and follows it back to the server. */
async function install(): Promise<{ status: number; text: string; callback: string }> {
  const { url } = (await (await operator('/install')).json()) as { url: string };
  const consent = await fetch(url, { redirect: 'manual' });
  const callback = consent.headers.get('location') ?? '';
  const answer = await fetch(callback);
  return { status: answer.status, text: await answer.text(), callback };
}

const openContact = async (ticketId: string) => stack.api(await stack.launch(ticketId), '/contact');

describe('HighLevel as a Marketplace app', () => {
  it('is installed through the install page and the callback, which takes its state once', async () => {
    expect(await (await operator('/status')).json()).toMatchObject({ installed: false });
    expect((await openContact(demoTickets.matched)).status).toBe(502);

    const installed = await install();
    expect(installed.status).toBe(200);
    expect(installed.text).toContain('HighLevel is connected');
    expect(installed.callback.startsWith(`${stack.url}/oauth/callback?`)).toBe(true);
    expect(await (await operator('/status')).json()).toMatchObject({ installed: true, renewals: 0 });

    // The same state again, or one the server never gave: refused.
    expect((await fetch(installed.callback)).status).toBe(400);
    expect((await fetch(`${stack.url}/oauth/callback?code=x&state=${'a'.repeat(32)}`)).status).toBe(400);
    expect((await operator('/install').then(() => fetch(`${stack.url}/operator/highlevel/install`))).status).toBe(401);

    const opened = await openContact(demoTickets.matched);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'matched' });
    expect(stack.ghl.oauth.record).toMatchObject({ exchanges: 1, refreshes: 0 });
  });

  it('renews once when many calls find the access token refused at the same moment, and fails none', async () => {
    stack.ghl.oauth.expireAll();
    const sessions = await Promise.all(Array.from({ length: 20 }, () => stack.launch(demoTickets.matched)));
    const opens = await Promise.all(sessions.map((session) => stack.api(session, '/contact')));
    const refreshes = stack.ghl.oauth.record.refreshes;
    console.log(`20 opens at once after the access token expired: ${opens.filter((open) => open.status === 200).length} answered, ${refreshes} renewal`);
    expect(opens.map((open) => open.status)).toEqual(Array(20).fill(200));
    expect(refreshes).toBe(1);
  });

  it('renews before expiry, without a refused call, and keeps the tokens sealed across a restart', async () => {
    // Tokens that last 4 s are renewed in their last second.
    stack.ghl.oauth.settings.accessTokenTtlMs = 4000;
    stack.ghl.oauth.expireAll();
    expect((await openContact(demoTickets.matched)).status).toBe(200);
    const before = { ...stack.ghl.oauth.record };
    stack.ghl.resetCalls();
    await new Promise((resolve) => setTimeout(resolve, 3300));
    expect((await openContact(demoTickets.matched)).status).toBe(200);
    expect(stack.ghl.oauth.record.refreshes).toBe(before.refreshes + 1);
    expect(stack.ghl.calls.filter((call) => call.status === 401)).toEqual([]);

    // Sealed: the database file holds no token in the clear.
    const file = readFileSync(stack.databasePath).toString('latin1');
    expect(file).not.toMatch(/ghl-(access|refresh)-/);

    stack.ghl.oauth.settings.accessTokenTtlMs = 60 * 60_000;
    await stack.restart();
    expect((await openContact(demoTickets.phoneMatch)).status).toBe(200);
    expect(stack.ghl.oauth.record.exchanges).toBe(1);
  });

  it('shows the scopes the app was granted in the connection test', async () => {
    const response = await fetch(`${stack.url}/operator/connection-test`, { method: 'POST', headers: { Authorization: 'Bearer operator-secret-of-at-least-24-chars' } });
    const { steps } = (await response.json()) as { steps: Array<{ name: string; ok: boolean; detail: string }> };
    expect(steps.find((step) => step.name === 'Scopes the app was granted')).toMatchObject({ ok: true, detail: expect.stringContaining('contacts.write') });
  });
});
