/** The operator's audit log: every write, search and link, exported as CSV or JSON behind the operator secret. */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '../../server/platform/errors';
import { auditRoutes } from '../../server/http/operator-audit';
import { requireOperator } from '../../server/http/operator-auth';
import type { AuditEntry } from '../../server/store/port';
import { demoContacts, demoTickets, demoTrengoContacts } from '../../sandbox/seed';
import { asWriteResult, startStack, type Stack } from '../support/stack';

let stack: Stack;
let session: string;
const startedAt = new Date().toISOString();
const noteBody = 'Said "call me back, today"\nthen hung up';
const formulaTitle = '=HYPERLINK("https://example.com")';
const writeIds: string[] = [];

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '0' });
  session = await stack.launch(demoTickets.matched);
  writeIds.push(asWriteResult(await stack.api(session, '/notes', { method: 'POST', body: { body: noteBody } })).write.id);
  writeIds.push(
    asWriteResult(await stack.api(session, '/tasks', { method: 'POST', body: { title: formulaTitle, dueDate: '2031-01-01T09:00:00Z' } })).write.id,
  );
  await stack.api(session, '/contacts/search?q=jansen');
  await stack.api(session, '/contact/link', { method: 'PUT', body: { contactId: demoContacts.mariaJansen } });
  await stack.api(session, '/contact/link', { method: 'DELETE' });
  const phoneTicket = await stack.launch(demoTickets.phoneMatch);
  writeIds.push(asWriteResult(await stack.api(phoneTicket, '/tags', { method: 'POST', body: { tags: ['audited'] } })).write.id);
});
afterAll(() => stack.close());

async function exportJson(query = ''): Promise<AuditEntry[]> {
  const response = await stack.audit(`?format=json${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: AuditEntry[] }).entries;
}

/** RFC 4180 rows, for reading the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += char;
  }
  return rows;
}

describe('the export', () => {
  it('lists each write with when, ticket, both contacts, action, fields and HighLevel result; searches and links too', async () => {
    const entries = await exportJson();
    const note = entries.find((entry) => entry.writeId === writeIds[0]);
    expect(note).toMatchObject({
      action: 'createNote',
      ticketId: demoTickets.matched,
      trengoContactId: String(demoTrengoContacts.mariaJansen),
      ghlContactId: demoContacts.mariaJansen,
      result: 'done',
      ghlStatus: 201,
    });
    expect(JSON.parse(note!.fields!)).toEqual({ input: { body: noteBody } });
    expect(Date.parse(note!.at)).toBeGreaterThanOrEqual(Date.parse(startedAt));
    expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['createNote', 'createTask', 'addTags', 'search', 'link', 'unlink']));
    expect(entries.find((entry) => entry.action === 'search')).toMatchObject({ fields: JSON.stringify({ q: 'jansen' }), result: 'ok' });
  });

  it('as CSV: a header row, quoted cells, and formulas defused', async () => {
    const response = await stack.audit('?format=csv');
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await response.text());
    const [header, ...data] = rows;
    expect(header).toEqual(['time', 'action', 'result', 'ticket', 'trengo_contact', 'highlevel_contact', 'write', 'fields', 'highlevel_status', 'trace_id', 'detail']);
    expect(data.length).toBe((await exportJson()).length);
    expect(data.every((row) => row.length === header!.length)).toBe(true);
    const note = data.find((row) => row[6] === writeIds[0])!;
    expect(JSON.parse(note[7]!)).toEqual({ input: { body: noteBody } });
    const task = data.find((row) => row[6] === writeIds[1])!;
    expect(JSON.parse(task[7]!).input.title).toBe(formulaTitle);
    // A cell a spreadsheet would run is never one that starts with = + - @.
    expect(data.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
  });

  it('filters by contact (HighLevel or Trengo id) and by time range', async () => {
    const liam = await exportJson(`&contactId=${demoContacts.liamChen}`);
    expect(liam.map((entry) => entry.writeId)).toEqual([writeIds[2]]);
    const trengo = await exportJson(`&contactId=${demoTrengoContacts.mariaJansen}`);
    expect(trengo.length).toBeGreaterThanOrEqual(4);
    expect(trengo.every((entry) => entry.trengoContactId === String(demoTrengoContacts.mariaJansen))).toBe(true);
    expect(await exportJson(`&from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).toEqual([]);
    expect(await exportJson(`&to=${encodeURIComponent(startedAt)}`)).toEqual([]);
    const window = await exportJson(`&from=${encodeURIComponent(startedAt)}&to=${encodeURIComponent('2999-01-01T00:00:00Z')}`);
    expect(window.length).toBe((await exportJson()).length);
    const bad = await stack.audit('?format=json&from=yesterday');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request', fields: { from: expect.any(String) } } });
  });

  it('filters by ticket, action and result, and refuses a filter that is not one', async () => {
    const phone = await exportJson(`&ticketId=${demoTickets.phoneMatch}`);
    expect(phone.length).toBeGreaterThan(0);
    expect(phone.every((entry) => entry.ticketId === demoTickets.phoneMatch)).toBe(true);
    const tags = await exportJson('&action=addTags&result=done');
    expect(tags.map((entry) => entry.writeId)).toContain(writeIds[2]);
    expect(tags.every((entry) => entry.action === 'addTags' && entry.result === 'done')).toBe(true);
    expect(await exportJson('&action=addTags&result=refused')).toEqual([]);
    const all = await exportJson();
    const latest = await exportJson('&order=newest&limit=2');
    expect(latest.map((entry) => entry.id)).toEqual(all.slice(-2).map((entry) => entry.id).reverse());
    const bad = await stack.audit('?format=json&ticketId=12ab');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { fields: { ticketId: expect.any(String) } } });
  });

  it('never holds a token or a secret', async () => {
    const text = await (await stack.audit('?format=csv')).text();
    const json = JSON.stringify(await exportJson());
    for (const secret of [stack.ghl.token, stack.trengo.token, stack.config.trengo.appSecret, stack.config.operatorSecret!, session]) {
      expect(text).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
  });
});

describe('who may read it', () => {
  it('refuses a widget session, a wrong secret and no secret', async () => {
    for (const secret of [session, 'a-wrong-operator-secret-of-some-length', null]) {
      const response = await stack.audit('?format=json', secret);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('is not reachable under the widget API', async () => {
    const response = await stack.api(session, '/operator/audit');
    expect(response.status).toBe(404);
  });

  it('is turned off without an operator secret', async () => {
    const app = new Hono().use('/operator/*', requireOperator(() => null)).route('/operator', auditRoutes({ audit: { list: () => [], record: () => undefined } }));
    app.onError((error, c) => c.json(toAppError(error).toBody(), toAppError(error).status));
    const response = await app.request('/operator/audit', { headers: { Authorization: 'Bearer anything-at-all-anything-at-all' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringMatching(/OPERATOR_SECRET/) } });
  });
});
