/**
 * The settings page's client for the operator API at `/admin/api`, typed by Hono's
 * `hc<OperatorApi>`, and its sign-in at `/admin/session`. The session lives in an HttpOnly cookie
 * the page never sees; every change carries the session's CSRF token, held here in memory.
 */
import { hc } from 'hono/client';
import type { OperatorApi } from '../../server/http/operator-api';
import type { AdminSessionAnswer } from '../../server/http/admin-session';

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

/** Reads an answer's JSON, or throws an `AdminApiError` with the server's words (or the status's). */
export async function read<T>(sending: Promise<Response & { json(): Promise<T> }> | Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<T> {
  let response: { ok: boolean; status: number; json(): Promise<unknown> };
  try {
    response = await sending;
  } catch {
    throw new AdminApiError(0, 'The server did not answer. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body.error as { message?: unknown; fields?: unknown }) : null;
  const message = typeof error?.message === 'string' ? error.message : `The server answered ${response.status}.`;
  const fields = typeof error?.fields === 'object' && error.fields !== null ? (error.fields as Record<string, string>) : {};
  if (response.status === 401) signedOut();
  throw new AdminApiError(response.status, message, fields);
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

async function sessionCall(method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<Response> {
  try {
    return await fetch('/admin/session', {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new AdminApiError(0, 'The server did not answer. Check your connection and try again.');
  }
}

/** The session this browser already holds, or null when it must sign in. */
export async function resumeSession(): Promise<AdminSessionAnswer | null> {
  const response = await sessionCall('GET');
  if (response.status === 401) return null;
  const session = await read<AdminSessionAnswer>(Promise.resolve(response));
  csrfToken = session.csrfToken;
  return session;
}

export async function signIn(secret: string): Promise<AdminSessionAnswer> {
  const response = await sessionCall('POST', { secret });
  if (response.status === 401) {
    const body: unknown = await response.json().catch(() => null);
    const message = typeof body === 'object' && body !== null && 'error' in body ? String((body.error as { message?: unknown }).message) : 'That is not the operator secret.';
    throw new AdminApiError(401, message);
  }
  const session = await read<AdminSessionAnswer>(Promise.resolve(response));
  csrfToken = session.csrfToken;
  return session;
}

export async function signOut(): Promise<void> {
  await sessionCall('DELETE');
  csrfToken = '';
}
