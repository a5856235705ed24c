/**
 * Input hygiene against the real HTTP server: control characters in any text an agent sends and
 * due dates outside 2000–2100 are a 400 naming the field, and HighLevel never hears of them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoTasks, demoTickets } from '../../sandbox/seed';
import { asError, asView, asWriteResult, startStack, type Stack } from '../support/stack';

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
const task = `/tasks/${demoTasks.overdue}`;

type Case = { name: string; method: string; path: string; body?: unknown; field: string };

const controlCharacters: Case[] = [
  { name: 'NUL in a task title', method: 'POST', path: '/tasks', body: { title: 'Call\u0000back', dueDate }, field: 'title' },
  { name: 'a tab in a task title', method: 'POST', path: '/tasks', body: { title: 'Call\tback', dueDate }, field: 'title' },
  { name: 'a line break in a task title', method: 'POST', path: '/tasks', body: { title: 'Call\nback', dueDate }, field: 'title' },
  { name: 'a trailing carriage return in a task title', method: 'POST', path: '/tasks', body: { title: 'Call back\r', dueDate }, field: 'title' },
  { name: 'ESC in an edited title', method: 'PATCH', path: task, body: { title: '\u001b[31mRed' }, field: 'title' },
  { name: 'NUL in a task description', method: 'POST', path: '/tasks', body: { title: 'Call', body: 'Line\u0000', dueDate }, field: 'body' },
  { name: 'DEL in an edited description', method: 'PATCH', path: task, body: { body: 'Ask\u007f' }, field: 'body' },
  { name: 'a C1 control (NEL) in a note', method: 'POST', path: '/notes', body: { body: 'Spoke\u0085to her' }, field: 'body' },
  { name: 'a vertical tab in a note', method: 'POST', path: '/notes', body: { body: 'Spoke\u000bto her' }, field: 'body' },
  { name: 'a lone surrogate in a note', method: 'POST', path: '/notes', body: { body: 'Half \ud83d an emoji' }, field: 'body' },
  { name: 'U+FFFF in a note', method: 'POST', path: '/notes', body: { body: 'Odd \uffff' }, field: 'body' },
  { name: 'a C1 control in a first name', method: 'PATCH', path: '/contact', body: { firstName: 'Ma\u009bria' }, field: 'firstName' },
  { name: 'a tab in a last name', method: 'PATCH', path: '/contact', body: { lastName: 'Jan\tsen' }, field: 'lastName' },
  { name: 'NUL in an email', method: 'PATCH', path: '/contact', body: { email: 'maria\u0000@example.com' }, field: 'email' },
  { name: 'a line break in a phone number', method: 'PATCH', path: '/contact', body: { phone: '+1 415\n555 0134' }, field: 'phone' },
  { name: 'a bell in a new contact’s name', method: 'POST', path: '/contact', body: { firstName: 'Ann\u0007' }, field: 'firstName' },
  { name: 'a control character in a tag', method: 'POST', path: '/tags', body: { tags: ['ok', 'vip\u0000'] }, field: 'tags.1' },
  { name: 'a control character in a tag to remove', method: 'DELETE', path: '/tags', body: { tags: ['\u001fvip'] }, field: 'tags.0' },
  { name: 'NUL in a search', method: 'GET', path: '/contacts/search?q=Mar%00ia', field: 'q' },
  { name: 'a line break in a search', method: 'GET', path: '/contacts/search?q=Maria%0A', field: 'q' },
];

const dates: Case[] = [
  { name: 'year 0000', method: 'POST', path: '/tasks', body: { title: 'Call', dueDate: '0000-01-01T00:00:00Z' }, field: 'dueDate' },
  { name: 'year 9999', method: 'POST', path: '/tasks', body: { title: 'Call', dueDate: '9999-12-31T23:59:59Z' }, field: 'dueDate' },
  { name: 'the last moment of 1999', method: 'POST', path: '/tasks', body: { title: 'Call', dueDate: '1999-12-31T23:59:59+01:00' }, field: 'dueDate' },
  { name: 'year 2101 on an edit', method: 'PATCH', path: task, body: { dueDate: '2101-01-01T00:00:00Z' }, field: 'dueDate' },
];

/** The writes the server keeps for the ticket: none may come from a refused request. */
async function storedWrites(): Promise<unknown[]> {
  const answer = await stack.api(session, '/writes');
  expect(answer.status).toBe(200);
  return (answer.body as { writes: unknown[] }).writes;
}

describe('control characters', () => {
  it.each(controlCharacters)('$name: 400 naming $field, nothing stored or sent', async ({ method, path, body, field }) => {
    const tasksBefore = stack.ghl.store.tasks.size;
    const writesBefore = (await storedWrites()).length;
    stack.ghl.resetCalls();
    const answer = await stack.api(session, path, { method, ...(body === undefined ? {} : { body }) });
    const error = asError(answer);
    expect(error).toMatchObject({ status: 400, code: 'bad_request', retryable: false });
    expect(error.fields?.[field]).toMatch(/contains a control character/);
    expect(stack.ghl.calls).toEqual([]);
    expect(stack.ghl.store.tasks.size).toBe(tasksBefore);
    expect(await storedWrites()).toHaveLength(writesBefore);
  });

  it('lines in a note and a task description pass, tabs and carriage returns too', async () => {
    const note = asWriteResult(await stack.api(session, '/notes', { method: 'POST', body: { body: 'Spoke to her.\r\nCall back:\tMonday' } }));
    expect(note.write.state).toBe('done');
    const created = asWriteResult(await stack.api(session, '/tasks', { method: 'POST', body: { title: 'Call back', body: 'Ask about:\n\t- the invoice', dueDate } }));
    expect(created.write.state).toBe('done');
    const stored = [...stack.ghl.store.tasks.values()].find((each) => each.id === created.write.recordId);
    expect(stored).toMatchObject({ title: 'Call back', body: 'Ask about:\n\t- the invoice' });
  });

  it('letters of every script, emoji and a no-break space pass', async () => {
    const answer = await stack.api(session, '/tasks', { method: 'POST', body: { title: 'Bel Zoë 😀 ☎ 山田\u00a0terug', dueDate } });
    expect(asWriteResult(answer).write.state).toBe('done');
  });
});

describe('due dates', () => {
  it.each(dates)('$name: 400 naming $field, nothing sent', async ({ method, path, body, field }) => {
    const error = asError(await stack.api(session, path, { method, body }));
    expect(error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(error.fields?.[field]).toMatch(/between 2000 and 2100/);
    expect(stack.ghl.calls).toEqual([]);
  });

  it('the first and last days of the range pass', async () => {
    for (const due of ['2000-01-01T00:00:00Z', '2100-12-31T23:59:59-05:00']) {
      expect(asWriteResult(await stack.api(session, '/tasks', { method: 'POST', body: { title: 'Edge', dueDate: due } })).write.state).toBe('done');
    }
  });
});
