import { z } from 'zod';
import { transientKinds, type OutsideErrorKind } from '../../platform/outside-error';

/** What went wrong with a HighLevel call. */
export type GhlErrorKind = OutsideErrorKind;

/**
 * The one error the HighLevel client throws.
 * `retryable` says the failure is transient and trying again later may succeed; for a
 * non-idempotent call (a create) a timeout or network failure leaves open whether
 * HighLevel performed it.
 */
export class GhlError extends Error {
  override readonly name = 'GhlError';
  readonly kind: GhlErrorKind;
  /** The HTTP status, or null when no answer arrived (timeout, network) or none was sent. */
  readonly status: number | null;
  /** HighLevel's own messages (one per field for a 422), already free of the token. */
  readonly messages: string[];
  /** HighLevel's trace id, to quote to their support. */
  readonly traceId?: string;
  readonly retryable: boolean;

  constructor(init: {
    kind: GhlErrorKind;
    status: number | null;
    messages: string[];
    traceId?: string;
    /** What was being done, e.g. `GET /contacts/abc`. */
    operation: string;
  }) {
    const detail = init.messages.length > 0 ? `: ${init.messages.join('; ')}` : '';
    const status = init.status === null ? '' : ` (${init.status})`;
    super(`HighLevel ${init.operation} failed, ${init.kind}${status}${detail}`);
    this.kind = init.kind;
    this.status = init.status;
    this.messages = init.messages;
    if (init.traceId !== undefined) this.traceId = init.traceId;
    this.retryable = transientKinds.has(init.kind);
  }
}

/** The error kind for a non-2xx HTTP status. */
export function kindForStatus(status: number): GhlErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'scope';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 422) return 'rejected';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  return 'bad_request';
}

const errorBodySchema = z.looseObject({
  message: z.union([z.string(), z.array(z.string())]).optional(),
  error: z.string().optional(),
  traceId: z.string().optional(),
});

const maxTextLength = 300;

/**
 * Reads HighLevel's error body (`{statusCode, message, error, traceId}`, with `message` an
 * array on a 422) into messages and a trace id; any other body becomes one short message.
 */
export function readErrorBody(
  text: string,
  fallback: string,
): { messages: string[]; traceId?: string } {
  const parsed = errorBodySchema.safeParse(parseJson(text));
  if (parsed.success) {
    const { message, error, traceId } = parsed.data;
    const messages =
      message === undefined ? (error === undefined ? [] : [error]) : [message].flat();
    return {
      messages: messages.length > 0 ? messages : [fallback],
      ...(traceId === undefined ? {} : { traceId }),
    };
  }
  return { messages: [plainText(text) || fallback] };
}

/** A short plain-text reading of a non-JSON body: an HTML page's title, or the text itself. */
function plainText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return title ?? '';
  }
  return trimmed.slice(0, maxTextLength);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Removes a secret from text that goes into an error or a log line: the exact secret, and
 * any `Bearer …` credential, in case HighLevel echoes the request back.
 */
export function redact(text: string, secret: string): string {
  const withoutSecret = secret === '' ? text : text.split(secret).join('[redacted]');
  return withoutSecret.replace(/Bearer\s+(?!\[redacted\])\S+/gi, 'Bearer [redacted]');
}
