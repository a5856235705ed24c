/** Refused input: a 400 naming the field, and HighLevel never hears of it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { limits } from '../../shared/actions';
import { demoTasks, demoTickets } from '../../sandbox/seed';
import { asError, asView, startStack, type Stack } from '../support/stack';

let stack: Stack;
let session: string;

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '0' });
  session = await stack.launch(demoTickets.matched);
  asView(await stack.api(session, '/contact'));
});
afterAll(() => stack.close());
beforeEach(() => stack.ghl.resetCalls());

const dueDate = '2031-01-01T09:00:00Z';

const cases: Array<{ name: string; method: string; path: string; body?: unknown; headers?: Record<string, string>; field: string; message?: RegExp }> = [
  { name: 'an empty title', method: 'POST', path: '/tasks', body: { title: '', dueDate }, field: 'title', message: /^Title is required\.$/ },
  { name: 'a title of only spaces', method: 'POST', path: '/tasks', body: { title: '   ', dueDate }, field: 'title', message: /required/ },
  { name: 'a 10,000-character title', method: 'POST', path: '/tasks', body: { title: 'x'.repeat(10_000), dueDate }, field: 'title', message: /at most 200/ },
  { name: 'a bad due date', method: 'POST', path: '/tasks', body: { title: 'Call', dueDate: '31/12/2031 9am' }, field: 'dueDate', message: /due date/ },
  { name: 'a due date without an offset', method: 'POST', path: '/tasks', body: { title: 'Call', dueDate: '2031-12-31T09:00:00' }, field: 'dueDate' },
  { name: 'an edit that changes nothing', method: 'PATCH', path: `/tasks/${demoTasks.overdue}`, body: {}, field: 'body', message: /at least one/ },
  { name: 'an edit with a bad due date', method: 'PATCH', path: `/tasks/${demoTasks.overdue}`, body: { dueDate: 'soon' }, field: 'dueDate' },
  { name: 'a task id that is not one', method: 'PATCH', path: '/tasks/..%2Fcontacts', body: { title: 'x' }, field: 'taskId' },
  { name: 'a completion that is not true or false', method: 'PUT', path: `/tasks/${demoTasks.overdue}/completed`, body: { completed: 'yes' }, field: 'completed' },
  { name: 'a bad email on an edit', method: 'PATCH', path: '/contact', body: { email: 'maria@' }, field: 'email', message: /email address/ },
  { name: 'a bad email on a new contact', method: 'POST', path: '/contact', body: { firstName: 'Ann', email: 'not-an-email' }, field: 'email' },
  { name: 'a phone number that is no number', method: 'PATCH', path: '/contact', body: { phone: '+1 000 000 0000' }, field: 'phone' },
  { name: 'a company name (not editable)', method: 'PATCH', path: '/contact', body: { companyName: 'Other' }, field: 'companyName' },
  { name: 'a new contact with nothing', method: 'POST', path: '/contact', body: {}, field: 'body', message: /name, an email or a phone/ },
  { name: 'a tag of only spaces', method: 'POST', path: '/tags', body: { tags: ['ok', '   '] }, field: 'tags.1', message: /empty or only spaces/ },
  { name: 'a tag with a comma', method: 'POST', path: '/tags', body: { tags: ['a,b'] }, field: 'tags.0' },
  { name: 'no tags', method: 'DELETE', path: '/tags', body: { tags: [] }, field: 'tags' },
  { name: `more than ${limits.tagsAtOnce} tags`, method: 'POST', path: '/tags', body: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, field: 'tags' },
  { name: 'an empty note', method: 'POST', path: '/notes', body: { body: ' ' }, field: 'body', message: /Note is required/ },
  { name: 'an unknown field', method: 'POST', path: '/notes', body: { body: 'Hi', pinned: true }, field: 'pinned' },
  { name: 'a search of one character', method: 'GET', path: '/contacts/search?q=a', field: 'q' },
  { name: 'a link to something that is no id', method: 'PUT', path: '/contact/link', body: { contactId: 'a/b' }, field: 'contactId' },
  { name: 'a malformed idempotency key', method: 'POST', path: '/notes', body: { body: 'Hi' }, headers: { 'Idempotency-Key': 'has spaces in it' }, field: 'Idempotency-Key' },
];

describe('refused input', () => {
  it.each(cases)('$name: 400 naming $field, nothing sent to HighLevel', async ({ method, path, body, headers, field, message }) => {
    const answer = await stack.api(session, path, { method, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
    const error = asError(answer);
    expect(error).toMatchObject({ status: 400, code: 'bad_request', retryable: false });
    expect(Object.keys(error.fields ?? {})).toContain(field);
    if (message) expect(error.fields?.[field]).toMatch(message);
    expect(stack.ghl.calls).toEqual([]);
  });

  it('a body that is not JSON: 400, nothing sent', async () => {
    const response = await fetch(`${stack.url}/api/notes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session}`, 'Content-Type': 'application/json' },
      body: '{"body": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(stack.ghl.calls).toEqual([]);
  });

  it('a write without a session: 401, nothing sent', async () => {
    const answer = await stack.api('', '/notes', { method: 'POST', body: { body: 'Hi' } });
    expect(asError(answer)).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(stack.ghl.calls).toEqual([]);
  });
});
