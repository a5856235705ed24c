/** What the agent sees when HighLevel or Trengo fails, throttles or is down: each mapped to a clear error. */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoTickets } from '../../sandbox/seed';
import { asError, asView, startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  // HighLevel's real limit here is lower than the 100 per 10 s the server assumes (as with trial
  // tokens), so a burst meets real 429s with HighLevel's rate-limit headers.
  stack = await startStack(
    { CACHE_TTL_SECONDS: '0', GHL_TIMEOUT_MS: '400', TRENGO_TIMEOUT_MS: '400' },
    { ghl: { rateLimit: { max: 12, intervalMs: 1000 } } },
  );
});
afterAll(() => stack.close());
/** Forgets the read copy of every contact, as for a customer nobody opened before. */
function forgetCopies(): void {
  const db = new Database(stack.databasePath);
  db.exec('DELETE FROM read_copy');
  db.close();
}

beforeEach(() => {
  forgetCopies();
  Object.assign(stack.ghl.faults, { latencyMs: 0, failRate: 0, down: false });
  Object.assign(stack.trengo.faults, { latencyMs: 0, down: false });
  stack.ghl.resetCalls();
});

const openMatched = async () => stack.api(await stack.launch(demoTickets.matched), '/contact');

describe('HighLevel failures reach the widget as one error shape with a next step', () => {
  it('a refused token: not retryable, tells an administrator to renew it', async () => {
    const tokens = [...stack.ghl.tokens];
    stack.ghl.tokens.clear();
    try {
      const error = asError(await openMatched());
      expect(error).toMatchObject({ status: 502, code: 'upstream_auth', source: 'highlevel', retryable: false });
      expect(error.message).toMatch(/administrator/);
      expect(stack.ghl.calls).toHaveLength(1);
    } finally {
      tokens.forEach((token) => stack.ghl.tokens.add(token));
    }
  });

  it('a passing 5xx is retried and the agent never sees it', async () => {
    stack.ghl.faults.failNext(2, 503);
    expect(asView(await openMatched()).status).toBe('matched');
    expect(stack.ghl.calls.filter((call) => call.status === 503)).toHaveLength(2);
  });

  it('a lasting 5xx becomes a retryable "having trouble" error', async () => {
    stack.ghl.faults.failRate = 1;
    expect(asError(await openMatched())).toMatchObject({ status: 502, code: 'upstream_unavailable', retryable: true });
  });

  it('no answer in time becomes a retryable timeout', async () => {
    stack.ghl.faults.latencyMs = 1500;
    expect(asError(await openMatched())).toMatchObject({ status: 504, code: 'upstream_timeout', retryable: true });
  });

  it('HighLevel down becomes a retryable network error', async () => {
    stack.ghl.faults.down = true;
    expect(asError(await openMatched())).toMatchObject({ status: 502, code: 'upstream_network', retryable: true });
  });

  it('a 429 is waited out for the interval HighLevel names, not shown', async () => {
    stack.ghl.faults.failNext(1, 429);
    const started = Date.now();
    expect(asView(await openMatched()).status).toBe('matched');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(stack.ghl.calls.filter((call) => call.status === 429)).toHaveLength(1);
  });

  it('a burst above the real HighLevel limit is paced by its rate-limit headers, and every open succeeds', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stack.ghl.resetCalls();
    const views = await Promise.all([demoTickets.matched, demoTickets.phoneMatch, demoTickets.multiple, demoTickets.notFound].map(
      async (ticketId) => asView(await stack.api(await stack.launch(ticketId), '/contact')),
    ));
    const again = await Promise.all([openMatched(), openMatched(), openMatched()]);
    expect(views.map((view) => view.status)).toEqual(['matched', 'matched', 'multiple', 'notFound']);
    expect(again.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(stack.ghl.calls.filter((call) => call.status === 429)).toHaveLength(0);
    expect(stack.ghl.calls.length).toBeGreaterThan(12);
  });
});

describe('Trengo failures', () => {
  it('an unknown ticket', async () => {
    const answer = await stack.api(await stack.launch('999999'), '/contact');
    expect(asError(answer)).toMatchObject({ status: 404, code: 'ticket_not_found', source: 'trengo' });
  });

  it('Trengo down', async () => {
    stack.trengo.faults.down = true;
    const answer = await stack.api(await stack.launch(demoTickets.notFound), '/contact');
    expect(asError(answer)).toMatchObject({ code: 'upstream_network', source: 'trengo', retryable: true });
  });
});

describe('a contact opened before shows from the read copy when HighLevel fails', () => {
  it.each([
    ['down', () => (stack.ghl.faults.down = true)],
    ['failing with 5xx', () => (stack.ghl.faults.failRate = 1)],
    ['slower than the timeout', () => (stack.ghl.faults.latencyMs = 1500)],
  ])('HighLevel %s: the copy, with the time it was true', async (_, fault) => {
    const fresh = asView(await openMatched());
    expect(fresh).toMatchObject({ status: 'matched' });
    expect('asOf' in fresh).toBe(false);
    fault();

    const startedAt = Date.now();
    const view = asView(await openMatched());
    expect(view).toMatchObject({ status: 'matched', contact: (fresh as { contact: unknown }).contact, asOf: expect.any(String) });
    expect(Date.now() - startedAt).toBeLessThan(5000);
    // The read behind the answer ends before the next test counts calls.
    Object.assign(stack.ghl.faults, { latencyMs: 0, failRate: 0, down: false });
    await new Promise((resolve) => setTimeout(resolve, 2000));
  });
});
