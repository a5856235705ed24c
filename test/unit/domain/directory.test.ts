/**
 * Looking around the location from a ticket: searching contacts (each search in the audit log),
 * linking only what this ticket's search found, and the other contacts of the customer's company.
 */
import { describe, expect, it } from 'vitest';
import { matched, openDomain, refusal, withAnna } from './domain';

describe('search', () => {
  it('finds contacts by name, email, phone or company, and is audited with how many it found', async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);
    domain.crm.addContact({ id: 'piet1', firstName: 'Piet', companyName: 'Bakkerij de Vries' });
    domain.crm.addContact({ id: 'ben1', firstName: 'Ben', companyName: 'Garage' });

    const result = await domain.directory.search(ticketId, 'bakkerij');

    expect(result.contacts.map((contact) => contact.name)).toEqual(['Anna de Vries', 'Piet']);
    expect(domain.audit()).toEqual([
      expect.objectContaining({ action: 'search', ticketId, trengoContactId: 'c1', fields: JSON.stringify({ q: 'bakkerij' }), result: 'ok', detail: '2 found' }),
    ]);
  });

  it('a search HighLevel refuses is audited as an error with its status and trace id, and reaches the agent', async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);
    domain.crm.failNext('searchContacts', 'rate_limited', { traceId: 'trace-1', messages: ['Too many requests'] });

    await expect(domain.directory.search(ticketId, 'anna')).rejects.toMatchObject({ kind: 'rate_limited' });
    expect(domain.audit()).toEqual([
      expect.objectContaining({ action: 'search', result: 'error', ghlStatus: 429, traceId: 'trace-1', detail: 'Too many requests' }),
    ]);
  });

  it("a ticket may link a contact its own search found, and no other (403)", async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);
    domain.helpdesk.addTicket('202', { id: 'c2' });
    const piet = domain.crm.addContact({ firstName: 'Piet' });
    await domain.directory.search('202', 'piet');

    expect(await refusal((async () => domain.directory.assertFound(ticketId, piet.id))())).toMatchObject({ status: 403, code: 'forbidden' });
    expect(() => domain.directory.assertFound('202', piet.id)).not.toThrow();
  });
});

describe("the customer's company", () => {
  it('lists the other contacts of the company the sidebar showed, with links into HighLevel, without reading the contact again', async () => {
    const domain = openDomain();
    domain.crm.addContact({ id: 'anna1', firstName: 'Anna', email: 'anna@example.com', businessId: 'bakkerij' });
    domain.crm.addContact({ id: 'piet1', firstName: 'Piet', businessId: 'bakkerij' });
    domain.crm.addContact({ id: 'ben1', firstName: 'Ben', businessId: 'garage' });
    domain.helpdesk.addTicket('101', { id: 'c1', email: 'anna@example.com' });
    matched(await domain.contacts.viewForTicket('101'));

    const colleagues = await domain.directory.colleagues('101');

    expect(colleagues.contacts).toEqual([
      { id: 'piet1', name: 'Piet', email: null, phone: null, companyName: null, url: 'https://app.example.com/v2/location/loc1/contacts/detail/piet1' },
    ]);
    expect(domain.crm.count('getContact')).toBe(0);
  });

  it('a contact without a company record has no colleagues', async () => {
    const domain = openDomain();
    const { ticketId } = withAnna(domain);

    expect(await domain.directory.colleagues(ticketId)).toEqual({ contacts: [] });
    expect(domain.crm.count('getContactsByBusiness')).toBe(0);
  });

  it('a ticket without a HighLevel contact: 409 no_contact', async () => {
    const domain = openDomain();
    domain.helpdesk.addTicket('101', { id: 'c7', email: 'nobody@example.com' });

    expect(await refusal(domain.directory.colleagues('101'))).toMatchObject({ status: 409, code: 'no_contact' });
  });
});
