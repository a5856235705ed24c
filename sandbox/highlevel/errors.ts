/**
 * HighLevel's error answers: one error type for the sandbox's routes and the bodies HighLevel
 * sends (`statusCode`, `message`, sometimes `error`, always a `traceId`; 422 lists its messages).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The JSON body of a HighLevel error answer. */
export interface GhlErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
  traceId: string;
  [extra: string]: unknown;
}

/** Thrown by a route to answer a HighLevel error. */
export class GhlSandboxError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: GhlErrorBody,
  ) {
    super(Array.isArray(body.message) ? body.message.join('; ') : body.message);
    this.name = 'GhlSandboxError';
  }
}

function errorBody(statusCode: number, message: string | string[], error?: string): GhlErrorBody {
  return { statusCode, message, ...(error === undefined ? {} : { error }), traceId: randomUUID() };
}

/** 400, for a request HighLevel cannot read (bad JSON, missing `Version`, a duplicate contact). */
export function badRequest(message: string, extra: Record<string, unknown> = {}): GhlSandboxError {
  return new GhlSandboxError(400, { ...errorBody(400, message), ...extra });
}

/** 401 for a missing, unknown or rotated-away bearer token. */
export function unauthorized(): GhlSandboxError {
  return new GhlSandboxError(401, errorBody(401, 'Invalid JWT', 'Unauthorized'));
}

/** 403 for a `locationId` the token does not belong to. */
export function forbiddenLocation(): GhlSandboxError {
  return new GhlSandboxError(403, errorBody(403, 'The token does not have access to this location', 'Forbidden'));
}

/** 404 for an unknown contact, task, note or appointment, e.g. `notFound('Contact')`. */
export function notFound(what: 'Contact' | 'Task' | 'Note' | 'Appointment'): GhlSandboxError {
  return new GhlSandboxError(404, errorBody(404, `${what} not found`));
}

/** 422 with the validation messages, the way HighLevel lists them. */
export function unprocessable(messages: string[]): GhlSandboxError {
  return new GhlSandboxError(422, errorBody(422, messages, 'Unprocessable Entity'));
}

/** 429 past the burst limit. */
export function tooManyRequests(): GhlSandboxError {
  return new GhlSandboxError(429, errorBody(429, 'Too many requests'));
}

const failureText: Record<number, { message: string; error: string }> = {
  400: { message: 'Bad Request', error: 'Bad Request' },
  401: { message: 'Invalid JWT', error: 'Unauthorized' },
  403: { message: 'The token does not have access to this location', error: 'Forbidden' },
  404: { message: 'Not Found', error: 'Not Found' },
  422: { message: 'Unprocessable Entity', error: 'Unprocessable Entity' },
  429: { message: 'Too many requests', error: 'Too Many Requests' },
  500: { message: 'Internal server error', error: 'Internal Server Error' },
};

/**
 * The answer to an injected failure. 502 and 503 come from the gateway in front of HighLevel,
 * so they are HTML, not JSON: clients must not count on a JSON body for every error.
 */
export function injectedFailure(c: Context, status: number): Response {
  if (status === 502 || status === 503) {
    const reason = status === 502 ? 'Bad Gateway' : 'Service Unavailable';
    return c.html(`<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`, status);
  }
  const text = failureText[status] ?? { message: 'Error', error: 'Error' };
  const message = status === 422 ? [text.message] : text.message;
  return c.json(errorBody(status, message, text.error), status as ContentfulStatusCode);
}

/** The one place a thrown error becomes a HighLevel error answer. */
export function answerError(error: unknown, c: Context): Response {
  if (error instanceof GhlSandboxError) return c.json(error.body, error.status);
  console.error('HighLevel sandbox failure', error);
  return c.json(errorBody(500, 'Internal server error', 'Internal Server Error'), 500);
}

/** NestJS's answer to a route HighLevel does not have. */
export function unknownRoute(c: Context): Response {
  return c.json(errorBody(404, `Cannot ${c.req.method} ${c.req.path}`, 'Not Found'), 404);
}
