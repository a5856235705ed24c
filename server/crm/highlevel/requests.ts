/**
 * What every endpoint module builds on: cached reads, invalidating writes, and the checks
 * that keep bad input from ever reaching HighLevel.
 */
import type { z } from 'zod';
import type { ReadCache, ReadScope } from './cache';
import { isUsableId, type DroppedReporter } from './reading';
import { OutsideError, type OutsideHttp, type OutsideRequest } from '../../platform/outside-http';

/** What a write may have changed: one contact's reads, and with `searches` every search. */
export interface WriteEffect {
  contactId?: string;
  searches?: boolean;
}

/** A read: GET unless said otherwise (`POST /contacts/search` is a read too). */
export type ReadRequest<T> = Omit<OutsideRequest<T>, 'method' | 'idempotent'> & {
  method?: OutsideRequest<T>['method'];
};

/** The request plumbing of one client, shared by its endpoint modules. */
export interface RequestKit {
  locationId: string;
  /**
   * A cached read, shared with identical reads in flight; always safe to retry. `shape` turns
   * the answer's body into what the method returns, once per answer (so an item it leaves out
   * is reported once, not on every cache hit).
   */
  read<B, T>(scope: ReadScope, request: ReadRequest<B>, shape: (body: B) => T): Promise<T>;
  /**
   * A write, which drops what it may change before it starts (so no read already in flight
   * is kept) and again once it ends, whatever the outcome. Resolves to undefined when HighLevel
   * accepted the write (a 2xx) with a body that cannot be read: the write happened, and sending
   * it again would make it twice.
   */
  write<T>(effect: WriteEffect, request: OutsideRequest<T>, operation: string): Promise<T | undefined>;
  /** Tells the client's owner of a part of an answer that was left out. */
  report: DroppedReporter;
}

/** The plumbing over one transport and one cache. */
export function createRequestKit(
  locationId: string,
  transport: OutsideHttp,
  cache: ReadCache,
  report: DroppedReporter,
): RequestKit {
  return {
    locationId,
    read(scope, request, shape) {
      const method = request.method ?? 'GET';
      const key = JSON.stringify([method, request.path, request.query ?? {}, request.body ?? null]);
      return cache.read(key, scope, async () => shape(await transport.send({ ...request, method, idempotent: true })));
    },
    async write(effect, request, operation) {
      cache.invalidate(effect);
      try {
        return await transport.send(request);
      } catch (error) {
        // The kit only calls a 2xx answer invalid: HighLevel performed the write.
        if (!(error instanceof OutsideError && error.kind === 'invalid_response')) throw error;
        report({ operation, what: 'answer', reason: error.messages.join('; ') });
        return undefined;
      } finally {
        cache.invalidate(effect);
      }
    },
    report,
  };
}

/** Caller input checked against a request schema, keeping only the fields the schema names. */
export function checkedInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  operation: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new OutsideError({
    system: 'highlevel',
    kind: 'bad_request',
    status: null,
    messages: parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
    ),
    operation,
  });
}

/**
 * An id as one encoded path segment. An empty id would address another endpoint, and `.` or
 * `..` (which encoding leaves as they are) would climb the path, so those are refused.
 */
export function pathSegment(id: string, name: string, operation: string): string {
  if (!isUsableId(id)) {
    throw new OutsideError({
      system: 'highlevel',
      kind: 'bad_request',
      status: null,
      messages: [`${name} is ${typeof id === 'string' && id.trim() !== '' ? 'not an id' : 'empty'}`],
      operation,
    });
  }
  return encodeURIComponent(id);
}

/** `/contacts/{contactId}` with the id encoded. */
export function contactPath(contactId: string, operation: string): string {
  return `/contacts/${pathSegment(contactId, 'contactId', operation)}`;
}

/**
 * Fails a delete HighLevel answered with `{succeded: false}`; any other answer, even one that
 * cannot be read, confirms it.
 */
export function confirmDeleted(body: { succeded?: boolean | undefined } | undefined, operation: string): void {
  if (body?.succeded === false) {
    throw new OutsideError({
      system: 'highlevel',
      kind: 'rejected',
      status: 200,
      messages: ['HighLevel did not confirm the deletion'],
      operation,
    });
  }
}
