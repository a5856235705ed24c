/**
 * The read copy: an open answers from the copy of the contact its ticket showed, at once while it
 * is fresh and while it is being read again; the copy stands in when HighLevel fails; events
 * read again only the part that changed; every change to a contact's records is told to the
 * open sidebars.
 */
import { describe, expect, it } from 'vitest';
import { action, matched, openDomain, withAnna } from './domain';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('opening from the read copy', () => {
  it('the first open reads HighLevel and keeps a copy; a repeat open within the cache time reads nothing', async () => {
    const domain = openDomain({ readCopy: true });
    const { anna, ticketId } = withAnna(domain);
    const first = matched(await domain.contacts.viewForTicket(ticketId));
    expect(first.asOf).toBeUndefined();
    const callsAfterFirst = domain.crm.calls.length;

    const again = matched(await domain.contacts.viewForTicket(ticketId));

    expect(domain.crm.calls.length).toBe(callsAfterFirst);
    expect({ ...again, asOf: undefined }).toEqual({ ...first, asOf: undefined });
    expect(Date.parse(again.asOf ?? '')).toBeLessThanOrEqual(Date.now());
    expect(domain.store.readCopy.get(anna.id)?.parts.contact.id).toBe(anna.id);
  });

  it('an old copy answers at once, is read again behind the answer, and the change reaches the sidebars', async () => {
    const domain = openDomain({ readCopy: true, cacheMs: 1 });
    const { anna, ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.changes.length = 0;
    domain.crm.addTask(anna.id, { title: 'Added in HighLevel', dueDate: '2026-03-12T09:00:00.000Z', completed: false });
    await new Promise((resolve) => setTimeout(resolve, 5));

    const stale = matched(await domain.contacts.viewForTicket(ticketId));
    expect(stale.tasks.map((task) => task.title)).not.toContain('Added in HighLevel');
    for (let turn = 0; turn < 10; turn++) await nextTurn();

    expect(domain.changes).toEqual([{ kind: 'contact', contactId: anna.id, deleted: false }]);
    const fresh = matched(await domain.contacts.viewForTicket(ticketId));
    expect(fresh.tasks.map((task) => task.title)).toContain('Added in HighLevel');
  });

  it('without a cache time every open reads HighLevel, and the copy stands in when HighLevel fails', async () => {
    const domain = openDomain({ readCopy: true, cacheMs: 0 });
    const { anna, ticketId } = withAnna(domain);
    const first = matched(await domain.contacts.viewForTicket(ticketId));
    domain.crm.failNext('getTasks', 'network');
    domain.crm.failNext('searchContacts', 'network');

    const standIn = matched(await domain.contacts.viewForTicket(ticketId));

    expect(standIn.contact).toEqual(first.contact);
    expect(standIn.asOf).toEqual(expect.any(String));
    expect(domain.store.readCopy.get(anna.id)).toBeDefined();
  });

  it('a refusal that a retry cannot fix is not hidden behind the copy', async () => {
    const domain = openDomain({ readCopy: true, cacheMs: 0 });
    const { ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.crm.failNext('searchContacts', 'auth');

    await expect(domain.contacts.viewForTicket(ticketId)).rejects.toMatchObject({ kind: 'auth' });
  });
});

describe('events from HighLevel', () => {
  it('read again only the part that changed, for a contact the server keeps a copy of, and tell the sidebars', async () => {
    const domain = openDomain({ readCopy: true });
    const { anna, ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.changes.length = 0;
    const before = domain.crm.calls.length;
    domain.crm.addTask(anna.id, { title: 'From an event', dueDate: '2026-03-12T09:00:00.000Z', completed: false });

    await domain.contacts.readModel.refresh(anna.id, 'tasks');

    expect(domain.crm.calls.slice(before).map((call) => call.method)).toEqual(['getTasks']);
    expect(domain.changes).toEqual([{ kind: 'contact', contactId: anna.id, deleted: false }]);
    expect(matched(await domain.contacts.viewForTicket(ticketId)).tasks.map((task) => task.title)).toContain('From an event');
  });

  it('an event that changes nothing tells nobody; one for a contact nobody opened reads nothing', async () => {
    const domain = openDomain({ readCopy: true });
    const { anna, ticketId } = withAnna(domain);
    const stranger = domain.crm.addContact({ firstName: 'Stranger' });
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.changes.length = 0;
    const before = domain.crm.calls.length;

    await domain.contacts.readModel.refresh(anna.id, 'notes');
    await domain.contacts.readModel.refresh(stranger.id, 'contact');

    expect(domain.crm.calls.slice(before).map((call) => call.method)).toEqual(['getNotes']);
    expect(domain.changes).toEqual([]);
  });

  it('a contact deleted in HighLevel is forgotten and its sidebars are told', async () => {
    const domain = openDomain({ readCopy: true });
    const { anna, ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));

    domain.contacts.readModel.deleted(anna.id);

    expect(domain.store.readCopy.get(anna.id)).toBeUndefined();
    expect(domain.changes.at(-1)).toEqual({ kind: 'contact', contactId: anna.id, deleted: true });
  });
});

describe("the server's own writes", () => {
  it('a done write updates the copy and tells the sidebars', async () => {
    const domain = openDomain({ readCopy: true });
    const { anna, ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.changes.length = 0;

    const answer = await domain.writes.submit(ticketId, action.createNote('Written from the sidebar'));

    expect(answer.status).toBe(200);
    expect(domain.changes).toContainEqual({ kind: 'contact', contactId: anna.id, deleted: false });
    expect(domain.store.readCopy.get(anna.id)?.parts.notes.map((note) => note.body)).toContain('Written from the sidebar');
  });
});

describe('events from Trengo', () => {
  it('activity on a ticket prewarms it: the open that follows asks HighLevel nothing', async () => {
    const domain = openDomain({ readCopy: true });
    const { anna, ticketId } = withAnna(domain);

    await domain.contacts.ticketActivity(ticketId);
    const before = domain.crm.calls.length;
    const view = matched(await domain.contacts.viewForTicket(ticketId));

    expect(view.contact.id).toBe(anna.id);
    expect(domain.crm.calls.length).toBe(before);
  });
});

describe('a write the outbox finished later', () => {
  it('the next open shows the copy with the write in it, without reading HighLevel again', async () => {
    const domain = openDomain({ readCopy: true });
    const { anna, ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.crm.failNext('addTags', 'rate_limited');

    const pending = await domain.writes.submit(ticketId, action.addTags('vip'));
    expect(pending.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const callsBeforeOpen = domain.crm.calls.length;

    const view = matched(await domain.contacts.viewForTicket(ticketId));
    expect(view.contact.tags).toContain('vip');
    expect(domain.crm.calls.length).toBe(callsBeforeOpen);
    expect(domain.crm.contact(anna.id)?.tags).toContain('vip');
  });

  it('a write that got no answer leaves the copy outdated: the next open reads HighLevel again', async () => {
    const domain = openDomain({ readCopy: true });
    const { ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.crm.failNext('addTags', 'timeout');

    const pending = await domain.writes.submit(ticketId, action.addTags('vip'));
    expect(pending.status).toBe(202);
    const view = matched(await domain.contacts.viewForTicket(ticketId));
    expect(view.asOf).toBeUndefined();
  });
});

describe('while HighLevel’s budget is used up', () => {
  it('an open with a copy answers from it at once, even one a write outdated, and reads nothing behind it', async () => {
    let busy = false;
    const domain = openDomain({ readCopy: true, cacheMs: 1, crmBusy: () => busy });
    const { ticketId } = withAnna(domain);
    matched(await domain.contacts.viewForTicket(ticketId));
    domain.crm.failNext('addTags', 'timeout');
    await domain.writes.submit(ticketId, action.addTags('vip'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    busy = true;
    const from = domain.crm.calls.length;

    const view = matched(await domain.contacts.viewForTicket(ticketId));
    for (let turn = 0; turn < 10; turn++) await nextTurn();

    expect(view.asOf).toEqual(expect.any(String));
    expect(domain.crm.calls.slice(from).filter((call) => call.method.startsWith('get') || call.method === 'searchContacts')).toEqual([]);
  });

  it('an open of a contact with no copy still asks HighLevel, waiting its turn', async () => {
    const domain = openDomain({ readCopy: true, crmBusy: () => true });
    const { anna, ticketId } = withAnna(domain);
    expect(matched(await domain.contacts.viewForTicket(ticketId)).contact.id).toBe(anna.id);
  });
});
