/**
 * The editing calls of the widget API. Every answer is checked with the shared schemas;
 * an answer in another shape counts as a failed call, never as data.
 */
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
import { type ApiAnswer, type ContactApi, WidgetApiError, WidgetNetworkError } from '../api';

/** A write as it goes over the wire: sent again unchanged, with the same key, when it got no answer. */
export interface WriteRequest {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}


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
  if (error instanceof WidgetApiError || error instanceof WidgetNetworkError) return error.message;
  return 'Something went wrong in the sidebar.';
}

/** A random key that lets the server recognise the same action sent twice. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Builds the editing client over the session's transport. */
export function createEditingApi(api: ContactApi, resendDelaysMs: readonly number[] = [400, 1200]) {
  /** Sends a write; a lost answer is sent again with the same key, so HighLevel gets it once. */
  async function sendWrite(request: WriteRequest, idempotencyKey: string): Promise<WriteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await api.send(request.method, request.path, request.body, { 'Idempotency-Key': idempotencyKey });
        return read(writeResultSchema, answer);
      } catch (error) {
        const delay = resendDelaysMs[attempt];
        if (delay === undefined || !worthResending(error)) throw error;
        await pause(delay);
      }
    }
  }

  const view = async (method: string, path: string, body?: unknown): Promise<ContactView> =>
    read(contactViewSchema, await api.send(method, path, body));

  return {
    sendWrite,
    /** The agent asks again for a write HighLevel refused. */
    retryWrite: async (writeId: string): Promise<WriteResult> =>
      read(writeResultSchema, await api.send('POST', `/api/writes/${encodeURIComponent(writeId)}/retry`, undefined, { 'Idempotency-Key': newIdempotencyKey() })),
    /** The agent lets a refused write go. */
    discardWrite: async (writeId: string): Promise<Write> =>
      read(discardedWriteSchema, await api.send('DELETE', `/api/writes/${encodeURIComponent(writeId)}`)).write,
    /** The session's writes, to follow the ones HighLevel has not taken yet. */
    writes: async (): Promise<Write[]> => read(writesListSchema, await api.send('GET', '/api/writes')).writes,
    /** HighLevel contacts by name, email or phone. */
    search: async (query: string): Promise<Candidate[]> =>
      read(searchResultSchema, await api.send('GET', `/api/contacts/search?q=${encodeURIComponent(query)}`)).contacts,
    /** Ties the ticket's customer to a HighLevel contact, for this and later tickets. */
    link: (contactId: string) => view('PUT', '/api/contact/link', { contactId }),
    /** Drops that tie: the customer is matched by email and phone again. */
    unlink: () => view('DELETE', '/api/contact/link'),
    /** The other contacts of the contact's business. */
    colleagues: async (): Promise<BusinessContact[]> => read(businessContactsSchema, await api.send('GET', '/api/business')).contacts,
    /** The sidebar as the server now sees it. */
    refresh: () => api.getContact(),
  };
}

/** The editing client of one session. */
export type EditingApi = ReturnType<typeof createEditingApi>;
