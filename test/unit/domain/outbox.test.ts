/**
 * The outbox's rules as an agent or operator sees them: one contact's writes reach HighLevel in
 * the order they were made, contacts do not wait for each other, a write HighLevel could not take
 * is sent later by itself, and no create is made twice: not after a lost answer, not after an
 * unreadable one, not after a crash, not for a repeated request. Time is fake and moved by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrmMethod } from './fakes';
import { action, clock, done, loggedProblems, matched, openDomain, refusal, restart, withAnna, type Domain, type DomainOptions } from './domain';

beforeEach(() => {
  loggedProblems.length = 0;
  clock.install();
});
afterEach(() => {
  clock.uninstall();
  expect(loggedProblems).toEqual([]);
});

/** Anna's ticket 101 with her sidebar open, and Ben's ticket 202. */
async function twoCustomers(options: DomainOptions = {}) {
  const domain = openDomain(options);
  const { anna, ticketId } = withAnna(domain);
  const ben = domain.crm.addContact({ firstName: 'Ben', email: 'ben@example.com' });
  domain.helpdesk.addTicket('202', { id: 'c2', name: 'Ben', email: 'ben@example.com' });
  matched(await domain.contacts.viewForTicket(ticketId));
  matched(await domain.contacts.viewForTicket('202'));
  return { domain, anna, ben, ticketId };
}

/** The writes HighLevel received, by method, oldest first. */
const sentMethods = (domain: Domain) => domain.crm.writeCalls().map((call) => call.method);

/** Answers a submit once fake time has moved by `ms` (0: only what is due now runs). */
const submitted = (domain: Domain, ticketId: string, write: Parameters<Domain['writes']['submit']>[1], ms = 0, key?: string) =>
  clock.after(ms, domain.writes.submit(ticketId, write, key));

describe("one contact's writes go in order; contacts go in parallel", () => {
  it('a later write waits behind an earlier pending one, then both go, in order', async () => {
    const { domain, ticketId } = await twoCustomers();
    domain.crm.failNext('addTags', 'rate_limited');

    const first = await submitted(domain, ticketId, action.addTags('vip'));
    const second = await submitted(domain, ticketId, action.createNote('Sent after the tag'));

    expect(first).toMatchObject({ status: 202, body: { write: { state: 'pending', reason: 'HighLevel is busy (rate limit reached); it will be sent in a few seconds.' } } });
    expect(second).toMatchObject({ status: 202, body: { write: { state: 'pending', reason: 'Waiting for an earlier change to this contact to reach HighLevel.' } } });
    expect(sentMethods(domain)).toEqual(['addTags']);
    expect(domain.audit().at(-1)).toMatchObject({ action: 'createNote', result: 'pending', detail: 'queued behind an earlier change to this contact' });

    await clock.advance(1000);

    expect(sentMethods(domain)).toEqual(['addTags', 'addTags', 'createNote']);
    expect((await domain.writes.list(ticketId)).map((write) => [write.kind, write.state])).toEqual([
      ['addTags', 'done'],
      ['createNote', 'done'],
    ]);
  });

  it('a later write is not sent while an earlier one of the contact is still on its way', async () => {
    const { domain, ticketId } = await twoCustomers();
    const tagging = domain.crm.hold('addTags');

    const first = domain.writes.submit(ticketId, action.addTags('vip'));
    await clock.advance(0);
    await tagging.arrived;
    const second = await submitted(domain, ticketId, action.removeTags('customer'), 5000);

    // Neither request waits longer than the answer time: both are pending, one being sent.
    expect((await clock.after(0, first)).body.write).toMatchObject({ state: 'pending', reason: 'Being sent to HighLevel.' });
    expect(second.body.write).toMatchObject({ state: 'pending', reason: 'Waiting for an earlier change to this contact to reach HighLevel.' });
    expect(sentMethods(domain)).toEqual(['addTags']);

    tagging.release();
    await clock.advance(0);
    expect(sentMethods(domain)).toEqual(['addTags', 'removeTags']);
    expect(domain.crm.contact(domain.crm.allContacts()[0]?.id ?? '')?.tags).toEqual(['vip']);
    expect((await domain.writes.list(ticketId)).map((write) => [write.kind, write.state])).toEqual([
      ['addTags', 'done'],
      ['removeTags', 'done'],
    ]);
  });

  it("one contact's slow write does not hold up another contact's", async () => {
    const { domain, anna, ben, ticketId } = await twoCustomers();
    const annasNote = domain.crm.hold('createNote');

    const annas = domain.writes.submit(ticketId, action.createNote('For Anna'));
    await clock.advance(0);
    await annasNote.arrived;
    const bens = await submitted(domain, '202', action.createNote('For Ben'));

    expect(done(bens).view.contact.id).toBe(ben.id);
    expect(domain.crm.notesOf(anna.id)).toEqual([]);

    annasNote.release();
    expect(done(await clock.after(0, annas)).view.notes.map((note) => note.body)).toEqual(['For Anna']);
  });

  it('a write HighLevel refused does not hold up the later ones', async () => {
    const { domain, ticketId } = await twoCustomers();
    domain.crm.failNext('createTask', 'rejected', { messages: ['title invalid'] });

    await clock.after(0, refusal(domain.writes.submit(ticketId, action.createTask('Bad', '2026-03-12T09:00:00Z'))));
    done(await submitted(domain, ticketId, action.createNote('Still goes')));
  });

  it('discarding the pending write at the head lets the next one go at once', async () => {
    const { domain, ticketId } = await twoCustomers();
    domain.crm.failNext('addTags', 'unavailable', { times: 10 });
    const stuck = await submitted(domain, ticketId, action.addTags('vip'));
    await submitted(domain, ticketId, action.createNote('Behind it'));

    await domain.writes.discard(ticketId, stuck.body.write.id);
    await clock.advance(0);

    expect(sentMethods(domain)).toEqual(['addTags', 'createNote']);
    await clock.advance(60_000);
    expect(domain.crm.count('addTags')).toBe(1);
  });
});

describe('a write HighLevel could not take now is sent later by itself', () => {
  it('retries are spaced out: about 1 s, then 2 s, then 4 s', async () => {
    const { domain, ticketId } = await twoCustomers();
    domain.crm.failNext('addTags', 'unavailable', { times: 3 });

    const answer = await submitted(domain, ticketId, action.addTags('vip'));
    expect(answer).toMatchObject({ status: 202, body: { write: { reason: 'HighLevel is having trouble right now; it will be sent when it recovers.' } } });
    await clock.advance(499);
    expect(domain.crm.count('addTags')).toBe(1);
    await clock.advance(10_000);

    const times = domain.crm.callsOf('addTags').map((call) => call.at);
    const gaps = times.slice(1).map((at, index) => at - (times[index] ?? 0));
    expect(gaps).toHaveLength(3);
    expect(gaps[0]).toBeGreaterThanOrEqual(500);
    expect(gaps[0]).toBeLessThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeLessThanOrEqual(2000);
    expect(gaps[2]).toBeGreaterThanOrEqual(2000);
    expect(gaps[2]).toBeLessThanOrEqual(4000);
    expect((await domain.writes.list(ticketId)).map((write) => write.state)).toEqual(['done']);
    expect(domain.crm.allContacts()[0]?.tags).toEqual(['customer', 'vip']);
  });

  it('no wait grows past the policy cap', async () => {
    const { domain, ticketId } = await twoCustomers({ retry: { baseMs: 100, maxMs: 300 } });
    domain.crm.failNext('removeTags', 'unavailable', { times: 6 });

    await submitted(domain, ticketId, action.removeTags('customer'));
    await clock.advance(2000);

    const times = domain.crm.callsOf('removeTags').map((call) => call.at);
    expect(times).toHaveLength(7);
    expect(Math.max(...times.slice(1).map((at, index) => at - (times[index] ?? 0)))).toBeLessThanOrEqual(300);
  });

  it('a token HighLevel refused keeps the write pending with a word for the administrator, and it goes once the token works', async () => {
    const { domain, ticketId } = await twoCustomers();
    domain.crm.failNext('createNote', 'auth');

    const answer = await submitted(domain, ticketId, action.createNote('Hello'));
    expect(answer.status).toBe(202);
    expect(answer.body.write.reason).toMatch(/administrator needs to renew it/);

    await clock.advance(1000);
    expect((await domain.writes.list(ticketId)).map((write) => write.state)).toEqual(['done']);
    expect(domain.crm.count('createNote')).toBe(2);
  });

  it("the agent's retry sends a pending write now, without waiting out the backoff", async () => {
    const { domain, ticketId } = await twoCustomers();
    domain.crm.failNext('addTags', 'rate_limited');
    const pending = await submitted(domain, ticketId, action.addTags('vip'));

    const retried = await clock.after(0, domain.writes.retry(ticketId, pending.body.write.id));

    expect(done(retried).write.id).toBe(pending.body.write.id);
    expect(domain.crm.count('addTags')).toBe(2);
  });
});

describe('no create is made twice', () => {
  const creates: Array<{ kind: CrmMethod; make: Parameters<Domain['writes']['submit']>[1]; count: (domain: Domain) => number }> = [
    {
      kind: 'createTask',
      make: action.createTask('Call back', '2026-03-12T09:00:00Z'),
      count: (domain) => domain.crm.tasksOf(domain.crm.allContacts()[0]?.id ?? '').filter((task) => task.title === 'Call back').length,
    },
    {
      kind: 'createNote',
      make: action.createNote('Prefers mornings'),
      count: (domain) => domain.crm.notesOf(domain.crm.allContacts()[0]?.id ?? '').filter((note) => note.body === 'Prefers mornings').length,
    },
    {
      kind: 'createContact',
      make: action.createContact({ firstName: 'Anna', email: 'anna.new@example.com' }),
      count: (domain) => domain.crm.allContacts().filter((contact) => contact.email === 'anna.new@example.com').length,
    },
    {
      kind: 'createContact',
      make: action.createContact({ firstName: 'Noor', lastName: 'Bakker' }),
      count: (domain) => domain.crm.allContacts().filter((contact) => contact.firstName === 'Noor').length,
    },
  ];

  it.each(creates)('$kind whose answer was lost after HighLevel stored it: found by the first look, not made again', async ({ kind, make, count }) => {
    const { domain, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    domain.crm.loseAnswerOf(kind);

    const answer = await submitted(domain, ticketId, make);
    expect(answer).toMatchObject({ status: 202, body: { write: { reason: 'HighLevel did not answer in time; it will be checked and sent again.' } } });
    const callsSoFar = domain.crm.calls.length;
    await clock.advance(60_000);

    // One look finds it (a look that came too early would only wait and look again, never send).
    expect(domain.crm.calls.slice(callsSoFar)).toHaveLength(1);
    expect(domain.crm.count(kind)).toBe(1);
    expect(count(domain)).toBe(1);
    const [write] = (await domain.writes.list(ticketId)).filter((listed) => listed.kind === kind);
    expect(write).toMatchObject({ state: 'done', recordId: expect.any(String) });
    expect(domain.audit().at(-1)).toMatchObject({ action: kind, result: 'done', ghlStatus: null, detail: 'found in HighLevel: an earlier attempt had made it' });
  });

  it('a create HighLevel has not made yet is looked for at growing intervals within the late-write window, then sent again once', async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    domain.crm.failNext('createTask', 'timeout');

    await submitted(domain, ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z'));
    const sentAt = domain.crm.callsOf('createTask')[0]?.at ?? 0;
    await clock.advance(60_000);

    const looks = domain.crm.callsOf('getTasks').map((call) => call.at - sentAt);
    const gaps = looks.slice(1).map((at, index) => at - (looks[index] ?? 0));
    expect(looks.length).toBeGreaterThanOrEqual(3);
    expect(gaps.every((gap, index) => index === 0 || gap >= (gaps[index - 1] ?? 0))).toBe(true);
    const [, resentAt] = domain.crm.callsOf('createTask').map((call) => call.at - sentAt);
    expect(resentAt).toBe(40_000);
    expect(domain.crm.tasksOf(anna.id).map((task) => task.title)).toEqual(['Call back']);
  });

  it('a create HighLevel stored late, after its call timed out, is found by the look-up after the wait', async () => {
    const { domain, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    domain.crm.storeLate('createNote', 3000);

    await submitted(domain, ticketId, action.createNote('Landed late'));
    await clock.advance(60_000);

    expect(domain.crm.count('createNote')).toBe(1);
    expect(domain.crm.notesOf(domain.crm.allContacts()[0]?.id ?? '').map((note) => note.body)).toEqual(['Landed late']);
  });

  // The agent's retry makes the write due at once; the attempt still waits out the late-write window.
  it("the agent's retry of a create whose answer was lost does not make it twice", async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    domain.crm.storeLate('createTask', 3000);
    const pending = await submitted(domain, ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z'));

    await clock.advance(1000);
    await clock.after(0, domain.writes.retry(ticketId, pending.body.write.id));
    await clock.advance(60_000);

    expect(domain.crm.tasksOf(anna.id).map((task) => task.title)).toEqual(['Call back']);
  });

  it('a create that timed out before HighLevel stored it is looked for, not found, and sent again once', async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    domain.crm.failNext('createTask', 'timeout');

    await submitted(domain, ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z'));
    await clock.advance(60_000);

    expect(domain.crm.count('createTask')).toBe(2);
    expect(domain.crm.tasksOf(anna.id).map((task) => task.title)).toEqual(['Call back']);
    expect((await domain.writes.list(ticketId)).map((write) => write.state)).toEqual(['done']);
  });

  it.each(creates)('$kind answered with a success nobody could read: done, its id read back, never sent twice', async ({ kind, make, count }) => {
    const { domain, ticketId } = await twoCustomers();
    domain.crm.answerUnreadably(kind);

    const answer = await submitted(domain, ticketId, make);
    await clock.advance(60_000);

    expect(answer).toMatchObject({ status: 200, body: { write: { state: 'done', recordId: expect.any(String) } } });
    expect(domain.crm.count(kind)).toBe(1);
    expect(count(domain)).toBe(1);
    if (kind === 'createContact') {
      expect(domain.store.links.get('trengo:c1')).toBe(answer.body.write.recordId);
      expect(answer.body.view).toMatchObject({ linked: true, contact: { id: answer.body.write.recordId } });
    }
  });

  it('two identical tasks asked for on purpose are two tasks, even when the second answer is unreadable', async () => {
    const { domain, anna, ticketId } = await twoCustomers();
    const first = done(await submitted(domain, ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z')));
    domain.crm.answerUnreadably('createTask');

    const second = done(await submitted(domain, ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z')));

    expect(domain.crm.tasksOf(anna.id)).toHaveLength(2);
    expect(second.write.recordId).not.toBe(first.write.recordId);
  });
});

describe('an edit whose answer never came', () => {
  it("an older edit HighLevel performs late never overwrites the agent's newer one", async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    domain.crm.storeLate('updateContact', 25_000);

    await submitted(domain, ticketId, action.updateContact({ firstName: 'Older' }));
    await submitted(domain, ticketId, action.updateContact({ firstName: 'Newer' }));
    await clock.advance(120_000);

    expect(domain.crm.contact(anna.id)?.firstName).toBe('Newer');
    // The late one was read back after the window and found in place: not sent a second time.
    expect(domain.crm.callsOf('updateContact').map((call) => JSON.stringify(call.args.at(-1)))).toEqual([
      JSON.stringify({ firstName: 'Older' }),
      JSON.stringify({ firstName: 'Newer' }),
    ]);
    expect((await domain.writes.list(ticketId)).map((write) => write.state)).toEqual(['done', 'done']);
  });

  it('an edit HighLevel never performed is sent again after the window with only what differs', async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 1000 });
    const [task] = domain.crm.tasksOf(anna.id).length ? domain.crm.tasksOf(anna.id) : [domain.crm.addTask(anna.id, { title: 'Call back', dueDate: '2026-03-12T09:00:00.000Z' })];
    domain.crm.failNext('updateTask', 'network');

    await submitted(domain, ticketId, action.updateTask(task!.id, { title: 'Call back today', dueDate: '2026-03-12T09:00:00Z' }));
    await clock.advance(3999);
    expect(domain.crm.count('updateTask')).toBe(1);
    await clock.advance(1);

    expect(domain.crm.callsOf('updateTask').map((call) => JSON.stringify(call.args.at(-1)))).toEqual([
      JSON.stringify({ title: 'Call back today', dueDate: '2026-03-12T09:00:00.000Z' }),
      JSON.stringify({ title: 'Call back today' }),
    ]);
    expect(domain.crm.tasksOf(anna.id).find((candidate) => candidate.id === task!.id)?.title).toBe('Call back today');
  });

  it('a change discarded while HighLevel may still make it holds back the next change of the contact until it surely cannot land', async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    domain.crm.storeLate('updateContact', 25_000);
    const older = await submitted(domain, ticketId, action.updateContact({ firstName: 'Older' }));

    await domain.writes.discard(ticketId, older.body.write.id);
    await submitted(domain, ticketId, action.updateContact({ firstName: 'Newer' }));
    await clock.advance(39_999);
    expect(domain.crm.count('updateContact')).toBe(1);
    await clock.advance(60_000);

    expect(domain.crm.contact(anna.id)?.firstName).toBe('Newer');
    expect((await domain.writes.list(ticketId)).map((write) => write.state)).toEqual(['done']);
  });
});

describe('a crash while a write was being sent', () => {
  it('a create HighLevel had stored is found after the restart, not made again', async () => {
    const { domain, anna, ticketId } = await twoCustomers();
    const inFlight = domain.crm.hold('createTask', { storeFirst: true });
    void domain.writes.submit(ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z'));
    await clock.advance(0);
    await inFlight.arrived;

    const after = restart(domain);
    await clock.advance(60_000);

    expect(domain.crm.count('createTask')).toBe(1);
    expect(domain.crm.tasksOf(anna.id).map((task) => task.title)).toEqual(['Call back']);
    expect((await after.writes.list(ticketId)).map((write) => [write.state, write.recordId])).toEqual([['done', domain.crm.tasksOf(anna.id)[0]?.id]]);
  });

  it('a create HighLevel never received is sent after the restart, once', async () => {
    const { domain, anna, ticketId } = await twoCustomers();
    const inFlight = domain.crm.hold('createNote');
    void domain.writes.submit(ticketId, action.createNote('Never arrived'));
    await clock.advance(0);
    await inFlight.arrived;

    const after = restart(domain);
    await clock.advance(60_000);

    expect(domain.crm.notesOf(anna.id).map((note) => note.body)).toEqual(['Never arrived']);
    expect((await after.writes.list(ticketId)).map((write) => write.state)).toEqual(['done']);
  });

  it('an edit cut off by a crash is read back after the late-write window, sent again only if missing, and the writes behind it follow', async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    const inFlight = domain.crm.hold('addTags');
    void domain.writes.submit(ticketId, action.addTags('vip'));
    await clock.advance(0);
    await inFlight.arrived;
    void domain.writes.submit(ticketId, action.createNote('Behind the tag'));
    await clock.advance(0);

    const after = restart(domain);
    await clock.advance(39_999);
    expect(sentMethods(domain)).toEqual(['addTags']);
    await clock.advance(1);

    expect(sentMethods(domain)).toEqual(['addTags', 'addTags', 'createNote']);
    expect(domain.crm.contact(anna.id)?.tags).toEqual(['customer', 'vip']);
    expect((await after.writes.list(ticketId)).map((write) => write.state)).toEqual(['done', 'done']);
  });

  it('an edit HighLevel made before the crash is not sent again', async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    const inFlight = domain.crm.hold('addTags', { storeFirst: true });
    void domain.writes.submit(ticketId, action.addTags('vip'));
    await clock.advance(0);
    await inFlight.arrived;

    const after = restart(domain);
    await clock.advance(60_000);

    expect(sentMethods(domain)).toEqual(['addTags']);
    expect(domain.crm.contact(anna.id)?.tags).toEqual(['customer', 'vip']);
    expect((await after.writes.list(ticketId)).map((write) => write.state)).toEqual(['done']);
  });

  it('a write waiting out a backoff is sent at once when the server starts again', async () => {
    const { domain, ticketId } = await twoCustomers({ retry: { baseMs: 20_000, maxMs: 30_000 } });
    domain.crm.failNext('addTags', 'unavailable');
    await submitted(domain, ticketId, action.addTags('vip'));
    await domain.writes.close();

    const after = restart(domain);
    await clock.advance(0);

    expect(domain.crm.count('addTags')).toBe(2);
    expect((await after.writes.list(ticketId)).map((write) => write.state)).toEqual(['done']);
  });

  // The request of the process that died may still land: the late-write window runs from when it was sent.
  it('a create still landing in HighLevel when the server restarts is not made twice', async () => {
    const { domain, anna, ticketId } = await twoCustomers({ ghlTimeoutMs: 10_000 });
    const inFlight = domain.crm.hold('createTask');
    void domain.writes.submit(ticketId, action.createTask('Call back', '2026-03-12T09:00:00Z'));
    await clock.advance(0);
    await inFlight.arrived;

    await clock.advance(1000);
    restart(domain);
    await clock.advance(2000);
    inFlight.store();
    await clock.advance(60_000);

    expect(domain.crm.tasksOf(anna.id).map((task) => task.title)).toEqual(['Call back']);
  });
});

describe('the same idempotency key answers the same write', () => {
  it('a repeated request gets the write made the first time, with a fresh view, and HighLevel gets one call', async () => {
    const { domain, anna, ticketId } = await twoCustomers();

    const first = done(await submitted(domain, ticketId, action.createNote('Once'), 0, 'key-1'));
    const again = done(await submitted(domain, ticketId, action.createNote('Once'), 0, 'key-1'));

    expect(again.write).toEqual(first.write);
    expect(again.view.notes.map((note) => note.body)).toEqual(['Once']);
    expect(domain.crm.notesOf(anna.id)).toHaveLength(1);
  });

  it('a repeat while the first is still pending answers pending with the same write, sent once', async () => {
    const { domain, anna, ticketId } = await twoCustomers();
    domain.crm.failNext('createNote', 'rate_limited');

    const first = await submitted(domain, ticketId, action.createNote('Once'), 0, 'key-1');
    const again = await submitted(domain, ticketId, action.createNote('Once'), 0, 'key-1');
    await clock.advance(60_000);

    expect(again).toMatchObject({ status: 202, body: { write: { id: first.body.write.id } } });
    expect(domain.crm.notesOf(anna.id)).toHaveLength(1);
    expect(domain.crm.count('createNote')).toBe(2);
  });

  it('two deliveries of one request at the same moment make one write', async () => {
    const { domain, anna, ticketId } = await twoCustomers();

    const [one, other] = await clock.after(
      0,
      Promise.all([domain.writes.submit(ticketId, action.createNote('Once'), 'key-1'), domain.writes.submit(ticketId, action.createNote('Once'), 'key-1')]),
    );
    await clock.advance(0);

    expect(other.body.write.id).toBe(one.body.write.id);
    expect(domain.crm.notesOf(anna.id)).toHaveLength(1);
    expect(domain.store.outbox.all()).toHaveLength(1);
  });

  it('a key used for a different change is refused with a 400; another ticket may use the same key', async () => {
    const { domain, ticketId } = await twoCustomers();
    await submitted(domain, ticketId, action.createNote('Once'), 0, 'key-1');

    const error = await clock.after(0, refusal(domain.writes.submit(ticketId, action.createNote('Something else'), 'key-1')));
    expect(error).toMatchObject({ status: 400, code: 'bad_request', extra: { fields: { 'Idempotency-Key': expect.any(String) } } });

    done(await submitted(domain, '202', action.createNote('Once'), 0, 'key-1'));
    expect(domain.crm.count('createNote')).toBe(2);
  });

  it('the same phone number written two ways is the same change', async () => {
    const { domain, ticketId } = await twoCustomers();

    const first = await submitted(domain, ticketId, action.updateContact({ phone: '06 87654321' }), 0, 'key-1');
    const again = await submitted(domain, ticketId, action.updateContact({ phone: '+31687654321' }), 0, 'key-1');

    expect(again.body.write.id).toBe(first.body.write.id);
    expect(domain.crm.count('updateContact')).toBe(1);
  });
});
