/**
 * What every endpoint module builds on: cached reads, invalidating writes, and the checks
 * that keep bad input from ever reaching HighLevel.
 */
import type { z } from 'zod';
import type { ReadCache, ReadScope } from './cache';
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
  /** A cached read, shared with identical reads in flight; always safe to retry. */
  read<T>(scope: ReadScope, request: ReadRequest<T>): Promise<T>;
  /**
   * A write, which drops what it may change before it starts (so no read already in flight
   * is kept) and again once it ends, whatever the outcome.
   */
  write<T>(effect: WriteEffect, request: OutsideRequest<T>): Promise<T>;
}

/** The plumbing over one transport and one cache. */
export function createRequestKit(
  locationId: string,
  transport: OutsideHttp,
  cache: ReadCache,
): RequestKit {
  return {
    locationId,
    read(scope, request) {
      const method = request.method ?? 'GET';
      const key = JSON.stringify([method, request.path, request.query ?? {}, request.body ?? null]);
      return cache.read(key, scope, () => transport.send({ ...request, method, idempotent: true }));
    },
    async write(effect, request) {
      cache.invalidate(effect);
      try {
        return await transport.send(request);
      } finally {
        cache.invalidate(effect);
      }
    },
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
  if (typeof id !== 'string' || id.trim() === '' || id === '.' || id === '..') {
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

/** Fails a delete HighLevel answered with `{succeded: false}`. */
export function confirmDeleted(body: { succeded?: boolean | undefined }, operation: string): void {
  if (body.succeded === false) {
    throw new OutsideError({
    system: 'highlevel',
      kind: 'rejected',
      status: 200,
      messages: ['HighLevel did not confirm the deletion'],
      operation,
    });
  }
}
