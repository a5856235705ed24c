/**
 * Welcome tickets exactly once, whatever the faults: 200 signed ContactCreate events for 180
 * distinct HighLevel contacts (20 contacts announced twice, under new webhook ids), every delivery
 * shuffled and 20% of them delivered twice, the server (its own process, production settings)
 * killed with SIGKILL in the middle and started again on the same database, and Trengo behind a
 * fault proxy that loses answers, stores late and resets connections. Trengo's limit is scaled
 * (120 calls per 6 s, on the sandbox and the server alike) so the run takes seconds, not minutes.
 * Prints the counts: welcome tickets, messages to customers, contacts with more than one of each,
 * 429s from Trengo, faults injected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxes, type Sandboxes } from '../../sandbox/index';
import { highLevelSignature, highLevelSigningKey } from '../support/webhooks';
import { startFaultProxy, noFaults, type FaultProxy } from './proxy';
import { seededRandom } from './random';
import { freePort, startServerProcess, type ServerProcess } from './server-process';

const contacts = 180;
const events = 200;
const duplicateShare = 0.2;
const operatorSecret = 'welcome-fault-run-operator-secret-0123456789';
const trengoLimit = { max: 120, intervalMs: 6_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sandboxes: Sandboxes;
let proxy: FaultProxy;
let server: ServerProcess;
let folder: string;
const key = highLevelSigningKey();

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'welcome-faults-'));
  sandboxes = await startSandboxes({ ghl: { rateLimit: { max: 10_000, intervalMs: 10_000 } }, trengo: { rateLimit: trengoLimit } });
  proxy = await startFaultProxy({ target: sandboxes.trengo.origin, seed: 9, shares: { dropAnswer: 0.08, lateStore: 0.05, reset: 0.05 }, serverTimeoutMs: 1000 });
  server = await startServerProcess({
    GHL_API_BASE: sandboxes.ghl.url,
    GHL_TOKEN: sandboxes.ghlToken,
    GHL_LOCATION_ID: sandboxes.seed.location.id,
    GHL_WEBHOOK_PUBLIC_KEY: key.publicKey,
    TRENGO_API_BASE: `${proxy.url}/api/v2`,
    TRENGO_TOKEN: sandboxes.trengoToken,
    TRENGO_APP_SECRET: 'welcome-fault-run-app-secret',
    TRENGO_TIMEOUT_MS: '1000',
    TRENGO_RATE_LIMIT_MAX: String(trengoLimit.max),
    TRENGO_RATE_LIMIT_INTERVAL_MS: String(trengoLimit.intervalMs),
    SESSION_SECRET: 'welcome-fault-run-session-secret-of-32-chars',
    OPERATOR_SECRET: operatorSecret,
    DATABASE_PATH: join(folder, 'sidebar.db'),
    PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  });
}, 60_000);

afterAll(async () => {
  await server?.kill();
  await proxy?.close();
  await sandboxes?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function operator(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/operator/automations${path}`, {
    method,
    headers: { Authorization: `Bearer ${operatorSecret}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** Posts one signed delivery until the server answers 200 (it is down while it restarts), as HighLevel retries. */
async function deliver(body: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    await server.ready();
    try {
      const response = await fetch(`${server.url}/webhooks/highlevel`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-GHL-Signature': highLevelSignature(body, key.privateKey) },
        body,
      });
      const answer = (await response.json()) as { received?: string };
      if (response.status === 200) return answer.received ?? 'unknown';
      throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      if (attempt > 40) throw error;
      await sleep(250);
    }
  }
}

describe('welcome tickets under duplicates, reordering, lost answers and kill -9', () => {
  it(`${events} ContactCreate events for ${contacts} contacts make ${contacts} tickets and ${contacts} customer messages, each once`, async () => {
    const rule = await operator('PUT', '/rules/welcomeTicket', {
      enabled: true,
      channelId: 301,
      subject: 'Welcome, {{firstName}}',
      message: 'Hi {{firstName}}, welcome to {{companyName}}.',
      delivery: 'customer',
    });
    expect(rule.status).toBe(200);

    const random = seededRandom(2026);
    const people = Array.from({ length: contacts }, (_, n) => ({ id: `welcomeFault${n}`, firstName: `Customer${n}`, email: `customer${n}@welcome.example` }));
    // 200 events: each contact once, 20 of them announced a second time under a new webhook id.
    const eventBodies = [...people, ...people.slice(0, events - contacts)].map((person, n) =>
      JSON.stringify({
        type: 'ContactCreate',
        locationId: sandboxes.seed.location.id,
        webhookId: `welcome-event-${n}`,
        timestamp: new Date().toISOString(),
        ...person,
        companyName: 'Bayside',
        tags: [],
      }),
    );
    const deliveries = [...eventBodies, ...eventBodies.filter(() => random() < duplicateShare)];
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j] ?? '', deliveries[i] ?? ''];
    }

    const receipts: string[] = [];
    let next = 0;
    let killed: Promise<void> | null = null;
    const half = Math.floor(deliveries.length / 2);
    const sender = async () => {
      while (next < deliveries.length) {
        const index = next++;
        if (index === half) killed = server.killAndRestart();
        receipts.push(await deliver(deliveries[index] ?? ''));
      }
    };
    await Promise.all(Array.from({ length: 6 }, sender));
    await killed;

    // Faults go on while most runs are worked; then Trengo recovers: every held request lands, the runs finish.
    const doneCount = async () => ((await operator('GET', '/runs?rule=welcomeTicket&state=done&limit=5000')).body.runs as unknown[]).length;
    const faultyUntil = Date.now() + 90_000;
    while (Date.now() < faultyUntil && (await doneCount()) < contacts * 0.8) await sleep(500);
    proxy.setShares(noFaults);
    await proxy.idle();
    const deadline = Date.now() + 60_000;
    let done = 0;
    let open = 0;
    while (Date.now() < deadline) {
      const runs: Array<{ state: string }> = (await operator('GET', '/runs?rule=welcomeTicket&limit=5000')).body.runs;
      done = runs.filter((run) => run.state === 'done').length;
      open = runs.filter((run) => run.state === 'pending' || run.state === 'running').length;
      if (open === 0 && done >= contacts) break;
      await sleep(500);
    }
    const failed: Array<{ id: string; reason: string }> = (await operator('GET', '/runs?state=failed')).body.runs;

    const store = sandboxes.trengo.store;
    const ours = (email: string | null) => email?.endsWith('@welcome.example') ?? false;
    const tickets = store.listTickets().filter((ticket) => ours(ticket.contact.email));
    const messages = store.delivered.filter((message) => ours(store.contacts.get(message.contactId)?.email ?? null));
    const trengoContacts = store.listContacts().filter((contact) => ours(contact.email));
    const ticketsPer = new Map<string, number>();
    for (const ticket of tickets) ticketsPer.set(ticket.contact.email ?? '', (ticketsPer.get(ticket.contact.email ?? '') ?? 0) + 1);
    const messagesPer = new Map<number, number>();
    for (const message of messages) messagesPer.set(message.contactId, (messagesPer.get(message.contactId) ?? 0) + 1);
    const twiceTickets = [...ticketsPer.values()].filter((count) => count > 1).length;
    const twiceMessages = [...messagesPer.values()].filter((count) => count > 1).length;
    const rateLimited = sandboxes.trengo.calls.filter((call) => call.status === 429).length;
    const faults = Object.entries(proxy.injected()).map(([kind, count]) => `${kind} ${count}`).join(', ');
    console.log(
      `welcome tickets: deliveries ${deliveries.length} (events ${events}, contacts ${contacts}; answered stored ${receipts.filter((r) => r === 'stored').length}, duplicate ${receipts.filter((r) => r === 'duplicate').length}), kill -9 ${server.kills()}` +
        ` | runs done ${done}, open ${open}, failed ${failed.length}` +
        ` | Trengo contacts ${trengoContacts.length}, welcome tickets ${tickets.length}, customer messages ${messages.length}, contacts with two tickets ${twiceTickets}, with two messages ${twiceMessages}` +
        ` | Trengo calls ${sandboxes.trengo.calls.length}, 429s ${rateLimited} | faults on Trengo writes: ${faults}`,
    );
    if (failed.length > 0) console.log(failed.slice(0, 5).map((run) => `${run.id}: ${run.reason}`).join('\n'));

    expect(failed).toEqual([]);
    expect(done).toBe(contacts);
    expect(trengoContacts).toHaveLength(contacts);
    expect(tickets).toHaveLength(contacts);
    expect(messages).toHaveLength(contacts);
    expect(twiceTickets).toBe(0);
    expect(twiceMessages).toBe(0);
  }, 300_000);
});
