/**
 * One fault run: the HighLevel and Trengo sandboxes in this process, the fault proxy in front of
 * HighLevel, the server as its own process with production settings, agents writing to many
 * customers at once while the server is killed with SIGKILL and started again; then HighLevel
 * recovers, the outbox drains, and the counts are taken.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writesListSchema } from '../../shared/actions';
import { startSandboxes } from '../../sandbox/index';
import { contactCreates, creatingAgents, customerAgent, Widget, type Run } from './agents';
import { addCustomers } from './customers';
import { noFaults, startFaultProxy, type FaultShares } from './proxy';
import { between, seededRandom } from './random';
import { freePort, startServerProcess, type ServerProcess } from './server-process';
import { tally, type Tally } from './tally';

export interface RunOptions {
  seed: number;
  /** Changes the agents make in the run. */
  changes: number;
  /** SIGKILLs of the server while the agents write (a last restart after HighLevel recovers comes on top). */
  kills: number;
  shares: FaultShares;
  /** Matched customers written to at once. */
  customers: number;
  /** The server's HighLevel timeout. */
  ghlTimeoutMs: number;
  /** The longest wait for the outbox to drain once HighLevel recovered. */
  drainMs: number;
}

export interface RunReport {
  seed: number;
  tally: Tally;
  durationMs: number;
  /** The server's last log lines, for a failure message. */
  serverOutput: string;
}

const appSecret = 'fault-run-trengo-app-secret';
const sessionSecret = 'fault-run-session-secret-of-at-least-32-characters';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls every ticket's writes until none is pending or `withinMs` passed; the states by write id. */
async function drained(widgets: Widget[], withinMs: number): Promise<{ states: Map<string, string>; stillPending: number }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const states = new Map<string, string>();
    for (const widget of widgets) {
      const answer = await widget.call('GET', '/writes');
      const listed = writesListSchema.safeParse(answer.body);
      if (!listed.success) throw new Error(`GET /api/writes of ticket ${widget.ticketId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      for (const write of listed.data.writes) states.set(write.id, write.state);
    }
    const stillPending = [...states.values()].filter((state) => state === 'pending').length;
    if (stillPending === 0 || Date.now() > deadline) return { states, stillPending };
    await sleep(250);
  }
}

/** Opens tickets a few at a time. */
async function openAll(server: ServerProcess, ticketIds: string[]): Promise<Widget[]> {
  const widgets: Widget[] = [];
  for (let start = 0; start < ticketIds.length; start += 8) {
    widgets.push(...(await Promise.all(ticketIds.slice(start, start + 8).map((id) => Widget.open(server, id, appSecret)))));
  }
  return widgets;
}

export async function runFaults(options: RunOptions): Promise<RunReport> {
  const began = Date.now();
  const folder = mkdtempSync(join(tmpdir(), 'fault-run-'));
  const sandboxes = await startSandboxes({
    ghl: { rateLimit: { max: 10_000, intervalMs: 10_000 } },
    trengo: { rateLimit: { max: 10_000, intervalMs: 60_000 } },
  });
  const creates = contactCreates(options.changes);
  const customers = addCustomers(sandboxes, options.customers, creates);
  const proxy = await startFaultProxy({ target: sandboxes.ghl.url, seed: options.seed, shares: options.shares, serverTimeoutMs: options.ghlTimeoutMs });
  let server: ServerProcess | null = null;
  try {
    server = await startServerProcess({
      GHL_API_BASE: proxy.url,
      GHL_TOKEN: sandboxes.ghlToken,
      GHL_LOCATION_ID: sandboxes.seed.location.id,
      GHL_TIMEZONE: sandboxes.seed.location.timezone,
      GHL_TIMEOUT_MS: String(options.ghlTimeoutMs),
      GHL_RATE_LIMIT_MAX: '10000',
      TRENGO_API_BASE: sandboxes.trengo.url,
      TRENGO_TOKEN: sandboxes.trengoToken,
      TRENGO_RATE_LIMIT_MAX: '10000',
      TRENGO_APP_SECRET: appSecret,
      SESSION_SECRET: sessionSecret,
      SESSION_RATE_LIMIT: '100000',
      DATABASE_PATH: join(folder, 'sidebar.db'),
      PORT: String(await freePort()),
      CACHE_TTL_SECONDS: '0',
      LOG_LEVEL: 'info',
    });
    const running = server;
    const knownWidgets = await openAll(running, customers.known.map((customer) => customer.ticketId));
    const newWidgets = await openAll(running, customers.unknown.map((customer) => customer.ticketId));
    const unexpected = [...knownWidgets.filter((widget) => widget.openedAs !== 'matched'), ...newWidgets.filter((widget) => widget.openedAs !== 'notFound')];
    if (unexpected.length > 0) throw new Error(`Tickets opened on the wrong sidebar: ${unexpected.map((widget) => `${widget.ticketId} ${widget.openedAs}`).join(', ')}`);

    // The server is killed at seeded change numbers, a seeded moment after that change is sent.
    const random = seededRandom(options.seed * 31 + 7);
    const killAt = new Set<number>();
    while (killAt.size < options.kills) killAt.add(between(random, Math.ceil(options.changes * 0.1), Math.floor(options.changes * 0.9)));
    const killTimes: number[] = [];
    let killing: Promise<void> = Promise.resolve();
    let sent = 0;
    const run: Run = {
      seed: options.seed,
      changes: [],
      beforeChange() {
        sent += 1;
        if (!killAt.has(sent)) return;
        const delayMs = between(random, 0, 300);
        killing = killing.then(async () => {
          await sleep(delayMs);
          killTimes.push(Date.now());
          await running.killAndRestart();
        });
      },
    };

    const perCustomer = Math.ceil((options.changes - creates) / options.customers);
    await Promise.all([
      ...knownWidgets.map((widget, index) => {
        const customer = customers.known[index];
        return customer ? customerAgent(run, widget, customer, index, perCustomer) : Promise.resolve();
      }),
      creatingAgents(run, newWidgets, 3),
    ]);
    await killing;

    // HighLevel recovers: no more faults, every held request lands, and a last restart sends what waits at once.
    proxy.setShares(noFaults);
    await proxy.idle();
    killTimes.push(Date.now());
    await running.killAndRestart();
    const outbox = await drained([...knownWidgets, ...newWidgets], options.drainMs);
    await proxy.idle();

    return {
      seed: options.seed,
      tally: tally({ changes: run.changes, store: sandboxes.ghl.store, requests: proxy.requests, killTimes, outbox: outbox.states, stillPending: outbox.stillPending }),
      durationMs: Date.now() - began,
      serverOutput: running.output(),
    };
  } finally {
    await server?.kill();
    await proxy.close();
    await sandboxes.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One line of counts for a seed. */
export function countsLine(report: RunReport): string {
  const t = report.tally;
  const faults = Object.entries(t.faults).map(([kind, count]) => `${kind} ${count}`).join(', ');
  return (
    `seed ${report.seed}: changes ${t.changes}, accepted ${t.accepted} (200 ${t.done}, 202 ${t.pending}), refused 422 ${t.refused.length}, other ${t.other.length}` +
    ` | landed once ${t.landedOnce}, duplicated ${t.duplicated.length}, lost ${t.lost.length}, failed after accepted ${t.failedLater.length}, still pending ${t.stillPending}` +
    ` | final state equal to the last change ${t.fieldsEqual}/${t.fieldsChecked} fields` +
    ` | faults injected: ${faults}; kill -9 ${t.kills} (the last once HighLevel recovered) | ${(report.durationMs / 1000).toFixed(1)} s`
  );
}
