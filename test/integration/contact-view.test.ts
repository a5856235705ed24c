/** The server over HTTP against the sandboxes: a ticket open, from launch to the contact view. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoContacts, demoNotes, demoTasks, demoTickets } from '../../sandbox/seed';
import { asError, asView, startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '0' });
});
afterAll(() => stack.close());
beforeEach(() => stack.ghl.resetCalls());

describe('a ticket whose customer is in HighLevel', () => {
  it('shows the contact card, tasks, notes and appointments in one answer', async () => {
    const view = asView(await stack.api(await stack.launch(demoTickets.matched), '/contact'));
    if (view.status !== 'matched') throw new Error(`expected a match, got ${view.status}`);

    expect(view.contact).toMatchObject({ id: demoContacts.mariaJansen, name: 'Maria Jansen' });
    expect(view.contact.tags.length).toBeGreaterThanOrEqual(3);
    expect(view.contact.url).toContain(`/contacts/detail/${demoContacts.mariaJansen}`);

    const taskIds = view.tasks.map((task) => task.id);
    expect(taskIds).toEqual(expect.arrayContaining(Object.values(demoTasks)));
    expect(view.tasks.find((task) => task.id === demoTasks.overdue)).toMatchObject({ overdue: true, completed: false });
    expect(view.tasks.at(-1)).toMatchObject({ id: demoTasks.completed, completed: true, overdue: false });

    const dates = view.notes.map((note) => note.dateAdded ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    const htmlNote = view.notes.find((note) => note.id === demoNotes.html);
    expect(htmlNote?.body).toContain('Wants oak fronts & a quartz top.');
    expect(htmlNote?.body).not.toMatch(/<|alert/);

    expect(view.upcomingAppointments).toHaveLength(2);
    expect(view.pastAppointments).toHaveLength(2);
    const now = new Date().toISOString();
    expect(view.upcomingAppointments.every((a) => (a.startTime ?? '') > now)).toBe(true);
  });

  it('looks the customer up in two sequential HighLevel round trips with the three lists in parallel', async () => {
    stack.ghl.faults.latencyMs = 40;
    try {
      asView(await stack.api(await stack.launch(demoTickets.matched), '/contact'));
    } finally {
      stack.ghl.faults.latencyMs = 0;
    }
    const calls = stack.ghl.calls;
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /contacts/search',
      ...[`/tasks`, `/notes`, `/appointments`].map(() => expect.stringMatching(/^GET \/contacts\/.+\/(tasks|notes|appointments)$/)),
    ]);
    const [search, ...lists] = calls;
    expect(lists.every((call) => call.startedAt >= search!.endedAt)).toBe(true);
    const firstEnd = Math.min(...lists.map((call) => call.endedAt));
    expect(lists.every((call) => call.startedAt <= firstEnd)).toBe(true);
  });

  it('finds a customer by a phone number written in a local format', async () => {
    const view = asView(await stack.api(await stack.launch(demoTickets.phoneMatch), '/contact'));
    expect(view).toMatchObject({ status: 'matched', contact: { id: demoContacts.liamChen } });
  });
});

describe('a ticket whose customer is not in HighLevel', () => {
  it('says so and shows what Trengo knows of the customer', async () => {
    const view = asView(await stack.api(await stack.launch(demoTickets.notFound), '/contact'));
    expect(view.status).toBe('notFound');
    expect(view.ticketContact.name).toBeTruthy();
    expect(view.ticketContact.email).toBeTruthy();
  });
});

describe('a ticket whose phone number several HighLevel contacts share', () => {
  it('offers the matches, and the pick is kept for that ticket', async () => {
    const session = await stack.launch(demoTickets.multiple);
    const view = asView(await stack.api(session, '/contact'));
    if (view.status !== 'multiple') throw new Error(`expected several matches, got ${view.status}`);
    expect(view.candidates.map((c) => c.id).sort()).toEqual([demoContacts.danielOkafor, demoContacts.graceOkafor].sort());

    const chosen = asView(await stack.api(session, '/contact/choice', { method: 'PUT', body: { contactId: demoContacts.graceOkafor } }));
    expect(chosen).toMatchObject({ status: 'matched', contact: { id: demoContacts.graceOkafor } });

    const reopened = asView(await stack.api(await stack.launch(demoTickets.multiple), '/contact'));
    expect(reopened).toMatchObject({ status: 'matched', contact: { id: demoContacts.graceOkafor } });
  });

  it('refuses a pick that is not one of the matches', async () => {
    const session = await stack.launch(demoTickets.multiple);
    const answer = await stack.api(session, '/contact/choice', { method: 'PUT', body: { contactId: demoContacts.mariaJansen } });
    expect(asError(answer)).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('refuses a malformed pick with a field message', async () => {
    const session = await stack.launch(demoTickets.multiple);
    const answer = await stack.api(session, '/contact/choice', { method: 'PUT', body: { contactId: '' } });
    expect(asError(answer)).toMatchObject({ status: 400, code: 'bad_request', fields: { contactId: expect.any(String) } });
  });
});

describe('sessions', () => {
  it('refuses the API without a valid session', async () => {
    expect(asError(await stack.api('', '/contact'))).toMatchObject({ status: 401, code: 'unauthorized' });
    const session = await stack.launch(demoTickets.matched);
    const tampered = `${session.slice(0, -2)}xx`;
    expect(asError(await stack.api(tampered, '/contact'))).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('answers a wrong or missing launch secret with a 401 page that does not echo it', async () => {
    for (const url of [stack.launchUrl(demoTickets.matched, 'wrong-secret-value'), `${stack.url}/?ticket_id=${demoTickets.matched}`]) {
      const response = await fetch(url);
      expect(response.status).toBe(401);
      const html = await response.text();
      expect(html).not.toContain('wrong-secret-value');
      expect(html).not.toContain('widget-session');
    }
  });

  it('accepts the older `token` launch parameter', async () => {
    const response = await fetch(`${stack.url}/?ticket_id=${demoTickets.matched}&token=${stack.config.trengo.appSecret}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('widget-session');
  });

  it('lets only the configured Trengo origins frame the widget and sends no referrer', async () => {
    const response = await fetch(stack.launchUrl(demoTickets.matched));
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/app\.trengo\.com/);
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/app\.trengo\.eu/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
