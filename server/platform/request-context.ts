/**
 * The request a piece of work belongs to, carried through every await without being passed
 * along by hand, so outside calls and log lines can name the request that caused them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

type RequestContext = { requestId: string; background?: boolean };

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` as part of the request `requestId`. */
export function runInRequest<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/**
 * Runs `work` as background work (a refresh behind an answer, an event's re-read, a prewarm):
 * its outside calls wait behind those of agents waiting on an answer.
 */
export function runInBackground<T>(work: () => T): T {
  return storage.run({ requestId: storage.getStore()?.requestId ?? randomUUID(), background: true }, work);
}

/** Whose outside calls the current work makes: an agent's waiting on an answer, or background work. */
export function currentPriority(): 'agent' | 'background' {
  return storage.getStore()?.background ? 'background' : 'agent';
}

/** The id of the request the current work belongs to, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** An incoming `X-Request-Id` worth keeping: short, and only characters safe in logs and headers. */
const saneRequestId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The caller's request id when it is sane, else a new one. */
export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && saneRequestId.test(header) ? header : randomUUID();
}
