/**
 * The widget's client for the server's two contact calls. It trusts the shared
 * contract's types for successful answers and checks the shape of error bodies
 * by hand, so no schema library ends up in the bundle.
 */
import type { ApiError, ContactChoice, ContactView, ErrorCode } from '../shared/api';

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

/** The server calls the sidebar makes, on behalf of one ticket's session. */
export interface ContactApi {
  /** The sidebar for the ticket: matched, not found, or several candidates. */
  getContact(): Promise<ContactView>;
  /** Records the agent's pick among several candidates; answers the matched view. */
  chooseContact(contactId: string): Promise<ContactView>;
}

/** Every code the contract knows; the compiler keeps this in step with `ErrorCode`. */
const errorCodes: Record<ErrorCode, true> = {
  bad_request: true,
  unauthorized: true,
  session_expired: true,
  forbidden: true,
  not_found: true,
  payload_too_large: true,
  rate_limited: true,
  ticket_not_found: true,
  no_contact: true,
  upstream_auth: true,
  upstream_scope: true,
  upstream_not_found: true,
  upstream_rejected: true,
  upstream_rate_limited: true,
  upstream_unavailable: true,
  upstream_timeout: true,
  upstream_network: true,
  upstream_invalid_response: true,
  internal: true,
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCodes, value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads an error body in the contract's shape, or undefined when it is something else. */
export function readApiError(body: unknown): ApiError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message, source, retryable } = body.error;
  if (!isErrorCode(code) || typeof message !== 'string' || typeof retryable !== 'boolean') {
    return undefined;
  }
  const error: ApiError['error'] = { code, message, retryable };
  if (source === 'highlevel' || source === 'trengo') error.source = source;
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
export function createContactApi({ session, fetch: send = globalThis.fetch }: ContactApiOptions): ContactApi {
  async function request(method: 'GET' | 'PUT', path: string, body?: ContactChoice): Promise<ContactView> {
    if (!session) throw new WidgetApiError(401, missingSession);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${session}`,
    };
    if (body) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await send(path, {
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
    if (!isContactView(payload)) {
      throw new WidgetApiError(response.status, unexpectedAnswer(response.status));
    }
    return payload;
  }

  return {
    getContact: () => request('GET', '/api/contact'),
    chooseContact: (contactId) => request('PUT', '/api/contact/choice', { contactId }),
  };
}
