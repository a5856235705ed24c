/** Serves a sandbox app on a local port, with the `down` fault applied below HTTP. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { preciseNow, queryOf, type SandboxCall } from './calls';
import type { SandboxFaults } from './faults';

/** Paths under this prefix control the sandbox; they are never faulted, limited or recorded. */
export const controlPathPrefix = '/_sandbox';

/** True for a path that controls the sandbox rather than calling its API. */
export function isControlPath(path: string): boolean {
  return path === controlPathPrefix || path.startsWith(`${controlPathPrefix}/`);
}

/** A sandbox listening on 127.0.0.1. */
/** The controls every sandbox offers tests and benchmarks. */
export interface SandboxControls {
  /** The token accepted at start-up. */
  token: string;
  close(): Promise<void>;
  faults: SandboxFaults;
  /** Every API call answered (or dropped), in order; `/_sandbox/*` is not recorded. */
  calls: SandboxCall[];
  resetCalls(): void;
  /** Accepted bearer tokens; add or remove to simulate rotation. */
  tokens: Set<string>;
  /** Back to the seed data, the start-up token, no faults, no calls, empty rate windows. */
  reset(): void;
}

export interface ServedSandbox {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  faults: SandboxFaults;
  calls: SandboxCall[];
}

/** Listens for `app`; while `faults.down` is set, API connections are destroyed unanswered. */
export async function serveSandbox(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  { port, faults, calls }: ServeOptions,
): Promise<ServedSandbox> {
  const answer = getRequestListener((request) => app.fetch(request));
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://sandbox.local');
    if (faults.down && !isControlPath(url.pathname)) {
      const now = preciseNow();
      calls.push({
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: queryOf(url),
        status: 0,
        startedAt: now,
        endedAt: now,
      });
      incoming.socket.destroy();
      return;
    }
    void answer(incoming, outgoing);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${boundPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
