/**
 * What an operator sees: request ids carried from the caller to HighLevel and Trengo, one JSON
 * access line per request with the route pattern, readiness that cannot be used to hammer
 * HighLevel, and secrets kept out of answers and logs even when an outside system echoes them.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app';
import { loadConfig } from '../../server/platform/config';
import { createGhlClient } from '../../server/crm/highlevel/index';
import { createLogger, createRedactor } from '../../server/platform/log';
import { createSecrets, secretsFromConfig } from '../../server/platform/secrets';
import { createSessions } from '../../server/platform/session';
import { createTrengoClient } from '../../server/helpdesk/trengo/client';
import { demoTasks, demoTickets } from '../../sandbox/seed';
import { apiErrorSchema } from '../../shared/api';
import { fakeFetch, json } from '../support/fake-fetch';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '0' });
});
afterAll(() => stack.close());

type LogLine = { level: string; msg: string; requestId?: string; [field: string]: unknown };
const logLines = (): LogLine[] => stack.logs.map((line) => JSON.parse(line) as LogLine);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('echoes a sane incoming X-Request-Id and replaces anything else with a new one', async () => {
    const echoed = async (id?: string) =>
      (await fetch(`${stack.url}/healthz`, { headers: id === undefined ? {} : { 'X-Request-Id': id } })).headers.get('x-request-id');
    expect(await echoed('trengo-7f3a.9:1')).toBe('trengo-7f3a.9:1');
    expect(await echoed()).toMatch(uuid);
    for (const insane of ['has spaces', '<script>', 'x'.repeat(101), '-leading-dash', 'a/b', 'id\u00e9']) {
      expect(await echoed(insane)).toMatch(uuid);
    }
  });

  it('never echoes a request id that holds a secret', async () => {
    const secret = stack.config.trengo.appSecret;
    expect(await (await fetch(`${stack.url}/healthz`, { headers: { 'X-Request-Id': secret } })).headers.get('x-request-id')).toMatch(uuid);
  });

  it('carries the request id into the log lines of the outside calls the request made', async () => {
    // The launch starts the ticket's lookup, so its outside calls belong to the launch request.
    await fetch(stack.launchUrl(demoTickets.phoneMatch), { headers: { 'X-Request-Id': 'open-ticket-1004' } });
    const calls = () => logLines().filter((line) => line.msg === 'outside call' && line.requestId === 'open-ticket-1004');
    await expect.poll(() => calls().map((line) => line.system)).toEqual(expect.arrayContaining(['trengo', 'highlevel']));
    expect(calls().every((line) => typeof line.path === 'string' && !String(line.path).includes('?'))).toBe(true);
  });

  it('sends the request id to HighLevel and to Trengo as X-Request-Id', async () => {
    const highlevel = fakeFetch(() => json(200, { contacts: [], total: 0 }));
    await createGhlClient({ baseUrl: 'https://ghl.test', locationId: 'loc1', token: () => 'token-0001', fetch: highlevel.fetch, requestId: () => 'req-42' })
      .searchContacts({ pageLimit: 1 });
    expect(highlevel.requests[0]?.headers.get('x-request-id')).toBe('req-42');

    let trengoHeaders: Headers | undefined;
    const trengoFetch: typeof fetch = async (_input, init) => {
      trengoHeaders = new Headers(init?.headers);
      return json(200, { data: [] });
    };
    await createTrengoClient({ baseUrl: 'https://trengo.test', token: () => 'token-0002', fetch: trengoFetch, requestId: () => 'req-43' }).checkAccess();
    expect(trengoHeaders?.get('x-request-id')).toBe('req-43');
  });
});

describe('the access log', () => {
  it('writes one line per request with method, route pattern, status, duration and request id', async () => {
    const session = await stack.launch(demoTickets.matched);
    const before = stack.logs.length;
    await fetch(`${stack.url}/api/tasks/${demoTasks.overdue}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json', 'X-Request-Id': 'edit-task-1' },
      body: JSON.stringify({ title: '' }),
    });
    const lines = stack.logs.slice(before).map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg === 'request');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', method: 'PATCH', route: '/api/tasks/:taskId', status: 400, requestId: 'edit-task-1', durationMs: expect.any(Number) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(demoTasks.overdue);
  });

  it('logs the launch as its route, never its query with the secret', async () => {
    const before = stack.logs.length;
    await fetch(stack.launchUrl(demoTickets.matched));
    await fetch(stack.launchUrl(demoTickets.matched, 'a-wrong-guess-of-the-secret'));
    const text = stack.logs.slice(before).join('\n');
    expect(text).not.toMatch(/auth_token|ticket_id|a-wrong-guess/);
    expect(logLines().filter((line) => line.msg === 'request' && line.route === '/').length).toBeGreaterThanOrEqual(2);
  });

  it('names no route for a path nothing answers', async () => {
    await fetch(`${stack.url}/no/such/path?auth_token=guess`, { headers: { 'X-Request-Id': 'lost-1' } });
    expect(logLines().find((line) => line.requestId === 'lost-1' && line.msg === 'request')).toMatchObject({ route: null, status: 404 });
  });
});

describe('readiness', () => {
  it('is ready when HighLevel and Trengo accept the tokens, and says nothing of them', async () => {
    const answer = await fetch(`${stack.url}/readyz`);
    const text = await answer.text();
    expect(answer.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ status: 'ready', checks: { highlevel: { ok: true }, trengo: { ok: true } } });
    for (const secret of stack.secrets.known()) expect(text).not.toContain(secret);
  });

  it('probes at most once every few seconds however often it is asked', async () => {
    const fresh = await startStack();
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(`${fresh.url}/readyz`)));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      for (let i = 0; i < 10; i++) await fetch(`${fresh.url}/readyz`);
      expect(fresh.ghl.calls.filter((call) => call.path === '/contacts/search')).toHaveLength(1);
      expect(fresh.trengo.calls).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });

  it('is not ready, in the one error shape, when HighLevel refuses the token', async () => {
    const fresh = await startStack();
    try {
      fresh.ghl.tokens.clear();
      const answer = await fetch(`${fresh.url}/readyz`);
      expect(answer.status).toBe(503);
      const body: unknown = await answer.json();
      expect(apiErrorSchema.parse(body).error).toMatchObject({ code: 'upstream_auth', source: 'highlevel', retryable: true });
      expect(body).toMatchObject({ status: 'not_ready', checks: { highlevel: { ok: false }, trengo: { ok: true } } });
    } finally {
      fresh.ghl.reset();
      await fresh.close();
    }
  });
});

describe('secrets an outside system echoes back', () => {
  it('never reach an answer or a log line', async () => {
    // A HighLevel and a Trengo that repeat the credentials they were sent in every error.
    const echo = (c: { req: { header(name: string): string | undefined } }) => c.req.header('authorization') ?? '';
    const upstream = new Hono()
      .get('/tickets/:id', (c) => c.json({ id: Number(c.req.param('id')), subject: echo(c), contact: { id: 1, name: echo(c), email: 'echo@example.com' } }))
      .post('/contacts/search', (c) =>
        c.json({ statusCode: 422, message: [`${echo(c)} is not allowed`, `token ${echo(c).slice(7)}`, 'not with trengo-echoed-token-0001 either'], traceId: echo(c) }, 422),
      )
      .get('/contacts/:id/tasks', (c) => c.html(`<html><head><title>502 ${echo(c)}</title></head></html>`, 502));
    const server = serve({ fetch: upstream.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const config = loadConfig({
        GHL_TOKEN: 'pit-echoed-highlevel-token-0001',
        GHL_LOCATION_ID: 've9EPM428h8vShlRW1KT',
        GHL_API_BASE: base,
        TRENGO_TOKEN: 'trengo-echoed-token-0001',
        TRENGO_API_BASE: base,
        TRENGO_APP_SECRET: 'app-secret-echo-test-0001',
        SESSION_SECRET: 'session-secret-echo-test-00000000000001',
        DATABASE_PATH: ':memory:',
        CACHE_TTL_SECONDS: '0',
      });
      const secrets = createSecrets(secretsFromConfig(config));
      const lines: string[] = [];
      const log = createLogger({ level: 'debug', redact: createRedactor(() => secrets.known()), sink: (line) => lines.push(line) });
      const app = createApp(config, { secrets, log });
      const session = createSessions({ secret: config.session.secret, ttlMs: 60_000 }).issue('1001');
      try {
        const answer = await app.request('/api/contact', { headers: { Authorization: `Bearer ${session}` } });
        const text = await answer.text();
        expect(answer.status).toBe(422);
        expect(apiErrorSchema.parse(JSON.parse(text)).error.code).toBe('upstream_rejected');
        const everything = `${text}\n${lines.join('\n')}`;
        for (const secret of secrets.known()) expect(everything).not.toContain(secret);
        expect(everything).toContain('[redacted]');
      } finally {
        await app.close();
      }
    } finally {
      server.close();
    }
  });
});
