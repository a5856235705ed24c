/**
 * The settings page's client for the operator API at `/admin/api`, typed by Hono's
 * `hc<OperatorApi>`, and its sign-in at `/admin/session`. The session lives in an HttpOnly cookie
 * the page never sees; every change carries the session's CSRF token, held here in memory.
 */
import { hc } from 'hono/client';
import type { OperatorApi } from '../../server/http/operator-api';
import type { AdminSessionAnswer, AdminSessionRoutes } from '../../server/http/admin-session';
import { apiErrorSchema } from '../../shared/api';

/** A non-2xx answer, with the server's message (in the operator's words) and the fields it named. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

let csrfToken = '';

const apiBase = '/admin/api';

export const api = hc<OperatorApi>(apiBase, {
  headers: (): Record<string, string> => (csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
  init: { credentials: 'same-origin', cache: 'no-store' },
});

/**
 * The same routes for links the browser follows itself (the audit export): `$url()` builds an
 * absolute address, so this client's base carries the page's origin.
 */
export const links = hc<OperatorApi>(new URL(apiBase, location.origin).href);

/** What went wrong with a call, in the operator's words. */
export function failureMessage(error: unknown): string {
  if (error instanceof AdminApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** An answer as `hc` types it: its status and its JSON. */
type Answer<T> = { ok: boolean; status: number; json(): Promise<T> };

const noAnswer = () => new AdminApiError(0, 'The server did not answer. Check your connection and try again.');

/** Reads an answer's JSON, or throws an `AdminApiError` with the server's words (or the status's). */
export async function read<T>(sending: Promise<Answer<T>>): Promise<T> {
  let response: Answer<T>;
  try {
    response = await sending;
  } catch {
    throw noAnswer();
  }
  if (response.ok) return response.json();
  const refusal = apiErrorSchema.safeParse(await response.json().catch(() => null));
  // A 401 with a session held means it ended; before one is held (a wrong secret) it means nothing more.
  if (response.status === 401 && csrfToken !== '') signedOut();
  if (!refusal.success) throw new AdminApiError(response.status, `The server answered ${response.status}.`);
  throw new AdminApiError(response.status, refusal.data.error.message, refusal.data.error.fields ?? {});
}

const listeners = new Set<() => void>();

/** Told when the server says the session is gone (expired, ended elsewhere). */
export function onSignedOut(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function signedOut(): void {
  csrfToken = '';
  listeners.forEach((listener) => listener());
}

/** The sign-in routes, typed as the server declares them. */
const session = hc<AdminSessionRoutes>('/admin/session', {
  headers: (): Record<string, string> => (csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
  init: { credentials: 'same-origin', cache: 'no-store' },
});

/** The session this browser already holds, or null when it must sign in. */
export async function resumeSession(): Promise<AdminSessionAnswer | null> {
  let answer: Awaited<ReturnType<typeof session.index.$get>>;
  try {
    answer = await session.index.$get();
  } catch {
    throw noAnswer();
  }
  if (answer.status === 401) return null;
  const held = await read(Promise.resolve(answer));
  csrfToken = held.csrfToken;
  return held;
}

export async function signIn(secret: string): Promise<AdminSessionAnswer> {
  const held = await read(session.index.$post({ json: { secret } }));
  csrfToken = held.csrfToken;
  return held;
}

export async function signOut(): Promise<void> {
  await session.index.$delete().catch(() => undefined);
  csrfToken = '';
}
