/**
 * The widget's client for the server's widget API. The two contact calls the first screen
 * needs check their answers by hand, so no schema library ends up in the initial bundle;
 * the editing chunk sends its calls through `send` and checks answers with the shared schemas.
 */
import type { ApiError, ContactChoice, ContactView } from '../shared/api';
import { errorCodes, type ErrorCode } from '../shared/error-codes';

/** A non-2xx answer from the server, with the error body it carried. */
export class WidgetApiError extends Error {
  /** The HTTP status, or 0 when the failure happened before any answer. */
  declare readonly status: number;
  declare readonly body: ApiError;

  constructor(status: number, body: ApiError) {
    super(body.error.message);
    this.name = 'WidgetApiError';
    this.status = status;
    this.body = body;
  }

  get code(): ErrorCode {
    return this.body.error.code;
  }

  get retryable(): boolean {
    return this.body.error.retryable;
  }
}

/** The request never got an answer: the agent is offline or the server is down. */
export class WidgetNetworkError extends Error {
  constructor() {
    super("Couldn't reach the server. Check your connection and try again.");
    this.name = 'WidgetNetworkError';
  }
}

/** What a contact call can fail with. */
export type WidgetError = WidgetApiError | WidgetNetworkError;

/** A 2xx answer: its status (200 and 202 mean different things for writes) and JSON body. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** The server calls the sidebar makes, on behalf of one ticket's session. */
export interface ContactApi {
  /** The sidebar for the ticket: matched, not found, or several candidates. */
  getContact(): Promise<ContactView>;
  /** Records the agent's pick among several candidates; answers the matched view. */
  chooseContact(contactId: string): Promise<ContactView>;
  /**
   * Any widget API call with a JSON body; `headers` are added to the session's.
   * Throws a `WidgetError` for a non-2xx answer or when no answer came.
   */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
}

/** A code the contract knows (the shared list, which holds no schema library). */
function isErrorCode(value: unknown): value is ErrorCode {
  return errorCodes.some((code) => code === value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((text) => typeof text === 'string');
}

/** Reads an error body in the contract's shape, or undefined when it is something else. */
export function readApiError(body: unknown): ApiError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message, source, retryable } = body.error;
  if (!isErrorCode(code) || typeof message !== 'string' || typeof retryable !== 'boolean') {
    return undefined;
  }
  const { fields, writeId } = body.error;
  const error: ApiError['error'] = { code, message, retryable };
  if (source === 'highlevel' || source === 'trengo') error.source = source;
  if (isTextRecord(fields)) error.fields = fields;
  if (typeof writeId === 'string') error.writeId = writeId;
  return { error };
}

/**
 * A shallow check of a successful answer. The server validates every view against
 * the shared schema before sending it; this only guards against answers from
 * something else (a proxy page, an older server).
 */
function isContactView(body: unknown): body is ContactView {
  if (!isRecord(body) || !isRecord(body.ticketContact)) return false;
  switch (body.status) {
    case 'matched':
      return (
        isRecord(body.contact) &&
        [body.tasks, body.notes, body.upcomingAppointments, body.pastAppointments].every(Array.isArray)
      );
    case 'multiple':
      return Array.isArray(body.candidates);
    case 'notFound':
      return true;
    default:
      return false;
  }
}

/** The error body used when the server's answer is not in the contract's shape. */
function unexpectedAnswer(status: number): ApiError {
  const retryable = status >= 500 || status === 429 || status === 200;
  return {
    error: {
      code: status === 401 ? 'unauthorized' : status === 429 ? 'rate_limited' : 'internal',
      message: `The server gave an unexpected answer (HTTP ${status}).${retryable ? ' Try again in a moment.' : ''}`,
      retryable,
    },
  };
}

const missingSession: ApiError = {
  error: {
    code: 'unauthorized',
    message: 'This sidebar was opened without a session.',
    retryable: false,
  },
};

export interface ContactApiOptions {
  /** The session the server put in the page, or null when there was none. */
  session: string | null;
  /** Injected so tests can answer at the network boundary. */
  fetch?: typeof fetch;
}

/** Builds the contact client for one session. */
export function createContactApi({ session, fetch: fetchAnswer = globalThis.fetch }: ContactApiOptions): ContactApi {
  async function send(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<ApiAnswer> {
    if (!session) throw new WidgetApiError(401, missingSession);
    const headers: Record<string, string> = {
      ...extraHeaders,
      Accept: 'application/json',
      Authorization: `Bearer ${session}`,
    };
    if (body) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetchAnswer(path, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new WidgetNetworkError();
    }

    let payload: unknown;
    try {
      payload = await response.json();
    } catch {
      payload = undefined;
    }
    if (!response.ok) {
      throw new WidgetApiError(response.status, readApiError(payload) ?? unexpectedAnswer(response.status));
    }
    return { status: response.status, body: payload };
  }

  async function contactView(method: string, path: string, body?: ContactChoice): Promise<ContactView> {
    const answer = await send(method, path, body);
    if (!isContactView(answer.body)) throw new WidgetApiError(answer.status, unexpectedAnswer(answer.status));
    return answer.body;
  }

  return {
    getContact: () => contactView('GET', '/api/contact'),
    chooseContact: (contactId) => contactView('PUT', '/api/contact/choice', { contactId }),
    send,
  };
}
