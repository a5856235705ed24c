/** The Trengo REST client: reads the ticket the sidebar was opened on. Knows nothing of HighLevel. */
import { z } from 'zod';
import { transientKinds, type OutsideErrorKind } from '../../platform/outside-error';

/** What went wrong talking to Trengo, in the same kinds the HighLevel client uses. */
export type TrengoErrorKind = OutsideErrorKind;

export class TrengoError extends Error {
  constructor(
    readonly kind: TrengoErrorKind,
    readonly status: number | null,
    message: string,
    /** For a 429: how long Trengo asked to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TrengoError';
  }

  get retryable(): boolean {
    return transientKinds.has(this.kind);
  }
}

const idSchema = z.union([z.number(), z.string()]).transform(String);
const textSchema = z.string().nullish().transform((value) => value?.trim() || null);

const trengoContactSchema = z.object({
  id: idSchema,
  name: textSchema,
  full_name: textSchema,
  email: textSchema,
  phone: textSchema,
  identifier: textSchema,
});

const trengoTicketSchema = z.object({
  id: idSchema,
  subject: textSchema,
  contact: trengoContactSchema.nullish(),
});

/** A Trengo ticket with the fields the sidebar needs. */
export type TrengoTicket = z.infer<typeof trengoTicketSchema>;
export type TrengoContact = z.infer<typeof trengoContactSchema>;

/** One finished HTTP attempt, for logs (never carries the token, a query string or a body). */
export type TrengoCall = { method: string; path: string; status: number | null; durationMs: number; attempt: number };

export type TrengoClientOptions = {
  baseUrl: string;
  /** Read on every attempt, so a rotated token takes effect at once. */
  token: () => string;
  timeoutMs?: number;
  maxRetries?: number;
  fetch?: typeof fetch;
  /** Told of every HTTP attempt, for logs. */
  onCall?: (call: TrengoCall) => void;
  /** The id of the request being served, sent to Trengo as `X-Request-Id`. */
  requestId?: () => string | undefined;
};

/** The longest `Retry-After` the client waits out before giving up with a rate-limit error. */
const maxRetryAfterMs = 5_000;

export function createTrengoClient(options: TrengoClientOptions) {
  const { baseUrl, token, timeoutMs = 8_000, maxRetries = 2, fetch: fetchImpl = fetch, onCall, requestId } = options;

  async function get(path: string): Promise<unknown> {
    let retriedWithNewToken = false;
    for (let attempt = 0; ; attempt++) {
      const sentToken = token();
      try {
        return await attemptGet(path, sentToken, attempt + 1);
      } catch (error) {
        if (error instanceof TrengoError && error.kind === 'auth' && !retriedWithNewToken && token() !== sentToken) {
          // The token was rotated while this call was under way: go again with the new one.
          retriedWithNewToken = true;
          continue;
        }
        if (!(error instanceof TrengoError) || !error.retryable || attempt >= maxRetries) throw error;
        const waitMs = error.retryAfterMs ?? backoffMs(attempt);
        if (waitMs > maxRetryAfterMs) throw error;
        await sleep(waitMs);
      }
    }
  }

  async function attemptGet(path: string, sentToken: string, attempt: number): Promise<unknown> {
    const headers: Record<string, string> = { Authorization: `Bearer ${sentToken}`, Accept: 'application/json' };
    const id = requestId?.();
    if (id) headers['X-Request-Id'] = id;
    const startedAt = performance.now();
    const report = (status: number | null) => {
      try {
        onCall?.({ method: 'GET', path: path.split('?')[0] ?? path, status, durationMs: Math.round(performance.now() - startedAt), attempt });
      } catch {
        // Logging must not decide the outcome of a request.
      }
    };
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      report(null);
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new TrengoError('timeout', null, 'Trengo did not answer in time.');
      }
      throw new TrengoError('network', null, 'Trengo could not be reached.');
    }
    report(response.status);
    if (!response.ok) {
      await response.body?.cancel();
      throw errorForStatus(response.status, response.headers.get('retry-after'));
    }
    try {
      return await response.json();
    } catch {
      throw new TrengoError('invalid_response', response.status, 'Trengo answered with something that is not JSON.');
    }
  }

  return {
    /** The ticket with its contact; `not_found` when Trengo has no such ticket. */
    async getTicket(ticketId: string): Promise<TrengoTicket> {
      if (!/^\d{1,20}$/.test(ticketId)) throw new TrengoError('bad_request', null, 'A Trengo ticket id is a number.');
      const body = await get(`/tickets/${encodeURIComponent(ticketId)}`);
      const parsed = trengoTicketSchema.safeParse(body);
      if (!parsed.success) throw new TrengoError('invalid_response', 200, 'Trengo answered with a ticket the app cannot read.');
      return parsed.data;
    },

    /**
     * One cheap authorised call (the first page of tickets), to learn whether Trengo is reachable
     * and accepts the token; only the status matters, so the body is not read into a schema.
     */
    async checkAccess(): Promise<void> {
      await get('/tickets?page=1');
    },
  };
}

export type TrengoClient = ReturnType<typeof createTrengoClient>;

function errorForStatus(status: number, retryAfter: string | null): TrengoError {
  if (status === 401) return new TrengoError('auth', status, 'Trengo refused the API token.');
  if (status === 403) return new TrengoError('scope', status, 'The Trengo API token may not read this ticket.');
  if (status === 404) return new TrengoError('not_found', status, 'Trengo has no such ticket.');
  if (status === 429) {
    const seconds = Number(retryAfter);
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
    return new TrengoError('rate_limited', status, 'Trengo is limiting requests right now.', waitMs);
  }
  if (status >= 500) return new TrengoError('unavailable', status, `Trengo is having trouble (HTTP ${status}).`);
  if (status === 422) return new TrengoError('rejected', status, 'Trengo rejected the request.');
  return new TrengoError('bad_request', status, `Trengo answered HTTP ${status}.`);
}

function backoffMs(attempt: number): number {
  return Math.random() * 200 * 2 ** attempt;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
