/**
 * Automations through the operator API, against the sandboxes: a rule that cannot work is refused
 * when saved, naming the field; a new HighLevel contact gets its Trengo contact and one welcome
 * ticket with one message to the customer, however often the event arrives, and its ticket opens
 * matched; an event a rule cannot serve is listed as a failed run, retried or dropped; a dry run
 * shows what a sample event would do without doing it; Trengo's closed tickets and labels reach
 * HighLevel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { eventually } from '../support/webhooks';
import { asView, startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(
    { TRENGO_TIMEOUT_MS: '1000' },
    {},
    { inboxWorker: { pollMs: 100 }, automationRetry: { baseMs: 100, maxMs: 500 }, outboxRetry: { baseMs: 100, maxMs: 500 } },
    { webhooks: true },
  );
});
afterAll(async () => {
  await stack?.close();
});

async function operator(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${stack.url}/operator/automations${path}`, {
    method,
    headers: { Authorization: `Bearer ${stack.config.operatorSecret}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** Someone adds a contact in HighLevel: the sandbox sends its signed ContactCreate. */
async function contactMadeInHighLevel(fields: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${stack.ghl.url}/_sandbox/edits/contacts/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ locationId: stack.seed.location.id, ...fields }),
  });
  const body = (await response.json()) as { contact: { id: string } };
  if (!response.ok) throw new Error(`contact not made: ${response.status}`);
  return body.contact.id;
}

const welcome = {
  enabled: true,
  channelId: 301,
  subject: 'Welcome, {{firstName}}',
  message: 'Hi {{firstName}} {{lastName}},\nthanks for choosing us & {{companyName}}.',
  delivery: 'customer',
};

describe('rules', () => {
  it('are off until set, and need the operator secret', async () => {
    expect((await operator('GET', '/rules')).body.rules).toEqual({ welcomeTicket: null, reflectWork: null, ticketClosedNote: null, labelTags: null, inboundContact: null });
    const anonymous = await fetch(`${stack.url}/operator/automations/rules`);
    expect(anonymous.status).toBe(401);
  });

  it('refuses a broken template, an unknown field and an unknown channel, naming the field', async () => {
    const broken = await operator('PUT', '/rules/welcomeTicket', { ...welcome, subject: 'Welcome {{firstName' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields.subject).toMatch(/without its \}\}/);
    const unknownField = await operator('PUT', '/rules/welcomeTicket', { ...welcome, message: 'Hi {{frstName}}' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.fields.message).toMatch(/\{\{frstName\}\}/);
    const unknownChannel = await operator('PUT', '/rules/welcomeTicket', { ...welcome, channelId: 999 });
    expect(unknownChannel.status).toBe(400);
    expect(unknownChannel.body.error.fields.channelId).toMatch(/no channel 999/);
    const extra = await operator('PUT', '/rules/welcomeTicket', { ...welcome, colour: 'blue' });
    expect(extra.body.error.fields.colour).toBeDefined();
    expect((await operator('GET', '/rules')).body.rules.welcomeTicket).toBeNull();
  });
});

describe('welcome ticket', () => {
  it('a new HighLevel contact gets one Trengo contact, one ticket and one message, and the ticket opens matched', async () => {
    expect((await operator('PUT', '/rules/welcomeTicket', welcome)).status).toBe(200);
    const before = stack.trengo.store.delivered.length;
    const contactId = await contactMadeInHighLevel({ firstName: 'Ada', email: 'ada.welcome@example.com' });
    await eventually(() => stack.trengo.store.delivered.length > before, 10_000, 'the welcome message');
    const sent = stack.trengo.store.delivered.slice(before);
    expect(sent).toHaveLength(1);
    // Values escaped for the email channel, a missing one empty, never "undefined".
    expect(sent[0]?.message).toBe('Hi Ada ,<br>thanks for choosing us &amp; .');
    expect(sent[0]?.subject).toBe('Welcome, Ada');
    const ticketId = String(sent[0]?.ticketId);
    const view = asView(await stack.api(await stack.launch(ticketId), '/contact'));
    expect(view.status).toBe('matched');
    expect(view.status === 'matched' && view.contact.id).toBe(contactId);
    const [run] = (await operator('GET', '/runs?rule=welcomeTicket')).body.runs;
    expect(run).toMatchObject({ id: `welcomeTicket:${contactId}`, state: 'done' });
    const audit = (await (await stack.audit('?format=json')).json()) as { entries: Array<{ action: string; result: string; writeId: string | null }> };
    expect(audit.entries.filter((entry) => entry.action === 'automation.welcomeTicket' && entry.writeId === run.id).map((entry) => entry.result)).toEqual(['done']);
    expect(audit.entries.some((entry) => entry.action === 'automation.rule')).toBe(true);
  });

  it('a contact without what the channel writes to is a failed run with the reason, which the operator can drop', async () => {
    await operator('PUT', '/rules/welcomeTicket', { ...welcome, conditions: { requires: 'nothing' } });
    const contactId = await contactMadeInHighLevel({ firstName: 'Nomail', phone: '+14155550111' });
    let failed: any[] = [];
    for (let i = 0; i < 100 && failed.length === 0; i++) {
      failed = (await operator('GET', '/runs?state=failed')).body.runs;
      if (failed.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: `welcomeTicket:${contactId}`, state: 'failed' });
    expect(failed[0].reason).toMatch(/no email/);
    const dropped = await operator('DELETE', `/runs/${encodeURIComponent(failed[0].id)}`);
    expect(dropped.body.run.state).toBe('dropped');
    expect((await operator('GET', '/runs?state=failed')).body.runs).toEqual([]);
    await operator('PUT', '/rules/welcomeTicket', welcome);
  });

  it('opened with an internal note only: one ticket, one note, nothing to the customer', async () => {
    await operator('PUT', '/rules/welcomeTicket', { ...welcome, delivery: 'internalNote', subject: 'New contact: {{firstName}}' });
    const delivered = stack.trengo.store.delivered.length;
    await contactMadeInHighLevel({ firstName: 'Grace', email: 'grace.note@example.com' });
    const ticket = () => stack.trengo.store.listTickets().find((candidate) => candidate.subject === 'New contact: Grace');
    await eventually(() => (ticket() && (stack.trengo.store.messages.get(ticket()?.id ?? 0) ?? []).length > 0) ?? false, 10_000, 'the ticket and its note');
    const messages = stack.trengo.store.messages.get(ticket()?.id ?? 0) ?? [];
    expect(messages.map((message) => [message.type, message.message])).toEqual([['NOTE', 'Hi Grace ,<br>thanks for choosing us &amp; .']]);
    expect(stack.trengo.store.delivered.length).toBe(delivered);
    await operator('PUT', '/rules/welcomeTicket', welcome);
  });

  it('a run Trengo refuses is failed with the reason; the operator retries it once the cause is fixed', async () => {
    const chat = stack.trengo.store.channels.get(302);
    await operator('PUT', '/rules/welcomeTicket', { ...welcome, channelId: 302 });
    stack.trengo.store.channels.delete(302);
    const contactId = await contactMadeInHighLevel({ firstName: 'Wanda', phone: '+14155550123' });
    const runId = `welcomeTicket:${contactId}`;
    await expect.poll(async () => (await operator('GET', '/runs?state=failed')).body.runs.map((run: { id: string }) => run.id), { timeout: 10_000 }).toEqual([runId]);
    if (chat) stack.trengo.store.channels.set(302, chat);
    const retried = await operator('POST', `/runs/${encodeURIComponent(runId)}/retry`);
    expect(retried.body.run.state).toBe('pending');
    await expect.poll(async () => (await operator('GET', '/runs?rule=welcomeTicket')).body.runs.find((run: { id: string }) => run.id === runId)?.state, { timeout: 10_000 }).toBe('done');
    expect(stack.trengo.store.delivered.filter((message) => message.message.startsWith('Hi Wanda'))).toHaveLength(1);
    await operator('PUT', '/rules/welcomeTicket', welcome);
  });

  it('a dry run shows what a sample event would do, and does nothing', async () => {
    const before = stack.trengo.store.delivered.length;
    const answer = await operator('POST', '/dry-run', {
      source: 'highlevel',
      type: 'ContactCreate',
      payload: { id: 'dryRunContact1', firstName: 'Sam', email: 'sam@example.com', tags: [] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.plans).toEqual([
      {
        rule: 'welcomeTicket',
        wouldRun: expect.objectContaining({ id: 'welcomeTicket:dryRunContact1', alreadyMade: false, input: expect.objectContaining({ subject: 'Welcome, Sam' }) }),
      },
    ]);
    const skipped = await operator('POST', '/dry-run', { source: 'highlevel', type: 'ContactCreate', payload: { id: 'dryRunContact2', firstName: 'Nobody' } });
    expect(skipped.body.plans).toEqual([{ rule: 'welcomeTicket', skipped: 'the contact has neither email nor phone number' }]);
    expect(stack.trengo.store.delivered.length).toBe(before);
    expect((await operator('GET', '/runs')).body.runs.some((run: { id: string }) => run.id.includes('dryRun'))).toBe(false);
  });
});

describe("agents' work in the ticket", () => {
  it('a burst of changes from the sidebar makes one internal note listing each, nothing to the customer', async () => {
    expect((await operator('PUT', '/rules/reflectWork', { enabled: true, batchSeconds: 2 })).status).toBe(200);
    const ticketId = demoTickets.phoneMatch;
    const notes = () => (stack.trengo.store.messages.get(Number(ticketId)) ?? []).filter((message) => message.internal_note);
    const delivered = stack.trengo.store.delivered.length;
    const session = await stack.launch(ticketId);
    asView(await stack.api(session, '/contact'));
    const answers = [
      await stack.api(session, '/tasks', { method: 'POST', body: { title: 'Call back', dueDate: '2030-12-12T09:00:00Z' } }),
      await stack.api(session, '/tags', { method: 'POST', body: { tags: ['callback'] } }),
      await stack.api(session, '/notes', { method: 'POST', body: { body: 'Asked for a call on Friday' } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    await expect.poll(() => notes().length, { timeout: 10_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(notes()).toHaveLength(1);
    const lines = notes()[0]?.message.split('\n') ?? [];
    expect(lines).toEqual([
      expect.stringMatching(/^Task 'Call back' created in HighLevel, due 12 Dec \d{2}:00$/),
      "Tag 'callback' added in HighLevel",
      "Note added in HighLevel: 'Asked for a call on Friday' — from the sidebar",
    ]);
    expect(stack.trengo.store.delivered.length).toBe(delivered);
    await operator('PUT', '/rules/reflectWork', { enabled: false, batchSeconds: 2 });
  });
});

describe('Trengo back to HighLevel', () => {
  it('a closed ticket leaves one note on its HighLevel contact; a label adds and removes the mapped tag', async () => {
    expect((await operator('PUT', '/rules/ticketClosedNote', { enabled: true })).status).toBe(200);
    expect((await operator('PUT', '/rules/labelTags', { enabled: true, labels: { VIP: 'vip-customer' } })).status).toBe(200);
    await expect.poll(() => [...stack.trengo.webhooks.registrations.values()].map((webhook) => webhook.type).sort(), { timeout: 10_000 }).toEqual(
      ['INBOUND', 'TICKET_CLOSED', 'TICKET_CREATED', 'TICKET_LABEL_ADDED', 'TICKET_LABEL_DELETED'],
    );
    const maria = demoContacts.mariaJansen;
    const notesOfMaria = () => stack.ghl.store.notesOf(maria).filter((note) => note.body.includes(`#${demoTickets.matched}`));
    stack.trengo.activity.closeTicket(Number(demoTickets.matched));
    await eventually(() => notesOfMaria().length > 0, 10_000, 'the note of the closed ticket');
    expect(notesOfMaria()[0]?.body).toContain('Question about my kitchen quote');

    const tags = () => stack.ghl.store.contacts.get(maria)?.tags ?? [];
    stack.trengo.activity.labelTicket(Number(demoTickets.matched), 71, true);
    await eventually(() => tags().includes('vip-customer'), 10_000, 'the mapped tag');
    stack.trengo.activity.labelTicket(Number(demoTickets.matched), 71, false);
    await eventually(() => !tags().includes('vip-customer'), 10_000, 'the mapped tag removed');
    expect(notesOfMaria()).toHaveLength(1);
  });

  it('a message from a customer HighLevel does not know makes one HighLevel contact, linked (opt-in)', async () => {
    expect((await operator('PUT', '/rules/inboundContact', { enabled: true })).status).toBe(200);
    const withEmail = () => stack.ghl.store.listContacts().filter((contact) => contact.email === 'walk.in@example.com');
    const first = stack.trengo.activity.receiveMessage({ message: 'Hello?', from: { name: 'Walk In', email: 'walk.in@example.com' } });
    await eventually(() => withEmail().length > 0, 10_000, 'the new HighLevel contact');
    stack.trengo.activity.receiveMessage({ message: 'Anyone?', from: { email: 'walk.in@example.com' } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(withEmail()).toHaveLength(1);
    expect(withEmail()[0]).toMatchObject({ firstName: 'Walk', lastName: 'In' });
    const view = asView(await stack.api(await stack.launch(String(first.ticket.id)), '/contact'));
    expect(view.status === 'matched' && view.contact.id).toBe(withEmail()[0]?.id);
  });
});
