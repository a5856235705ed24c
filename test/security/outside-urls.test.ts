/** The clients' own guard: whatever id they are given, it stays one segment of the path it was meant for. */
import { describe, expect, it } from 'vitest';
import { createGhlClient } from '../../server/crm/highlevel/index';
import { createTrengoClient } from '../../server/helpdesk/trengo/client';
import { fakeFetch, json } from '../support/fake-fetch';

describe('ids in outside URLs', () => {
  it('HighLevel: refuses `.` and `..`, and encodes everything else into one segment', async () => {
    const highlevel = fakeFetch(() => json(200, { tasks: [] }));
    const client = createGhlClient({ baseUrl: 'https://ghl.test', locationId: 'loc1', token: () => 'token-0001', fetch: highlevel.fetch, cacheTtlMs: 0 });
    for (const id of ['.', '..']) await expect(client.getTasks(id)).rejects.toMatchObject({ kind: 'bad_request' });
    expect(highlevel.requests).toHaveLength(0);
    for (const id of ['../x', '%2e%2e', 'a?b=c', 'a#b', '..%2F']) await client.getTasks(id);
    expect(highlevel.requests.map((request) => request.url.pathname)).toEqual([
      '/contacts/..%2Fx/tasks',
      '/contacts/%252e%252e/tasks',
      '/contacts/a%3Fb%3Dc/tasks',
      '/contacts/a%23b/tasks',
      '/contacts/..%252F/tasks',
    ]);
    expect(highlevel.requests.every((request) => request.url.search === '')).toBe(true);
  });

  it('Trengo: a ticket id must be a number', async () => {
    const trengo = fakeFetch(() => json(200, { id: 1 }));
    const client = createTrengoClient({ baseUrl: 'https://trengo.test', token: () => 'token-0002', fetch: trengo.fetch });
    for (const id of ['..', '1/../2', '1?x=1', '', ' 1', '１']) await expect(client.getTicket(id)).rejects.toMatchObject({ kind: 'bad_request' });
    expect(trengo.requests).toHaveLength(0);
  });
});
