/**
 * Which HighLevel contact a ticket's sidebar opens on: the linked one, else a match by email,
 * else by phone in E.164; several to pick from, or none with what Trengo knows.
 */
import { describe, expect, it } from 'vitest';
import { matched, openDomain, refusal, withAnna } from './domain';

describe('a ticket opens on its customer', () => {
  it('found by email, not linked', async () => {
    const domain = openDomain();
    const { anna, ticketId } = withAnna(domain);
    domain.crm.addContact({ firstName: 'Ben', email: 'ben@example.com' });

    const view = matched(await domain.contacts.viewForTicket(ticketId));

    expect(view.contact).toMatchObject({ id: anna.id, name: 'Anna de Vries', email: 'anna@example.com', companyName: 'Bakkerij de Vries' });
    expect(view.contact.url).toBe(`https://app.example.com/v2/location/loc1/contacts/detail/${anna.id}`);
    expect(view.linked).toBe(false);
    expect(domain.crm.callsOf('searchContacts').map((call) => call.args[0])).toEqual([{ email: 'anna@example.com', pageLimit: 10 }]);
  });

  it('found by a phone number written the local way, read in the default country', async () => {
    const domain = openDomain();
    const anna = domain.crm.addContact({ firstName: 'Anna', phone: '+31612345678' });
    domain.helpdesk.addTicket('101', { id: 'c1', name: 'Anna', phone: '06 1234 5678' });

    const view = matched(await domain.contacts.viewForTicket('101'));

    expect(view.contact.id).toBe(anna.id);
    expect(view.ticketContact.phone).toBe('+31612345678');
    expect(domain.crm.callsOf('searchContacts').map((call) => call.args[0])).toEqual([{ phone: '+31612345678', pageLimit: 10 }]);
  });

  it('found by phone when the email finds nobody', async () => {
    const domain = openDomain();
    const anna = domain.crm.addContact({ firstName: 'Anna', email: 'anna@work.example', phone: '+31612345678' });
    domain.helpdesk.addTicket('101', { id: 'c1', email: 'anna@home.example', phone: '+31 6 12345678' });

    expect(matched(await domain.contacts.viewForTicket('101')).contact.id).toBe(anna.id);
    expect(domain.crm.count('searchContacts')).toBe(2);
  });

  it('several matches: the picker lists each candidate', async () => {
    const domain = openDomain();
    domain.crm.addContact({ id: 'anna1', firstName: 'Anna', lastName: 'de Vries', email: 'info@bakkerij.example', companyName: 'Bakkerij' });
    domain.crm.addContact({ id: 'piet1', firstName: 'Piet', email: 'info@bakkerij.example', phone: '+31201234567' });
    domain.helpdesk.addTicket('101', { id: 'c1', name: 'Bakkerij', email: 'info@bakkerij.example' });

    const view = await domain.contacts.viewForTicket('101');

    expect(view).toEqual({
      status: 'multiple',
      ticketContact: { id: 'c1', name: 'Bakkerij', email: 'info@bakkerij.example', phone: null },
      candidates: [
        { id: 'anna1', name: 'Anna de Vries', email: 'info@bakkerij.example', phone: null, companyName: 'Bakkerij' },
        { id: 'piet1', name: 'Piet', email: 'info@bakkerij.example', phone: '+31201234567', companyName: null },
      ],
    });
    expect(domain.crm.count('getTasks')).toBe(0);
  });

  it('no match: not found, with what the helpdesk knows of the customer', async () => {
    const domain = openDomain();
    domain.helpdesk.addTicket('101', { id: 'c1', name: 'Nina', email: 'nina@example.com', phone: '0612345678' });

    expect(await domain.contacts.viewForTicket('101')).toEqual({
      status: 'notFound',
      ticketContact: { id: 'c1', name: 'Nina', email: 'nina@example.com', phone: '+31612345678' },
    });
  });

  it('an internal ticket without a customer: not found, and the CRM is not searched', async () => {
    const domain = openDomain();
    domain.helpdesk.addTicket('101', null);

    expect(await domain.contacts.viewForTicket('101')).toEqual({
      status: 'notFound',
      ticketContact: { id: null, name: null, email: null, phone: null },
    });
    expect(domain.crm.calls).toEqual([]);
  });

  it('a number that is no phone number is shown as written and not searched for', async () => {
    const domain = openDomain();
    domain.helpdesk.addTicket('101', { id: 'c1', phone: '12' });

    expect(await domain.contacts.viewForTicket('101')).toMatchObject({ status: 'notFound', ticketContact: { phone: '12' } });
    expect(domain.crm.count('searchContacts')).toBe(0);
  });
});

describe('links', () => {
  it('a linked contact wins over the email match, and no search is made', async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);
    const ben = domain.crm.addContact({ firstName: 'Ben', email: 'ben@example.com' });
    domain.store.links.set('trengo:c1', ben.id);

    const view = matched(await domain.contacts.viewForTicket(ticketId));

    expect(view.contact.id).toBe(ben.id);
    expect(view.linked).toBe(true);
    expect(domain.crm.count('searchContacts')).toBe(0);
  });

  it('a linked contact deleted in the CRM: the link is forgotten and the customer matched again', async () => {
    const domain = openDomain();
    const { anna, ticketId } = withAnna(domain);
    const gone = domain.crm.addContact({ firstName: 'Old' });
    domain.store.links.set('trengo:c1', gone.id);
    domain.crm.deleteContact(gone.id);

    const view = matched(await domain.contacts.viewForTicket(ticketId));

    expect(view.contact.id).toBe(anna.id);
    expect(view.linked).toBe(false);
    expect(domain.store.links.get('trengo:c1')).toBeUndefined();
  });

  it('a linked contact the CRM cannot read now is an error, and the link is kept', async () => {
    const domain = openDomain();
    const { anna, ticketId } = withAnna(domain);
    domain.store.links.set('trengo:c1', anna.id);
    domain.crm.failNext('getContact', 'unavailable');

    await expect(domain.contacts.viewForTicket(ticketId)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(domain.store.links.get('trengo:c1')).toBe(anna.id);
  });

  it("picking one of several matches links it for every ticket of the customer, and is audited", async () => {
    const domain = openDomain();
    domain.crm.addContact({ id: 'anna1', firstName: 'Anna', email: 'info@bakkerij.example' });
    domain.crm.addContact({ id: 'piet1', firstName: 'Piet', email: 'info@bakkerij.example' });
    domain.helpdesk.addTicket('101', { id: 'c1', email: 'info@bakkerij.example' });
    domain.helpdesk.addTicket('102', { id: 'c1', email: 'info@bakkerij.example' });

    const picked = await domain.contacts.chooseForTicket('101', 'piet1');

    expect(picked).toMatchObject({ status: 'matched', linked: true, contact: { id: 'piet1' } });
    expect(matched(await domain.contacts.viewForTicket('102')).contact.id).toBe('piet1');
    expect(domain.audit()).toEqual([
      expect.objectContaining({ action: 'link', ticketId: '101', trengoContactId: 'c1', ghlContactId: 'piet1', result: 'ok' }),
    ]);
  });

  it('picking a contact that is not among the matches is refused with a 403 and links nothing', async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);
    const stranger = domain.crm.addContact({ firstName: 'Stranger', email: 'stranger@example.com' });

    const error = await refusal(domain.contacts.chooseForTicket(ticketId, stranger.id));

    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
    expect(domain.store.links.all().size).toBe(0);
    expect(domain.audit()).toEqual([]);
  });

  it('unlinking returns the ticket to matching and is audited with the contact it was linked to', async () => {
    const domain = openDomain();
    const { anna, ticketId } = withAnna(domain);
    const ben = domain.crm.addContact({ firstName: 'Ben' });
    domain.store.links.set('trengo:c1', ben.id);

    const view = matched(await domain.contacts.unlinkForTicket(ticketId));

    expect(view).toMatchObject({ linked: false, contact: { id: anna.id } });
    expect(domain.store.links.get('trengo:c1')).toBeUndefined();
    expect(domain.audit()).toEqual([
      expect.objectContaining({ action: 'unlink', ticketId, trengoContactId: 'c1', ghlContactId: ben.id, result: 'ok' }),
    ]);
  });

  it('a ticket without a helpdesk contact keeps its link under the ticket', async () => {
    const domain = openDomain();
    domain.helpdesk.addTicket('101', null);
    domain.helpdesk.addTicket('102', null);
    const ben = domain.crm.addContact({ firstName: 'Ben' });

    await domain.directory.search('101', 'Ben');
    domain.directory.assertFound('101', ben.id);
    await domain.contacts.linkForTicket('101', ben.id);

    expect(matched(await domain.contacts.viewForTicket('101')).contact.id).toBe(ben.id);
    expect(await domain.contacts.viewForTicket('102')).toMatchObject({ status: 'notFound' });
  });
});

describe('opening a ticket', () => {
  it('concurrent opens of one ticket share one lookup', async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);

    const views = await Promise.all([1, 2, 3].map(() => domain.contacts.viewForTicket(ticketId)));

    expect(new Set(views.map((view) => matched(view).contact.id)).size).toBe(1);
    expect(domain.helpdesk.calls).toEqual([ticketId]);
    expect(domain.crm.count('searchContacts')).toBe(1);
    expect(domain.crm.count('getTasks')).toBe(1);
    expect(domain.crm.count('getNotes')).toBe(1);
    expect(domain.crm.count('getAppointments')).toBe(1);
  });

  it('the lookup started at launch serves the first request', async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);

    domain.contacts.prefetch(ticketId);
    await Promise.resolve();
    matched(await domain.contacts.viewForTicket(ticketId));

    expect(domain.crm.count('searchContacts')).toBe(1);
  });

  it('a ticket the helpdesk does not have rejects with its not-found, and is asked again next time', async () => {
    const domain = openDomain();

    await expect(domain.contacts.viewForTicket('404')).rejects.toMatchObject({ system: 'trengo', kind: 'not_found' });
    domain.helpdesk.addTicket('404', { id: 'c4' });
    expect(await domain.contacts.viewForTicket('404')).toMatchObject({ status: 'notFound' });
    expect(domain.helpdesk.calls).toEqual(['404', '404']);
  });
});

describe('what a match rests on', () => {
  it('says email, phone or link, so the agent can check what an unverified address opened', async () => {
    const domain = openDomain();
    const { anna, ticketId } = withAnna(domain);
    const liam = domain.crm.addContact({ firstName: 'Liam', phone: '+31687654321' });
    domain.helpdesk.addTicket('303', { id: 'c3', name: 'Liam', phone: '06 87654321' });

    expect(matched(await domain.contacts.viewForTicket(ticketId)).matchedBy).toBe('email');
    expect(matched(await domain.contacts.viewForTicket('303'))).toMatchObject({ contact: { id: liam.id }, matchedBy: 'phone' });
    domain.store.links.set('trengo:c1', anna.id);
    expect(matched(await domain.contacts.viewForTicket(ticketId)).matchedBy).toBe('linked');
  });
});
