/**
 * The widget's client for the server's widget API. Every route is typed by Hono's `hc<Api>`: a
 * renamed route or a changed input is a type error here, not a 404 at run time. The first screen's
 * two contact calls go out without `hc`'s code (see `firstScreenRoutes`) and check their answers by
 * hand, so neither the client nor a schema library is in the initial bundle; the editing chunk
 * brings `hc`, makes its calls through `call` and checks its answers with the shared schemas.
 */
import type { ClientRequestOptions, hc } from 'hono/client';
import type { Api } from '../server/http/api';
import type { ApiError, ContactView } from '../shared/api';
import { errorCodes, type ErrorCode } from '../shared/error-codes';

/** The widget API's routes, inputs and answers, for the editing chunk's `hc<Api>`. */
export type { Api };

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

/**
 * The request never got an answer: the agent is offline or the server is down. The messages of
 * the widget's own errors are for the console; the agent reads an error in their language by its
 * kind and code (`errorMessage`).
 */
export class WidgetNetworkError extends Error {
  constructor() {
    super('No answer from the server');
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

/** The widget API as typed calls, such as `server.api.contact.$get()`. */
export type ApiClient = ReturnType<typeof hc<Api>>;

/** A request on its way, its answer read only as far as the transport needs. */
export type Sending = Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** What every request of a session carries, in the shape `hc` takes as its options. */
export interface RequestOptions extends ClientRequestOptions {
  fetch: typeof fetch;
  headers: Record<string, string>;
  init: RequestInit;
}

/** The server calls the sidebar makes, on behalf of one ticket's session. */
export interface ContactApi {
  /** The sidebar for the ticket: matched, not found, or several candidates. */
  getContact(): Promise<ContactView>;
  /** Records the agent's pick among several candidates; answers the matched view. */
  chooseContact(contactId: string): Promise<ContactView>;
  /**
   * The session's headers, no cookies and no cache: for the editing chunk's `hc<Api>`. Every call
   * reads the headers when it is sent, so a renewed session's token set in `Authorization` is
   * the one all later calls carry.
   */
  requestOptions: RequestOptions;
  /**
   * Sends one request of the session and reads its answer.
   * Throws a `WidgetError` for a non-2xx answer, its body read by `readError`, or when no answer came.
   */
  call(send: () => Sending, readError?: ErrorReader): Promise<ApiAnswer>;
}

/** Reads an error body in the contract's shape, or answers undefined when it is something else. */
export type ErrorReader = (body: unknown) => ApiError | undefined;

/** The first screen's routes, typed as `hc<Api>` types them: the only ones called without `hc`. */
interface FirstScreenRoutes {
  api: {
    contact: Pick<ApiClient['api']['contact'], '$get'> & {
      choice: Pick<ApiClient['api']['contact']['choice'], '$put'>;
    };
  };
}

/**
 * The first screen's routes without `hc`'s code: a route's path is read from the names it is called
 * by, as `hc` reads it (`api.contact.choice.$put` is `PUT /api/contact/choice`), and its JSON input
 * goes out as `hc` sends it. Path parameters and queries are not read, so only the routes of
 * `FirstScreenRoutes` are offered.
 */
function firstScreenRoutes({ fetch, headers, init }: RequestOptions): FirstScreenRoutes {
  const send = (method: string, path: string, input?: { json?: unknown }) => {
    const body = input?.json === undefined ? undefined : JSON.stringify(input.json);
    return fetch(path, { method, headers: body ? { ...headers, 'Content-Type': 'application/json' } : headers, body, ...init });
  };
  const route = (path: string): object =>
    new Proxy(
      {},
      {
        get(_route, name) {
          const key = String(name);
          if (!key.startsWith('$')) return route(`${path}/${key}`);
          return (input?: { json?: unknown }) => send(key.slice(1).toUpperCase(), path, input);
        },
      },
    );
  // A proxy answers every name; the declared type is what keeps the calls to the routes above.
  return route('') as FirstScreenRoutes;
}

/** A code the contract knows (the shared list, which holds no schema library). */
function isErrorCode(value: unknown): value is ErrorCode {
  return errorCodes.some((code) => code === value);
}

/** An object, as JSON parsing makes one: its fields are still to be checked. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Reads the part of an error body every screen uses: code, message, source and whether to retry.
 * The fields and the write it may also name matter only to the editing UI, which reads them itself.
 */
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
      message: `Unexpected answer (HTTP ${status})`,
      retryable,
    },
  };
}

const missingSession: ApiError = {
  error: {
    code: 'unauthorized',
    message: 'No session in the page',
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
  const requestOptions: RequestOptions = {
    // Called as a plain function: the browser's fetch refuses to run as a method of another object.
    fetch: (input, init) => fetchAnswer(input, init),
    headers: { Accept: 'application/json', Authorization: `Bearer ${session}` },
    init: { credentials: 'omit', cache: 'no-store' },
  };
  const server = firstScreenRoutes(requestOptions);

  async function call(send: () => Sending, readError = readApiError): Promise<ApiAnswer> {
    if (!session) throw new WidgetApiError(401, missingSession);
    let response;
    try {
      response = await send();
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
      throw new WidgetApiError(response.status, readError(payload) ?? unexpectedAnswer(response.status));
    }
    return { status: response.status, body: payload };
  }

  async function contactView(send: () => Sending): Promise<ContactView> {
    const answer = await call(send);
    if (!isContactView(answer.body)) throw new WidgetApiError(answer.status, unexpectedAnswer(answer.status));
    return answer.body;
  }

  return {
    getContact: () => contactView(() => server.api.contact.$get()),
    chooseContact: (contactId) => contactView(() => server.api.contact.choice.$put({ json: { contactId } })),
    requestOptions,
    call,
  };
}
