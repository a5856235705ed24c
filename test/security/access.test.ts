/**
 * Who gets what: launch secrets, sessions, the scope of a session (ticket A never reaches
 * ticket B's contact), ids that try to change an outside URL, oversized bodies and the
 * per-session rate limit. Each refusal is the one JSON error shape.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessions } from '../../server/platform/session';
import { demoContacts, demoTasks, demoTickets } from '../../sandbox/seed';
import { apiErrorSchema } from '../../shared/api';
import { asError, asView, startStack, type Stack } from '../support/stack';
import { jsonOf, rawRequest } from './raw-http';

let stack: Stack;
/** Sessions of ticket A (Maria Jansen's) and ticket B (Liam Chen's). */
let ticketA: string;
let ticketB: string;
const liamTask = 'tK5hJ2kL9zX4cV8bN1mQ';

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '0', GHL_RATE_LIMIT_MAX: '1000' }, { ghl: { rateLimit: { max: 1000, intervalMs: 10_000 } } });
  [ticketA, ticketB] = await Promise.all([stack.launch(demoTickets.matched), stack.launch(demoTickets.phoneMatch)]);
});
afterAll(() => stack.close());
beforeEach(() => stack.ghl.resetCalls());

/** What the server sent to HighLevel that changes something. */
const ghlWrites = () => stack.ghl.calls.filter((call) => call.method !== 'GET' && call.path !== '/contacts/search');

describe('the launch secret', () => {
  const launch = (query: string) => rawRequest(stack.url, { path: `/?${query}` });
  const secret = () => stack.config.trengo.appSecret;

  it.each([
    ['a wrong secret', () => `ticket_id=1001&auth_token=wrong-secret-value`],
    ['no secret', () => 'ticket_id=1001'],
    ['an empty secret', () => 'ticket_id=1001&auth_token='],
    ['the secret with a character more', () => `ticket_id=1001&auth_token=${encodeURIComponent(secret())}x`],
    ['the secret with its last character cut', () => `ticket_id=1001&auth_token=${encodeURIComponent(secret().slice(0, -1))}`],
    ['the secret in the other case', () => `ticket_id=1001&auth_token=${encodeURIComponent(secret().toUpperCase())}`],
    ['a wrong secret in the older `token` parameter', () => 'ticket_id=1001&token=wrong-secret-value'],
    ['the secret in an unknown parameter', () => `ticket_id=1001&secret=${encodeURIComponent(secret())}`],
  ])('refuses %s with a 401 page that holds no session', async (_name, query) => {
    const answer = await launch(query());
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toMatch(/text\/html/);
    expect(answer.text).not.toContain('widget-session');
    expect(answer.text).not.toContain('wrong-secret-value');
  });

  it('accepts the secret in the older `token` parameter', async () => {
    const answer = await launch(`ticket_id=1001&token=${encodeURIComponent(secret())}`);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('widget-session');
  });

  it.each(['../1001', '1001/../1002', '1001%2F..%2F1002', '1001%3Fx%3D1', '-1', '1e3', '%201001', encodeURIComponent('１００１'), '1001%00', ''])(
    'refuses the ticket id %j with the right secret',
    async (ticketId) => {
      const answer = await launch(`ticket_id=${ticketId}&auth_token=${encodeURIComponent(secret())}`);
      expect(answer.status).toBe(400);
      expect(answer.text).not.toContain('widget-session');
    },
  );
});

describe('sessions', () => {
  const sessionSecret = () => stack.secrets.get('SESSION_SECRET');

  it('refuses a missing, malformed or foreign session on every widget route', async () => {
    const foreign = createSessions({ secret: 'another-server-session-secret-0000000000', ttlMs: 60_000 }).issue(demoTickets.matched);
    const headers = ['', 'Bearer ', 'Bearer garbage', `Basic ${ticketA}`, `bearer ${ticketA}`, `Bearer ${foreign}`, `Bearer ${ticketA}.extra`];
    for (const authorization of headers) {
      for (const [method, path] of widgetRoutes) {
        const answer = await rawRequest(stack.url, {
          method,
          path: `/api${path}`,
          headers: { ...(authorization && { Authorization: authorization }), 'Content-Type': 'application/json' },
          ...(method !== 'GET' && { body: '{}' }),
        });
        expect(answer.status, `${method} ${path} with "${authorization.slice(0, 12)}"`).toBe(401);
        expect(apiErrorSchema.parse(jsonOf(answer)).error.code).toBe('unauthorized');
      }
    }
    expect(stack.ghl.calls).toEqual([]);
  });

  it('refuses an expired session with its own code, so the widget can say so', async () => {
    const expired = createSessions({ secret: sessionSecret(), ttlMs: 60_000, now: () => Date.now() - 120_000 }).issue(demoTickets.matched);
    expect(asError(await stack.api(expired, '/contact'))).toMatchObject({ status: 401, code: 'session_expired' });
  });

  it("refuses a session whose ticket was changed to another's, keeping the signature", async () => {
    const [, signature] = ticketA.split('.');
    const body = Buffer.from(JSON.stringify({ ticketId: demoTickets.phoneMatch, expiresAt: Date.now() + 60_000 })).toString('base64url');
    expect(asError(await stack.api(`${body}.${signature}`, '/contact'))).toMatchObject({ status: 401, code: 'unauthorized' });
    const flipped = `${ticketA.slice(0, -1)}${ticketA.endsWith('A') ? 'B' : 'A'}`;
    expect(asError(await stack.api(flipped, '/contact'))).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

/** Every widget route, with a well-formed id where it takes one. */
const widgetRoutes: [string, string][] = [
  ['GET', '/contact'],
  ['PUT', '/contact/choice'],
  ['PUT', '/contact/link'],
  ['DELETE', '/contact/link'],
  ['POST', '/contact'],
  ['PATCH', '/contact'],
  ['GET', '/contacts/search?q=maria'],
  ['POST', '/tasks'],
  ['PATCH', `/tasks/${demoTasks.overdue}`],
  ['PUT', `/tasks/${demoTasks.overdue}/completed`],
  ['DELETE', `/tasks/${demoTasks.overdue}`],
  ['POST', '/tags'],
  ['DELETE', '/tags'],
  ['POST', '/notes'],
  ['GET', '/business'],
  ['GET', '/writes'],
  ['POST', '/writes/abc123/retry'],
  ['DELETE', '/writes/abc123'],
];

describe("a session of ticket A and ticket B's contact", () => {
  it("shows A's contact only", async () => {
    const view = asView(await stack.api(ticketA, '/contact'));
    expect(view).toMatchObject({ status: 'matched', contact: { id: demoContacts.mariaJansen } });
  });

  it("may not pick B's contact", async () => {
    const answer = await stack.api(ticketA, '/contact/choice', { method: 'PUT', body: { contactId: demoContacts.liamChen } });
    expect(asError(answer)).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it("may not link B's contact without finding it by a search first", async () => {
    const answer = await stack.api(ticketA, '/contact/link', { method: 'PUT', body: { contactId: demoContacts.liamChen } });
    expect(asError(answer)).toMatchObject({ status: 403, code: 'forbidden' });
    expect(asView(await stack.api(ticketA, '/contact'))).toMatchObject({ contact: { id: demoContacts.mariaJansen } });
  });

  it("may not change, complete or delete B's task", async () => {
    const before = structuredClone(stack.ghl.store.tasks.get(liamTask));
    for (const [method, path, body] of [
      ['PATCH', `/tasks/${liamTask}`, { title: 'Hijacked' }],
      ['PUT', `/tasks/${liamTask}/completed`, { completed: true }],
      ['DELETE', `/tasks/${liamTask}`, undefined],
    ] as const) {
      const answer = await stack.api(ticketA, path, { method, ...(body && { body }) });
      expect(asError(answer), `${method} ${path}`).toMatchObject({ status: 403, code: 'forbidden' });
    }
    expect(stack.ghl.store.tasks.get(liamTask)).toEqual(before);
    expect(ghlWrites()).toEqual([]);
  });

  it("may not name B's contact in a write's body", async () => {
    for (const [path, body] of [
      ['/tasks', { title: 'x', dueDate: '2030-01-01T09:00:00Z', contactId: demoContacts.liamChen }],
      ['/notes', { body: 'x', contactId: demoContacts.liamChen }],
      ['/tags', { tags: ['x'], contactId: demoContacts.liamChen }],
    ] as const) {
      expect(asError(await stack.api(ticketA, path, { method: 'POST', body })), path).toMatchObject({ status: 400, code: 'bad_request' });
    }
    expect(ghlWrites()).toEqual([]);
  });

  it("may not see, retry or discard B's writes", async () => {
    const kept = await stack.api(ticketB, '/notes', { method: 'POST', body: { body: 'Note of ticket B' } });
    const writeId = (kept.body as { write: { id: string } }).write.id;
    const listed = await stack.api(ticketA, '/writes');
    expect(JSON.stringify(listed.body)).not.toContain(writeId);
    for (const [method, path] of [['POST', `/writes/${writeId}/retry`], ['DELETE', `/writes/${writeId}`]] as const) {
      const answer = await stack.api(ticketA, path, { method });
      expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect(JSON.stringify((await stack.api(ticketB, '/writes')).body)).toContain(writeId);
  });
});

/** Ids that try to leave their path segment or smuggle a query. */
const hostileIds = [
  '..',
  '../contacts/other',
  '..%2F..%2Fcontacts%2Fother',
  '%2e%2e',
  'abc%3Fquery%3D1',
  'abc%23fragment',
  'abc%00',
  'abc;other',
  '%3Cscript%3E',
  encodeURIComponent('ａｂｃ'),
  'a'.repeat(65),
  'abc%20def',
  "'%20OR%201=1--",
];

describe('ids that try to change an outside URL', () => {
  it.each(hostileIds)('never reach HighLevel: %s', async (id) => {
    const routes: [string, string, unknown][] = [
      ['PATCH', `/api/tasks/${id}`, { title: 'x' }],
      ['PUT', `/api/tasks/${id}/completed`, { completed: true }],
      ['DELETE', `/api/tasks/${id}`, undefined],
      ['POST', `/api/writes/${id}/retry`, undefined],
      ['DELETE', `/api/writes/${id}`, undefined],
      ['PUT', '/api/contact/choice', { contactId: decodeURIComponent(id) }],
      ['PUT', '/api/contact/link', { contactId: decodeURIComponent(id) }],
      ['GET', `/operator/audit?contactId=${id}`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const operator = path.startsWith('/operator');
      const answer = await rawRequest(stack.url, {
        method,
        path,
        headers: { Authorization: `Bearer ${operator ? stack.config.operatorSecret : ticketA}`, 'Content-Type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      expect([400, 404], `${method} ${path}`).toContain(answer.status);
      expect(apiErrorSchema.safeParse(jsonOf(answer)).success, `${method} ${path}`).toBe(true);
    }
    expect(ghlWrites()).toEqual([]);
  });

  it.each([
    '/api/../contacts/xyz',
    '/api/contacts%2F..',
    '/api/tasks/..%2F..%2Fcontacts%2Fother',
    '/api/contact/..%2F..%2Fcontacts%2Fother',
    '/api/%2e%2e/%2e%2e/contacts',
    '/api//contacts/other',
    '/contacts/other',
    '/api/contact?contactId=other',
    '/api/contacts/search?q=ab&locationId=other',
  ])('finds no route that forwards %s', async (path) => {
    const answer = await rawRequest(stack.url, { path, headers: { Authorization: `Bearer ${ticketA}` } });
    expect(answer.status).toBeLessThan(500);
    expect(apiErrorSchema.safeParse(jsonOf(answer)).success || answer.status === 200).toBe(true);
    // Whatever the answer, only the server's named operations reached HighLevel.
    for (const call of stack.ghl.calls) expect(call.path).toMatch(namedGhlPaths);
    for (const call of stack.ghl.calls) expect(call.path).not.toContain('other');
  });
});

/** The paths of the HighLevel operations the server has. */
const namedGhlPaths =
  /^\/contacts\/(?:search(?:\/duplicate)?|business\/[A-Za-z0-9]{1,64}|[A-Za-z0-9]{1,64}(?:\/(?:tasks(?:\/[A-Za-z0-9]{1,64}(?:\/completed)?)?|notes(?:\/[A-Za-z0-9]{1,64})?|appointments|tags))?)?\/?$/;

describe('request bodies', () => {
  it('refuses a body over the limit with a 413 before reading it, declared or streamed', async () => {
    const huge = JSON.stringify({ body: 'x'.repeat(stack.config.maxBodyBytes) });
    const declared = await rawRequest(stack.url, {
      method: 'POST',
      path: '/api/notes',
      headers: { Authorization: `Bearer ${ticketA}`, 'Content-Type': 'application/json' },
      body: huge,
    });
    expect(declared.status).toBe(413);
    expect(apiErrorSchema.parse(jsonOf(declared)).error.code).toBe('payload_too_large');

    const streamed = await fetch(`${stack.url}/api/notes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ticketA}`, 'Content-Type': 'application/json' },
      body: new Blob([huge]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(ghlWrites()).toEqual([]);
  });

  it('refuses bodies that are not JSON, or not an object of the expected shape, with a 400', async () => {
    for (const body of ['{', 'null', '[]', '"text"', '{"body":42}', '{"body":"x","__proto__":{"admin":true}}', '\u0000']) {
      const answer = await rawRequest(stack.url, {
        method: 'POST',
        path: '/api/notes',
        headers: { Authorization: `Bearer ${ticketA}`, 'Content-Type': 'application/json' },
        body,
      });
      expect(answer.status, body).toBe(400);
      expect(apiErrorSchema.parse(jsonOf(answer)).error.code).toBe('bad_request');
    }
    expect(ghlWrites()).toEqual([]);
  });
});

describe('the per-session rate limit', () => {
  it('answers 429 rate_limited with Retry-After once a session has used its minute, leaving other sessions alone', async () => {
    const limited = await startStack({ SESSION_RATE_LIMIT: '5' });
    try {
      const [first, second] = [await limited.launch(demoTickets.matched), await limited.launch(demoTickets.notFound)];
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.api(first, '/contact')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);

      const refused = await fetch(`${limited.url}/api/contact`, { headers: { Authorization: `Bearer ${first}` } });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(apiErrorSchema.parse(await refused.json()).error).toMatchObject({ code: 'rate_limited', retryable: true });

      expect((await limited.api(second, '/contact')).status).toBe(200);
      // Requests without a valid session are refused as such, and do not count.
      expect((await limited.api('garbage', '/contact')).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
