/**
 * The client's side of the contract: every request it sends, captured on its way to the
 * sandbox, names a documented operation and carries a body the OpenAPI spec accepts
 * (closed: a property the spec does not declare would earn a 422 from HighLevel).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGhlClient } from '../../server/crm/highlevel/index';
import { demoBusinessId, demoContacts, demoLocationId, startGhlSandbox, type GhlSandbox } from '../../sandbox/index';
import { documentedOperations, validateRequestBody } from './openapi';

interface SentRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

let sandbox: GhlSandbox;
beforeAll(async () => {
  sandbox = await startGhlSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/** The documented path template a concrete path belongs to, preferring literal segments. */
function templateOf(method: string, path: string): string | undefined {
  const candidates = documentedOperations()
    .filter((operation) => operation.method === method)
    .map((operation) => operation.path)
    .filter((template) => {
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      return new RegExp(`^${pattern}$`).test(path);
    });
  const params = (template: string) => (template.match(/\{/g) ?? []).length;
  return candidates.sort((a, b) => params(a) - params(b))[0];
}

describe('requests the client sends', () => {
  it('use documented operations with bodies the spec accepts', async () => {
    const sent: SentRequest[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const text = typeof init?.body === 'string' ? init.body : undefined;
      sent.push({
        method: init?.method ?? 'GET',
        path: url.pathname,
        headers: new Headers(init?.headers),
        body: text === undefined ? undefined : JSON.parse(text),
      });
      return fetch(input, init);
    };
    const ghl = createGhlClient({
      baseUrl: sandbox.url,
      locationId: demoLocationId,
      token: () => sandbox.token,
      fetch: recordingFetch,
      cacheTtlMs: 0,
    });
    const maria = demoContacts.mariaJansen;

    await ghl.searchContacts({ email: 'maria@jansen-interiors.example', pageLimit: 5 });
    await ghl.searchContacts({ phone: '+14155550101' });
    await ghl.searchContacts({ query: 'jansen' });
    await ghl.findDuplicate({ number: '+14155550101' });
    await ghl.listContacts({ query: 'maria', limit: 5 });
    await ghl.getContactsByBusiness(demoBusinessId, { limit: 5 });
    const contact = await ghl.createContact({
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace.hopper@example.com',
      phone: '+14155550111',
      companyName: 'Navy',
      tags: ['engineer'],
      dndSettings: { Email: { status: 'inactive' } },
      customFields: [{ id: 'cfBudget000000000001', field_value: '1000' }],
      source: 'Trengo',
    });
    if (contact === null) throw new Error('the sandbox answers a create with the record');
    await ghl.updateContact(contact.id, { city: 'Arlington', website: null, dnd: false });
    await ghl.getContact(contact.id);
    const task = await ghl.createTask(maria, {
      title: 'Call back',
      body: 'About the quote',
      dueDate: '2031-05-01T10:00:00.000Z',
      completed: false,
    });
    if (task === null) throw new Error('the sandbox answers a create with the record');
    await ghl.getTasks(maria);
    await ghl.getTask(maria, task.id);
    await ghl.updateTask(maria, task.id, { title: 'Call back today', completed: false });
    await ghl.setTaskCompleted(maria, task.id, true);
    await ghl.deleteTask(maria, task.id);
    await ghl.addTags(maria, ['callback']);
    await ghl.removeTags(maria, ['callback']);
    const note = await ghl.createNote(maria, { body: 'Asked for a call back.' });
    if (note === null) throw new Error('the sandbox answers a create with the record');
    await ghl.getNotes(maria);
    await ghl.getNote(maria, note.id);
    await ghl.getAppointments(maria);
    await ghl.deleteContact(contact.id);

    expect(sent).toHaveLength(22);
    const problems = sent.flatMap((request) => {
      const template = templateOf(request.method, request.path);
      if (template === undefined) return [`${request.method} ${request.path} is not documented`];
      return validateRequestBody(request.method, template, request.body).map(
        (problem) => `${request.method} ${template}: ${problem}`,
      );
    });
    expect(problems).toEqual([]);
    for (const request of sent) {
      expect(request.headers.get('Version')).toBe('2021-07-28');
      expect(request.headers.get('Authorization')).toBe(`Bearer ${sandbox.token}`);
    }
  });

  it('the contract check itself refuses a body with an unknown property', () => {
    expect(validateRequestBody('POST', '/contacts/{contactId}/notes', { body: 'x', mood: 'happy' })).not.toEqual([]);
  });
});
