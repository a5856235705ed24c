/**
 * The one error type of the server and the one place that maps every failure,
 * ours or an outside system's, to the widget's error shape.
 */
import { RequestError } from '@hono/node-server';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError, ErrorCode } from '../../shared/api';
import { OutsideError, type OutsideErrorKind, type OutsideSystem } from './outside-http';

type Source = OutsideSystem;

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { source?: Source; retryable?: boolean; fields?: Record<string, string>; writeId?: string } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ApiError {
    const { source, retryable = false, fields, writeId } = this.extra;
    return {
      error: { code: this.code, message: this.message, retryable, ...(source && { source }), ...(fields && { fields }), ...(writeId && { writeId }) },
    };
  }
}

const systemName: Record<Source, string> = { highlevel: 'HighLevel', trengo: 'Trengo' };

/** How each kind of outside failure reaches the agent: status, code, and a sentence with the next step. */
function upstreamError(source: Source, kind: OutsideErrorKind, details: string[]): AppError {
  const name = systemName[source];
  const retry = { source, retryable: true } as const;
  const final = { source, retryable: false } as const;
  switch (kind) {
    case 'auth':
      return new AppError(502, 'upstream_auth', `${name} refused the app's API token. An administrator needs to renew the ${name} token in the app's settings.`, final);
    case 'scope':
      return new AppError(502, 'upstream_scope', source === 'highlevel'
        ? 'The HighLevel token lacks a permission this needs. An administrator should give it the contacts.readonly and contacts.write scopes for this location.'
        : 'The Trengo token may not read this ticket. An administrator should use a token of a user who can see every ticket.', final);
    case 'not_found':
      return source === 'trengo'
        ? new AppError(404, 'ticket_not_found', 'Trengo has no such ticket. Reopen the ticket; if it was merged or deleted, open the remaining one.', final)
        : new AppError(404, 'upstream_not_found', 'HighLevel no longer has this record. Reload to look the customer up again.', final);
    case 'rejected':
    case 'bad_request':
      return new AppError(422, 'upstream_rejected', `${name} rejected the request${details.length ? `: ${details.join('; ')}` : '.'}`, final);
    case 'rate_limited':
      return new AppError(503, 'upstream_rate_limited', `${name} is busy (its rate limit is reached). Try again in a few seconds.`, retry);
    case 'unavailable':
      return new AppError(502, 'upstream_unavailable', `${name} is having trouble right now. Try again in a minute.`, retry);
    case 'timeout':
      return new AppError(504, 'upstream_timeout', `${name} did not answer in time. Try again.`, retry);
    case 'network':
      return new AppError(502, 'upstream_network', `${name} could not be reached. Try again; if it keeps failing, the server's connection needs checking.`, retry);
    case 'invalid_response':
      return new AppError(502, 'upstream_invalid_response', `${name} sent an answer the app cannot read. Try again; if it keeps happening, report it.`, retry);
  }
}

/** Any thrown value as an AppError; unknown failures become a generic 500 that reveals nothing. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException && error.status < 500) return fromHttpException(error.status);
  // Trengo's reasons are not shown: they concern the app's token, never the agent's input.
  if (error instanceof OutsideError) return upstreamError(error.system, error.kind, error.system === 'highlevel' ? error.messages : []);
  return new AppError(500, 'internal', 'Something went wrong in the app. Try again; if it keeps happening, report it.', { retryable: true });
}

/** Hono's own refusals (such as a body that is not JSON) in the one error shape; their text is not passed on. */
function fromHttpException(status: number): AppError {
  if (status === 413) return new AppError(413, 'payload_too_large', 'The request is too large.');
  if (status === 401) return new AppError(401, 'unauthorized', 'This sidebar session is not valid. Reopen the ticket in Trengo.');
  if (status === 403) return new AppError(403, 'forbidden', 'This is not allowed.');
  if (status === 404) return new AppError(404, 'not_found', 'There is nothing at this address.');
  return new AppError(400, 'bad_request', 'The request is not valid: send JSON in the shape the app expects.');
}

/**
 * The answer to a request too malformed to reach the app at all (a request target or host the
 * HTTP server cannot read), in the one error shape; given to the server as its error handler.
 */
export function answerUnreadableRequest(error: unknown): Response {
  const appError = error instanceof RequestError ? new AppError(400, 'bad_request', 'The request cannot be read.') : toAppError(error);
  return Response.json(appError.toBody(), {
    status: appError.status,
    headers: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
  });
}
