/**
 * The in-memory store the domain tests run on keeps writes exactly as the SQLite store does:
 * the same checks run against both, so a domain test cannot pass on a kinder outbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/sqlite/index';
import type { NewWrite, Store } from '../../../server/store/port';
import { clock } from './domain';
import { createMemoryStore } from './fakes';

const stores: Array<[string, () => Store]> = [
  ['in memory', createMemoryStore],
  ['SQLite', () => openStore(':memory:')],
];

function newWrite(overrides: Partial<NewWrite> = {}): NewWrite {
  return {
    kind: 'addTags',
    queue: 'anna',
    ticketId: '101',
    trengoContactId: 'c1',
    linkKey: 'trengo:c1',
    ghlContactId: 'anna',
    payload: JSON.stringify({ kind: 'addTags', input: { tags: ['vip'] } }),
    summary: 'Add tag "vip"',
    idempotencyKey: null,
    fingerprint: 'f',
    verified: false,
    ...overrides,
  };
}

describe.each(stores)('the outbox %s', (_name, open) => {
  let store: Store;
  afterEach(() => store.close());

  it('sends a queue from its oldest open write, and lists queues with writes to send', () => {
    store = open();
    const { outbox } = store;
    const first = outbox.add(newWrite());
    const second = outbox.add(newWrite({ kind: 'createNote' }));
    const other = outbox.add(newWrite({ queue: 'ben', ghlContactId: 'ben' }));

    expect(first).toMatchObject({ state: 'pending', attempts: 0, mayExist: false, recordId: null, firstSentAt: null });
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(outbox.head('anna')?.id).toBe(first.id);
    expect(outbox.openInQueue('anna').map((write) => write.id)).toEqual([first.id, second.id]);
    expect(outbox.openQueues().sort()).toEqual(['anna', 'ben']);

    outbox.change(first, { state: 'sending' });
    expect(outbox.head('anna')?.id).toBe(first.id);
    outbox.change(outbox.get(first.id) ?? first, { state: 'done', recordId: 'anna' });
    expect(outbox.head('anna')?.id).toBe(second.id);
    outbox.change(second, { state: 'failed', reason: 'refused' });
    outbox.change(other, { state: 'discarded' });
    expect(outbox.head('anna')).toBeUndefined();
    expect(outbox.openQueues()).toEqual([]);
  });

  it('stores the changeable fields of the write it is given, stale ones included', () => {
    store = open();
    const { outbox } = store;
    const stale = outbox.add(newWrite());
    outbox.change(stale, { state: 'sending', attempts: 1 });
    const stored = outbox.change(stale, { reason: 'busy' });

    expect(stored).toMatchObject({ state: 'pending', attempts: 0, reason: 'busy' });
    expect(outbox.get(stale.id)).toEqual(stored);
  });

  it('refuses a second write under one ticket key, as a unique violation, and finds the first by it', () => {
    store = open();
    const { outbox } = store;
    const first = outbox.add(newWrite({ idempotencyKey: 'key1' }));
    let error: unknown;
    try {
      outbox.add(newWrite({ idempotencyKey: 'key1' }));
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(outbox.byIdempotencyKey('101', 'key1')?.id).toBe(first.id);
    expect(outbox.add(newWrite({ idempotencyKey: 'key1', ticketId: '102' })).id).not.toBe(first.id);
    expect(outbox.byIdempotencyKey('101', 'key2')).toBeUndefined();
  });

  it('after a crash, turns writes being sent back to pending, creates to be looked for, all due now', () => {
    store = open();
    const { outbox } = store;
    const create = outbox.add(newWrite({ kind: 'createTask' }));
    const tags = outbox.add(newWrite({ queue: 'ben' }));
    const waiting = outbox.add(newWrite({ queue: 'carl' }));
    const later = Date.now() + 60_000;
    outbox.change(create, { state: 'sending', attempts: 1 });
    outbox.change(tags, { state: 'sending', attempts: 1 });
    outbox.change(waiting, { nextAttemptAt: later });

    outbox.recoverInterrupted();

    expect(outbox.get(create.id)).toMatchObject({ state: 'pending', mayExist: true, attempts: 1 });
    expect(outbox.get(tags.id)).toMatchObject({ state: 'pending', mayExist: false });
    expect(outbox.get(waiting.id)?.nextAttemptAt).toBeLessThanOrEqual(Date.now());
  });

  it('says whether another write of the kind already owns a record', () => {
    store = open();
    const { outbox } = store;
    const made = outbox.add(newWrite({ kind: 'createTask' }));
    outbox.change(made, { state: 'done', recordId: 'task1' });
    const looking = outbox.add(newWrite({ kind: 'createTask' }));

    expect(outbox.isClaimed('createTask', 'task1', looking.id)).toBe(true);
    expect(outbox.isClaimed('createTask', 'task1', made.id)).toBe(false);
    expect(outbox.isClaimed('createNote', 'task1', looking.id)).toBe(false);
  });

  it("lists a customer's open and failed writes and the last done ones, by link key or contact", () => {
    store = open();
    const { outbox } = store;
    const done = [1, 2, 3].map(() => outbox.add(newWrite()));
    for (const write of done) outbox.change(write, { state: 'done' });
    const failed = outbox.add(newWrite());
    outbox.change(failed, { state: 'failed' });
    const fromOtherTicket = outbox.add(newWrite({ linkKey: 'ticket:202', ticketId: '202' }));
    const newContact = outbox.add(newWrite({ kind: 'createContact', queue: 'new:trengo:c1', ghlContactId: null }));
    outbox.add(newWrite({ linkKey: 'trengo:c9', ghlContactId: 'ben', queue: 'ben' }));
    const stranger = outbox.add(newWrite({ linkKey: 'trengo:c8', ghlContactId: null, queue: 'new:trengo:c8', kind: 'createContact' }));

    const ids = (list: Array<{ id: string }>) => list.map((write) => write.id);
    expect(ids(outbox.ofCustomer('trengo:c1', 'anna', 2))).toEqual(ids([done[1]!, done[2]!, failed, fromOtherTicket, newContact]));
    expect(ids(outbox.ofCustomer('trengo:c1', 'anna', 0))).toEqual(ids([failed, fromOtherTicket, newContact]));
    expect(ids(outbox.ofCustomer('trengo:c8', null, 5))).toEqual(ids([stranger]));
  });
});

describe.each(stores)('the links and audit log %s', (_name, open) => {
  let store: Store;
  afterEach(() => store.close());

  it('keep one link per customer and the log in the order recorded, filtered by contact', () => {
    store = open();
    store.links.set('trengo:c1', 'anna');
    store.links.set('trengo:c1', 'ben');
    expect(store.links.get('trengo:c1')).toBe('ben');
    store.links.clear('trengo:c1');
    expect(store.links.get('trengo:c1')).toBeUndefined();

    const entry = { ticketId: '101', writeId: null, fields: 'x'.repeat(2500), result: 'ok', ghlStatus: null, traceId: null, detail: null };
    store.audit.record({ ...entry, action: 'link', trengoContactId: 'c1', ghlContactId: 'anna' });
    store.audit.record({ ...entry, action: 'unlink', trengoContactId: 'c2', ghlContactId: 'ben' });
    expect(store.audit.list().map((logged) => logged.action)).toEqual(['link', 'unlink']);
    expect(store.audit.list({ contactId: 'c2' }).map((logged) => logged.action)).toEqual(['unlink']);
    expect(store.audit.list({ contactId: 'anna' })[0]?.fields).toHaveLength(2001);
    expect(store.audit.list({ limit: 1 })).toHaveLength(1);
  });

  it('keep the contact a ticket showed for as long as asked', () => {
    store = open();
    store.shown.set('101', 'anna');
    expect(store.shown.get('101', 60_000)).toBe('anna');
    store.shown.set('101', 'ben');
    expect(store.shown.get('101', 60_000)).toBe('ben');
    store.shown.clear('101');
    expect(store.shown.get('101', 60_000)).toBeUndefined();
  });
});

describe.each(stores)('the contacts tickets showed %s', (_name, open) => {
  let store: Store;
  afterEach(() => {
    store.close();
    clock.uninstall();
  });

  it('are forgotten once older than asked', async () => {
    clock.install();
    store = open();
    store.shown.set('101', 'anna');
    await clock.advance(60_000);
    expect(store.shown.get('101', 60_000)).toBe('anna');
    await clock.advance(1);
    expect(store.shown.get('101', 60_000)).toBeUndefined();
  });
});

describe.each(stores)("the server's own settings %s", (_name, open) => {
  let store: Store;
  afterEach(() => store.close());

  it('keep the first value made under a name and never make another', () => {
    store = open();
    expect(store.settings.get('session_key')).toBeUndefined();
    let made = 0;
    const make = () => `value ${++made}`;
    expect(store.settings.keep('session_key', make)).toBe('value 1');
    expect(store.settings.keep('session_key', make)).toBe('value 1');
    expect(store.settings.get('session_key')).toBe('value 1');
    expect(made).toBe(1);
    expect(store.settings.keep('other', make)).toBe('value 2');
  });
});
