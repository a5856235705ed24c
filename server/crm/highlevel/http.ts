import type { z } from 'zod';
import { GhlError, kindForStatus, readErrorBody, redact } from './errors';
import type { RateLimiter } from './limiter';

/** The API version every contacts call names in its `Version` header. */
export const ghlApiVersion = '2021-07-28';

/** One finished HTTP attempt, for logs and metrics (never carries the token or a body). */
export interface GhlCall {
  method: string;
  /** The path without its query string. */
  path: string;
  /** The HTTP status, or null when no answer arrived. */
  status: number | null;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, and so on. */
  attempt: number;
}

/** Counts of HTTP traffic since the client was made. */
export interface GhlTransportStats {
  /** HTTP attempts started, retries included. */
  httpCalls: number;
  retries: number;
  /** 429 answers received (each was waited out or ended in `rate_limited`). */
  rateLimited: number;
}

/** One HighLevel request: an already encoded path, its query, body and response schema. */
export interface GhlRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Safe to repeat after a 5xx, timeout or network failure. */
  idempotent: boolean;
}

/** Everything the transport needs, already defaulted. */
export interface TransportSettings {
  baseUrl: string;
  token: () => string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  /** The interval to wait out after a 429 when HighLevel does not name one. */
  rateLimitIntervalMs: number;
  limiter: RateLimiter;
  fetch: typeof fetch;
  onCall?: (call: GhlCall) => void;
  /** The id of the request being served, sent as `X-Request-Id` so both sides' logs line up. */
  requestId?: () => string | undefined;
  random?: () => number;
}

/** Sends requests to HighLevel through the limiter, with retries, and validates the answers. */
export interface GhlTransport {
  send<T>(request: GhlRequest<T>): Promise<T>;
  stats(): GhlTransportStats;
}

/** The longest wait between two retries after a failure. */
const maxBackoffMs = 10_000;

/**
 * Exponential backoff with full jitter: a random wait between 0 and `baseMs * 2^(retry-1)`,
 * capped, before retry number `retry` (1 for the first).
 */
export function backoffDelayMs(retry: number, baseMs: number, random: () => number): number {
  const ceiling = Math.min(maxBackoffMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads a non-negative integer header, or undefined. */
function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function buildUrl(baseUrl: string, path: string, query: GhlRequest<unknown>['query']): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

type Attempt =
  | { outcome: 'answered'; status: number; headers: Headers; text: string }
  | { outcome: 'timeout' | 'network'; detail: string };

/** Creates the transport for one client. */
export function createTransport(settings: TransportSettings): GhlTransport {
  const counts: GhlTransportStats = { httpCalls: 0, retries: 0, rateLimited: 0 };
  const random = settings.random ?? Math.random;

  async function attemptOnce(request: GhlRequest<unknown>, token: string): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Version: ghlApiVersion,
      Accept: 'application/json',
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const requestId = settings.requestId?.();
    if (requestId) headers['X-Request-Id'] = requestId;
    try {
      const response = await settings.fetch(buildUrl(settings.baseUrl, request.path, request.query), {
        method: request.method,
        headers,
        signal: controller.signal,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      const text = await response.text();
      return { outcome: 'answered', status: response.status, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted) {
        return { outcome: 'timeout', detail: `no answer within ${settings.timeoutMs} ms` };
      }
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return { outcome: 'network', detail: cause instanceof Error ? cause.message : String(cause) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Tells the observer of a call; a failing observer never fails the call. */
  function reportCall(call: GhlCall): void {
    try {
      settings.onCall?.(call);
    } catch {
      // Logging and metrics must not decide the outcome of a request.
    }
  }

  /** Pauses the shared limiter when HighLevel says the window is used up. */
  function observeRateHeaders(headers: Headers, status: number): void {
    const intervalMs =
      headerNumber(headers, 'X-RateLimit-Interval-Milliseconds') ?? settings.rateLimitIntervalMs;
    if (status === 429 || headerNumber(headers, 'X-RateLimit-Remaining') === 0) {
      settings.limiter.pauseFor(intervalMs);
    }
  }

  async function send<T>(request: GhlRequest<T>): Promise<T> {
    const operation = `${request.method} ${request.path}`;
    let retriedWithNewToken = false;
    for (let attempt = 1; ; attempt += 1) {
      const canRetry = attempt <= settings.maxRetries;
      await settings.limiter.acquire();
      const token = settings.token();
      const startedAt = performance.now();
      counts.httpCalls += 1;
      const result = await attemptOnce(request, token);
      reportCall({
        method: request.method,
        path: request.path,
        status: result.outcome === 'answered' ? result.status : null,
        durationMs: Math.round(performance.now() - startedAt),
        attempt,
      });
      const secretFree = (text: string): string => redact(redact(text, token), settings.token());

      if (result.outcome !== 'answered') {
        if (request.idempotent && canRetry) {
          counts.retries += 1;
          await sleep(backoffDelayMs(attempt, settings.retryBaseMs, random));
          continue;
        }
        throw new GhlError({
          kind: result.outcome,
          status: null,
          messages: [secretFree(result.detail)],
          operation,
        });
      }

      observeRateHeaders(result.headers, result.status);
      if (result.status >= 200 && result.status < 300) {
        return parseSuccess(request, result.text, result.status, operation, secretFree);
      }

      const kind = kindForStatus(result.status);
      if (kind === 'auth' && !retriedWithNewToken && settings.token() !== token) {
        // The token was rotated while this call was under way: HighLevel did nothing with the
        // old one, so the call goes again with the new one.
        retriedWithNewToken = true;
        continue;
      }
      if (kind === 'rate_limited') {
        counts.rateLimited += 1;
        // A 429 means HighLevel did not perform the request: the limiter now waits out the
        // interval, and the request goes to the back of its queue whatever its method.
        if (canRetry) {
          counts.retries += 1;
          continue;
        }
      } else if ((kind === 'unavailable' || kind === 'timeout') && request.idempotent && canRetry) {
        counts.retries += 1;
        await sleep(backoffDelayMs(attempt, settings.retryBaseMs, random));
        continue;
      }
      const body = readErrorBody(result.text, `HTTP ${result.status}`);
      throw new GhlError({
        kind,
        status: result.status,
        messages: body.messages.map(secretFree),
        ...(body.traceId === undefined ? {} : { traceId: secretFree(body.traceId) }),
        operation,
      });
    }
  }

  return { send, stats: () => ({ ...counts }) };
}

function parseSuccess<T>(
  request: GhlRequest<T>,
  text: string,
  status: number,
  operation: string,
  secretFree: (text: string) => string,
): T {
  const invalid = (messages: string[]): GhlError =>
    new GhlError({ kind: 'invalid_response', status, messages: messages.map(secretFree), operation });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(['the body is not JSON']);
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`),
    );
  }
  return parsed.data;
}
