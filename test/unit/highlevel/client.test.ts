/**
 * The client against a scripted fetch: what it sends, how it reads answers, and how it
 * retries, for cases where the answer or the timing must be exact.
 */
import { describe, expect, it } from 'vitest';
import type { DroppedItem } from '../../../server/crm/highlevel/index';
import { failure } from '../../support/failure';
import { backoffMs } from '../../../server/platform/outside-http';
import { clientFor, hangingUntilAborted, json } from '../../support/fake-fetch';

const contact = { id: 'c1', firstName: 'Maria', email: 'maria@example.com', tags: ['vip'] };

/** A client that keeps what it reports as left out. */
function reportingClientFor(respond: Parameters<typeof clientFor>[0]) {
  const dropped: DroppedItem[] = [];
  return { ...clientFor(respond, { onDropped: (item) => dropped.push(item) }), dropped };
}

describe('what the client sends', () => {
  it('sends the token and API version, reading the token on every call', async () => {
    let token = 'first-token';
    const { client, requests } = clientFor(() => json(200, { contact }), {
      token: () => token,
      cacheTtlMs: 0,
    });
    await client.getContact('c1');
    token = 'rotated-token';
    await client.getContact('c1');
    expect(requests.map((r) => r.headers.get('Authorization'))).toEqual([
      'Bearer first-token',
      'Bearer rotated-token',
    ]);
    expect(requests[0]?.headers.get('Version')).toBe('2021-07-28');
  });

  it('encodes every id as one path segment', async () => {
    const { client, requests } = clientFor(() => json(200, { task: { id: 't/1' } }));
    await client.getTask('a/b?c', 't/1');
    expect(requests[0]?.url.pathname).toBe('/contacts/a%2Fb%3Fc/tasks/t%2F1');
  });

  it('refuses an empty id instead of calling another endpoint', async () => {
    const { client, requests } = clientFor(() => json(200, { contacts: [] }));
    const error = await failure(client.getContact(''));
    expect(error.kind).toBe('bad_request');
    expect(error.status).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it('searches by email and phone with eq filters, and by free text with query', async () => {
    const { client, requests } = clientFor(() => json(200, { contacts: [contact], total: 1 }));
    const page = await client.searchContacts({ email: 'maria@example.com', pageLimit: 5 });
    await client.searchContacts({ phone: '+14155550134' });
    await client.searchContacts({ query: 'Maria' });
    expect(page).toEqual({ contacts: [contact], total: 1 });
    expect(requests.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      [
        'POST',
        '/contacts/search',
        {
          locationId: 'loc1',
          pageLimit: 5,
          filters: [{ field: 'email', operator: 'eq', value: 'maria@example.com' }],
        },
      ],
      [
        'POST',
        '/contacts/search',
        {
          locationId: 'loc1',
          pageLimit: 20,
          filters: [{ field: 'phone', operator: 'eq', value: '+14155550134' }],
        },
      ],
      ['POST', '/contacts/search', { locationId: 'loc1', pageLimit: 20, query: 'Maria' }],
    ]);
  });

  it('looks duplicates up with + and @ percent-encoded', async () => {
    const { client, requests } = clientFor((request) =>
      json(200, { contact: request.url.searchParams.has('number') ? contact : null }),
    );
    expect(await client.findDuplicate({ number: '+14155550134' })).toEqual(contact);
    expect(await client.findDuplicate({ email: 'a+b@example.com' })).toBeNull();
    expect(requests.map((r) => r.url.search)).toEqual([
      '?locationId=loc1&number=%2B14155550134',
      '?locationId=loc1&email=a%2Bb%40example.com',
    ]);
  });

  it('sends only the fields HighLevel knows, whatever the caller passes', async () => {
    const { client, requests } = clientFor(() => json(201, { contact: { id: 'new' } }));
    const extra = { firstName: 'Ann', email: 'ann@example.com', favouriteColour: 'green' };
    await client.createContact(extra);
    expect(requests[0]?.body).toEqual({
      firstName: 'Ann',
      email: 'ann@example.com',
      locationId: 'loc1',
    });
  });

  it('leaves tags out of a contact update, since a PUT with tags would replace them all', async () => {
    const { client, requests } = clientFor(() => json(200, { succeded: true, contact }));
    const update = { companyName: null, city: 'Utrecht', tags: ['only-this'] };
    await client.updateContact('c1', update);
    expect(requests[0]?.body).toEqual({ city: 'Utrecht' });
  });

  it('removes tags with a DELETE that carries a body', async () => {
    const { client, requests } = clientFor(() => json(200, { tags: ['vip'] }));
    expect(await client.removeTags('c1', ['lead'])).toEqual(['vip']);
    expect(requests[0]).toMatchObject({ method: 'DELETE', body: { tags: ['lead'] } });
  });
});

describe('reading answers', () => {
  it('keeps unknown fields and accepts nulls and missing optional fields', async () => {
    const { client } = clientFor(() =>
      json(200, { contact: { id: 'c1', email: null, brandNewField: { x: 1 } }, traceId: 't' }),
    );
    const got = await client.getContact('c1');
    expect(got).toMatchObject({ id: 'c1', email: null, brandNewField: { x: 1 } });
  });

  it('rejects a contact whose shown field has the wrong type as an invalid response, without retrying', async () => {
    const { client, requests } = clientFor(() => json(200, { contact: { id: 'c1', email: 42 } }));
    const error = await failure(client.getContact('c1'));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200, retryable: false });
    expect(error.messages.join()).toContain('contact.email');
    expect(requests).toHaveLength(1);
  });

  it('rejects a contact read that holds no contact, since the sidebar shows that record', async () => {
    const { client } = clientFor(() => json(200, { succeded: true }));
    expect(await failure(client.getContact('c1'))).toMatchObject({ kind: 'invalid_response', status: 200 });
  });

  it('reads a 422 into its messages and trace id', async () => {
    const { client } = clientFor(() =>
      json(422, {
        statusCode: 422,
        message: ['title should not be empty', 'dueDate must be a valid ISO 8601 date string'],
        error: 'Unprocessable Entity',
        traceId: 'trace-123',
      }),
    );
    const error = await failure(
      client.createTask('c1', { title: 'Call', dueDate: '2030-01-01T00:00:00Z', completed: false }),
    );
    expect(error).toMatchObject({
      kind: 'rejected',
      status: 422,
      traceId: 'trace-123',
      messages: ['title should not be empty', 'dueDate must be a valid ISO 8601 date string'],
      retryable: false,
    });
  });

  it.each([
    [400, 'bad_request'],
    [401, 'auth'],
    [403, 'scope'],
    [404, 'not_found'],
    [409, 'bad_request'],
  ] as const)('maps %i to %s', async (status, kind) => {
    const { client } = clientFor(() => json(status, { statusCode: status, message: 'no' }));
    expect(await failure(client.getNotes('c1'))).toMatchObject({ kind, status, messages: ['no'] });
  });

  it('keeps the token out of the error even when HighLevel echoes it', async () => {
    const { client } = clientFor(() =>
      json(401, {
        statusCode: 401,
        message: 'Invalid token: secret-token (Authorization: Bearer secret-token)',
        traceId: 'secret-token',
      }),
    );
    const error = await failure(client.getContact('c1'));
    expect(error.kind).toBe('auth');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(
      'secret-token',
    );
  });

  it('treats succeded: false on a delete as a refusal', async () => {
    const { client } = clientFor(() => json(200, { succeded: false }));
    expect(await failure(client.deleteTask('c1', 't1'))).toMatchObject({ kind: 'rejected' });
  });
});

describe('reading answers as tolerantly as the contract allows', () => {
  it('counts a contact edit HighLevel answered with only {succeded: true} as done, sending it once', async () => {
    const { client, requests, dropped } = reportingClientFor(() => json(200, { succeded: true }));
    expect(await client.updateContact('c1', { firstName: 'New' })).toBeNull();
    expect(requests.map((r) => r.method)).toEqual(['PUT']);
    expect(dropped).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', () => new Response('Created', { status: 201 })],
    ['a note without an id', () => json(201, { note: { body: 'Called back' } })],
  ])('resolves a create HighLevel accepted with %s to null, sent once and reported', async (_case, answer) => {
    const { client, requests, dropped } = reportingClientFor(answer);
    expect(await client.createNote('c1', { body: 'Called back' })).toBeNull();
    expect(requests).toHaveLength(1);
    expect(dropped).toEqual([
      expect.objectContaining({ operation: 'POST /contacts/{contactId}/notes', what: 'answer' }),
    ]);
  });

  it('resolves every other write HighLevel accepted, whatever its body', async () => {
    const { client, requests } = reportingClientFor(() => new Response('', { status: 200 }));
    expect(await client.setTaskCompleted('c1', 't1', true)).toBeNull();
    expect(await client.updateTask('c1', 't1', { title: 'Call' })).toBeNull();
    await client.deleteTask('c1', 't1');
    expect(await client.addTags('c1', ['vip'])).toBeNull();
    expect(await client.removeTags('c1', ['vip'])).toBeNull();
    expect(requests).toHaveLength(5);
  });

  it("lists a company's contacts when followers is a string, as in the contract's own example", async () => {
    const { client } = clientFor(() =>
      json(200, {
        contacts: [{ id: 'c2', firstName: 'Pieter', followers: '641c094001436dbc2081e642', customFields: [{ value: 'x' }] }],
        count: 1,
      }),
    );
    const page = await client.getContactsByBusiness('b1');
    expect(page).toMatchObject({ contacts: [{ id: 'c2', firstName: 'Pieter' }], total: 1 });
  });

  it('leaves out an appointment without an id, reports it, and shows the others', async () => {
    const { client, dropped } = reportingClientFor(() =>
      json(200, { events: [{ title: 'Site visit' }, { id: 'a2', title: 'Measure up' }, { id: 7 }] }),
    );
    expect((await client.getAppointments('c1')).map((event) => event.title)).toEqual(['Measure up']);
    expect(dropped).toEqual([
      { operation: 'GET /contacts/{contactId}/appointments', what: 'appointment', reason: expect.stringContaining('id') },
      { operation: 'GET /contacts/{contactId}/appointments', what: 'appointment', reason: expect.stringContaining('id') },
    ]);
  });

  it('reads a contact whose custom fields have no ids, and fills in the id it asked for', async () => {
    const { client } = clientFor(() =>
      json(200, { contact: { firstName: 'Maria', customFields: [{ value: 'kitchen' }, { id: 3 }] } }),
    );
    expect(await client.getContact('c1')).toMatchObject({ id: 'c1', firstName: 'Maria' });
  });

  it('reads lists HighLevel left out or sent as null as empty', async () => {
    const { client } = clientFor(() => json(200, { tasks: null, traceId: 't' }));
    expect(await client.getTasks('c1')).toEqual([]);
    expect(await client.getNotes('c1')).toEqual([]);
    expect(await client.getAppointments('c1')).toEqual([]);
  });

  it('leaves out a task whose shown field has the wrong type, and reports which field', async () => {
    const { client, dropped } = reportingClientFor(() =>
      json(200, { tasks: [{ id: 't1', completed: 'yes' }, { id: 't2', title: 'Call' }] }),
    );
    expect((await client.getTasks('c1')).map((task) => task.id)).toEqual(['t2']);
    expect(dropped).toEqual([expect.objectContaining({ what: 'task', reason: expect.stringContaining('completed') })]);
  });

  it('reports an item once per answer, not again on every cached read', async () => {
    const { client, dropped } = reportingClientFor(() => json(200, { notes: [{ body: 'no id' }] }));
    await client.getNotes('c1');
    await client.getNotes('c1');
    expect(dropped).toHaveLength(1);
  });

  it('keeps working when the listener told of left-out items fails', async () => {
    const { client } = clientFor(() => json(200, { notes: [{ body: 'no id' }] }), {
      onDropped: () => {
        throw new Error('log sink down');
      },
    });
    expect(await client.getNotes('c1')).toEqual([]);
  });

  it.each([
    ['{contacts, total}', { contacts: [contact], total: 7 }, 7],
    ['{contacts, meta: {total}}', { contacts: [contact], meta: { total: 5 } }, 5],
    ['{contacts, count}', { contacts: [contact], count: 3 }, 3],
    ['{contacts} alone', { contacts: [contact] }, 1],
  ])('reads a search answered %s', async (_shape, body, total) => {
    const { client } = clientFor(() => json(200, body));
    expect(await client.searchContacts({ email: 'maria@example.com' })).toEqual({ contacts: [contact], total });
  });

  it('reads an empty search answer as no match, so the sidebar says not found', async () => {
    const { client } = clientFor(() => json(200, {}));
    expect(await client.searchContacts({ email: 'maria@example.com' })).toEqual({ contacts: [], total: 0 });
  });

  it.each([
    ['{contact}', { contact }, contact],
    ['{contact: null}', { contact: null }, null],
    ['{}', {}, null],
    ['a contact without an id', { contact: { firstName: 'Maria' } }, null],
  ])('reads a duplicate search answered %s', async (_shape, body, expected) => {
    const { client } = clientFor(() => json(200, body));
    expect(await client.findDuplicate({ email: 'maria@example.com' })).toEqual(expected);
  });
});

describe('retries', () => {
  it('retries a read after a 5xx and succeeds', async () => {
    let calls = 0;
    const { client } = clientFor(() => {
      calls += 1;
      return calls <= 2 ? json(503, { message: 'down' }) : json(200, { contact });
    });
    expect(await client.getContact('c1')).toEqual(contact);
    expect(client.stats()).toMatchObject({ httpCalls: 3, retries: 2 });
  });

  it('gives up after maxRetries with unavailable', async () => {
    const { client, requests } = clientFor(() => json(502, { message: 'bad gateway' }), {
      maxRetries: 2,
    });
    const error = await failure(client.getContact('c1'));
    expect(error).toMatchObject({ kind: 'unavailable', status: 502, retryable: true });
    expect(requests).toHaveLength(3);
  });

  it('does not retry a create after a 5xx, so nothing is created twice', async () => {
    const { client, requests } = clientFor(() => json(503, { message: 'down' }));
    const error = await failure(client.createNote('c1', { body: 'Called back' }));
    expect(error.kind).toBe('unavailable');
    expect(requests).toHaveLength(1);
  });

  it('times out each attempt, and retries a timed-out read', async () => {
    let calls = 0;
    const { client } = clientFor(
      (_request, signal) => {
        calls += 1;
        return calls === 1 ? hangingUntilAborted(signal) : json(200, { notes: [] });
      },
      { timeoutMs: 50 },
    );
    expect(await client.getNotes('c1')).toEqual([]);
    expect(calls).toBe(2);
  });

  it('reports a timeout on a create at once', async () => {
    const { client, requests } = clientFor((_request, signal) => hangingUntilAborted(signal), {
      timeoutMs: 30,
    });
    const error = await failure(
      client.createTask('c1', { title: 'x', dueDate: '2030-01-01T00:00:00Z', completed: false }),
    );
    expect(error).toMatchObject({ kind: 'timeout', status: null, retryable: true });
    expect(requests).toHaveLength(1);
  });

  it('maps a failed connection to network after retrying it', async () => {
    const { client, requests } = clientFor(
      () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      },
      { maxRetries: 1 },
    );
    const error = await failure(client.getAppointments('c1'));
    expect(error).toMatchObject({ kind: 'network', status: null, messages: ['connect ECONNREFUSED'] });
    expect(requests).toHaveLength(2);
  });

  it('waits out the interval HighLevel names after a 429, then retries even a create', async () => {
    const started: number[] = [];
    const { client } = clientFor(() => {
      started.push(Date.now());
      return started.length === 1
        ? json(429, { message: 'Too many requests' }, { 'X-RateLimit-Interval-Milliseconds': '300' })
        : json(201, { contact: { id: 'new' } });
    });
    expect(await client.createContact({ firstName: 'Ann' })).toEqual({ id: 'new' });
    expect((started[1] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(295);
    expect(client.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it('waits the configured interval after a 429 that names none', async () => {
    const started: number[] = [];
    const { client } = clientFor(
      () => {
        started.push(Date.now());
        return started.length === 1 ? json(429, { message: 'Too many' }) : json(200, { notes: [] });
      },
      { rateLimit: { max: 100, intervalMs: 120 } },
    );
    expect(await client.getNotes('c1')).toEqual([]);
    expect((started[1] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(115);
  });

  it('ends in rate_limited when every attempt gets a 429', async () => {
    const { client, requests } = clientFor(
      () => json(429, { message: 'Too many' }, { 'X-RateLimit-Interval-Milliseconds': '10' }),
      { maxRetries: 2 },
    );
    expect(await failure(client.getContact('c1'))).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      retryable: true,
    });
    expect(requests).toHaveLength(3);
  });

  it('pauses when HighLevel says no requests remain in the window', async () => {
    const started: number[] = [];
    const { client } = clientFor(
      () => {
        started.push(Date.now());
        return json(200, { notes: [] }, { 'X-RateLimit-Remaining': '0' });
      },
      { rateLimit: { max: 100, intervalMs: 200 } },
    );
    await client.getNotes('a');
    await client.getNotes('b');
    expect((started[1] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(195);
  });

  it('backs off exponentially with full jitter', () => {
    expect(backoffMs(1, { baseMs: 250, maxMs: 10_000, jitter: 'full' }, () => 0.999)).toBe(249);
    expect(backoffMs(2, { baseMs: 250, maxMs: 10_000, jitter: 'full' }, () => 0.999)).toBe(499);
    expect(backoffMs(3, { baseMs: 250, maxMs: 10_000, jitter: 'full' }, () => 0.5)).toBe(500);
    expect(backoffMs(3, { baseMs: 250, maxMs: 10_000, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffMs(20, { baseMs: 250, maxMs: 10_000, jitter: 'full' }, () => 0.999)).toBeLessThanOrEqual(10_000);
  });
});

describe('sharing and caching reads', () => {
  it('shares one call among identical reads in flight', async () => {
    const { client, requests } = clientFor(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return json(200, { contact });
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => client.getContact('c1')));
    expect(results.every((r) => r.id === 'c1')).toBe(true);
    expect(requests).toHaveLength(1);
    expect(client.stats().coalesced).toBe(9);
  });

  it('hands out copies, so one caller cannot change what another reads', async () => {
    const { client } = clientFor(() => json(200, { contact: { ...contact, tags: ['vip'] } }));
    const first = await client.getContact('c1');
    first.tags?.push('changed');
    expect((await client.getContact('c1')).tags).toEqual(['vip']);
  });

  it('drops a read that was in flight when a write to the same contact started', async () => {
    let release: () => void = () => undefined;
    let firstName = 'Old';
    const { client, requests } = clientFor(async (request) => {
      if (request.method === 'PUT') {
        firstName = 'New';
        return json(200, { succeded: true, contact: { id: 'c1', firstName } });
      }
      const answer = { contact: { id: 'c1', firstName } };
      if (requests.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return json(200, answer);
    });
    const slowRead = client.getContact('c1');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await client.updateContact('c1', { firstName: 'New' });
    release();
    expect((await slowRead).firstName).toBe('Old');
    expect((await client.getContact('c1')).firstName).toBe('New');
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
  });

  it('does not cache failures', async () => {
    let calls = 0;
    const { client } = clientFor(() => {
      calls += 1;
      return calls === 1 ? json(404, { message: 'Contact not found' }) : json(200, { contact });
    });
    await expect(client.getContact('c1')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await client.getContact('c1')).toEqual(contact);
  });

  it('serves within the TTL, then asks again', async () => {
    const { client, requests } = clientFor(() => json(200, { contact }), { cacheTtlMs: 40 });
    await client.getContact('c1');
    await client.getContact('c1');
    expect(requests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.getContact('c1');
    expect(requests).toHaveLength(2);
  });
});
