// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError, ContactView } from '../../shared/api';
import { bootWidget, type MountedSidebar } from '../../widget/boot';
import { TaskList } from '../../widget/components/TaskList';
import { loadLocale } from '../../widget/language';
import { text as en } from '../../widget/editing/messages/en';
import { sessionMetaName } from '../../widget/session';
import { openLaunchPage } from './test-server';

const ticketContact = { id: 'tc-1', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+31612345678' };

const hostileNote = '<script>alert(1)</script><img src=x onerror=alert(1)>';

const contact = {
  id: 'ghl-1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+31612345678',
  companyName: 'Analytical Engines Ltd',
  tags: ['vip', 'newsletter'],
  url: 'https://app.gohighlevel.com/v2/location/loc-1/contacts/detail/ghl-1',
};

const matched: ContactView = {
  status: 'matched',
  ticketContact,
  linked: false,
  contact,
  tasks: [
    { id: 't-done', title: 'Send welcome pack', body: null, dueDate: '2024-01-02T09:00:00Z', completed: true, overdue: false },
    { id: 't-late', title: 'Call back about invoice', body: null, dueDate: '2024-03-01T09:00:00Z', completed: false, overdue: true },
  ],
  notes: [
    { id: 'n-old', body: 'First call.\nWants a demo.', dateAdded: '2024-01-01T10:00:00Z' },
    { id: 'n-new', body: hostileNote, dateAdded: '2024-05-01T10:00:00Z' },
  ],
  upcomingAppointments: [
    {
      id: 'a-1',
      title: 'Product demo',
      status: 'confirmed',
      startTime: '2030-06-01T13:00:00Z',
      endTime: '2030-06-01T13:30:00Z',
      address: null,
    },
  ],
  pastAppointments: [],
};

const multiple: ContactView = {
  status: 'multiple',
  ticketContact,
  candidates: [
    { id: 'ghl-1', name: 'Ada Lovelace', email: 'ada@example.com', phone: null, companyName: 'Analytical Engines Ltd' },
    { id: 'ghl-2', name: 'Ada L.', email: null, phone: '+31612345678', companyName: null },
  ],
};

function apiError(
  code: ApiError['error']['code'],
  message: string,
  retryable: boolean,
  source?: 'highlevel' | 'trengo',
): ApiError {
  return { error: { code, message, retryable, ...(source && { source }) } };
}

interface SentRequest {
  url: string;
  method: string;
  authorization: string | null;
  /** The session travels only in the header, and no answer comes from a cache. */
  credentials: RequestCredentials | undefined;
  cache: RequestCache | undefined;
  /** Set when a JSON body goes along, so the server reads it as JSON. */
  contentType: string | null;
  body: unknown;
}

/**
 * The network boundary: answers queued in order, every request recorded. The editing UI's
 * look at the session's pending writes is answered with none and left out: these tests are
 * about the read-only screens.
 */
function fakeServer(...answers: Array<{ status: number; body: unknown } | 'offline'>) {
  const requests: SentRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    if (String(input) === '/api/writes') return new Response(JSON.stringify({ writes: [] }), { status: 200 });
    const headers = new Headers(init.headers);
    requests.push({
      url: String(input),
      method: init.method ?? 'GET',
      authorization: headers.get('Authorization'),
      credentials: init.credentials,
      cache: init.cache,
      contentType: headers.get('Content-Type'),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${String(input)}`);
    if (answer === 'offline') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { fetch, requests };
}

let sidebar: MountedSidebar | undefined;

function launch(fetch: typeof globalThis.fetch): MountedSidebar {
  const root = document.createElement('div');
  document.body.append(root);
  sidebar = bootWidget(root, { fetch });
  return sidebar;
}

beforeEach(openLaunchPage);

afterEach(() => {
  sidebar?.unmount();
  sidebar = undefined;
  document.body.innerHTML = '';
  document.head.querySelectorAll('meta').forEach((meta) => meta.remove());
});

describe('launch', () => {
  it('takes the session from the page, sends it as a bearer token and clears the launch parameters', async () => {
    const server = fakeServer({ status: 200, body: matched });
    launch(server.fetch);

    expect(location.search).toBe('');
    expect(location.pathname).toBe('/');
    expect(document.querySelector(`meta[name="${sessionMetaName}"]`)).toBeNull();
    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    expect(server.requests).toEqual([
      { url: '/api/contact', method: 'GET', authorization: 'Bearer session-abc', credentials: 'omit', cache: 'no-store', contentType: null, body: undefined },
    ]);
    expect(document.activeElement).toBe(document.body);
  });

  it('asks to reopen the ticket when the page carries no session', async () => {
    document.head.querySelectorAll('meta').forEach((meta) => meta.remove());
    const server = fakeServer();
    launch(server.fetch);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(/reopen|open it again/i)).toBeTruthy();
    expect(server.requests.filter((request) => request.url === '/api/contact')).toHaveLength(0);
  });
});

describe('matched contact', () => {
  it('shows the skeleton, then the contact card, tasks, notes and appointments', async () => {
    launch(fakeServer({ status: 200, body: matched }).fetch);

    expect(document.querySelector('main')?.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('status').getAttribute('aria-busy')).toBe('true');

    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    expect(document.querySelector('main')?.getAttribute('aria-busy')).toBe('false');

    const email = screen.getByRole('link', { name: 'ada@example.com' });
    expect(email.getAttribute('href')).toBe('mailto:ada@example.com');
    // As held, or as the customer's country writes it once the phone formats have loaded.
    expect(screen.getByRole('link', { name: /^\+31\s?6\s?1234\s?5678$/ }).getAttribute('href')).toBe('tel:+31612345678');
    expect(screen.getByText('Analytical Engines Ltd')).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Tags' })).getAllByRole('listitem')).toHaveLength(2);
    const open = screen.getByRole('link', { name: /Open in HighLevel/ });
    expect(open.getAttribute('href')).toBe(contact.url);
    expect(open.getAttribute('target')).toBe('_blank');
    expect(open.getAttribute('rel')).toBe('noopener noreferrer');

    const tasks = screen.getByRole('region', { name: /Tasks/ });
    const taskItems = within(tasks).getAllByRole('listitem');
    expect(taskItems.map((item) => item.querySelector('.item-title')?.textContent)).toEqual([
      'Call back about invoice',
      'Completed: Send welcome pack',
    ]);
    expect(within(taskItems[0]!).getByText('Overdue')).toBeTruthy();
    expect(taskItems[0]!.querySelector('time')?.getAttribute('datetime')).toBe('2024-03-01T09:00:00Z');

    const notes = screen.getByRole('region', { name: /Notes/ });
    const noteBodies = [...notes.querySelectorAll('.note-body')].map((body) => body.textContent);
    expect(noteBodies).toEqual([hostileNote, 'First call.\nWants a demo.']);

    const appointments = screen.getByRole('region', { name: /Appointments/ });
    expect(within(appointments).getByText('Product demo')).toBeTruthy();
    expect(within(appointments).getByText('Confirmed')).toBeTruthy();
    expect(within(appointments).getByText('No past appointments')).toBeTruthy();
  });

  it('shows the first five items of a long list until the editing UI brings its Show all', async () => {
    await loadLocale({ language: 'en', tag: 'en' });
    const tasks = Array.from({ length: 7 }, (_, index) => ({ ...matched.tasks[1]!, id: `t-${index + 1}`, title: `Task ${index + 1}` }));
    render(<TaskList tasks={tasks} onToggle={() => undefined} />);

    expect(screen.getAllByRole('checkbox').map((box) => box.getAttribute('aria-label'))).toEqual(['Task 1', 'Task 2', 'Task 3', 'Task 4', 'Task 5']);
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it('renders a hostile note body as text, creating no script or image', async () => {
    launch(fakeServer({ status: 200, body: matched }).fetch);
    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });

    const main = document.querySelector('main')!;
    expect(main.querySelector('script')).toBeNull();
    expect(main.querySelector('img')).toBeNull();
    expect(screen.getByText(hostileNote).tagName).toBe('P');
  });

  it('shows empty states and collapses a section from its heading button', async () => {
    const empty = { ...matched, tasks: [], notes: [], upcomingAppointments: [], pastAppointments: [] };
    launch(fakeServer({ status: 200, body: empty }).fetch);

    expect(await screen.findByText('No tasks')).toBeTruthy();
    expect(screen.getByText('No notes')).toBeTruthy();
    expect(screen.getByText('No upcoming appointments')).toBeTruthy();

    const toggle = screen.getByRole('button', { name: /Tasks/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const region = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-expanded')).toBe('false'));
    expect(region.hidden).toBe(true);
  });
});

describe('no match', () => {
  it("says no HighLevel contact was found and shows Trengo's contact", async () => {
    launch(fakeServer({ status: 200, body: { status: 'notFound', ticketContact } }).fetch);

    await screen.findByRole('heading', { level: 1, name: 'No HighLevel contact found' });
    expect(screen.getByText('Ada Lovelace')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'ada@example.com' })).toBeTruthy();
    // As the customer's country writes it once the phone formats have loaded (they come with the other screens).
    expect(screen.getAllByRole('link').filter((link) => link.getAttribute('href') === 'tel:+31612345678')).toHaveLength(1);
  });
});

describe('several matches', () => {
  it("sends the agent's pick and shows that contact", async () => {
    const server = fakeServer({ status: 200, body: multiple }, { status: 200, body: matched });
    launch(server.fetch);

    await screen.findByRole('heading', { level: 1, name: 'Several HighLevel contacts match' });
    const picker = screen.getByRole('list', { name: 'Matching HighLevel contacts' });
    expect(within(picker).getAllByRole('button')).toHaveLength(2);

    fireEvent.click(within(picker).getByRole('button', { name: /Analytical Engines Ltd/ }));

    const heading = await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(server.requests[1]).toEqual({
      url: '/api/contact/choice',
      method: 'PUT',
      authorization: 'Bearer session-abc',
      credentials: 'omit',
      cache: 'no-store',
      contentType: 'application/json',
      body: { contactId: 'ghl-1' },
    });
  });
});

describe('errors', () => {
  it('offers Retry for a retryable error and loads again', async () => {
    const server = fakeServer(
      { status: 503, body: apiError('upstream_unavailable', 'HighLevel is not answering. Try again.', true, 'highlevel') },
      { status: 200, body: matched },
    );
    launch(server.fetch);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'HighLevel is having trouble' })).toBeTruthy();
    // What the code means, in the agent's language (the server's English words are for the log).
    expect(within(alert).getByText(en.errors.upstream_unavailable!)).toBeTruthy();
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));

    await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' });
    expect(server.requests.map((request) => request.url).filter((url) => url === '/api/contact')).toHaveLength(2);
  });

  it('offers no Retry when retrying cannot help', async () => {
    launch(fakeServer({ status: 404, body: apiError('ticket_not_found', 'This ticket no longer exists.', false) }).fetch);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(en.errors.ticket_not_found!)).toBeTruthy();
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('always offers Retry when the server could not be reached', async () => {
    const server = fakeServer('offline', { status: 200, body: { status: 'notFound', ticketContact } });
    launch(server.fetch);

    const alert = await screen.findByRole('alert');
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'No HighLevel contact found' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('asks to reopen the ticket when the session has expired', async () => {
    launch(fakeServer({ status: 401, body: apiError('session_expired', 'Your session has expired.', false) }).fetch);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(en.errors.session_expired!)).toBeTruthy();
    expect(within(alert).getByText(/open it again/)).toBeTruthy();
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('falls back to a generic error when the body is not the error shape', async () => {
    launch(fakeServer({ status: 502, body: '<html>Bad gateway</html>' }).fetch);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(en.errors.internal!)).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});
