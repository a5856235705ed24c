/**
 * The whole product on loopback for tests and benchmarks: the HighLevel and Trengo sandboxes,
 * and the server configured against them exactly as the demo is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppOptions } from '../../server/http/app';
import { loadConfig, type Config } from '../../server/platform/config';
import { startDemo } from '../../sandbox/demo/start';
import { startHttpServer } from '../../server/platform/http-server';
import { createProbes } from '../../server/http/probes';
import { createSecretRotation, secretsFromConfig } from '../../server/platform/secrets';
import type { SandboxesOptions } from '../../sandbox/index';
import { writeResultSchema, type WriteResult } from '../../shared/actions';
import { apiErrorSchema, contactViewSchema, type ApiError, type ContactView } from '../../shared/api';
import { observeServer } from './observe';
import type { PageSecretName } from '../../server/domain/stored-secrets';

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The server on a port (0 picks a free one). */
async function startServer(config: Config, options: AppOptions, port: number, observed: ReturnType<typeof observeServer>) {
  const app = createApp(config, options);
  const server = startHttpServer(observed.recording(app.fetch), { port, hostname: '127.0.0.1', requestTimeoutMs: config.requestTimeoutMs });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    app,
    port: (server.address() as AddressInfo).port,
    async close(): Promise<void> {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}

/**
 * Starts everything; `env` overrides settings such as GHL_TIMEOUT_MS or CACHE_TTL_SECONDS. Each
 * stack has its own database file in a temporary folder unless `env` names one.
 */
export async function startStack(
  env: Record<string, string> = {},
  sandboxes: SandboxesOptions = {},
  appOptions: Pick<AppOptions, 'outboxRetry' | 'eventTargets' | 'inboxWorker' | 'automationRetry' | 'adminSessions'> = {},
  /**
   * `webhooks`: the HighLevel sandbox sends its signed webhooks to the server, as in the demo, and
   * the server registers its Trengo webhooks with the Trengo sandbox (PUBLIC_URL is the server's
   * address). Off by default: tests count HighLevel calls.
   */
  extras: {
    webhooks?: boolean;
    /** Tokens the server starts without, as though the environment left them for the settings page to set. */
    unsetTokens?: PageSecretName[];
  } = {},
) {
  const folder = env.DATABASE_PATH ? null : mkdtempSync(join(tmpdir(), 'sidebar-test-'));
  const databasePath = env.DATABASE_PATH ?? join(folder ?? '', 'sidebar.db');
  // With webhooks the server's address must be known before it starts, to register it with Trengo.
  const port = extras.webhooks ? await freePort() : 0;
  const publicUrl = extras.webhooks ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {};
  const demo = await startDemo(
    loadConfig({ SESSION_SECRET: 'test-session-secret-of-at-least-32-chars', LAUNCH_REQUIRE_IFRAME: '0', ...publicUrl, ...env, DATABASE_PATH: databasePath }),
    sandboxes,
  );
  // The sandboxes' tokens, for a test that sets one on the settings page.
  const sandboxTokens: Record<PageSecretName, string> = { GHL_TOKEN: demo.config.ghl.token, TRENGO_TOKEN: demo.config.trengo.token, TRENGO_APP_SECRET: demo.config.trengo.appSecret };
  for (const name of extras.unsetTokens ?? []) {
    if (name === 'GHL_TOKEN') demo.config.ghl.token = '';
    if (name === 'TRENGO_TOKEN') demo.config.trengo.token = '';
    if (name === 'TRENGO_APP_SECRET') demo.config.trengo.appSecret = '';
  }
  // Every log line and answer is kept, and scanned for the server's secrets when the stack closes.
  const observed = observeServer(demo.config);
  Object.values(sandboxTokens).forEach((token) => observed.secrets.remember(token));
  const options: AppOptions = { ...demo.appOptions, ...appOptions, secrets: observed.secrets, log: observed.log };
  let running = await startServer(demo.config, options, port, observed);
  let stopRotation = () => {};
  const url = `http://127.0.0.1:${running.port}`;
  if (extras.webhooks) demo.listening(url);
  const appSecret = sandboxTokens.TRENGO_APP_SECRET;

  /** The launch URL Trengo would open for a ticket. */
  const launchUrl = (ticketId: string, secret = appSecret) =>
    `${url}/?ticket_id=${encodeURIComponent(ticketId)}&auth_token=${encodeURIComponent(secret)}`;

  return {
    url,
    config: demo.config,
    ghl: demo.sandboxes.ghl,
    trengo: demo.sandboxes.trengo,
    seed: demo.sandboxes.seed,
    launchUrl,

    /** Opens a ticket as Trengo does and returns the session the widget page carries. */
    async launch(ticketId: string): Promise<string> {
      const response = await fetch(launchUrl(ticketId));
      const html = await response.text();
      const session = /<meta name="widget-session" content="([^"]+)">/.exec(html)?.[1];
      if (!session) throw new Error(`No session in the launch page (HTTP ${response.status})`);
      return session;
    },

    /** Calls the widget API as the widget does. */
    async api(
      session: string,
      path: string,
      init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
    ): Promise<{ status: number; body: unknown }> {
      const response = await fetch(`${url}/api${path}`, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json', ...init.headers },
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      });
      return { status: response.status, body: await response.json() };
    },

    databasePath,

    /**
     * Stops the server and starts a new one on the same port and database, as a restart does;
     * the sandboxes keep running. Without SESSION_SECRET (`SESSION_SECRET: ''`), the new server
     * starts, as a new process does, from a random session key, not the one the last one used.
     */
    async restart(): Promise<void> {
      await running.close();
      if (demo.config.session.secret === null) observed.secrets.set('SESSION_SECRET', secretsFromConfig(demo.config).SESSION_SECRET);
      // Let fetch's pool see its kept-alive connections closed before anything reuses one.
      await new Promise((resolve) => setTimeout(resolve, 50));
      running = await startServer(demo.config, options, running.port, observed);
    },

    sandboxTokens,

    /**
     * Signs in to the settings page as a browser does: the session cookie to send back, and the
     * CSRF token its changes carry.
     */
    async signIn(secret: string | null = demo.config.operatorSecret): Promise<{ cookie: string; csrfToken: string; setCookie: string }> {
      const response = await fetch(`${url}/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ secret }) });
      if (!response.ok) throw new Error(`Sign-in refused (HTTP ${response.status}): ${await response.text()}`);
      const setCookie = response.headers.get('set-cookie') ?? '';
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      return { cookie: setCookie.split(';')[0] ?? '', csrfToken, setCookie };
    },

    /** Sends the operator's audit export request. */
    async audit(query = '', secret: string | null = demo.config.operatorSecret): Promise<Response> {
      return fetch(`${url}/operator/audit${query}`, secret === null ? {} : { headers: { Authorization: `Bearer ${secret}` } });
    },

    /** The server's secrets as they stand (rotation changes them), its log lines and its answers. */
    secrets: observed.secrets,
    logs: observed.lines,
    exchanges: observed.exchanges,
    /** Counts the log lines and answers so far and lists every place a secret appears in them. */
    scanForSecrets: observed.scan,

    /**
     * Reloads secrets from SECRETS_FILE on SIGHUP and, unless `watchFile` is false, when the file
     * changes, as the server does; stopped when the stack closes.
     */
    startRotation(rotation: { watchFile?: boolean; pollMs?: number } = {}): void {
      stopRotation();
      stopRotation = createSecretRotation({
        secrets: observed.secrets,
        file: demo.config.secretsFile,
        probes: createProbes(demo.config),
        log: observed.log,
        ...rotation,
      }).start();
    },

    /** Stops everything; fails when any log line or answer of the stack's life held a secret. */
    async close(): Promise<void> {
      stopRotation();
      await running.close();
      await demo.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
      const scan = await observed.scan();
      if (scan.hits.length > 0) throw new Error(`A secret leaked: ${scan.hits.slice(0, 10).join('; ')}`);
    },
  };
}

/** A widget API answer read as a contact view: fails the test when it breaks the shared contract. */
export function asView(answer: { status: number; body: unknown }): ContactView {
  if (answer.status !== 200) throw new Error(`Expected a view, got HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
  return contactViewSchema.parse(answer.body);
}

/** A widget API answer read as the one error shape. */
export function asError(answer: { status: number; body: unknown }): ApiError['error'] & { status: number } {
  return { ...apiErrorSchema.parse(answer.body).error, status: answer.status };
}

/** A write's answer (200 done or 202 pending) read by the shared contract. */
export function asWriteResult(answer: { status: number; body: unknown }): WriteResult & { status: number } {
  if (answer.status !== 200 && answer.status !== 202) {
    throw new Error(`Expected a write result, got HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return { ...writeResultSchema.parse(answer.body), status: answer.status };
}
