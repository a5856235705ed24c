/**
 * HighLevel connected as a Marketplace app: its access token expires while agents open tickets
 * and add notes in the sidebar, and nobody notices. Each expiry costs one renewal, however many
 * agents' calls find the token refused at once; no request of any agent fails and every note lands
 * once. Against the HighLevel sandbox, whose access tokens really stop working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import { sandboxOAuthApp } from '../../sandbox/highlevel/index';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import type { FrameLocator } from 'playwright-core';
import { openTicket, type OpenTicket } from './sidebar-page';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack(
      {
        GHL_CLIENT_ID: sandboxOAuthApp.clientId,
        GHL_CLIENT_SECRET: sandboxOAuthApp.clientSecret,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
        GHL_LOCATION_ID: 'filledInByTheSandbox',
        TRENGO_TOKEN: 'filled-in-by-the-sandbox',
        TRENGO_APP_SECRET: 'filled-in-by-the-sandbox',
        OPERATOR_SECRET: operatorSecret,
      },
      { ghl: { oauth: { accessTokenTtlMs: 60 * 60_000 } } },
      {},
      { webhooks: true },
    ),
    launchBrowser(),
  ]);
  // Installed as an admin of the location would: the install link, HighLevel's consent, the callback.
  const link = await fetch(`${stack.url}/operator/highlevel/install`, { headers: { Authorization: `Bearer ${operatorSecret}` } });
  const { url } = (await link.json()) as { url: string };
  const consent = await fetch(url, { redirect: 'manual' });
  expect((await fetch(consent.headers.get('location') ?? '')).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Every change reached HighLevel: no "Saving…" and nothing waiting (a renewal may hold a call for a moment). */
async function settled(sidebar: FrameLocator): Promise<void> {
  await expect.poll(() => sidebar.getByRole('button', { name: 'Edit details' }).count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => sidebar.getByText(/Saving…|Waiting for HighLevel/).count(), { timeout: 10_000 }).toBe(0);
}

/** An agent's sidebar, with every widget API answer it received. */
async function agent(ticketId: string): Promise<OpenTicket & { answers: Array<{ path: string; status: number }> }> {
  const answers: Array<{ path: string; status: number }> = [];
  const context = await browser.newContext();
  const opened = await openTicket(context, stack, ticketId);
  opened.page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/')) answers.push({ path: `${response.request().method()} ${path}`, status: response.status() });
  });
  return { ...opened, answers };
}

describe('the Marketplace app token expires while agents work', () => {
  it('is renewed once per expiry; no agent request fails and every note lands once', async () => {
    const tickets = [demoTickets.matched, demoTickets.phoneMatch, demoTickets.matched];
    const agents = await Promise.all(tickets.map(agent));
    const renewalsBefore = stack.ghl.oauth.record.refreshes;
    stack.ghl.resetCalls();
    const expiries = 3;
    const startedAt = Date.now();
    let working = true;
    const written: string[] = [];

    const work = agents.map(async (open, index) => {
      for (let round = 0; working; round += 1) {
        const text = `Renewal check ${index}.${round}`;
        const notes = open.sidebar.getByRole('region', { name: /Notes/ });
        await notes.getByLabel('New note').fill(text);
        await notes.getByRole('button', { name: 'Add note' }).click();
        written.push(text);
        await settled(open.sidebar);
        // The next open of the ticket, as an agent coming back to it.
        await open.page.reload();
        await expect.poll(() => open.sidebar.getByRole('heading', { level: 1 }).count(), { timeout: 10_000 }).toBe(1);
        await settled(open.sidebar);
        // A moment to read, as agents do: the sidebars stay within HighLevel's 100 calls per 10 s.
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    });
    // HighLevel stops taking the access token three times while the agents work.
    for (let expiry = 0; expiry < expiries; expiry += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      stack.ghl.oauth.expireAll();
    }
    await new Promise((resolve) => setTimeout(resolve, 2500));
    working = false;
    await Promise.all(work);

    const renewals = stack.ghl.oauth.record.refreshes - renewalsBefore;
    const highLevelCalls = stack.ghl.calls.length;
    const refused = stack.ghl.calls.filter((call) => call.status === 401).length;
    const answers = agents.flatMap((open) => open.answers);
    const failed = answers.filter((answer) => answer.status >= 400);
    const landed = [...stack.ghl.store.notes.values()].map((note) => note.body);
    const landedOnce = written.filter((text) => landed.filter((body) => body === text).length === 1).length;
    console.log(
      `${agents.length} agents for ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${answers.length} widget API requests, ${failed.length} failed; ` +
        `${written.length} notes written, ${landedOnce} landed once; ${expiries} expiries, ${renewals} renewals; HighLevel calls ${highLevelCalls}, ${refused} refused with 401`,
    );
    expect(failed).toEqual([]);
    expect(renewals).toBe(expiries);
    expect(landedOnce).toBe(written.length);
    expect(written.length).toBeGreaterThanOrEqual(agents.length * 2);
    expect(agents.flatMap((open) => open.errors)).toEqual([]);
  }, 120_000);
});
