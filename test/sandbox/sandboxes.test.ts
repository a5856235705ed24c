/**
 * The sandboxes behave as the demo, the tests and the benchmarks rely on: seeded scenarios,
 * faults, rate limits, token rotation, call records, and the HTTP controls for other processes.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGhlSandbox, type GhlSandbox } from '../../sandbox/highlevel/index';
import { startSandboxes } from '../../sandbox/index';
import {
  createSeed,
  demoAppointments,
  demoContacts,
  demoLocationId,
  demoNotes,
  demoTasks,
  demoTickets,
} from '../../sandbox/seed';
import { startTrengoSandbox, type TrengoSandbox } from '../../sandbox/trengo/index';
import { toE164 } from '../../shared/phone';

const ghlHeaders = (token = 'sandbox-highlevel-token') => ({
  Authorization: `Bearer ${token}`,
  Version: '2021-07-28',
  'Content-Type': 'application/json',
});

const trengoHeaders = (token = 'sandbox-trengo-token') => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });

describe('the demo seed', () => {
  const now = new Date('2026-03-10T15:30:00Z');
  const seed = createSeed(now);
  const ghlContacts = seed.ghl.contacts;
  const ticket = (id: string) => seed.trengo.tickets.find((candidate) => String(candidate.id) === id)!;
  const byEmail = (email: string) => ghlContacts.filter((contact) => contact.email?.toLowerCase() === email.toLowerCase());
  const byPhone = (phone: string) => ghlContacts.filter((contact) => contact.phone === toE164(phone, 'US'));

  it('is the same for the same moment', () => {
    expect(createSeed(now)).toEqual(seed);
  });

  it('gives every HighLevel record a 20-character alphanumeric id, and numbers in E.164', () => {
    const ids = [demoLocationId, ...ghlContacts, ...seed.ghl.tasks, ...seed.ghl.notes, ...seed.ghl.appointments].map((record) =>
      typeof record === 'string' ? record : record.id,
    );
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const contact of ghlContacts) if (contact.phone) expect(contact.phone).toMatch(/^\+[1-9]\d{7,14}$/);
    expect(ghlContacts.length).toBeGreaterThanOrEqual(12);
    expect(ghlContacts.filter((contact) => contact.businessId === ghlContacts[0]!.businessId)).toHaveLength(3);
  });

  it('ticket 1001: the email, in another case, matches exactly one contact', () => {
    const contact = ticket(demoTickets.matched).contact;
    expect(contact).toMatchObject({ name: 'Maria Jansen', phone: null });
    expect(contact.email).not.toBe(contact.email?.toLowerCase());
    expect(byEmail(contact.email!).map((match) => match.id)).toEqual([demoContacts.mariaJansen]);
    const maria = ghlContacts.find((match) => match.id === demoContacts.mariaJansen)!;
    expect(maria.tags.length).toBeGreaterThanOrEqual(3);
    expect(maria.companyName).toBeTruthy();
  });

  it('ticket 1002: name, email and phone match nothing', () => {
    const contact = ticket(demoTickets.notFound).contact;
    expect(contact.name && contact.email && contact.phone).toBeTruthy();
    expect(byEmail(contact.email!)).toEqual([]);
    expect(byPhone(contact.phone!)).toEqual([]);
    expect(ghlContacts.filter((match) => match.name === contact.name)).toEqual([]);
  });

  it('ticket 1003: no email, a local-format phone two contacts share', () => {
    const contact = ticket(demoTickets.multiple).contact;
    expect(contact.email).toBeNull();
    expect(contact.phone).toBe('(415) 555-0134');
    expect(byPhone(contact.phone!).map((match) => match.id).sort()).toEqual([demoContacts.danielOkafor, demoContacts.graceOkafor].sort());
  });

  it('ticket 1004: no email, a phone in another local format matching one contact', () => {
    const contact = ticket(demoTickets.phoneMatch).contact;
    expect(contact.email).toBeNull();
    expect(contact.phone).not.toMatch(/^\+\d+$/);
    expect(byPhone(contact.phone!).map((match) => match.id)).toEqual([demoContacts.liamChen]);
  });

  it("places Maria's tasks, notes and appointments around the seed's moment", () => {
    const task = (id: string) => seed.ghl.tasks.find((candidate) => candidate.id === id)!;
    expect(task(demoTasks.overdue)).toMatchObject({ completed: false });
    expect(Date.parse(task(demoTasks.overdue).dueDate)).toBeLessThan(now.getTime());
    expect(Date.parse(task(demoTasks.dueNextWeek).dueDate)).toBe(now.getTime() + 7 * 24 * 3600 * 1000);
    expect(task(demoTasks.completed).completed).toBe(true);
    expect(task(demoTasks.withoutBody).body).toBeUndefined();

    const html = seed.ghl.notes.find((note) => note.id === demoNotes.html)!.body;
    for (const fragment of ['<p>', '<b>', '<br>', '&amp;', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>']) {
      expect(html).toContain(fragment);
    }

    const start = (id: string) => seed.ghl.appointments.find((appointment) => appointment.id === id)!.startTime;
    // Wall-clock times in the location's zone; a day's margin either way keeps the zone out of it.
    const today = now.toISOString().slice(0, 10);
    expect(start(demoAppointments.upcomingSoon) > today).toBe(true);
    expect(start(demoAppointments.upcomingLater) > start(demoAppointments.upcomingSoon)).toBe(true);
    expect(start(demoAppointments.pastRecent) < today).toBe(true);
    expect(start(demoAppointments.pastOlder) < start(demoAppointments.pastRecent)).toBe(true);
    expect(start(demoAppointments.upcomingSoon)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('the HighLevel sandbox', () => {
  let ghl: GhlSandbox;
  const get = (path: string, token?: string) => fetch(`${ghl.url}${path}`, { headers: ghlHeaders(token) });
  const maria = `/contacts/${demoContacts.mariaJansen}`;

  beforeAll(async () => {
    ghl = await startGhlSandbox();
  });
  afterAll(() => ghl.close());
  beforeEach(() => ghl.reset());

  it('finds contacts by email in any case and by E.164 phone', async () => {
    const search = (filters: unknown[]) =>
      fetch(`${ghl.url}/contacts/search`, {
        method: 'POST',
        headers: ghlHeaders(),
        body: JSON.stringify({ locationId: demoLocationId, pageLimit: 10, filters }),
      }).then((response) => response.json() as Promise<{ contacts: Array<{ id: string }>; total: number }>);
    const byEmail = await search([{ field: 'email', operator: 'eq', value: 'Maria@Jansen-Interiors.example' }]);
    expect(byEmail.contacts.map((contact) => contact.id)).toEqual([demoContacts.mariaJansen]);
    const byPhone = await search([{ field: 'phone', operator: 'eq', value: '+14155550134' }]);
    expect(byPhone.total).toBe(2);
    const duplicate = await get(`/contacts/search/duplicate?locationId=${demoLocationId}&number=%2B14155550199`);
    expect(await duplicate.json()).toMatchObject({ contact: { id: demoContacts.liamChen } });
  });

  it('delays every answer by latencyMs', async () => {
    ghl.faults.latencyMs = 150;
    const started = performance.now();
    await get(maria);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(ghl.calls[0]!.endedAt - ghl.calls[0]!.startedAt).toBeGreaterThanOrEqual(140);
  });

  it('answers the next N calls with the status asked for, then recovers', async () => {
    ghl.faults.failNext(2, 503);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(maria)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(ghl.calls.map((call) => call.status)).toEqual([503, 503, 200]);
  });

  it('fails the failRate share of calls with 500, 502 or 503', async () => {
    ghl.faults.failRate = 1;
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await get(maria)).status));
    for (const status of statuses) expect([500, 502, 503]).toContain(status);
    ghl.faults.failRate = 0;
    expect((await get(maria)).status).toBe(200);
  });

  it('when down, drops connections without an answer; the controls still bring it back', async () => {
    const faults = (body: unknown) =>
      fetch(`${ghl.url}/_sandbox/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await faults({ down: true })).status).toBe(200);
    expect(ghl.faults.down).toBe(true);
    await expect(get(maria)).rejects.toThrow();
    expect(ghl.calls.at(-1)).toMatchObject({ path: maria, status: 0 });
    expect(await (await faults({ down: false })).json()).toMatchObject({ down: false });
    expect((await get(maria)).status).toBe(200);
  });

  it('takes faults and gives calls over HTTP for other processes', async () => {
    await fetch(`${ghl.url}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ latencyMs: 5, failNext: { count: 1, status: 500 } }),
    });
    expect((await get(maria)).status).toBe(500);
    expect(ghl.faults.latencyMs).toBe(5);
    const calls = (await (await fetch(`${ghl.url}/_sandbox/calls`)).json()) as unknown[];
    expect(calls).toEqual([expect.objectContaining({ method: 'GET', path: maria, status: 500 })]);
    expect((await fetch(`${ghl.url}/_sandbox/calls`, { method: 'DELETE' })).status).toBe(204);
    expect(ghl.calls).toEqual([]);
    const refused = await fetch(`${ghl.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ failRate: 2 }) });
    expect(refused.status).toBe(400);
  });

  it('records query strings and keeps control calls out of the record', async () => {
    await get(`/contacts/?locationId=${demoLocationId}&limit=3`);
    await fetch(`${ghl.url}/_sandbox/calls`);
    expect(ghl.calls).toEqual([
      expect.objectContaining({ method: 'GET', path: '/contacts/', query: { locationId: demoLocationId, limit: '3' }, status: 200 }),
    ]);
  });

  it('accepts only the tokens in its set, so rotation can be simulated', async () => {
    ghl.tokens.add('rotated-token');
    ghl.tokens.delete('sandbox-highlevel-token');
    expect((await get(maria)).status).toBe(401);
    expect((await get(maria, 'rotated-token')).status).toBe(200);
  });

  it('counts down X-RateLimit-Remaining and answers 429 past 100 calls in the window', async () => {
    const first = await get(maria);
    expect(first.headers.get('X-RateLimit-Max')).toBe('100');
    expect(first.headers.get('X-RateLimit-Interval-Milliseconds')).toBe('10000');
    expect(first.headers.get('X-RateLimit-Limit-Daily')).toBe('200000');
    expect(first.headers.get('X-RateLimit-Remaining')).toBe('99');
    expect(first.headers.get('X-RateLimit-Daily-Remaining')).toBe('199999');
    const second = await get(maria);
    expect(second.headers.get('X-RateLimit-Remaining')).toBe('98');

    const rest = await Promise.all(Array.from({ length: 98 }, () => get(maria)));
    expect(rest.every((response) => response.status === 200)).toBe(true);
    const remaining = rest.map((response) => Number(response.headers.get('X-RateLimit-Remaining'))).sort((a, b) => b - a);
    expect(remaining).toEqual(Array.from({ length: 98 }, (_, index) => 97 - index));

    const limited = await get(maria);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('X-RateLimit-Remaining')).toBe('0');
    expect(await limited.json()).toMatchObject({ statusCode: 429, message: 'Too many requests' });
  });

  it('frees the window once its interval has passed', async () => {
    const small = await startGhlSandbox({ rateLimit: { max: 2, intervalMs: 300 } });
    try {
      const call = () => fetch(`${small.url}${maria}`, { headers: ghlHeaders() });
      expect([(await call()).status, (await call()).status, (await call()).status]).toEqual([200, 200, 429]);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await call()).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('keeps changes in memory until reset', async () => {
    await fetch(`${ghl.url}${maria}/tags`, { method: 'POST', headers: ghlHeaders(), body: JSON.stringify({ tags: ['Returning Customer'] }) });
    expect(ghl.store.contacts.get(demoContacts.mariaJansen)?.tags).toContain('returning customer');
    await fetch(`${ghl.url}/_sandbox/reset`, { method: 'POST' });
    expect(ghl.store.contacts.get(demoContacts.mariaJansen)?.tags).not.toContain('returning customer');
  });
});

describe('the Trengo sandbox', () => {
  let trengo: TrengoSandbox;
  const get = (path: string, token?: string) => fetch(`${trengo.url}${path}`, { headers: trengoHeaders(token) });

  beforeAll(async () => {
    trengo = await startTrengoSandbox();
  });
  afterAll(() => trengo.close());
  beforeEach(() => trengo.reset());

  it('answers a ticket with its contact', async () => {
    expect(trengo.url).toMatch(/\/api\/v2$/);
    const response = await get(`/tickets/${demoTickets.multiple}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('120');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('119');
    expect(await response.json()).toMatchObject({
      id: Number(demoTickets.multiple),
      contact: { id: expect.any(Number), email: null, phone: '(415) 555-0134' },
    });
  });

  it('refuses a missing or unknown token with 401', async () => {
    expect(await (await fetch(`${trengo.url}/tickets/${demoTickets.matched}`)).json()).toEqual({ message: 'Unauthenticated.' });
    expect((await get(`/tickets/${demoTickets.matched}`, 'wrong')).status).toBe(401);
  });

  it('answers 404 for an unknown ticket or contact', async () => {
    const missing = await get('/tickets/999999');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not found.' });
    expect((await get('/contacts/424242')).status).toBe(404);
  });

  it('lists tickets and searches contacts in pages', async () => {
    const tickets = (await (await get('/tickets?page=1')).json()) as { data: unknown[]; meta: { current_page: number; last_page: number } };
    expect(tickets.data.length).toBeGreaterThanOrEqual(10);
    expect(tickets.meta).toMatchObject({ current_page: 1, last_page: 1 });
    const found = (await (await get('/contacts?term=maria')).json()) as { data: Array<{ name: string }> };
    expect(found.data.map((contact) => contact.name)).toEqual(['Maria Jansen']);
  });

  it('answers 429 with Retry-After past its per-minute limit', async () => {
    const small = await startTrengoSandbox({ rateLimit: { max: 2, intervalMs: 60_000 } });
    try {
      const call = () => fetch(`${small.url}/tickets/${demoTickets.matched}`, { headers: trengoHeaders() });
      await call();
      await call();
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await small.close();
    }
  });

  it('goes down and comes back, recording the dropped call', async () => {
    trengo.faults.down = true;
    await expect(get(`/tickets/${demoTickets.matched}`)).rejects.toThrow();
    trengo.faults.down = false;
    expect((await get(`/tickets/${demoTickets.matched}`)).status).toBe(200);
    expect(trengo.calls.map((call) => call.status)).toEqual([0, 200]);
  });
});

describe('both sandboxes together', () => {
  it('share one seed', async () => {
    const sandboxes = await startSandboxes();
    try {
      const ticket = (await (
        await fetch(`${sandboxes.trengo.url}/tickets/${demoTickets.matched}`, { headers: trengoHeaders(sandboxes.trengoToken) })
      ).json()) as { contact: { email: string } };
      const duplicate = await fetch(
        `${sandboxes.ghl.url}/contacts/search/duplicate?locationId=${sandboxes.seed.location.id}&email=${encodeURIComponent(ticket.contact.email)}`,
        { headers: ghlHeaders(sandboxes.ghlToken) },
      );
      expect(await duplicate.json()).toMatchObject({ contact: { id: demoContacts.mariaJansen } });
    } finally {
      await sandboxes.close();
    }
  });

  it('start from the command line and print where they listen', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the command exited with ${code}`)));
      });
      const printed = JSON.parse(line) as { ghl: { url: string; token: string }; trengo: { url: string } };
      expect(printed.trengo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
      const answer = await fetch(`${printed.ghl.url}/contacts/${demoContacts.liamChen}`, { headers: ghlHeaders(printed.ghl.token) });
      expect(answer.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
