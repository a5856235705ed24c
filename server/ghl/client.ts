import type { z } from 'zod';
import { createReadCache, type ReadCacheStats, type ReadScope } from './cache';
import { GhlError } from './errors';
import { createTransport, type GhlCall, type GhlRequest, type GhlTransportStats } from './http';
import { sharedRateLimiter, type RateLimit } from './limiter';
import {
  appointmentsResponseSchema,
  contactListResponseSchema,
  contactResponseSchema,
  contactSearchSchema,
  contactUpdateSchema,
  deletedResponseSchema,
  duplicateContactResponseSchema,
  duplicateLookupSchema,
  newContactSchema,
  newNoteSchema,
  newTaskSchema,
  noteResponseSchema,
  notesResponseSchema,
  searchContactsResponseSchema,
  tagListSchema,
  tagsResponseSchema,
  taskResponseSchema,
  tasksResponseSchema,
  taskUpdateSchema,
  type GhlAppointment,
  type GhlContact,
  type GhlContactPage,
  type GhlContactSearch,
  type GhlContactUpdate,
  type GhlDuplicateLookup,
  type GhlNewContact,
  type GhlNewNote,
  type GhlNewTask,
  type GhlNote,
  type GhlTask,
  type GhlTaskUpdate,
} from './schemas';

/** How to reach one HighLevel location. */
export interface GhlClientOptions {
  /** `https://services.leadconnectorhq.com`, or a sandbox. */
  baseUrl: string;
  locationId: string;
  /** Read on every attempt, so a rotated token takes effect at once. */
  token: () => string;
  /** Per attempt; default 10000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** How long a successful read is reused; default 30000, 0 turns the cache off. */
  cacheTtlMs?: number;
  /** HighLevel's burst limit for the location; default 100 per 10000 ms. */
  rateLimit?: RateLimit;
  fetch?: typeof fetch;
  /** Told of every HTTP attempt, for logs and metrics. */
  onCall?: (call: GhlCall) => void;
  /** The first retry waits up to this long, each later one up to twice as long; default 250. */
  retryBaseMs?: number;
}

/** Counts of the client's traffic, for tests, benchmarks and metrics. */
export type GhlClientStats = GhlTransportStats & ReadCacheStats;

/**
 * The HighLevel contacts API for one location. Every method resolves to validated data or
 * rejects with a `GhlError`. Reads are cached and shared while in flight; writes drop the
 * cached reads they may have changed.
 */
export interface GhlClient {
  /** `POST /contacts/search`: email and phone become `eq` filters that all must match. */
  searchContacts(search: GhlContactSearch): Promise<GhlContactPage>;
  /** `GET /contacts/search/duplicate`: the contact HighLevel considers the same person. */
  findDuplicate(lookup: GhlDuplicateLookup): Promise<GhlContact | null>;
  /** `GET /contacts/` (deprecated by HighLevel; prefer `searchContacts`). */
  listContacts(options?: { query?: string; limit?: number }): Promise<GhlContactPage>;
  getContact(contactId: string): Promise<GhlContact>;
  getContactsByBusiness(businessId: string, options?: { limit?: number }): Promise<GhlContactPage>;
  /** `POST /contacts/`; never retried after a 5xx or timeout, so it cannot create twice. */
  createContact(contact: GhlNewContact): Promise<GhlContact>;
  /** `PUT /contacts/{id}`; tags change through `addTags` and `removeTags`. */
  updateContact(contactId: string, update: GhlContactUpdate): Promise<GhlContact>;
  deleteContact(contactId: string): Promise<void>;
  getTasks(contactId: string): Promise<GhlTask[]>;
  getTask(contactId: string, taskId: string): Promise<GhlTask>;
  createTask(contactId: string, task: GhlNewTask): Promise<GhlTask>;
  updateTask(contactId: string, taskId: string, update: GhlTaskUpdate): Promise<GhlTask>;
  deleteTask(contactId: string, taskId: string): Promise<void>;
  /** `PUT …/tasks/{id}/completed`. */
  setTaskCompleted(contactId: string, taskId: string, completed: boolean): Promise<GhlTask>;
  /** Adds tags and resolves to the contact's tags afterwards. */
  addTags(contactId: string, tags: string[]): Promise<string[]>;
  /** Removes tags and resolves to the contact's tags afterwards. */
  removeTags(contactId: string, tags: string[]): Promise<string[]>;
  getNotes(contactId: string): Promise<GhlNote[]>;
  getNote(contactId: string, noteId: string): Promise<GhlNote>;
  createNote(contactId: string, note: GhlNewNote): Promise<GhlNote>;
  getAppointments(contactId: string): Promise<GhlAppointment[]>;
  /** Drops the contact's cached reads and every cached search (it changed elsewhere). */
  invalidateContact(contactId: string): void;
  stats(): GhlClientStats;
}

type Method = GhlRequest<unknown>['method'];

/** Creates a client; clients of the same location and base URL share one rate limiter. */
export function createGhlClient(options: GhlClientOptions): GhlClient {
  const rateLimit = options.rateLimit ?? { max: 100, intervalMs: 10_000 };
  const { locationId } = options;
  const cache = createReadCache(options.cacheTtlMs ?? 30_000);
  const transport = createTransport({
    baseUrl: options.baseUrl,
    token: options.token,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseMs: options.retryBaseMs ?? 250,
    rateLimitIntervalMs: rateLimit.intervalMs,
    limiter: sharedRateLimiter({ baseUrl: options.baseUrl, locationId }, rateLimit),
    fetch: options.fetch ?? globalThis.fetch,
    ...(options.onCall === undefined ? {} : { onCall: options.onCall }),
  });

  /** A cached, coalesced read; `POST /contacts/search` is a read too. */
  function read<T>(
    scope: ReadScope,
    request: Omit<GhlRequest<T>, 'method' | 'idempotent'> & { method?: Method },
  ): Promise<T> {
    const method = request.method ?? 'GET';
    const key = JSON.stringify([method, request.path, request.query ?? {}, request.body ?? null]);
    return cache.read(key, scope, () => transport.send({ ...request, method, idempotent: true }));
  }

  /**
   * A write, which drops what it may change before it starts (so no read already in flight
   * is kept) and again once it ends, whatever the outcome.
   */
  async function write<T>(
    affects: { contactId?: string; searches?: boolean },
    request: GhlRequest<T>,
  ): Promise<T> {
    cache.invalidate(affects);
    try {
      return await transport.send(request);
    } finally {
      cache.invalidate(affects);
    }
  }

  const operation = (method: Method, path: string): string => `${method} ${path}`;

  /** Validates caller input against a request schema, keeping only the fields it names. */
  function input<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new GhlError({
      kind: 'bad_request',
      status: null,
      messages: parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
      ),
      operation: where,
    });
  }

  /** An id as one encoded path segment; an empty id would address another endpoint. */
  function segment(id: string, name: string, where: string): string {
    if (typeof id !== 'string' || id.trim() === '') {
      throw new GhlError({
        kind: 'bad_request',
        status: null,
        messages: [`${name} is empty`],
        operation: where,
      });
    }
    return encodeURIComponent(id);
  }

  const contactPath = (contactId: string, where: string): string =>
    `/contacts/${segment(contactId, 'contactId', where)}`;

  function confirmDeleted(body: { succeded?: boolean | undefined }, where: string): void {
    if (body.succeded === false) {
      throw new GhlError({
        kind: 'rejected',
        status: 200,
        messages: ['HighLevel did not confirm the deletion'],
        operation: where,
      });
    }
  }

  function page(body: {
    contacts: GhlContact[];
    total?: number | undefined;
    count?: number | undefined;
    meta?: { total?: number | undefined } | undefined;
  }): GhlContactPage {
    return {
      contacts: body.contacts,
      total: body.total ?? body.meta?.total ?? body.count ?? body.contacts.length,
    };
  }

  return {
    async searchContacts(search) {
      const where = operation('POST', '/contacts/search');
      const { email, phone, query, pageLimit } = input(contactSearchSchema, search, where);
      const filters = [
        ...(email === undefined ? [] : [{ field: 'email', operator: 'eq', value: email }]),
        ...(phone === undefined ? [] : [{ field: 'phone', operator: 'eq', value: phone }]),
      ];
      const body = {
        locationId,
        pageLimit: pageLimit ?? 20,
        ...(query === undefined ? {} : { query }),
        ...(filters.length === 0 ? {} : { filters }),
      };
      return page(
        await read('searches', {
          method: 'POST',
          path: '/contacts/search',
          body,
          schema: searchContactsResponseSchema,
        }),
      );
    },

    async findDuplicate(lookup) {
      const where = operation('GET', '/contacts/search/duplicate');
      const wanted = input(duplicateLookupSchema, lookup, where);
      const body = await read('searches', {
        path: '/contacts/search/duplicate',
        query: { locationId, ...wanted },
        schema: duplicateContactResponseSchema,
      });
      return body.contact ?? null;
    },

    async listContacts(options = {}) {
      return page(
        await read('searches', {
          path: '/contacts/',
          query: {
            locationId,
            query: options.query,
            limit: options.limit === undefined ? undefined : String(options.limit),
          },
          schema: contactListResponseSchema,
        }),
      );
    },

    async getContact(contactId) {
      const path = contactPath(contactId, 'GET /contacts/{contactId}');
      const body = await read({ contactId }, { path, schema: contactResponseSchema });
      return body.contact;
    },

    async getContactsByBusiness(businessId, options = {}) {
      const where = 'GET /contacts/business/{businessId}';
      const path = `/contacts/business/${segment(businessId, 'businessId', where)}`;
      return page(
        await read('searches', {
          path,
          query: {
            locationId,
            limit: options.limit === undefined ? undefined : String(options.limit),
          },
          schema: contactListResponseSchema,
        }),
      );
    },

    async createContact(contact) {
      const fields = input(newContactSchema, contact, operation('POST', '/contacts/'));
      const body = await write(
        { searches: true },
        {
          method: 'POST',
          path: '/contacts/',
          body: { ...fields, locationId },
          schema: contactResponseSchema,
          idempotent: false,
        },
      );
      return body.contact;
    },

    async updateContact(contactId, update) {
      const path = contactPath(contactId, 'PUT /contacts/{contactId}');
      const fields = input(contactUpdateSchema, update, operation('PUT', path));
      const body = await write(
        { contactId, searches: true },
        { method: 'PUT', path, body: fields, schema: contactResponseSchema, idempotent: true },
      );
      return body.contact;
    },

    async deleteContact(contactId) {
      const path = contactPath(contactId, 'DELETE /contacts/{contactId}');
      const body = await write(
        { contactId, searches: true },
        { method: 'DELETE', path, schema: deletedResponseSchema, idempotent: true },
      );
      confirmDeleted(body, operation('DELETE', path));
    },

    async getTasks(contactId) {
      const path = `${contactPath(contactId, 'GET /contacts/{contactId}/tasks')}/tasks`;
      return (await read({ contactId }, { path, schema: tasksResponseSchema })).tasks;
    },

    async getTask(contactId, taskId) {
      const where = 'GET /contacts/{contactId}/tasks/{taskId}';
      const path = `${contactPath(contactId, where)}/tasks/${segment(taskId, 'taskId', where)}`;
      return (await read({ contactId }, { path, schema: taskResponseSchema })).task;
    },

    async createTask(contactId, task) {
      const path = `${contactPath(contactId, 'POST /contacts/{contactId}/tasks')}/tasks`;
      const fields = input(newTaskSchema, task, operation('POST', path));
      const body = await write(
        { contactId },
        { method: 'POST', path, body: fields, schema: taskResponseSchema, idempotent: false },
      );
      return body.task;
    },

    async updateTask(contactId, taskId, update) {
      const where = 'PUT /contacts/{contactId}/tasks/{taskId}';
      const path = `${contactPath(contactId, where)}/tasks/${segment(taskId, 'taskId', where)}`;
      const fields = input(taskUpdateSchema, update, operation('PUT', path));
      const body = await write(
        { contactId },
        { method: 'PUT', path, body: fields, schema: taskResponseSchema, idempotent: true },
      );
      return body.task;
    },

    async deleteTask(contactId, taskId) {
      const where = 'DELETE /contacts/{contactId}/tasks/{taskId}';
      const path = `${contactPath(contactId, where)}/tasks/${segment(taskId, 'taskId', where)}`;
      const body = await write(
        { contactId },
        { method: 'DELETE', path, schema: deletedResponseSchema, idempotent: true },
      );
      confirmDeleted(body, operation('DELETE', path));
    },

    async setTaskCompleted(contactId, taskId, completed) {
      const where = 'PUT /contacts/{contactId}/tasks/{taskId}/completed';
      const path = `${contactPath(contactId, where)}/tasks/${segment(taskId, 'taskId', where)}/completed`;
      if (typeof completed !== 'boolean') {
        throw new GhlError({
          kind: 'bad_request',
          status: null,
          messages: ['completed must be true or false'],
          operation: where,
        });
      }
      const body = await write(
        { contactId },
        { method: 'PUT', path, body: { completed }, schema: taskResponseSchema, idempotent: true },
      );
      return body.task;
    },

    async addTags(contactId, tags) {
      const path = `${contactPath(contactId, 'POST /contacts/{contactId}/tags')}/tags`;
      const list = input(tagListSchema, tags, operation('POST', path));
      const body = await write(
        { contactId, searches: true },
        { method: 'POST', path, body: { tags: list }, schema: tagsResponseSchema, idempotent: false },
      );
      return body.tags;
    },

    async removeTags(contactId, tags) {
      const path = `${contactPath(contactId, 'DELETE /contacts/{contactId}/tags')}/tags`;
      const list = input(tagListSchema, tags, operation('DELETE', path));
      const body = await write(
        { contactId, searches: true },
        { method: 'DELETE', path, body: { tags: list }, schema: tagsResponseSchema, idempotent: true },
      );
      return body.tags;
    },

    async getNotes(contactId) {
      const path = `${contactPath(contactId, 'GET /contacts/{contactId}/notes')}/notes`;
      return (await read({ contactId }, { path, schema: notesResponseSchema })).notes;
    },

    async getNote(contactId, noteId) {
      const where = 'GET /contacts/{contactId}/notes/{id}';
      const path = `${contactPath(contactId, where)}/notes/${segment(noteId, 'noteId', where)}`;
      return (await read({ contactId }, { path, schema: noteResponseSchema })).note;
    },

    async createNote(contactId, note) {
      const path = `${contactPath(contactId, 'POST /contacts/{contactId}/notes')}/notes`;
      const fields = input(newNoteSchema, note, operation('POST', path));
      const body = await write(
        { contactId },
        { method: 'POST', path, body: fields, schema: noteResponseSchema, idempotent: false },
      );
      return body.note;
    },

    async getAppointments(contactId) {
      const path = `${contactPath(contactId, 'GET /contacts/{contactId}/appointments')}/appointments`;
      return (await read({ contactId }, { path, schema: appointmentsResponseSchema })).events;
    },

    invalidateContact(contactId) {
      cache.invalidate({ contactId, searches: true });
    },

    stats() {
      return { ...transport.stats(), ...cache.stats() };
    },
  };
}
