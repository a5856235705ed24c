/**
 * The settings page's sign-in and API: the cookie's flags, CSRF on every change, sessions that
 * end (idle, signed out), wrong secrets locked out and audited, the widget's session and the
 * page's cookie each refused where the other belongs, and no secret in any answer, log line or
 * the page's bundle. Against the real server over HTTP.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDir } from '../../server/http/admin';
import { demoTickets } from '../../sandbox/seed';
import { startStack, type Stack } from '../support/stack';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
let stack: Stack;
/** A stack whose public address is HTTPS, as behind a proxy that ends TLS. */
let httpsStack: Stack;

beforeAll(async () => {
  [stack, httpsStack] = await Promise.all([
    startStack(
      { OPERATOR_SECRET: operatorSecret, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') },
      {},
      { adminSessions: { idleMs: 1500, wrongSecretsBeforeLockout: 4 } },
      { unsetTokens: ['TRENGO_TOKEN'] },
    ),
    startStack({ OPERATOR_SECRET: operatorSecret, PUBLIC_URL: 'https://sidebar.example.com', TRUST_PROXY: '1' }),
  ]);
});
afterAll(async () => {
  // Each close scans every answer and log line of the stack's life for a secret, and fails on one.
  await stack?.close();
  await httpsStack?.close();
});

const admin = (path: string, init: { method?: string; cookie?: string; csrfToken?: string; body?: unknown; headers?: Record<string, string> } = {}, on = stack) =>
  fetch(`${on.url}/admin${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.cookie && { Cookie: init.cookie }),
      ...(init.csrfToken && { 'X-CSRF-Token': init.csrfToken }),
      ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, only for /admin, and not Secure over plain HTTP', async () => {
    const { setCookie } = await stack.signIn(operatorSecret);
    expect(setCookie).toMatch(/^admin=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/admin');
    expect(setCookie).not.toContain('Secure');
  });

  it('is Secure, with the __Secure- prefix, when the server is reached over HTTPS', async () => {
    const response = await admin('/session', { method: 'POST', body: { secret: operatorSecret }, headers: { 'X-Forwarded-Proto': 'https' } }, httpsStack);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Secure-admin=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
  });
});

describe('changes need the CSRF token', () => {
  it('refuses a change without it, with a wrong one or with another session\'s, and takes it with its own', async () => {
    const mine = await stack.signIn(operatorSecret);
    const other = await stack.signIn(operatorSecret);
    const change = { method: 'PUT', body: { tags: false }, cookie: mine.cookie };
    const refused = [
      await admin('/api/features', change),
      await admin('/api/features', { ...change, csrfToken: 'x'.repeat(43) }),
      await admin('/api/features', { ...change, csrfToken: other.csrfToken }),
      await admin('/api/log-level', { method: 'PUT', body: { level: 'warn' }, cookie: mine.cookie }),
      await admin('/api/connection-test', { method: 'POST', cookie: mine.cookie }),
      await admin('/session', { method: 'DELETE', cookie: mine.cookie }),
    ];
    const statuses = refused.map((response) => response.status);
    console.info(`changes without their own CSRF token: ${statuses.join(', ')}`);
    expect(statuses).toEqual(Array(6).fill(403));
    expect(await refused[0]!.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/CSRF/) } });
    // Nothing changed.
    expect(await (await admin('/api/features', { cookie: mine.cookie })).json()).toMatchObject({ features: { tags: true } });

    const taken = await admin('/api/features', { ...change, csrfToken: mine.csrfToken });
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ features: { tags: false } });
    expect((await admin('/api/features', { method: 'PUT', body: { tags: true }, cookie: mine.cookie, csrfToken: mine.csrfToken })).status).toBe(200);
  });
});

describe('who opens what', () => {
  it('refuses a widget session, the bearer operator secret or no cookie on the page\'s API and session', async () => {
    const widgetSession = await stack.launch(demoTickets.matched);
    const tries = [
      await admin('/api/features', { headers: { Authorization: `Bearer ${widgetSession}` } }),
      await admin('/api/audit', { headers: { Authorization: `Bearer ${widgetSession}` } }),
      await admin('/session', { headers: { Authorization: `Bearer ${widgetSession}` } }),
      await admin('/api/features', { headers: { Authorization: `Bearer ${operatorSecret}` } }),
      await admin('/api/secrets'),
      await admin('/api/features', { cookie: `admin=${widgetSession.slice(0, 43)}` }),
    ];
    expect(tries.map((response) => response.status)).toEqual(Array(6).fill(401));
  });

  it('refuses the page\'s cookie on the widget API and on the bearer operator API', async () => {
    const { cookie } = await stack.signIn(operatorSecret);
    expect((await admin('/api/features', { cookie })).status).toBe(200);
    const contact = await fetch(`${stack.url}/api/contact`, { headers: { Cookie: cookie } });
    expect(contact.status).toBe(401);
    expect(await contact.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await fetch(`${stack.url}/operator/features`, { headers: { Cookie: cookie } })).status).toBe(401);
  });
});

describe('sessions end', () => {
  it('when signed out: the same cookie opens nothing afterwards', async () => {
    const { cookie, csrfToken } = await stack.signIn(operatorSecret);
    expect((await admin('/session', { method: 'DELETE', cookie, csrfToken })).status).toBe(204);
    expect((await admin('/api/features', { cookie })).status).toBe(401);
    expect((await admin('/session', { cookie })).status).toBe(401);
  });

  it('not when the server restarts: the session is kept in the database', async () => {
    const { cookie, csrfToken } = await stack.signIn(operatorSecret);
    await stack.restart();
    expect((await admin('/api/features', { cookie })).status).toBe(200);
    expect((await admin('/api/log-level', { method: 'PUT', body: { level: 'info' }, cookie, csrfToken })).status).toBe(200);
  });

  it('when the operator secret changes', async () => {
    const { cookie } = await stack.signIn(operatorSecret);
    expect((await admin('/api/features', { cookie })).status).toBe(200);
    const config = stack.config as { operatorSecret: string | null };
    config.operatorSecret = 'a-new-operator-secret-of-24-chars-or-more';
    try {
      expect((await admin('/api/features', { cookie })).status).toBe(401);
    } finally {
      config.operatorSecret = operatorSecret;
    }
  });

  it('after the idle time without use, and not while in use', async () => {
    const { cookie } = await stack.signIn(operatorSecret);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect((await admin('/api/features', { cookie })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 900));
    // Past the idle time since the sign-in, within it since the last use.
    expect((await admin('/api/features', { cookie })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect((await admin('/api/features', { cookie })).status).toBe(401);
  });
});

describe('tokens set on the page', () => {
  it('are tried first, never answered or logged in full, and shown by their last four characters', async () => {
    const { cookie, csrfToken } = await stack.signIn(operatorSecret);
    const before = (await (await admin('/api/secrets', { cookie })).json()) as { canStore: boolean; secrets: Array<{ name: string; set: boolean; source: string | null }> };
    expect(before.canStore).toBe(true);
    expect(before.secrets.find((secret) => secret.name === 'TRENGO_TOKEN')).toMatchObject({ set: false, source: null });
    expect(before.secrets.find((secret) => secret.name === 'GHL_TOKEN')).toMatchObject({ set: true, source: 'environment' });

    const wrong = await admin('/api/secrets/TRENGO_TOKEN', { method: 'PUT', cookie, csrfToken, body: { value: 'not-the-trengo-token-at-all' } });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { message: expect.stringMatching(/Trengo refused this token.*Nothing was changed/) } });
    const fromEnvironment = await admin('/api/secrets/GHL_TOKEN', { method: 'PUT', cookie, csrfToken, body: { value: 'another-token-of-some-length' } });
    expect(fromEnvironment.status).toBe(409);

    const token = stack.sandboxTokens.TRENGO_TOKEN;
    const set = await admin('/api/secrets/TRENGO_TOKEN', { method: 'PUT', cookie, csrfToken, body: { value: token } });
    const answer = await set.text();
    expect(set.status).toBe(200);
    expect(answer).not.toContain(token);
    expect(JSON.parse(answer)).toMatchObject({ secret: { name: 'TRENGO_TOKEN', set: true, source: 'page', endsIn: token.length >= 16 ? token.slice(-4) : null } });
    // The sidebar now reaches Trengo with it.
    const opened = await stack.api(await stack.launch(demoTickets.matched), '/contact');
    expect(opened, JSON.stringify(opened.body)).toMatchObject({ status: 200 });
    // Sealed in the database file, not in the clear.
    expect(readFileSync(stack.databasePath).toString('latin1')).not.toContain(token);
    const audit = (await (await stack.audit('?action=settings.secret')).json()) as { entries: unknown[] };
    expect(audit.entries).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token);
  });
});

describe('the page itself', () => {
  it('is served at /admin with a CSP of its own that no other site may frame, and /admin/ leads there', async () => {
    const page = await fetch(`${stack.url}/admin`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    const slash = await fetch(`${stack.url}/admin/`, { redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/admin');
  });
});

describe('the page\'s bundle', () => {
  it('holds no secret', () => {
    const files = readdirSync(adminDir).map((name) => join(adminDir, name));
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    const secrets = [...stack.secrets.known(), ...Object.values(stack.sandboxTokens), operatorSecret];
    const hits = files.flatMap((file) => secrets.filter((secret) => readFileSync(file, 'latin1').includes(secret)).map(() => file));
    expect(hits).toEqual([]);
  });
});

// Last: it locks this address out.
describe('wrong secrets', () => {
  it('are refused, audited, and lock the address out, the right secret included, after four', async () => {
    const attempt = (secret: string) => admin('/session', { method: 'POST', body: { secret } });
    const statuses: number[] = [];
    for (const secret of ['guess-one', '', 'x'.repeat(1024), operatorSecret.slice(0, -1)]) statuses.push((await attempt(secret)).status);
    const locked = await attempt(operatorSecret);
    statuses.push(locked.status);
    console.info(`four wrong secrets, then the right one: ${statuses.join(', ')}`);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect(await locked.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/Try again in \d+ minutes/) } });
    const audit = (await (await stack.audit('?action=admin.signIn')).json()) as { entries: Array<{ result: string; detail: string }> };
    expect(audit.entries.filter((entry) => entry.result === 'refused')).toHaveLength(4);
    expect(audit.entries.filter((entry) => entry.result === 'done').length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain('guess-one');
  });
});
