/**
 * The whole product on loopback for tests and benchmarks: the HighLevel and Trengo sandboxes,
 * and the server configured against them exactly as the demo is.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { startDemo } from '../../server/demo/start';
import type { SandboxesOptions } from '../../server/sandbox/index';
import { apiErrorSchema, contactViewSchema, type ApiError, type ContactView } from '../../shared/api';

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** Starts everything; `env` overrides settings such as GHL_TIMEOUT_MS or CACHE_TTL_SECONDS. */
export async function startStack(env: Record<string, string> = {}, sandboxes: SandboxesOptions = {}) {
  const demo = await startDemo(loadConfig(env), sandboxes);
  const app = createApp(demo.config, demo.appOptions);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const appSecret = demo.config.trengo.appSecret;

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
    async api(session: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
      const response = await fetch(`${url}/api${path}`, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json' },
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      });
      return { status: response.status, body: await response.json() };
    },

    async close(): Promise<void> {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await demo.close();
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
