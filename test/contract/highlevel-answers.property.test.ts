/**
 * Every answer HighLevel's contract allows, the sidebar can live with. For each HighLevel
 * operation the server uses, answers generated from the official response schema (with each
 * optional field sometimes absent, and some built from the contract's own examples) go
 * (a) to the client directly, through an injected fetch, and (b) to the whole server, whose
 * HighLevel is a small local server answering each call of the operation under test with the
 * next generated body (every other call gets a plain, readable answer; Trengo is the sandbox).
 *
 * What must hold, and is printed per operation:
 * - no answer fails a call or a route, unless the sidebar needs something the answer lacks
 *   (a contact read without its contact) or HighLevel said it did not do it (`succeded: false`);
 * - every item of a list is either returned or reported as left out, none silently lost;
 * - every write HighLevel answered with a 2xx reached it exactly once, and is done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DroppedItem, GhlClient } from '../../server/crm/highlevel/index';
import { createApp } from '../../server/http/app';
import { loadConfig } from '../../server/platform/config';
import { startHttpServer } from '../../server/platform/http-server';
import { createLogger } from '../../server/platform/log';
import { OutsideError } from '../../server/platform/outside-http';
import { startTrengoSandbox, type TrengoSandbox } from '../../sandbox/index';
import { writeResultSchema } from '../../shared/actions';
import { contactViewSchema } from '../../shared/api';
import { clientFor, json } from '../support/fake-fetch';
import { generateAnswers, highLevelOperations, type GeneratedAnswer, type OperationKey } from './highlevel-answers';
import { validateResponse } from './openapi';

/** Answers per operation valid against the contract, given to the client directly. */
const clientAnswers = 1000;
/** Answers per operation built from the contract's own example values, given beside them. */
const exampleAnswers = 100;
/** Answers per operation given to the whole server through its routes. */
const routeAnswers = 100;

const operationKeys = Object.keys(highLevelOperations) as OperationKey[];

type Json = { [key: string]: unknown };
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why the sidebar may refuse an answer, or null when it must not. A contact read without its
 * contact lacks the very record the sidebar shows; a delete answered `succeded: false` was
 * not done, HighLevel says.
 */
function refusalReason(key: OperationKey, body: unknown): string | null {
  if (key === 'getContact' && !(isObject(body) && isObject(body.contact))) return 'no contact in the answer';
  if (key === 'deleteTask' && isObject(body) && body.succeded === false) return 'HighLevel answered succeded: false';
  return null;
}

/** The key of each list answer the client reads item by item. */
const listKeys: Partial<Record<OperationKey, string>> = {
  search: 'contacts',
  business: 'contacts',
  tasks: 'tasks',
  notes: 'notes',
  appointments: 'events',
};

/** The items a list answer holds; null for an answer that is no list. */
function listedItems(key: OperationKey, body: unknown): number | null {
  const wrapper = listKeys[key];
  if (wrapper === undefined) return null;
  const list = isObject(body) ? body[wrapper] : undefined;
  return Array.isArray(list) ? list.length : 0;
}

/** How many items a read returned. */
function returnedItems(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  if (isObject(result) && Array.isArray(result.contacts)) return result.contacts.length;
  return 0;
}

const dueDate = '2031-05-01T10:00:00.000Z';

/** Each operation as the client is asked for it. */
const clientCalls: Record<OperationKey, (client: GhlClient) => Promise<unknown>> = {
  search: (client) => client.searchContacts({ email: 'maria@example.com' }),
  duplicate: (client) => client.findDuplicate({ email: 'maria@example.com' }),
  getContact: (client) => client.getContact('contact1'),
  business: (client) => client.getContactsByBusiness('business1'),
  tasks: (client) => client.getTasks('contact1'),
  notes: (client) => client.getNotes('contact1'),
  appointments: (client) => client.getAppointments('contact1'),
  createContact: (client) => client.createContact({ firstName: 'Ann', email: 'ann@example.com' }),
  updateContact: (client) => client.updateContact('contact1', { firstName: 'Ann' }),
  createTask: (client) => client.createTask('contact1', { title: 'Call back', dueDate, completed: false }),
  updateTask: (client) => client.updateTask('contact1', 'task1', { title: 'Call back today' }),
  completeTask: (client) => client.setTaskCompleted('contact1', 'task1', true),
  deleteTask: (client) => client.deleteTask('contact1', 'task1'),
  addTags: (client) => client.addTags('contact1', ['vip']),
  removeTags: (client) => client.removeTags('contact1', ['vip']),
  createNote: (client) => client.createNote('contact1', { body: 'Called back' }),
};

/** What one operation came to, for its summary line. */
interface Tally {
  clientTried: number;
  fromExamples: number;
  clientRefused: Map<string, number>;
  clientDropped: number;
  createsReadBack: number;
  routeTried: number;
  routeRefused: Map<string, number>;
  route5xx: number;
  writesSent: number;
  writesSentTwice: number;
  unexplained: string[];
}

const tallies = new Map<OperationKey, Tally>();
function tallyOf(key: OperationKey): Tally {
  let tally = tallies.get(key);
  if (!tally) {
    tally = {
      clientTried: 0,
      fromExamples: 0,
      clientRefused: new Map(),
      clientDropped: 0,
      createsReadBack: 0,
      routeTried: 0,
      routeRefused: new Map(),
      route5xx: 0,
      writesSent: 0,
      writesSentTwice: 0,
      unexplained: [],
    };
    tallies.set(key, tally);
  }
  return tally;
}

const count = (map: Map<string, number>, reason: string) => map.set(reason, (map.get(reason) ?? 0) + 1);
const describeCounts = (map: Map<string, number>) =>
  map.size === 0 ? 'none' : [...map].map(([reason, times]) => `${times} (${reason})`).join(', ');

/** Each operation's answers, generated once and shared by both halves. */
const answersOf = new Map<OperationKey, GeneratedAnswer[]>();
function answers(key: OperationKey): GeneratedAnswer[] {
  let generated = answersOf.get(key);
  if (!generated) {
    const seed = 1000 + operationKeys.indexOf(key) * 7919;
    const total = clientAnswers + exampleAnswers;
    generated = generateAnswers(key, total, { seed, examplesEvery: total / exampleAnswers });
    answersOf.set(key, generated);
  }
  return generated;
}

const startedAt = performance.now();

afterAll(() => {
  for (const key of operationKeys) {
    const tally = tallies.get(key);
    if (!tally) continue;
    const { method, path } = highLevelOperations[key];
    console.log(
      `${method} ${path} (${highLevelOperations[key].name}): ` +
        `client ${tally.clientTried} answers (${tally.fromExamples} from the contract's examples), refused ${describeCounts(tally.clientRefused)}, ` +
        `${tally.clientDropped} items left out and reported` +
        (highLevelOperations[key].write ? `, ${tally.createsReadBack} accepted without a readable record` : '') +
        `; routes ${tally.routeTried} answers, ${tally.route5xx} 5xx, refused ${describeCounts(tally.routeRefused)}` +
        `, ${tally.writesSent} writes sent, ${tally.writesSentTwice} sent twice` +
        `; ${tally.unexplained.length} unexplained`,
    );
  }
  console.log(`highlevel-answers: ${Math.round(performance.now() - startedAt)} ms`);
});

describe('the client reads every answer the contract allows', () => {
  it.each(operationKeys)('%s', async (key) => {
    const operation = highLevelOperations[key];
    const tally = tallyOf(key);
    let answer: GeneratedAnswer = { body: {}, fromExamples: false };
    const dropped: DroppedItem[] = [];
    const { client, requests } = clientFor(() => json(operation.status, answer.body), {
      cacheTtlMs: 0,
      maxRetries: 0,
      rateLimit: { max: 1_000_000, intervalMs: 1000 },
      onDropped: (item) => dropped.push(item),
    });

    for (const generated of answers(key)) {
      answer = generated;
      tally.clientTried += 1;
      if (generated.fromExamples) tally.fromExamples += 1;
      else if (operation.documented) {
        // The generator's answer really is one the official contract allows.
        expect(validateResponse(operation.method, operation.path, operation.status, generated.body)).toEqual([]);
      }
      const droppedBefore = dropped.length;
      const sentBefore = requests.length;
      const outcome = await clientCalls[key](client).then(
        (result) => ({ result, error: null }),
        (error: unknown) => ({ result: undefined, error }),
      );
      const droppedNow = dropped.length - droppedBefore;
      tally.clientDropped += droppedNow;
      const shown = JSON.stringify(generated.body).slice(0, 300);

      if (requests.length - sentBefore !== 1) tally.unexplained.push(`sent ${requests.length - sentBefore} times: ${shown}`);
      if (outcome.error !== null) {
        const reason = refusalReason(key, generated.body);
        const expectedKind = key === 'deleteTask' ? 'rejected' : 'invalid_response';
        if (reason !== null && outcome.error instanceof OutsideError && outcome.error.kind === expectedKind) count(tally.clientRefused, reason);
        else tally.unexplained.push(`${String(outcome.error)} for ${shown}`);
        continue;
      }
      const listed = listedItems(key, generated.body);
      if (listed !== null && returnedItems(outcome.result) + droppedNow !== listed) {
        tally.unexplained.push(`${listed} items listed, ${returnedItems(outcome.result)} returned, ${droppedNow} reported: ${shown}`);
      }
      if (operation.write && outcome.result === null) tally.createsReadBack += 1;
    }

    expect(tally.clientTried).toBeGreaterThanOrEqual(clientAnswers);
    expect(tally.unexplained.slice(0, 5)).toEqual([]);
  });
});

/**
 * HighLevel for the server: answers the operation under test with the next generated body and
 * every other call with a plain readable one, and counts the writes it receives.
 */
function startFakeHighLevel() {
  /** The operation under test and its answers still to give. */
  let testing: OperationKey | null = null;
  let queue: GeneratedAnswer[] = [];
  /** A number per route call, so each call's records have ids of their own. */
  let round = 0;
  /** The generated bodies served in the current round. */
  let served: unknown[] = [];
  /** Each write received while this operation is under test, by method, path and body. */
  const writes = new Map<string, number>();

  const routes = operationKeys.map((key) => {
    const { method, path } = highLevelOperations[key];
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return { key, method, pattern };
  });

  /** A plain answer: one contact found, one task, nothing else; a created contact without its record. */
  function plainAnswer(key: OperationKey, path: string): unknown {
    const contactId = path.split('/')[2] ?? 'contact0';
    switch (key) {
      case 'search':
        return { contacts: [{ id: `contact${round}`, firstName: 'Maria', email: 'maria@example.com' }], total: 1 };
      case 'duplicate':
        return { contact: null };
      case 'getContact':
        return { contact: { id: contactId, firstName: 'Maria', businessId: 'business1' } };
      case 'business':
        return { contacts: [{ id: 'colleague1', firstName: 'Pieter' }], count: 1 };
      case 'tasks':
        return { tasks: [{ id: `task${round}`, title: 'Call back', dueDate, completed: false }] };
      case 'notes':
        return { notes: [] };
      case 'appointments':
        return { events: [] };
      // Without its record, so that a duplicate search follows (how `duplicate` is reached).
      case 'createContact':
        return {};
      case 'updateContact':
        return { succeded: true };
      case 'createTask':
      case 'updateTask':
      case 'completeTask':
        return { task: { id: `task${round}` } };
      case 'deleteTask':
        return { succeded: true };
      case 'addTags':
      case 'removeTags':
        return { tags: [] };
      case 'createNote':
        return { note: { id: `note${round}` } };
    }
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://highlevel.test');
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const route = routes.find((candidate) => candidate.method === request.method && candidate.pattern.test(url.pathname));
    if (!route) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ statusCode: 404, message: 'Not found' }));
      return;
    }
    if (highLevelOperations[route.key].write) {
      const id = `${request.method} ${url.pathname} ${text}`;
      writes.set(id, (writes.get(id) ?? 0) + 1);
    }
    let body: unknown;
    if (route.key === testing && queue.length > 0) {
      body = queue.shift()?.body;
      served.push(body);
    } else {
      body = plainAnswer(route.key, url.pathname);
    }
    response.writeHead(highLevelOperations[route.key].status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  const server: Server = createServer((request, response) => {
    answer(request, response).catch(() => response.writeHead(500).end());
  });

  return {
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** Answers `key` with these bodies from now on, and counts writes afresh. */
    test(key: OperationKey | null, bodies: GeneratedAnswer[] = []): void {
      testing = key;
      queue = [...bodies];
      writes.clear();
    },
    /** Starts a route call: a new round of ids, and no bodies served yet. */
    nextRound(): number {
      round += 1;
      served = [];
      return round;
    },
    served: () => served,
    /** The writes received since `test`: all of them, and how many arrived more than once. */
    writes: () => ({
      sent: [...writes.values()].reduce((sum, times) => sum + times, 0),
      sentTwice: [...writes.values()].filter((times) => times > 1).length,
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Trengo tickets of the seed, one per use so that no operation's calls change another's: a
 * customer with an email (matched through the search), another one (whose colleagues are
 * listed), and one with neither (for whom contacts are created).
 */
type TicketUse = 'matched' | 'colleagues' | 'newCustomer';
const tickets: Record<TicketUse, string> = { matched: '1001', colleagues: '1005', newCustomer: '1009' };
const ticketUses: TicketUse[] = ['matched', 'colleagues', 'newCustomer'];

interface RouteCall {
  ticket: TicketUse;
  method: string;
  path: string;
  body?: unknown;
}

/** Each operation as the widget reaches it through the server's routes. */
const routeCalls: Record<OperationKey, (round: number) => RouteCall> = {
  search: (round) =>
    round % 2 === 0
      ? { ticket: 'matched', method: 'GET', path: '/contact' }
      : { ticket: 'matched', method: 'GET', path: '/contacts/search?q=maria' },
  duplicate: (round) => ({
    ticket: 'newCustomer',
    method: 'POST',
    path: '/contact',
    body: { firstName: 'Ann', email: `ann${round}@example.com`, phone: '+14155550100' },
  }),
  getContact: () => ({ ticket: 'colleagues', method: 'GET', path: '/business' }),
  business: () => ({ ticket: 'colleagues', method: 'GET', path: '/business' }),
  tasks: () => ({ ticket: 'matched', method: 'GET', path: '/contact' }),
  notes: () => ({ ticket: 'matched', method: 'GET', path: '/contact' }),
  appointments: () => ({ ticket: 'matched', method: 'GET', path: '/contact' }),
  createContact: (round) => ({ ticket: 'newCustomer', method: 'POST', path: '/contact', body: { firstName: `Ann${round}` } }),
  updateContact: (round) => ({ ticket: 'matched', method: 'PATCH', path: '/contact', body: { firstName: `Maria${round}` } }),
  createTask: (round) => ({ ticket: 'matched', method: 'POST', path: '/tasks', body: { title: `Call back ${round}`, dueDate } }),
  updateTask: (round) => ({ ticket: 'matched', method: 'PATCH', path: `/tasks/task${round}`, body: { title: `Call back ${round}` } }),
  completeTask: (round) => ({ ticket: 'matched', method: 'PUT', path: `/tasks/task${round}/completed`, body: { completed: round % 2 === 0 } }),
  deleteTask: (round) => ({ ticket: 'matched', method: 'DELETE', path: `/tasks/task${round}` }),
  addTags: (round) => ({ ticket: 'matched', method: 'POST', path: '/tags', body: { tags: [`tag${round}`] } }),
  removeTags: (round) => ({ ticket: 'matched', method: 'DELETE', path: '/tags', body: { tags: [`tag${round}`] } }),
  createNote: (round) => ({ ticket: 'matched', method: 'POST', path: '/notes', body: { body: `Called back ${round}` } }),
};

describe('the server answers every route whatever HighLevel answers within its contract', () => {
  const highlevel = startFakeHighLevel();
  let trengo: TrengoSandbox;
  let folder: string;
  let app: ReturnType<typeof createApp>;
  let server: Server;
  let url: string;
  const sessions = new Map<TicketUse, string>();
  const warnings: string[] = [];

  beforeAll(async () => {
    const ghlUrl = await highlevel.listen();
    trengo = await startTrengoSandbox({ rateLimit: { max: 1_000_000, intervalMs: 60_000 } });
    folder = mkdtempSync(join(tmpdir(), 'highlevel-answers-'));
    const appSecret = 'app-secret-of-this-test-0123456789';
    const config = loadConfig({
      GHL_TOKEN: 'highlevel-token-of-this-test',
      GHL_LOCATION_ID: 'location0000000001',
      GHL_API_BASE: ghlUrl,
      GHL_RATE_LIMIT_MAX: '10000',
      GHL_RATE_LIMIT_INTERVAL_MS: '1000',
      TRENGO_TOKEN: trengo.token,
      TRENGO_API_BASE: trengo.url,
      TRENGO_RATE_LIMIT_MAX: '100000',
      TRENGO_APP_SECRET: appSecret,
      SESSION_SECRET: 'session-secret-of-this-test-0123456789',
      SESSION_RATE_LIMIT: '100000',
      CACHE_TTL_SECONDS: '0',
      DATABASE_PATH: join(folder, 'sidebar.db'),
    });
    const log = createLogger({ level: 'warn', redact: (text) => text, sink: (line) => warnings.push(line) });
    app = createApp(config, { log, outboxRetry: { baseMs: 20, maxMs: 100 } });
    server = startHttpServer(app.fetch, { port: 0, hostname: '127.0.0.1', requestTimeoutMs: config.requestTimeoutMs });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const use of ticketUses) {
      const ticketId = tickets[use];
      const page = await fetch(`${url}/?ticket_id=${ticketId}&auth_token=${encodeURIComponent(appSecret)}`);
      const session = /<meta name="widget-session" content="([^"]+)">/.exec(await page.text())?.[1];
      if (!session) throw new Error(`No session in the launch page of ticket ${ticketId} (HTTP ${page.status})`);
      sessions.set(use, session);
    }
  });

  afterAll(async () => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    await Promise.all([highlevel.close(), trengo.close()]);
    rmSync(folder, { recursive: true, force: true });
    const leftOut = warnings.filter((line) => line.includes('unusable item left out')).length;
    console.log(`routes: ${leftOut} unusable HighLevel items left out and logged as warnings`);
  });

  async function callRoute(call: RouteCall): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${url}/api${call.path}`, {
      method: call.method,
      headers: { Authorization: `Bearer ${sessions.get(call.ticket) ?? ''}`, 'Content-Type': 'application/json' },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  it.each(operationKeys)('%s', async (key) => {
    const operation = highLevelOperations[key];
    const tally = tallyOf(key);
    highlevel.test(key, answers(key));

    for (let call = 0; call < routeAnswers; call += 1) {
      const round = highlevel.nextRound();
      const route = routeCalls[key](round);
      const answer = await callRoute(route);
      const served = highlevel.served();
      tally.routeTried += served.length;
      if (answer.status >= 500) tally.route5xx += 1;
      const what = `${route.method} /api${route.path} answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)} to ${JSON.stringify(served).slice(0, 300)}`;

      if (answer.status >= 300) {
        const reason = served.map((body) => refusalReason(key, body)).find((found) => found !== null);
        const expected = key === 'deleteTask' ? 422 : 502;
        if (reason && answer.status === expected) count(tally.routeRefused, reason);
        else tally.unexplained.push(what);
        continue;
      }
      if (route.method === 'GET' && route.path === '/contact' && !contactViewSchema.safeParse(answer.body).success) {
        tally.unexplained.push(`a view the widget cannot read: ${what}`);
      }
      if (route.method !== 'GET') {
        const result = writeResultSchema.safeParse(answer.body);
        // A write not done would be sent again later: HighLevel answered it with a 2xx.
        if (answer.status !== 200 || !result.success || result.data.write.state !== 'done') tally.unexplained.push(`a write not done: ${what}`);
      }
    }

    // Anything the outbox would send again is sent within its shortened retry wait.
    const writesExpected = operation.write || key === 'duplicate';
    if (writesExpected) await new Promise((resolve) => setTimeout(resolve, 150));
    const writes = highlevel.writes();
    tally.writesSent = writes.sent;
    tally.writesSentTwice = writes.sentTwice;
    highlevel.test(null);

    expect(tally.routeTried).toBeGreaterThanOrEqual(routeAnswers / 2);
    expect(tally.unexplained.slice(0, 5)).toEqual([]);
    expect(tally.writesSentTwice).toBe(0);
    expect(tally.writesSent).toBe(writesExpected ? routeAnswers : 0);
  });
});
