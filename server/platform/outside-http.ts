/**
 * The one kit every outside system (HighLevel, Trengo) is called through: timeouts, retries of
 * idempotent calls with backoff and jitter, rate-limit waits, a second try when the token was
 * rotated during a call, request ids, one error type and one call record for the logs.
 * Adapters add only what is theirs: headers, error bodies, paths and schemas.
 */
import type { z } from 'zod';
import type { RateLimiter } from './rate-limiter';

/** The outside systems the server talks to. */
export type OutsideSystem = 'highlevel' | 'trengo';

/** The kinds of failure of a call to an outside system, in the terms callers branch on. */
export type OutsideErrorKind =
  /** 400 and any other 4xx without a kind of its own, or input refused before sending. */
  | 'bad_request'
  /** 401: the token is missing, invalid, expired or not a location token. */
  | 'auth'
  /** 403: the token lacks a scope or belongs to another location. */
  | 'scope'
  /** 404: the record does not exist. */
  | 'not_found'
  /** 422: the system refused the body; `messages` lists why. */
  | 'rejected'
  /** 429 still answered after every retry. */
  | 'rate_limited'
  /** 5xx. */
  | 'unavailable'
  /** No answer within the per-attempt timeout. */
  | 'timeout'
  /** The connection failed (refused, reset, DNS). */
  | 'network'
  /** A success answer whose body does not match the schema. */
  | 'invalid_response';

/** Kinds where trying the same call again later may succeed. */
export const transientKinds: ReadonlySet<OutsideErrorKind> = new Set<OutsideErrorKind>([
  'rate_limited',
  'unavailable',
  'timeout',
  'network',
]);

const systemNames: Record<OutsideSystem, string> = { highlevel: 'HighLevel', trengo: 'Trengo' };

/**
 * The one error an outside call rejects with. `retryable` says the failure is transient; for a
 * call that is not idempotent (a create) a timeout or network failure leaves open whether the
 * system performed it.
 */
export class OutsideError extends Error {
  override readonly name = 'OutsideError';
  readonly system: OutsideSystem;
  readonly kind: OutsideErrorKind;
  /** The HTTP status, or null when no answer arrived (timeout, network) or nothing was sent. */
  readonly status: number | null;
  /** The system's own messages (one per field for a 422), already free of the token. */
  readonly messages: string[];
  /** The system's trace id, to quote to its support. */
  readonly traceId?: string;
  /** For a 429: how long the system asked to wait. */
  readonly retryAfterMs?: number;
  readonly retryable: boolean;

  constructor(init: {
    system: OutsideSystem;
    kind: OutsideErrorKind;
    status: number | null;
    messages: string[];
    traceId?: string;
    retryAfterMs?: number;
    /** What was being done, e.g. `GET /contacts/abc`. */
    operation: string;
  }) {
    const detail = init.messages.length > 0 ? `: ${init.messages.join('; ')}` : '';
    const status = init.status === null ? '' : ` (${init.status})`;
    super(`${systemNames[init.system]} ${init.operation} failed, ${init.kind}${status}${detail}`);
    this.system = init.system;
    this.kind = init.kind;
    this.status = init.status;
    this.messages = init.messages;
    if (init.traceId !== undefined) this.traceId = init.traceId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.retryable = transientKinds.has(init.kind);
  }
}

/** The error kind for a non-2xx HTTP status. */
export function kindForStatus(status: number): OutsideErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'scope';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 422) return 'rejected';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

/** How retries are spaced: the first waits up to `baseMs`, each later one up to twice as long, none over `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  /**
   * `full`: anywhere between 0 and the ceiling (spreads many callers best);
   * `half`: at least half the ceiling (a retry never comes back at once).
   */
  jitter: 'full' | 'half';
}

/** The wait before retry number `retry` (1 for the first): exponential, capped, with jitter. */
export function backoffMs(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return backoff.jitter === 'full' ? Math.floor(random() * ceiling) : Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** One finished HTTP attempt, for logs and metrics (never carries a token, a query string or a body). */
export interface OutsideCall {
  method: string;
  /** The path without its query string. */
  path: string;
  /** The HTTP status, or null when no answer arrived. */
  status: number | null;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, and so on. */
  attempt: number;
}

/** Counts of HTTP traffic since the kit was made. */
export interface OutsideTraffic {
  /** HTTP attempts started, retries included. */
  httpCalls: number;
  retries: number;
  /** 429 answers received (each was waited out or ended in `rate_limited`). */
  rateLimited: number;
}

/** One request: an already encoded path, its query, body and the schema of a success answer. */
export interface OutsideRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Safe to repeat after a 5xx, timeout or network failure. */
  idempotent: boolean;
}

/** Everything the kit needs for one system, already defaulted by the adapter. */
export interface OutsideHttpSettings {
  system: OutsideSystem;
  baseUrl: string;
  /** Read on every attempt, so a rotated token takes effect at once; an OAuth app's may renew it first. */
  token: () => string | Promise<string>;
  /**
   * The system refused `rejected` (401): renews the token (an OAuth app's refresh) and resolves to
   * whether the call should go once more with the new one.
   */
  renewToken?: (rejected: string) => Promise<boolean>;
  /** Headers of every call beside the token, such as an API version. */
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /**
   * Whether an idempotent call is repeated after a timeout, a dropped connection or a 5xx;
   * default true. Off for a caller that settles such outcomes itself (the outbox, which must know
   * each copy of a write it sent).
   */
  retryUnknownOutcomes?: boolean;
  retryBaseMs: number;
  /** The wait after a 429 when the system names none. */
  rateLimitIntervalMs: number;
  /**
   * The longest wait after a 429 worth making; a longer one ends the call as `rate_limited`.
   * Unset: any wait the limiter imposes.
   */
  maxRateLimitWaitMs?: number;
  /** Paces calls to the system; 429s pause it. Without one, a 429 is waited out in place. */
  limiter?: RateLimiter;
  /** Whose call this is, for the limiter's queue: an agent's (first) or background work's. */
  priority?: () => 'agent' | 'background';
  /** The system's error body as messages and a trace id. */
  readError?: (text: string, status: number) => { messages: string[]; traceId?: string };
  fetch?: typeof fetch;
  onCall?: (call: OutsideCall) => void;
  /** The id of the request being served, sent as `X-Request-Id` so both sides' logs line up. */
  requestId?: () => string | undefined;
  random?: () => number;
}

/** Sends requests to one system and validates the answers. */
export interface OutsideHttp {
  send<T>(request: OutsideRequest<T>): Promise<T>;
  /** Builds the error of this system, for refusals made before anything is sent. */
  error(init: Omit<ConstructorParameters<typeof OutsideError>[0], 'system'>): OutsideError;
  traffic(): OutsideTraffic;
}

/** The longest wait between two retries after a failure. */
const maxBackoffMs = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads a non-negative number header, or undefined. */
function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function buildUrl(baseUrl: string, path: string, query: OutsideRequest<unknown>['query']): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.toString();
}

/**
 * Removes a secret from text that goes into an error or a log line: the exact secret, and any
 * `Bearer …` credential, in case the system echoes the request back.
 */
export function redactSecret(text: string, secret: string): string {
  const withoutSecret = secret === '' ? text : text.split(secret).join('[redacted]');
  return withoutSecret.replace(/Bearer\s+(?!\[redacted\])\S+/gi, 'Bearer [redacted]');
}

type Attempt =
  | { outcome: 'answered'; status: number; headers: Headers; text: string }
  | { outcome: 'timeout' | 'network'; detail: string };

/** A short plain-text reading of a body that is not the system's error JSON. */
function plainErrorText(text: string, fallback: string): { messages: string[]; traceId?: string } {
  const trimmed = text.trim();
  const title = trimmed.startsWith('<') ? (/<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim() ?? '') : trimmed.slice(0, 300);
  return { messages: [title || fallback] };
}

/** Creates the kit for one system. */
export function createOutsideHttp(settings: OutsideHttpSettings): OutsideHttp {
  const counts: OutsideTraffic = { httpCalls: 0, retries: 0, rateLimited: 0 };
  const random = settings.random ?? Math.random;
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  const backoff: Backoff = { baseMs: settings.retryBaseMs, maxMs: maxBackoffMs, jitter: 'full' };
  const retryUnknown = settings.retryUnknownOutcomes ?? true;
  const readError = settings.readError ?? ((text: string, status: number) => plainErrorText(text, `HTTP ${status}`));
  const makeError = (init: Omit<ConstructorParameters<typeof OutsideError>[0], 'system'>) =>
    new OutsideError({ ...init, system: settings.system });

  async function attemptOnce(request: OutsideRequest<unknown>, token: string): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
    const headers: Record<string, string> = { ...settings.headers, Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const requestId = settings.requestId?.();
    if (requestId) headers['X-Request-Id'] = requestId;
    try {
      const response = await fetchImpl(buildUrl(settings.baseUrl, request.path, request.query), {
        method: request.method,
        headers,
        signal: controller.signal,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      const text = await response.text();
      return { outcome: 'answered', status: response.status, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted) return { outcome: 'timeout', detail: `no answer within ${settings.timeoutMs} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return { outcome: 'network', detail: cause instanceof Error ? cause.message : String(cause) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Tells the observer of a call; a failing observer never fails the call. */
  function reportCall(call: OutsideCall): void {
    try {
      settings.onCall?.(call);
    } catch {
      // Logging and metrics must not decide the outcome of a request.
    }
  }

  /** How long the system asked to wait: `Retry-After` (seconds), its rate-limit interval, or the default. */
  function rateLimitWaitMs(headers: Headers): number {
    const retryAfter = headerNumber(headers, 'Retry-After');
    if (retryAfter !== undefined && retryAfter > 0) return retryAfter * 1000;
    return headerNumber(headers, 'X-RateLimit-Interval-Milliseconds') ?? settings.rateLimitIntervalMs;
  }

  async function send<T>(request: OutsideRequest<T>): Promise<T> {
    const operation = `${request.method} ${request.path}`;
    let retriedWithNewToken = false;
    for (let attempt = 1; ; attempt += 1) {
      const canRetry = attempt <= settings.maxRetries;
      await settings.limiter?.acquire(settings.priority?.());
      const token = await settings.token();
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
      const secretFree = (text: string): string => redactSecret(text, token);

      if (result.outcome !== 'answered') {
        if (request.idempotent && retryUnknown && canRetry) {
          counts.retries += 1;
          await sleep(backoffMs(attempt, backoff, random));
          continue;
        }
        throw makeError({ kind: result.outcome, status: null, messages: [secretFree(result.detail)], operation });
      }

      const waitMs = rateLimitWaitMs(result.headers);
      if (result.status === 429 || headerNumber(result.headers, 'X-RateLimit-Remaining') === 0) settings.limiter?.pauseFor(waitMs);
      if (result.status >= 200 && result.status < 300) return parseSuccess(request, result.text, result.status, operation, secretFree);

      const kind = kindForStatus(result.status);
      if (kind === 'auth' && !retriedWithNewToken) {
        // The token was rotated while this call was under way, or it expired and can be renewed:
        // the system did nothing with the old one, so the call goes again with the new one.
        const renewed = settings.renewToken ? await settings.renewToken(token) : (await settings.token()) !== token;
        if (renewed) {
          retriedWithNewToken = true;
          continue;
        }
      }
      const tooLong = settings.maxRateLimitWaitMs !== undefined && waitMs > settings.maxRateLimitWaitMs;
      if (kind === 'rate_limited') {
        counts.rateLimited += 1;
        // A 429 means the system did not perform the request, so it goes again whatever its
        // method: after the limiter's pause, or after the wait asked for.
        if (canRetry && !tooLong) {
          counts.retries += 1;
          if (!settings.limiter) await sleep(waitMs);
          continue;
        }
      } else if ((kind === 'unavailable' || kind === 'timeout') && request.idempotent && retryUnknown && canRetry) {
        counts.retries += 1;
        await sleep(backoffMs(attempt, backoff, random));
        continue;
      }
      const body = readError(result.text, result.status);
      throw makeError({
        kind,
        status: result.status,
        messages: body.messages.map(secretFree),
        ...(body.traceId === undefined ? {} : { traceId: secretFree(body.traceId) }),
        ...(kind === 'rate_limited' ? { retryAfterMs: waitMs } : {}),
        operation,
      });
    }
  }

  function parseSuccess<T>(request: OutsideRequest<T>, text: string, status: number, operation: string, secretFree: (text: string) => string): T {
    const invalid = (messages: string[]) => makeError({ kind: 'invalid_response', status, messages: messages.map(secretFree), operation });
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      throw invalid(['the body is not JSON']);
    }
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) {
      throw invalid(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`));
    }
    return parsed.data;
  }

  return { send, error: makeError, traffic: () => ({ ...counts }) };
}
