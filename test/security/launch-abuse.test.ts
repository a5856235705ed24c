/**
 * The launch URL under abuse: whoever holds the shared app secret could open any ticket, and
 * whoever does not could guess. Wrong secrets lock an address out (longer each time), walking
 * through ticket ids is cut off, launches are rate-limited per address and per ticket, a page a
 * browser says is not framed is refused, every launch is in the audit log, and a rotated app
 * secret keeps working for its grace period. Other addresses are unaffected throughout.
 *
 * Requests leave from chosen loopback addresses (127.0.0.x), so the server sees real, different
 * socket addresses without any proxy header.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoTickets } from '../../sandbox/seed';
import type { AuditEntry } from '../../server/store/port';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

type Answer = { status: number; retryAfter: string | undefined; text: string };

const agents = new Map<string, Agent>();
afterAll(() => agents.forEach((agent) => agent.destroy()));

/** A launch as Trengo's iframe sends it, from the loopback address `from`. */
function launchFrom(
  stack: Stack,
  from: string,
  launch: { ticketId: string; secret?: string; headers?: Record<string, string> },
): Promise<Answer> {
  const secret = launch.secret ?? stack.config.trengo.appSecret;
  return getFrom(stack, from, `/?ticket_id=${encodeURIComponent(launch.ticketId)}&auth_token=${encodeURIComponent(secret)}`, launch.headers);
}

/** A GET from the loopback address `from`, over a kept-alive connection of that address. */
function getFrom(stack: Stack, from: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { port } = new URL(stack.url);
  const agent = agents.get(from) ?? new Agent({ keepAlive: true, maxSockets: 8 });
  agents.set(from, agent);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, localAddress: from, agent, path, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const retryAfter = incoming.headers['retry-after'];
          resolve({ status: incoming.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, text: Buffer.concat(chunks).toString('utf8') });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const hasSession = (answer: Answer) => answer.text.includes('widget-session');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function launchEntries(stack: Stack): Promise<(AuditEntry & { address: string })[]> {
  const response = await stack.audit('?format=json');
  const { entries } = (await response.json()) as { entries: AuditEntry[] };
  return entries
    .filter((entry) => entry.action === 'launch')
    .map((entry) => ({ ...entry, address: (JSON.parse(entry.fields ?? '{}') as { address: string }).address }));
}

const warnings = (stack: Stack, message: string) =>
  stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === 'warn' && line.msg === message);

describe('1,000 wrong app secrets from one address, with the default limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('locks the address out after 10, answers every later try with a cheap 429, and leaves another address alone', async () => {
    const guesser = '127.0.0.1';
    const guesses = 1000;
    const statuses = new Map<number, number>();
    const refusalMs: number[] = [];
    let otherAddress: Answer | undefined;
    for (let n = 0; n < guesses; n++) {
      const started = performance.now();
      const answer = await launchFrom(stack, guesser, { ticketId: '4242', secret: `guess-${n}-of-the-app-secret` });
      const elapsed = performance.now() - started;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect(hasSession(answer)).toBe(false);
      if (answer.status === 429) {
        refusalMs.push(elapsed);
        expect(Number(answer.retryAfter)).toBeGreaterThan(800);
        expect(answer.text).toContain('Too many wrong attempts');
      }
      // An agent elsewhere opens a ticket while the guessing goes on.
      if (n === 500) otherAddress = await launchFrom(stack, '127.0.0.2', { ticketId: demoTickets.matched });
    }
    // For scale: the cheapest answer the server has, on the same kind of connection.
    const healthMs: number[] = [];
    for (let n = 0; n < 200; n++) {
      const started = performance.now();
      await getFrom(stack, guesser, '/healthz');
      healthMs.push(performance.now() - started);
    }
    const sorted = [...refusalMs].sort((a, b) => a - b);
    const mean = refusalMs.reduce((sum, ms) => sum + ms, 0) / refusalMs.length;
    const healthMean = healthMs.reduce((sum, ms) => sum + ms, 0) / healthMs.length;
    console.info(
      `${guesses} wrong secrets from one address: ${statuses.get(401) ?? 0}×401, ${statuses.get(429) ?? 0}×429; ` +
        `a refused try took ${mean.toFixed(2)} ms on average (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(2)} ms; ` +
        `GET /healthz ${healthMean.toFixed(2)} ms), no outside call and no session`,
    );
    expect(statuses.get(401)).toBe(10);
    expect(statuses.get(429)).toBe(guesses - 10);
    expect(mean).toBeLessThan(20);

    expect(otherAddress?.status).toBe(200);
    expect(hasSession(otherAddress!)).toBe(true);
    // The right secret does not help a locked-out address: it is not even compared.
    const rightSecret = await launchFrom(stack, guesser, { ticketId: demoTickets.matched });
    expect(rightSecret.status).toBe(429);
    expect(hasSession(rightSecret)).toBe(false);
    // No guess reached Trengo or HighLevel.
    expect(stack.trengo.calls.filter((call) => call.path.includes('4242'))).toEqual([]);

    const lockouts = warnings(stack, 'launches locked out: wrong app secrets from one address');
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ address: guesser, failures: 10, lockout: 1, lockedForSeconds: 900 });
    expect(stack.logs.join('\n')).not.toContain('guess-');
  });

  it('believes no X-Forwarded-For without TRUST_PROXY: the locked-out address stays locked out', async () => {
    const answer = await launchFrom(stack, '127.0.0.1', { ticketId: demoTickets.matched, headers: { 'X-Forwarded-For': '198.51.100.23' } });
    expect(answer.status).toBe(429);
  });

  it('records every one of them in the audit log, refused with its reason and never with the secret', async () => {
    const entries = await launchEntries(stack);
    const fromGuesser = entries.filter((entry) => entry.address === '127.0.0.1');
    expect(fromGuesser).toHaveLength(1000 + 2);
    expect(fromGuesser.every((entry) => entry.result === 'refused')).toBe(true);
    const reasons = new Map<string, number>();
    for (const entry of fromGuesser) reasons.set(entry.detail ?? '', (reasons.get(entry.detail ?? '') ?? 0) + 1);
    expect(Object.fromEntries(reasons)).toEqual({
      'wrong app secret': 9,
      'wrong app secret; address locked out for 15 minutes': 1,
      'locked out after wrong app secrets': 992,
    });
    expect(entries.find((entry) => entry.address === '127.0.0.2')).toMatchObject({ result: 'ok', ticketId: demoTickets.matched, detail: 'opened' });
    const exported = await (await stack.audit('?format=csv')).text();
    expect(exported).not.toContain(stack.config.trengo.appSecret);
    expect(exported).not.toContain('guess-');
  });
});

describe('walking through ticket ids', () => {
  let stack: Stack;
  const perHour = 60;
  beforeAll(async () => {
    stack = await startStack({ LAUNCH_TICKETS_PER_HOUR: String(perHour) });
  });
  afterAll(() => stack.close());

  it('opens no more than the hour allows from one address, logs it once, and costs the refused ones nothing', async () => {
    const walker = '127.0.0.3';
    const ids = Array.from({ length: 100 }, (_, n) => String(5001 + n));
    const answers: Answer[] = [];
    for (const ticketId of ids) answers.push(await launchFrom(stack, walker, { ticketId }));
    const firstRefused = answers.findIndex((answer) => answer.status !== 200);
    console.info(`100 different ticket ids from one address with the right secret: cut off after ${firstRefused} (LAUNCH_TICKETS_PER_HOUR=${perHour}); ${answers.filter((a) => a.status === 429).length}×429`);
    expect(firstRefused).toBe(perHour);
    expect(answers.slice(perHour).every((answer) => answer.status === 429 && !hasSession(answer))).toBe(true);
    const retryAfter = Number(answers.at(-1)!.retryAfter);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(answers.at(-1)!.text).toContain('Too many tickets');

    const warned = warnings(stack, 'launches refused: unusual number of tickets from one address');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ address: walker, tickets: perHour, perHour });

    // A ticket this address already opened still opens; another address opens new ones.
    expect((await launchFrom(stack, walker, { ticketId: ids[0]! })).status).toBe(200);
    expect((await launchFrom(stack, '127.0.0.4', { ticketId: ids.at(-1)! })).status).toBe(200);
    // The refused ids never reached Trengo (accepted launches start the ticket's lookup; refused ones do not).
    await sleep(200);
    const looked = new Set(stack.trengo.calls.map((call) => call.path.split('/').at(-1)));
    expect(ids.slice(perHour, -1).filter((id) => looked.has(id))).toEqual([]);

    const entries = (await launchEntries(stack)).filter((entry) => entry.address === walker);
    expect(entries.filter((entry) => entry.detail === 'too many tickets from this address')).toHaveLength(100 - perHour);
  });

  it('limits launches of one ticket per minute and launches from one address per minute, with Retry-After', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 31; n++) statuses.push((await launchFrom(stack, '127.0.0.5', { ticketId: demoTickets.notFound })).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(30);
    const sameTicket = await launchFrom(stack, '127.0.0.6', { ticketId: demoTickets.notFound });
    expect(sameTicket.status).toBe(429);
    expect(Number(sameTicket.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(sameTicket.retryAfter)).toBeLessThanOrEqual(60);

    // 120 launches a minute from one address, spread over tickets so no ticket reaches its own limit.
    const spread = ['1005', '1006', '1007', '1008', '1009'];
    const fromOne: number[] = [];
    for (let n = 0; n < 121; n++) fromOne.push((await launchFrom(stack, '127.0.0.7', { ticketId: spread[n % spread.length]! })).status);
    console.info(`121 launches in a row from one address: ${fromOne.filter((s) => s === 200).length}×200, then ${fromOne.filter((s) => s === 429).length}×429`);
    expect(fromOne.slice(0, 120).every((status) => status === 200)).toBe(true);
    expect(fromOne[120]).toBe(429);
    expect(warnings(stack, 'launches refused: too many from one address')).toMatchObject([{ address: '127.0.0.7', perMinute: 120 }]);
    expect(warnings(stack, 'launches refused: too many of one ticket')).toMatchObject([{ ticketId: demoTickets.notFound, perMinute: 30 }]);
  });
});

describe('launches a browser says are not in an iframe, with LAUNCH_REQUIRE_IFRAME=1 and TRUST_PROXY=1', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ LAUNCH_REQUIRE_IFRAME: '1', TRUST_PROXY: '1' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('refuses Sec-Fetch-Dest: document with a 403 and no session; iframe and no header open', async () => {
    const asPage = await launchFrom(stack, '127.0.0.1', { ticketId: demoTickets.matched, headers: { 'Sec-Fetch-Dest': 'document' } });
    expect(asPage.status).toBe(403);
    expect(hasSession(asPage)).toBe(false);
    expect((await launchFrom(stack, '127.0.0.1', { ticketId: demoTickets.matched, headers: { 'Sec-Fetch-Dest': 'iframe' } })).status).toBe(200);
    expect((await launchFrom(stack, '127.0.0.1', { ticketId: demoTickets.matched })).status).toBe(200);
  });

  it('in Chromium: the ticket page that frames the app opens it; the same URL in a tab of its own is refused', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/demo/tickets/${demoTickets.matched}`);
    await expect.poll(() => page.frameLocator('iframe[title="HighLevel contact"]').getByRole('heading', { name: 'Maria Jansen' }).count(), { timeout: 10_000 }).toBe(1);
    const tab = await page.goto(stack.launchUrl(demoTickets.matched));
    expect(tab?.status()).toBe(403);
    expect(await page.getByRole('heading', { name: 'Open it from Trengo' }).count()).toBe(1);
    await page.close();
  });

  it('records each launch with its result and reason', async () => {
    const before = (await launchEntries(stack)).length;
    await launchFrom(stack, '127.0.0.8', { ticketId: demoTickets.phoneMatch });
    await launchFrom(stack, '127.0.0.8', { ticketId: demoTickets.phoneMatch, secret: 'not-the-app-secret' });
    await launchFrom(stack, '127.0.0.8', { ticketId: '../1001' });
    await launchFrom(stack, '127.0.0.8', { ticketId: demoTickets.phoneMatch, headers: { 'Sec-Fetch-Dest': 'document' } });
    const added = (await launchEntries(stack)).slice(before);
    expect(added.map(({ result, detail, ticketId, address }) => ({ result, detail, ticketId, address }))).toEqual([
      { result: 'ok', detail: 'opened', ticketId: demoTickets.phoneMatch, address: '127.0.0.8' },
      { result: 'refused', detail: 'wrong app secret', ticketId: demoTickets.phoneMatch, address: '127.0.0.8' },
      { result: 'refused', detail: 'no valid ticket id', ticketId: null, address: '127.0.0.8' },
      { result: 'refused', detail: 'not opened in an iframe', ticketId: demoTickets.phoneMatch, address: '127.0.0.8' },
    ]);
    expect(JSON.parse(added[3]!.fields!)).toMatchObject({ fetchDest: 'document' });
  });

  it('counts behind a proxy by the address the proxy saw, not one the client made up', async () => {
    const viaProxy = (forwardedFor: string, secret?: string) =>
      launchFrom(stack, '127.0.0.9', { ticketId: demoTickets.multiple, headers: { 'X-Forwarded-For': forwardedFor }, ...(secret !== undefined && { secret }) });
    for (let n = 0; n < 10; n++) await viaProxy('203.0.113.7', `wrong-guess-${n}`);
    // The client writes its own entry first; the proxy appends the address it saw.
    expect((await viaProxy('198.51.100.1, 203.0.113.7')).status).toBe(429);
    expect((await viaProxy('203.0.113.8')).status).toBe(200);
    expect(warnings(stack, 'launches locked out: wrong app secrets from one address')).toMatchObject([{ address: '203.0.113.7' }]);
  });
});

describe('short lockouts and a rotated app secret', () => {
  let stack: Stack;
  let folder: string;
  let secretsFile: string;
  const graceSeconds = 2;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'launch-abuse-'));
    secretsFile = join(folder, 'secrets.json');
    writeFileSync(secretsFile, '{}');
    stack = await startStack({
      SECRETS_FILE: secretsFile,
      TRENGO_APP_SECRET_GRACE_SECONDS: String(graceSeconds),
      LAUNCH_LOCKOUT_SECONDS: '1',
      LAUNCH_FAILURES_BEFORE_LOCKOUT: '3',
    });
  });
  afterAll(async () => {
    await stack.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('locks a repeat offender out twice as long each time', async () => {
    const lockouts: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 3; n++) await launchFrom(stack, '127.0.0.10', { ticketId: '4242', secret: `wrong-${round}-${n}` });
      const locked = await launchFrom(stack, '127.0.0.10', { ticketId: demoTickets.matched });
      expect(locked.status).toBe(429);
      lockouts.push(Number(locked.retryAfter));
      await sleep(Number(locked.retryAfter) * 1000 + 100);
    }
    console.info(`lockouts of one address in a row (LAUNCH_LOCKOUT_SECONDS=1): ${lockouts.join(' s, ')} s`);
    expect(lockouts).toEqual([1, 2, 4]);
    expect((await launchFrom(stack, '127.0.0.10', { ticketId: demoTickets.matched })).status).toBe(200);
  });

  it('opens the widget with the previous app secret within the grace period after rotation, and not after it', async () => {
    const previous = stack.config.trengo.appSecret;
    const next = 'a-rotated-app-secret-0001';
    stack.startRotation({ pollMs: 100 });
    // Rotation first reads the file as it stands; a change written before that read would pass as already seen.
    await sleep(200);
    writeFileSync(secretsFile, JSON.stringify({ TRENGO_APP_SECRET: next }));
    await expect.poll(() => stack.secrets.get('TRENGO_APP_SECRET'), { timeout: 5000 }).toBe(next);
    const rotatedAt = stack.secrets.replaced('TRENGO_APP_SECRET')!.at;

    const withPrevious = await launchFrom(stack, '127.0.0.11', { ticketId: demoTickets.matched, secret: previous });
    expect(Date.now() - rotatedAt).toBeLessThan(graceSeconds * 1000);
    expect(withPrevious.status).toBe(200);
    expect(hasSession(withPrevious)).toBe(true);
    expect((await launchFrom(stack, '127.0.0.11', { ticketId: demoTickets.matched, secret: next })).status).toBe(200);
    expect(stack.logs.some((line) => line.includes('launch with the previous app secret'))).toBe(true);

    await sleep(rotatedAt + graceSeconds * 1000 + 100 - Date.now());
    const afterGrace = await launchFrom(stack, '127.0.0.11', { ticketId: demoTickets.matched, secret: previous });
    expect(afterGrace.status).toBe(401);
    expect(hasSession(afterGrace)).toBe(false);
    expect((await launchFrom(stack, '127.0.0.11', { ticketId: demoTickets.matched, secret: next })).status).toBe(200);

    const details = (await launchEntries(stack)).filter((entry) => entry.address === '127.0.0.11').map((entry) => entry.detail);
    expect(details).toEqual(['opened with the previous app secret', 'opened', 'wrong app secret', 'opened']);
    console.info(`previous app secret after rotation (TRENGO_APP_SECRET_GRACE_SECONDS=${graceSeconds}): 200 within the grace period, 401 after it`);
  });
});
