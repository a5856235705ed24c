/**
 * A whole support team at once. The server runs as its own process, as production runs it (its
 * log lines going to a file), against the HighLevel and Trengo sandboxes in this process:
 * - cached opens under 50 concurrent sessions, against a minimal Hono server in the same run;
 * - 200 agents opening, switching and changing tickets for 60 s at HighLevel's real limit;
 * - the server's memory over 20,000 distinct launches and after its retention time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startSandboxes, type Sandboxes } from '../../sandbox/index';
import { createReadModel } from '../../server/domain/read-model';
import { createSessions } from '../../server/platform/session';
import type { CopiedParts, ReadCopy } from '../../server/store/port';
import { addCustomers } from '../faults/customers';
import { createFakeCrm } from '../unit/domain/fakes';
import { freePort } from '../faults/server-process';

const root = fileURLToPath(new URL('../../', import.meta.url));
const appSecret = 'load-bench-trengo-app-secret';
const sessionSecret = 'load-bench-session-secret-of-at-least-32-characters';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What this bench reads of autocannon's result. */
type CannonResult = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number };
type CannonOptions = {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  setupClient?: (client: { setHeaders(headers: Record<string, string>): void }) => void;
};
// autocannon ships no types; this bench uses the few options and results named above.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: CannonOptions) => Promise<CannonResult>;

/** A process this bench started, with its resident memory read from /proc. */
type Child = { url: string; pid: number; rssBytes(): number; stop(): Promise<void> };

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

async function waitUntilAnswering(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited before answering:\n${readFileSync(logFile, 'utf8').slice(-4000)}`);
    const answered = await fetch(url).then(() => true, () => false);
    if (answered) return;
    await sleep(100);
  }
  throw new Error(`${url} did not answer within 30 s`);
}

async function startChild(args: string[], env: Record<string, string>, probePath: string, folder: string, name: string): Promise<Child> {
  const port = await freePort();
  const logFile = join(folder, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}${probePath}`, child, logFile);
  return {
    url,
    pid: child.pid ?? 0,
    rssBytes: () => rssOf(child.pid ?? 0),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Young-generation space of the server's V8 heap, as the README advises for production: with
 * Node's default (up to 16 MB a semi-space) V8 kept the heap it grew to under a burst long after.
 */
const serverHeapFlags = ['--max-semi-space-size=4'];

/** The server as production starts it, against the sandboxes; `nodeFlags` such as `--cpu-prof`. */
function startServer(sandboxes: Sandboxes, folder: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<Child> {
  return startChild(
    [...serverHeapFlags, ...nodeFlags, '--import', 'tsx', 'server/main.ts'],
    {
      GHL_API_BASE: sandboxes.ghl.url,
      GHL_TOKEN: sandboxes.ghlToken,
      GHL_LOCATION_ID: sandboxes.seed.location.id,
      GHL_TIMEZONE: sandboxes.seed.location.timezone,
      TRENGO_API_BASE: sandboxes.trengo.url,
      TRENGO_TOKEN: sandboxes.trengoToken,
      TRENGO_APP_SECRET: appSecret,
      SESSION_SECRET: sessionSecret,
      LAUNCH_REQUIRE_IFRAME: '0',
      // Every simulated agent comes from this one loopback address.
      LAUNCH_RATE_PER_MINUTE: '100000',
      LAUNCH_TICKETS_PER_HOUR: '100000',
      LAUNCH_TICKET_RATE_PER_MINUTE: '100000',
      // The Trengo sandboxes here take any number of calls: the server's Trengo pace follows them,
      // as a test stack's does (at Trengo's own 120 a minute, ticket lookups would be the limit measured).
      TRENGO_RATE_LIMIT_MAX: '100000',
      DATABASE_PATH: join(folder, `sidebar-${Date.now()}.db`),
      ...env,
    },
    '/healthz',
    folder,
    'server',
  );
}

/** The smallest Hono server on Node: the yardstick the server's rate is measured against. */
function startMinimalHono(folder: string): Promise<Child> {
  const script =
    "import { serve } from '@hono/node-server'; import { Hono } from 'hono';" +
    "serve({ fetch: new Hono().get('/', (c) => c.json({ ok: true })).fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });";
  return startChild(['--input-type=module', '-e', script], {}, '/', folder, 'hono');
}

async function launch(serverUrl: string, ticketId: string, clientAddress?: string): Promise<string> {
  const response = await fetch(`${serverUrl}/?ticket_id=${ticketId}&auth_token=${appSecret}`, clientAddress ? { headers: { 'X-Forwarded-For': clientAddress } } : {});
  const html = await response.text();
  const session = /<meta name="widget-session" content="([^"]+)">/.exec(html)?.[1];
  if (!session) throw new Error(`No session in the launch page (HTTP ${response.status})`);
  return session;
}

async function apiGet(serverUrl: string, session: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${serverUrl}/api${path}`, { headers: { Authorization: `Bearer ${session}` } });
  return { status: response.status, body: await response.json() };
}

/** One autocannon run; `sessions` gives each connection its own widget session. */
function cannon(url: string, connections: number, seconds: number, sessions?: string[]): Promise<CannonResult> {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    ...(sessions && {
      setupClient: (client) => client.setHeaders({ Authorization: `Bearer ${sessions[next++ % sessions.length]}` }),
    }),
  });
}

const perSecond = (result: CannonResult) => `${Math.round(result.requests.average).toLocaleString('en')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`;

/**
 * Cached opens: 50 sessions of 50 tickets whose contacts the server holds, each asking for its
 * contact as fast as it is answered, against a minimal Hono server's rate in the same run.
 */
export async function cachedOpenBench(options: { seconds?: number; cpuProfileDir?: string } = {}): Promise<void> {
  const seconds = options.seconds ?? 8;
  const folder = mkdtempSync(join(tmpdir(), 'load-bench-'));
  const sandboxes = await startSandboxes({
    ghl: { rateLimit: { max: 100_000, intervalMs: 10_000 } },
    trengo: { rateLimit: { max: 100_000, intervalMs: 60_000 } },
  });
  const customers = addCustomers(sandboxes, 50, 0).known;
  const hono = await startMinimalHono(folder);
  const server = await startServer(
    sandboxes,
    folder,
    { CACHE_TTL_SECONDS: '600', SESSION_RATE_LIMIT: '100000', LOG_LEVEL: 'info', GHL_RATE_LIMIT_MAX: '10000' },
    options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [],
  );
  try {
    const sessions = await Promise.all(customers.map((customer) => launch(server.url, customer.ticketId)));
    for (const session of sessions) {
      const answer = await apiGet(server.url, session, '/contact');
      if (answer.status !== 200) throw new Error(`A warm-up open answered ${answer.status}`);
    }
    // Both warmed up alike (JIT), then measured one after the other.
    await cannon(`${hono.url}/`, 50, 2);
    await cannon(`${server.url}/api/contact`, 50, 2, sessions);
    const minimal = await cannon(`${hono.url}/`, 50, seconds);
    const open = await cannon(`${server.url}/api/contact`, 50, seconds, sessions);
    const health = await cannon(`${server.url}/healthz`, 50, seconds);
    const ratio = open.requests.average / minimal.requests.average;
    console.log(`\nCached open under load (server in its own process, 50 connections, ${seconds} s each):`);
    console.log(`  minimal Hono server   ${perSecond(minimal)}`);
    console.log(`  GET /healthz          ${perSecond(health)}   ratio ${(health.requests.average / minimal.requests.average).toFixed(3)}`);
    console.log(
      `  GET /api/contact      ${perSecond(open)}   ratio ${ratio.toFixed(3)} (target at least 0.10), p99 target under 20 ms; ` +
        `non-2xx ${open.non2xx}, errors ${open.errors}`,
    );
  } finally {
    await server.stop();
    await hono.stop();
    await sandboxes.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One agent's view of the server: launches and calls as the widget does, timing each. */
type Timed = { ms: number; status: number; body: unknown };

async function timedFetch(url: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // A page (the launch), not JSON.
    }
    return { ms: performance.now() - started, status: response.status, body };
  } catch (error) {
    return { ms: performance.now() - started, status: 0, body: String(error) };
  }
}

const percentile = (values: number[], share: number) =>
  values.length === 0 ? NaN : ([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))] ?? NaN);

/** The most calls that started within any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** A seeded pseudo-random stream, so runs are alike. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type AgentsOptions = { agents?: number; seconds?: number; latencyMs?: number };

/**
 * 200 agents for 60 s against the sandboxes at HighLevel's real limit (100 calls per 10 s) and
 * 150 ms a call. Each agent works two tickets whose contacts the server opened before (its copy
 * is on disk, as after a day's work), and now and then a ticket never seen; every 3 to 7 s it
 * switches ticket (launch and open, half the time), reloads its sidebar, or makes a change (12%:
 * about two changes per agent a minute).
 */
export async function agentsBench(options: AgentsOptions = {}): Promise<void> {
  const agents = options.agents ?? 200;
  const seconds = options.seconds ?? 60;
  const latencyMs = options.latencyMs ?? 150;
  const folder = mkdtempSync(join(tmpdir(), 'load-bench-'));
  const sandboxes = await startSandboxes({
    ghl: { rateLimit: { max: 100_000, intervalMs: 10_000 } },
    trengo: { rateLimit: { max: 100_000, intervalMs: 60_000 } },
  });
  const warmCount = agents * 2;
  const coldCount = Math.ceil(agents / 8);
  const customers = addCustomers(sandboxes, warmCount + coldCount, 0).known;
  const warm = customers.slice(0, warmCount);
  const cold = customers.slice(warmCount);
  const database = join(folder, 'sidebar.db');
  const serverEnv = { DATABASE_PATH: database, LOG_LEVEL: 'info', SESSION_RATE_LIMIT: '600' };

  // Yesterday: every warm customer's ticket opened once, HighLevel answering at once and without a limit.
  const warming = await startServer(sandboxes, folder, { ...serverEnv, GHL_RATE_LIMIT_MAX: '10000' });
  for (let start = 0; start < warm.length; start += 25) {
    await Promise.all(
      warm.slice(start, start + 25).map(async (customer) => {
        const answer = await apiGet(warming.url, await launch(warming.url, customer.ticketId), '/contact');
        if (answer.status !== 200) throw new Error(`Warming ticket ${customer.ticketId} answered ${answer.status}`);
      }),
    );
  }
  await warming.stop();
  // The warm-up's calls leave HighLevel's window before the limit applies.
  await sleep(10_500);

  // Today: HighLevel at its real limit and speed, the server started again on the same database.
  sandboxes.ghl.setRateLimit({ max: 100, intervalMs: 10_000 });
  sandboxes.ghl.faults.latencyMs = latencyMs;
  sandboxes.trengo.faults.latencyMs = latencyMs;
  const server = await startServer(sandboxes, folder, serverEnv);
  sandboxes.ghl.resetCalls();
  const random = seeded(13);
  const views: Array<{ ms: number; fromCopy: boolean; first: boolean }> = [];
  const writes: Array<{ ms: number; status: number }> = [];
  const errors: string[] = [];
  const endsAt = Date.now() + seconds * 1000;
  let coldNext = 0;

  const check = (answer: Timed, what: string) => {
    if (answer.status < 200 || answer.status >= 300) errors.push(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return answer.status >= 200 && answer.status < 300;
  };

  async function agent(index: number): Promise<void> {
    const own = warm.slice(index * 2, index * 2 + 2);
    let ticket = own[0];
    let session = '';
    let taskIds: string[] = ticket?.taskIds ?? [];
    let changes = 0;
    const api = (path: string, init: RequestInit = {}) =>
      timedFetch(`${server.url}/api${path}`, { ...init, headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json', ...init.headers } });
    const open = async (first: boolean) => {
      const started = performance.now();
      if (first || !session) {
        const page = await timedFetch(`${server.url}/?ticket_id=${ticket?.ticketId}&auth_token=${appSecret}`);
        if (!check(page, 'launch')) return;
        session = /<meta name="widget-session" content="([^"]+)">/.exec(String(page.body))?.[1] ?? '';
      }
      const answer = await api('/contact');
      if (!check(answer, 'open')) return;
      const view = answer.body as { asOf?: string; tasks?: Array<{ id: string }> };
      taskIds = (view.tasks ?? []).map((task) => task.id);
      views.push({ ms: performance.now() - started, fromCopy: typeof view.asOf === 'string', first: first && cold.includes(ticket!) });
      check(await api('/writes'), 'writes list');
    };
    await sleep(random() * 3000);
    await open(true);
    while (Date.now() < endsAt) {
      await sleep(3000 + random() * 4000);
      if (Date.now() >= endsAt) break;
      const roll = random();
      if (roll < 0.5) {
        // Switch ticket: now and then one never seen before.
        const next = random() < 0.04 && coldNext < cold.length ? cold[coldNext++] : own.find((candidate) => candidate !== ticket);
        ticket = next ?? ticket;
        await open(true);
      } else if (roll < 0.88) {
        await open(false);
      } else {
        changes += 1;
        const kind = changes % 4;
        const taskId = taskIds[Math.floor(random() * taskIds.length)];
        const [path, method, body] =
          kind === 0 && taskId
            ? [`/tasks/${taskId}/completed`, 'PUT', { completed: random() < 0.5 }]
            : kind === 1
              ? ['/notes', 'POST', { body: `Called about ticket ${ticket?.ticketId}, change ${changes}` }]
              : kind === 2
                ? ['/tags', 'POST', { tags: [`load-${changes}`] }]
                : ['/tasks', 'POST', { title: `Follow up ${changes}`, dueDate: '2031-05-01T09:00:00+02:00' }];
        const answer = await api(path, { method, body: JSON.stringify(body), headers: { 'Idempotency-Key': `agent-${index}-change-${changes}` } });
        if (check(answer, `write ${method} ${path}`)) writes.push({ ms: answer.ms, status: answer.status });
      }
    }
  }

  const began = Date.now();
  await Promise.all(Array.from({ length: agents }, (_, index) => agent(index)));
  const ranMs = Date.now() - began;
  await server.stop();

  const calls = sandboxes.ghl.calls.filter((call) => call.startedAt >= began);
  const isRead = (call: { method: string; path: string }) => call.method === 'GET' || call.path === '/contacts/search';
  const reads = calls.filter(isRead).length;
  const writeCalls = calls.length - reads;
  const throttled = calls.filter((call) => call.status === 429).length;
  const busiest = busiestWindow(calls.map((call) => call.startedAt), 10_000);
  const viewMs = views.map((view) => view.ms);
  const done = writes.filter((write) => write.status === 200).length;
  const writeMs = writes.map((write) => write.ms);
  const writeBudgetMs = 1500;
  const firstOpens = views.filter((view) => view.first);
  console.log(`\n${agents} agents for ${(ranMs / 1000).toFixed(0)} s, HighLevel at 100 calls per 10 s and ${latencyMs} ms a call (server in its own process):`);
  console.log(
    `  opens ${views.length} (${firstOpens.length} of contacts never seen): view p50 ${percentile(viewMs, 0.5).toFixed(0)} ms, p99 ${percentile(viewMs, 0.99).toFixed(0)} ms` +
      ` (target under 1000 ms); never seen p99 ${percentile(firstOpens.map((view) => view.ms), 0.99).toFixed(0)} ms`,
  );
  console.log(`  served from the local copy ${((views.filter((view) => view.fromCopy).length / Math.max(1, views.length)) * 100).toFixed(1)}%`);
  console.log(
    `  writes ${writes.length}: done ${done}, pending ${writes.length - done}; answer p50 ${percentile(writeMs, 0.5).toFixed(0)} ms, p99 ${percentile(writeMs, 0.99).toFixed(0)} ms,` +
      ` max ${Math.max(0, ...writeMs).toFixed(0)} ms (budget ${writeBudgetMs} ms)`,
  );
  console.log(
    `  HighLevel calls ${calls.length}: reads per open ${(reads / Math.max(1, views.length)).toFixed(2)}, calls per write ${(writeCalls / Math.max(1, writes.length)).toFixed(2)};` +
      ` busiest 10 s ${busiest} (limit 100), answered 429 ${throttled}`,
  );
  console.log(`  errors ${errors.length}${errors.length ? `: ${errors.slice(0, 5).join(' | ')}` : ''}`);
  await sandboxes.close();
  rmSync(folder, { recursive: true, force: true });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

type MemoryOptions = { launches?: number; contacts?: number; idleSeconds?: number };

/**
 * The server's resident memory over 20,000 distinct launches (2,000 of customers HighLevel knows,
 * whose contacts the server then keeps a copy of, the rest of customers it does not), from 200
 * client addresses, and after the retention time of what it remembers per ticket (a cache time
 * of 5 s and the 10 s a lookup started at launch waits; matches and companies stay an hour, at
 * most 5,000 tickets' worth); then what one session and one cached contact hold in memory.
 */
export async function memoryBench(options: MemoryOptions = {}): Promise<void> {
  const launches = options.launches ?? 20_000;
  const known = options.contacts ?? 2_000;
  const idleSeconds = options.idleSeconds ?? 40;
  const folder = mkdtempSync(join(tmpdir(), 'load-bench-'));
  const sandboxes = await startSandboxes({
    ghl: { rateLimit: { max: 1_000_000, intervalMs: 10_000, daily: 10_000_000 } },
    trengo: { rateLimit: { max: 1_000_000, intervalMs: 60_000 } },
  });
  const customers = addCustomers(sandboxes, known, launches - known);
  const tickets = [...customers.known.map((customer) => customer.ticketId), ...customers.unknown.map((customer) => customer.ticketId)];
  const server = await startServer(sandboxes, folder, {
    LOG_LEVEL: 'info',
    GHL_RATE_LIMIT_MAX: '10000',
    CACHE_TTL_SECONDS: '5',
    TRUST_PROXY: '1',
  });
  const curve: Array<{ label: string; rss: number }> = [];
  const sample = (label: string) => curve.push({ label, rss: server.rssBytes() });
  try {
    // A few opens first, so the start is a server that has served (code loaded and compiled).
    for (const ticketId of tickets.slice(0, 20)) await apiGet(server.url, await launch(server.url, ticketId, '10.0.0.1'), '/contact');
    await sleep(2000);
    sample('start');
    const start = curve[0]?.rss ?? 0;
    let done = 0;
    for (let from = 20; from < tickets.length; from += 50) {
      await Promise.all(
        tickets.slice(from, from + 50).map(async (ticketId, index) => {
          const session = await launch(server.url, ticketId, `10.0.${(from / 50) % 200}.${index + 1}`);
          await apiGet(server.url, session, '/contact');
        }),
      );
      const before = done;
      done = Math.min(from + 50, tickets.length);
      if (Math.floor(before / 4000) !== Math.floor(done / 4000) || done === tickets.length) sample(`${done.toLocaleString('en')} launches`);
    }
    for (let waited = 10; waited <= idleSeconds; waited += 10) {
      await sleep(10_000);
      sample(`idle ${waited} s`);
    }
    const end = curve.at(-1)?.rss ?? 0;
    const peak = Math.max(...curve.map((point) => point.rss));
    console.log(`\nServer memory over ${tickets.length.toLocaleString('en')} distinct launches (${known.toLocaleString('en')} of contacts it keeps a copy of), then idle:`);
    for (const point of curve) console.log(`  ${point.label.padEnd(18)} RSS ${mb(point.rss)}`);
    console.log(
      `  peak ${mb(peak)}; after the retention time ${mb(end)}, ${(((end - start) / start) * 100).toFixed(0)}% over the start (target within 20%)`,
    );
  } finally {
    await server.stop();
    await sandboxes.close();
    rmSync(folder, { recursive: true, force: true });
  }
  memoryPerEntry();
}

/**
 * What one session and one cached contact hold in the server's memory, measured on the server's
 * own structures here (heap after a full collection), with the bounds that cap them.
 */
function memoryPerEntry(): void {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  const heapAfter = (make: () => unknown) => {
    collect();
    const before = process.memoryUsage().heapUsed;
    const kept = make();
    collect();
    const after = process.memoryUsage().heapUsed;
    return { bytes: after - before, kept };
  };
  const count = 1000;
  const sessions = createSessions({ secret: sessionSecret, ttlMs: 12 * 60 * 60_000 });
  // The token is made inside the measure: the server holds it as the request brought it.
  const perSession = heapAfter(() => {
    for (let index = 0; index < count; index++) sessions.verify(sessions.issue(String(100_000 + index)));
    return sessions;
  });
  const stored = new Map<string, { parts: CopiedParts; asOf: number }>();
  const readCopy: ReadCopy = {
    get: (contactId) => {
      const copy = stored.get(contactId);
      return copy && { parts: JSON.parse(JSON.stringify(copy.parts)) as CopiedParts, asOf: copy.asOf };
    },
    put: (contactId, parts, asOf) => void stored.set(contactId, { parts, asOf }),
    touch: () => undefined,
    delete: (contactId) => void stored.delete(contactId),
    prune: () => 0,
  };
  for (let index = 0; index < count; index++) stored.set(`contact${index}`, { parts: typicalParts(index), asOf: Date.now() });
  const model = createReadModel({ crm: createFakeCrm().port, readCopy, heldInMemory: count });
  const perContact = heapAfter(() => {
    for (let index = 0; index < count; index++) model.copyOf(`contact${index}`);
    return model;
  });
  console.log('Memory per entry, measured on the server\'s own structures (heap after a full collection):');
  console.log(`  per session ${(perSession.bytes / count).toFixed(0)} B for its verified token (at most 2,000 remembered), besides its request times of the last minute`);
  console.log(
    `  per cached contact ${(perContact.bytes / count / 1024).toFixed(1)} KB for 5 tasks, 5 notes, 2 appointments (held in memory: at most 1,000 contacts; the rest on disk)`,
  );
}

/** A contact's records as a busy customer has them: five tasks, five notes, two appointments. */
function typicalParts(index: number): CopiedParts {
  const id = (prefix: string, n: number) => `${prefix}${index}x${n}`.padEnd(20, 'z');
  return {
    contact: { id: id('c', 0), firstName: 'Maria', lastName: 'Jansen', name: 'Maria Jansen', email: `maria${index}@example.com`, phone: '+31612345678', tags: ['customer', 'kitchen'], dateAdded: new Date().toISOString() },
    tasks: Array.from({ length: 5 }, (_, n) => ({ id: id('t', n), title: `Send the revised quote ${n}`, body: 'With the new worktop and the delivery date', dueDate: new Date().toISOString(), completed: n % 2 === 0 })),
    notes: Array.from({ length: 5 }, (_, n) => ({ id: id('n', n), body: '<p>Called about the kitchen; wants a showroom visit next week, prefers mornings.</p>', dateAdded: new Date().toISOString() })),
    appointments: Array.from({ length: 2 }, (_, n) => ({ id: id('a', n), title: 'Showroom visit', status: 'confirmed', startTime: '2031-03-01 10:00:00', endTime: '2031-03-01 11:00:00' })),
  };
}

/** The three load benchmarks, one after the other (about four minutes). */
export async function loadBench(): Promise<void> {
  await cachedOpenBench();
  await agentsBench();
  await memoryBench();
}
