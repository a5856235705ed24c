/**
 * The editing calls of the widget API, through Hono's typed `hc<Api>` client with the session's
 * request options. Every answer is checked with the shared schemas; an answer in another shape
 * counts as a failed call, never as data.
 */
import { hc } from 'hono/client';
import type * as z from 'zod/mini';
import { contactViewSchema, type Candidate, type ContactView } from '../../shared/api';
import {
  businessContactsSchema,
  discardedWriteSchema,
  searchResultSchema,
  writeResultSchema,
  writesListSchema,
  type BusinessContact,
  type Write,
  type WriteResult,
} from '../../shared/actions';
import type { WriteAction } from '../../shared/writes';
import { renewedSessionSchema } from '../../shared/session';
import { errorMessage } from '../components/ErrorPanel';
import { editingWords } from './words';
import {
  type Api,
  type ApiAnswer,
  type ApiClient,
  type ContactApi,
  type ErrorReader,
  isRecord,
  readApiError,
  type Sending,
  WidgetApiError,
  WidgetNetworkError,
} from '../api';

/** One call through the typed client. */
type ApiCall = (server: ApiClient) => Sending;

/**
 * The call that sends a write, by its kind, with `key` as its Idempotency-Key. A write that got no
 * answer is sent again the same way with the same key, so HighLevel gets it once.
 */
function writeCall(action: WriteAction, key: string): ApiCall {
  const options = { headers: { 'Idempotency-Key': key } };
  return (server) => {
    const { tasks, tags, notes, contact } = server.api;
    switch (action.kind) {
      case 'createTask':
        return tasks.$post({ json: action.input }, options);
      case 'updateTask':
        return tasks[':taskId'].$patch({ param: { taskId: action.taskId }, json: action.input }, options);
      case 'completeTask':
        return tasks[':taskId'].completed.$put({ param: { taskId: action.taskId }, json: action.input }, options);
      case 'deleteTask':
        return tasks[':taskId'].$delete({ param: { taskId: action.taskId } }, options);
      case 'addTags':
        return tags.$post({ json: action.input }, options);
      case 'removeTags':
        return tags.$delete({ json: action.input }, options);
      case 'createNote':
        return notes.$post({ json: action.input }, options);
      case 'createContact':
        return contact.$post({ json: action.input }, options);
      case 'updateContact':
        return contact.$patch({ json: action.input }, options);
    }
  };
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((text) => typeof text === 'string');
}

/**
 * Reads an error body as the first screen does, and the two fields only the editing UI acts on:
 * the server's messages on refused fields, and the id of a write HighLevel refused.
 */
const readEditingError: ErrorReader = (body) => {
  const apiError = readApiError(body);
  if (apiError && isRecord(body) && isRecord(body.error)) {
    const { fields, writeId } = body.error;
    if (isTextRecord(fields)) apiError.error.fields = fields;
    if (typeof writeId === 'string') apiError.error.writeId = writeId;
  }
  return apiError;
};

function read<T>(schema: z.ZodMiniType<T>, answer: ApiAnswer): T {
  const parsed = schema.safeParse(answer.body);
  if (parsed.success) return parsed.data;
  throw new WidgetApiError(answer.status, {
    error: {
      code: 'internal',
      message: `The server gave an unexpected answer (HTTP ${answer.status}). Reload the sidebar.`,
      retryable: false,
    },
  });
}

/** Waits before the network layer sends the same request again. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Failures where the request may not have arrived, or the server asks to come back later. */
function worthResending(error: unknown): boolean {
  return error instanceof WidgetNetworkError || (error instanceof WidgetApiError && (error.status === 429 || error.status >= 500));
}

/** A failure in words for the agent. */
export function failureMessage(error: unknown): string {
  if (error instanceof WidgetApiError || error instanceof WidgetNetworkError) return errorMessage(error);
  const t = editingWords();
  return t.errors.internal ?? t.somethingWrong;
}

/** A random key that lets the server recognise the same action sent twice. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Builds the editing client over the session's transport. */
export function createEditingApi(api: ContactApi, resendDelaysMs: readonly number[] = [400, 1200]) {
  const server = hc<Api>('/', api.requestOptions);
  /** Sends one call with the session's transport: its checks of the session and the answer. */
  const call = (request: ApiCall): Promise<ApiAnswer> => api.call(() => request(server), readEditingError);

  /** Sends a write; a lost answer is sent again with the same key, so HighLevel gets it once. */
  async function sendWrite(action: WriteAction, idempotencyKey: string): Promise<WriteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return read(writeResultSchema, await call(writeCall(action, idempotencyKey)));
      } catch (error) {
        const delay = resendDelaysMs[attempt];
        if (delay === undefined || !worthResending(error)) throw error;
        await pause(delay);
      }
    }
  }

  const view = async (request: ApiCall): Promise<ContactView> => read(contactViewSchema, await call(request));
  /** A write's id as a path segment; the server makes only letters and digits, this keeps it so. */
  const writeParam = (writeId: string) => ({ param: { writeId: encodeURIComponent(writeId) } });

  return {
    sendWrite,
    /** The agent asks again for a write HighLevel refused. */
    retryWrite: async (writeId: string): Promise<WriteResult> =>
      read(
        writeResultSchema,
        await call((server) => server.api.writes[':writeId'].retry.$post(writeParam(writeId), { headers: { 'Idempotency-Key': newIdempotencyKey() } })),
      ),
    /** The agent lets a refused write go. */
    discardWrite: async (writeId: string): Promise<Write> =>
      read(discardedWriteSchema, await call((server) => server.api.writes[':writeId'].$delete(writeParam(writeId)))).write,
    /** The session's writes, to follow the ones HighLevel has not taken yet. */
    writes: async (): Promise<Write[]> => read(writesListSchema, await call((server) => server.api.writes.$get())).writes,
    /** HighLevel contacts by name, email or phone. */
    search: async (query: string): Promise<Candidate[]> =>
      read(searchResultSchema, await call((server) => server.api.contacts.search.$get({ query: { q: query } }))).contacts,
    /** Ties the ticket's customer to a HighLevel contact, for this and later tickets. */
    link: (contactId: string) => view((server) => server.api.contact.link.$put({ json: { contactId } })),
    /** Drops that tie: the customer is matched by email and phone again. */
    unlink: () => view((server) => server.api.contact.link.$delete()),
    /** The other contacts of the contact's business. */
    colleagues: async (): Promise<BusinessContact[]> =>
      read(businessContactsSchema, await call((server) => server.api.business.$get())).contacts,
    /** The sidebar as the server now sees it. */
    refresh: () => api.getContact(),
    /** The session token every call carries now. */
    session: (): string => api.requestOptions.headers.Authorization?.replace(/^Bearer /, '') ?? '',
    /**
     * Trades the session for a fresh one of the same ticket and makes every later call carry it,
     * the first screen's and the event stream's included (they all read these headers); answers
     * how long the new one lives.
     */
    async renewSession(): Promise<number> {
      const renewed = read(renewedSessionSchema, await call((server) => server.api.session.$post()));
      api.requestOptions.headers.Authorization = `Bearer ${renewed.session}`;
      return renewed.expiresInMs;
    },
    /** Opens the ticket's event stream; `lastEventId` resumes after a drop. */
    events: (lastEventId: string | null, signal: AbortSignal) =>
      server.api.events.$get(undefined, { headers: lastEventId === null ? {} : { 'Last-Event-ID': lastEventId }, init: { signal } }),
  };
}

/** The editing client of one session. */
export type EditingApi = ReturnType<typeof createEditingApi>;
