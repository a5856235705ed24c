/**
 * The client under HighLevel's burst limit, against sandboxes with their own limits.
 *
 * HighLevel allows 100 requests per 10 s per location. To keep the run short, the burst test
 * scales the window down tenfold (100 per 1000 ms on both sides); the limiter's logic does not
 * depend on the window's length.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGhlClient } from '../../server/crm/highlevel/index';
import {
  demoContacts,
  demoLocationId,
  startGhlSandbox,
  type GhlSandbox,
  type SandboxCall,
} from '../../sandbox/index';

let sandbox: GhlSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** The most calls the sandbox saw start within any window of `windowMs`. */
function busiestWindow(calls: SandboxCall[], windowMs: number): number {
  const starts = calls.map((call) => call.startedAt).sort((a, b) => a - b);
  let busiest = 0;
  for (const [i, start] of starts.entries()) {
    let count = 0;
    for (let j = i; j < starts.length && (starts[j] ?? Infinity) < start + windowMs; j += 1) count += 1;
    busiest = Math.max(busiest, count);
  }
  return busiest;
}

describe('rate limit', () => {
  it('keeps a burst of 300 reads from two clients of one location within 100 per window', async () => {
    const limit = { max: 100, intervalMs: 1000 };
    const running = await startGhlSandbox({ rateLimit: limit });
    sandbox = running;
    const options = {
      baseUrl: running.url,
      locationId: demoLocationId,
      token: () => running.token,
      rateLimit: limit,
    };
    // Two clients, as two server processes' worth of callers in one: they share the limiter.
    const first = createGhlClient(options);
    const second = createGhlClient(options);

    const started = Date.now();
    const reads = Array.from({ length: 300 }, (_, i) =>
      i % 2 === 0
        ? first.findDuplicate({ email: `burst-${i}@example.com` })
        : second.searchContacts({ query: `burst ${i}` }),
    );
    const results = await Promise.all(reads);
    const elapsedMs = Date.now() - started;

    expect(results).toHaveLength(300);
    const accepted = running.calls.filter((call) => call.status === 200);
    expect(accepted).toHaveLength(300);
    expect(busiestWindow(accepted, limit.intervalMs)).toBeLessThanOrEqual(100);
    // On a loaded machine a request may reach the sandbox later than the limiter let it start,
    // and land in the next window: HighLevel then answers 429, which the client waits out.
    expect(running.calls.filter((call) => call.status !== 200).every((call) => call.status === 429)).toBe(true);
    // Three windows' worth of calls: a little over two intervals, not much more.
    expect(elapsedMs).toBeGreaterThanOrEqual(2000);
    expect(elapsedMs).toBeLessThan(6000);
  });

  it('waits out the interval HighLevel names after 429s and then completes every read', async () => {
    const running = await startGhlSandbox({ rateLimit: { max: 5, intervalMs: 1000 } });
    sandbox = running;
    // The client believes the default 100 per 10 s; the sandbox allows only 5 per second.
    const ghl = createGhlClient({
      baseUrl: running.url,
      locationId: demoLocationId,
      token: () => running.token,
    });

    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => ghl.findDuplicate({ email: `limited-${i}@example.com` })),
    );
    const elapsedMs = Date.now() - started;

    expect(results).toEqual(Array(12).fill(null));
    const statuses = running.calls.map((call) => call.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(12);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(ghl.stats().rateLimited).toBe(statuses.filter((status) => status === 429).length);
    // Each 429 costs one interval of HighLevel's (1000 ms), not the configured 10 s.
    expect(elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(elapsedMs).toBeLessThan(5000);
    expect(busiestWindow(running.calls.filter((call) => call.status === 200), 1000)).toBeLessThanOrEqual(5);
  });

  it('retries a create after a 429, waiting the interval HighLevel names', async () => {
    const running = await startGhlSandbox({ rateLimit: { max: 100, intervalMs: 200 } });
    sandbox = running;
    const ghl = createGhlClient({ baseUrl: running.url, locationId: demoLocationId, token: () => running.token });
    running.faults.failNext(1, 429);

    const started = Date.now();
    const created = await ghl.createContact({ firstName: 'Twice', email: 'twice@example.com' });
    expect(created?.firstName).toBe('Twice');
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(running.calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
      'POST /contacts/ 429',
      'POST /contacts/ 201',
    ]);
  });

  it('ends in rate_limited when every attempt gets a 429', async () => {
    const running = await startGhlSandbox({ rateLimit: { max: 100, intervalMs: 50 } });
    sandbox = running;
    const ghl = createGhlClient({
      baseUrl: running.url,
      locationId: demoLocationId,
      token: () => running.token,
      maxRetries: 2,
    });
    running.faults.failNext(3, 429);
    await expect(ghl.getContact(demoContacts.mariaJansen)).rejects.toMatchObject({
      kind: 'rate_limited',
      status: 429,
      retryable: true,
    });
    expect(running.calls.map((call) => call.status)).toEqual([429, 429, 429]);
  });
});
