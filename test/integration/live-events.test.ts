/**
 * Open sidebars follow their contact live: a change to the contact's records reaches every
 * sidebar open on that contact, and only those; a change to a customer's writes reaches that
 * customer's sidebars. A reconnect gets the current state at once; a session holds a bounded
 * number of streams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writesListSchema } from '../../shared/actions';
import { contactViewSchema } from '../../shared/api';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { openEventStream, type OpenStream } from '../support/event-stream';
import { asView, startStack, type Stack } from '../support/stack';

let stack: Stack;
const streams: OpenStream[] = [];
const eventsUrl = () => `${stack.url}/api/events`;

beforeAll(async () => {
  stack = await startStack({ CACHE_TTL_SECONDS: '30' });
});
afterAll(async () => {
  streams.forEach((stream) => stream.close());
  await stack.close();
});

async function follow(session: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const stream = await openEventStream(eventsUrl(), session, headers);
  streams.push(stream);
  await stream.next((event) => event.event === 'ready');
  return stream;
}

describe('live sidebars', () => {
  it("a note written in one sidebar reaches the other sidebar on the same contact, and no other customer's", async () => {
    const [writer, watcher, other] = await Promise.all([stack.launch(demoTickets.matched), stack.launch(demoTickets.matched), stack.launch(demoTickets.phoneMatch)]);
    for (const session of [writer, watcher, other]) asView(await stack.api(session, '/contact'));
    const [watching, otherWatching] = await Promise.all([follow(watcher), follow(other)]);

    const startedAt = Date.now();
    const written = await stack.api(writer, '/notes', { method: 'POST', body: { body: 'Seen live elsewhere' } });
    expect(written.status).toBe(200);
    const pushed = await watching.next((event) => event.event === 'view' && event.data.includes('Seen live elsewhere'));
    console.info(`a note written in one sidebar reached another sidebar on the same contact in ${Date.now() - startedAt} ms`);
    const view = contactViewSchema.parse(JSON.parse(pushed.data));
    expect(view).toMatchObject({ status: 'matched', contact: { id: demoContacts.mariaJansen } });
    const listed = await watching.next((event) => event.event === 'writes');
    expect(writesListSchema.parse(JSON.parse(listed.data)).writes.some((write) => write.summary.includes('Seen live elsewhere'))).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(otherWatching.events.filter((event) => event.event === 'view' || event.event === 'writes')).toEqual([]);
    expect(otherWatching.events.some((event) => event.data.includes(demoContacts.mariaJansen))).toBe(false);
  });

  it('a reconnect with Last-Event-ID gets the current view and writes at once', async () => {
    const session = await stack.launch(demoTickets.phoneMatch);
    asView(await stack.api(session, '/contact'));
    const resumed = await follow(session, { 'Last-Event-ID': '1' });

    const view = await resumed.next((event) => event.event === 'view');
    expect(contactViewSchema.parse(JSON.parse(view.data))).toMatchObject({ contact: { id: demoContacts.liamChen } });
    await resumed.next((event) => event.event === 'writes');
  });

  it('a session holds at most three streams: a fourth ends the oldest', async () => {
    const session = await stack.launch(demoTickets.notFound);
    const first = await follow(session);
    await follow(session);
    await follow(session);
    expect(first.ended()).toBe(false);

    await follow(session);

    await expect.poll(() => first.ended(), { timeout: 2000 }).toBe(true);
  });

  it('refuses a stream without a valid session', async () => {
    const stream = await openEventStream(eventsUrl(), 'not-a-session');
    expect(stream.status).toBe(401);
  });
});
