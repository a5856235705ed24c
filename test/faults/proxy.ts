/**
 * A fault proxy between the server and the HighLevel sandbox. Every request is forwarded; each
 * write (POST, PUT, DELETE, except the search, which only reads) meets one fault chosen by a
 * generator seeded with the run's seed and the request itself (method, path, body, and how many
 * times the same request came before), so a seed gives a request the same fault whatever order
 * concurrent requests arrive in:
 *
 * - `pass`: forwarded and answered.
 * - `dropAnswer`: forwarded; once HighLevel has stored it and answered, the server's connection
 *   is destroyed without an answer (a lost answer).
 * - `lateStore`: held longer than the server's HighLevel timeout, then forwarded, so HighLevel
 *   stores it after the server gave up on it; a share of them much later (2-3x the timeout).
 * - `reset`: the connection is destroyed before anything is forwarded; HighLevel never sees it.
 *
 * A request is forwarded even when the server went away meanwhile (killed, or timed out): once
 * sent over the wire, HighLevel performs it whoever still listens.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashText, seededRandom, weighted } from './random';

export const faultKinds = ['pass', 'dropAnswer', 'lateStore', 'reset'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** The share (0..1) of writes meeting each fault; the rest pass. */
export type FaultShares = Record<Exclude<FaultKind, 'pass'>, number>;

export interface FaultProxyOptions {
  /** The HighLevel sandbox's base URL. */
  target: string;
  /** Seeds the choice of faults (and of how late a late store lands). */
  seed: number;
  shares: FaultShares;
  /** The server's HighLevel timeout: a late store is held longer than this. */
  serverTimeoutMs: number;
  /** The share of late stores held 2-3x the timeout instead of 1.25-1.75x; default 0.3. */
  muchLaterShare?: number;
}

/** One request the proxy received, with what it did and HighLevel's answer. */
export interface ProxiedRequest {
  /** Arrival order, from 1. */
  seq: number;
  method: string;
  path: string;
  body: string;
  /** Whether the fault choice applied (a write other than the search). */
  write: boolean;
  fault: FaultKind;
  receivedAt: number;
  /** When it went on to HighLevel; null when it never did (a reset). */
  forwardedAt: number | null;
  /** When HighLevel answered. */
  storedAt: number | null;
  /** HighLevel's status; null when it was never forwarded or HighLevel could not be reached. */
  status: number | null;
  /** Whether the server got HighLevel's answer. */
  answered: boolean;
}

export interface FaultProxy {
  url: string;
  /** Every request in arrival order. */
  requests: ProxiedRequest[];
  /** How many writes met each fault. */
  injected(): Record<FaultKind, number>;
  /** Changes the shares from now on (all zero: HighLevel recovered). */
  setShares(shares: FaultShares): void;
  /** Requests held or being forwarded now. */
  inFlight(): number;
  /** Resolves once nothing is held or being forwarded (every late store has landed). */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const noFaults: FaultShares = { dropAnswer: 0, lateStore: 0, reset: 0 };

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the proxy on a free loopback port. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const muchLaterShare = options.muchLaterShare ?? 0.3;
  let shares = options.shares;
  const requests: ProxiedRequest[] = [];
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];

  /** How often each request (method, path, body) came so far. */
  const seen = new Map<string, number>();

  /** The generator of one request: the same request the same time round meets the same fault. */
  function randomFor(method: string, path: string, body: string): () => number {
    const request = `${method} ${path} ${body}`;
    const round = (seen.get(request) ?? 0) + 1;
    seen.set(request, round);
    return seededRandom(hashText(`${options.seed} ${round} ${request}`));
  }

  function chooseFault(random: () => number): FaultKind {
    const pass = Math.max(0, 1 - shares.dropAnswer - shares.lateStore - shares.reset);
    return weighted(random, { pass, ...shares });
  }

  /** How long a late store is held: always past the server's timeout, sometimes far past it. */
  function lateHoldMs(random: () => number): number {
    const factor = random() < muchLaterShare ? 2 + random() : 1.25 + random() / 2;
    return Math.round(options.serverTimeoutMs * factor);
  }

  /** Sends the request on to HighLevel and reads its whole answer; null when HighLevel cannot be reached. */
  function forward(entry: ProxiedRequest, headers: IncomingHttpHeaders, body: Buffer) {
    entry.forwardedAt = Date.now();
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer } | null>((resolve) => {
      const outgoing = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          method: entry.method,
          path: entry.path,
          headers: { ...endToEnd(headers), 'content-length': String(body.length) },
        },
        (answer) => {
          readBody(answer).then(
            (answerBody) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody }),
            () => resolve(null),
          );
        },
      );
      outgoing.on('error', () => resolve(null));
      outgoing.end(body);
    }).then((answer) => {
      entry.storedAt = Date.now();
      entry.status = answer?.status ?? null;
      return answer;
    });
  }

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const write = method !== 'GET' && method !== 'HEAD' && !(method === 'POST' && path.split('?')[0] === '/contacts/search');
    const random = randomFor(method, path, body.toString('utf8'));
    const entry: ProxiedRequest = {
      seq: requests.length + 1,
      method,
      path,
      body: body.toString('utf8'),
      write,
      fault: write ? chooseFault(random) : 'pass',
      receivedAt: Date.now(),
      forwardedAt: null,
      storedAt: null,
      status: null,
      answered: false,
    };
    requests.push(entry);

    if (entry.fault === 'reset') {
      incoming.socket.destroy();
      return;
    }
    if (entry.fault === 'lateStore') await sleep(lateHoldMs(random));
    const answer = await forward(entry, incoming.headers, body);
    if (entry.fault === 'dropAnswer' || answer === null || incoming.socket.destroyed) {
      incoming.socket.destroy();
      return;
    }
    outgoing.writeHead(answer.status, { ...endToEnd(answer.headers), 'content-length': String(answer.body.length) });
    outgoing.end(answer.body);
    entry.answered = true;
  }

  const server = createServer((incoming, outgoing) => {
    inFlight += 1;
    handle(incoming, outgoing)
      .catch(() => incoming.socket.destroy())
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) {
          const waiting = idleWaiters;
          idleWaiters = [];
          waiting.forEach((resolve) => resolve());
        }
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injected() {
      const counts = Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>;
      for (const entry of requests) if (entry.write) counts[entry.fault] += 1;
      return counts;
    },
    setShares(next) {
      shares = next;
    },
    inFlight: () => inFlight,
    idle(timeoutMs = 30_000) {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The fault proxy still has ${inFlight} requests under way after ${timeoutMs} ms`)), timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
