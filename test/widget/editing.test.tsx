// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiError, ContactView, MatchedView, Task } from '../../shared/api';
import type { Write, WriteResult } from '../../shared/actions';
import { bootWidget, type MountedSidebar } from '../../widget/boot';
import { fakeServer, held, openLaunchPage, type FakeAnswer } from './test-server';
import { dueDateIso, localDueOf, tomorrowMorning } from '../../widget/editing/due-date';

const ticketContact = { id: '5101', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+31612345678' };

const openTask: Task = { id: 'taskOpen1', title: 'Call back about invoice', body: null, dueDate: '2030-03-01T09:00:00Z', completed: false, overdue: false };

const matched: MatchedView = {
  status: 'matched',
  ticketContact,
  linked: false,
  contact: {
    id: 'ghlAda1',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+31612345678',
    companyName: null,
    tags: ['vip'],
    url: 'https://app.gohighlevel.com/v2/location/loc1/contacts/detail/ghlAda1',
  },
  tasks: [openTask],
  notes: [{ id: 'noteOld1', body: 'First call.', dateAdded: '2024-01-01T10:00:00Z' }],
  upcomingAppointments: [],
  pastAppointments: [],
};

const ok = (body: unknown): FakeAnswer => ({ status: 200, body });

function write(state: Write['state'], overrides: Partial<Write> = {}): Write {
  return { id: 'write1', kind: 'createTask', state, summary: 'Create task "Send quote"', reason: null, createdAt: '2030-01-01T10:00:00Z', recordId: null, ...overrides };
}

const done = (view: MatchedView, overrides: Partial<Write> = {}): FakeAnswer => ({
  status: 200,
  body: { write: write('done', overrides), view } satisfies WriteResult,
});
const pending = (reason: string, overrides: Partial<Write> = {}): FakeAnswer => ({
  status: 202,
  body: { write: write('pending', { reason, ...overrides }), view: null } satisfies WriteResult,
});

function apiError(status: number, error: ApiError['error']): FakeAnswer {
  return { status, body: { error } satisfies ApiError };
}

let sidebar: MountedSidebar | undefined;

async function launch(server: ReturnType<typeof fakeServer>, view: ContactView = matched) {
  server.on('GET /api/contact', ok(view));
  const root = document.createElement('div');
  document.body.append(root);
  sidebar = bootWidget(root, { fetch: server.fetch });
  await screen.findByRole('heading', { level: 1 });
  // The editing UI arrives in its own chunk, right after the first screen.
  await waitFor(() => expect(sidebar?.model.editing.value).not.toBeNull());
}

const tasksRegion = () => screen.getByRole('region', { name: /Tasks/ });
const taskTitles = () => [...tasksRegion().querySelectorAll('.item-title')].map((title) => title.textContent);
const type = (field: HTMLElement, text: string) => fireEvent.input(field, { target: { value: text } });

beforeEach(openLaunchPage);

afterEach(() => {
  vi.useRealTimers();
  sidebar?.unmount();
  sidebar = undefined;
  document.body.innerHTML = '';
  document.head.querySelectorAll('meta').forEach((meta) => meta.remove());
});

describe('tasks', () => {
  it('shows a new task at once, sends it once with a key and the local due date, then shows what HighLevel stored', async () => {
    const server = fakeServer();
    const answer = held();
    const created: Task = { id: 'taskNew1', title: 'Send quote', body: 'With the new prices', dueDate: '2030-01-02T08:00:00Z', completed: false, overdue: false };
    server.on('POST /api/tasks', answer.reply);
    await launch(server);

    fireEvent.click(screen.getByRole('button', { name: 'New task' }));
    const form = screen.getByRole('form', { name: 'New task' });
    const due = tomorrowMorning();
    expect((within(form).getByLabelText('Due date') as HTMLInputElement).value).toBe(due.date);
    expect((within(form).getByLabelText('Due time') as HTMLInputElement).value).toBe('09:00');
    type(within(form).getByLabelText('Title'), '  Send quote ');
    type(within(form).getByLabelText(/Description/), 'With the new prices');
    fireEvent.submit(form);

    await waitFor(() => expect(taskTitles()).toEqual(['Send quote', 'Call back about invoice']));
    expect(within(tasksRegion()).getByText('Saving…')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New task' })).toBeNull();

    const [sent] = server.to('POST /api/tasks');
    expect(sent?.body).toEqual({ title: 'Send quote', body: 'With the new prices', dueDate: dueDateIso(due) });
    expect(sent?.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);

    answer.give(done({ ...matched, tasks: [created, openTask] }, { recordId: 'taskNew1' }));
    await waitFor(() => expect(within(tasksRegion()).queryByText('Saving…')).toBeNull());
    expect(taskTitles()).toEqual(['Send quote', 'Call back about invoice']);
    expect(within(tasksRegion()).getByRole('button', { name: 'Edit task Send quote' })).toBeTruthy();
    expect(server.to('POST /api/tasks')).toHaveLength(1);
  });

  it('refuses a task without a title next to the field, and sends nothing', async () => {
    const server = fakeServer();
    await launch(server);

    fireEvent.click(screen.getByRole('button', { name: 'New task' }));
    const form = screen.getByRole('form', { name: 'New task' });
    type(within(form).getByLabelText('Due date'), '');
    fireEvent.submit(form);

    const title = within(form).getByLabelText('Title');
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(title.getAttribute('aria-describedby')!)?.textContent).toBe('Title is required.');
    const day = within(form).getByLabelText('Due date');
    expect(document.getElementById(day.getAttribute('aria-describedby')!)?.textContent).toBe('Enter a due date and time.');
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect(server.to('POST /api/tasks')).toHaveLength(0);

    type(title, 'Call');
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBeNull());
  });

  it('rolls a refused task back, says why, and opens the form again with it to correct and send in its place', async () => {
    const server = fakeServer();
    const created: Task = { id: 'taskNew1', title: 'Send quote', body: null, dueDate: '2030-01-02T08:00:00Z', completed: false, overdue: false };
    server
      .on(
        'POST /api/tasks',
        apiError(422, { code: 'upstream_rejected', message: 'HighLevel rejected the request: dueDate is in the past', retryable: false, source: 'highlevel', writeId: 'write9' }),
        done({ ...matched, tasks: [created, openTask] }, { id: 'write10' }),
      )
      .on('DELETE /api/writes/write9', ok({ write: write('failed', { id: 'write9' }) }));
    await launch(server);

    fireEvent.click(screen.getByRole('button', { name: 'New task' }));
    type(within(screen.getByRole('form', { name: 'New task' })).getByLabelText('Title'), 'Send quote');
    fireEvent.submit(screen.getByRole('form', { name: 'New task' }));

    const form = await screen.findByRole('form', { name: 'New task' });
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toBe('Not saved: HighLevel rejected the request: dueDate is in the past. Your text is kept here.'));
    expect((within(form).getByLabelText('Title') as HTMLInputElement).value).toBe('Send quote');
    expect(taskTitles()).toEqual(['Call back about invoice']);
    const changes = screen.getByRole('list', { name: 'Changes to HighLevel' });
    expect(within(changes).getByText('Create task "Send quote"', { selector: '.write-summary' })).toBeTruthy();
    // The form sends it again, so the notice offers no Retry of its own.
    expect(within(changes).queryByRole('button', { name: /^Retry/ })).toBeNull();

    fireEvent.submit(form);
    await waitFor(() => expect(taskTitles()).toEqual(['Send quote', 'Call back about invoice']));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Changes to HighLevel' })).toBeNull());
    expect(server.to('DELETE /api/writes/write9')).toHaveLength(1);
    expect(server.to('POST /api/tasks')).toHaveLength(2);
  });

  it('gives a refused task its Retry back once its form is closed without sending', async () => {
    const server = fakeServer();
    server.on(
      'POST /api/tasks',
      apiError(422, { code: 'upstream_rejected', message: 'HighLevel rejected the request.', retryable: false, source: 'highlevel', writeId: 'write9' }),
    );
    await launch(server);

    fireEvent.click(screen.getByRole('button', { name: 'New task' }));
    type(within(screen.getByRole('form', { name: 'New task' })).getByLabelText('Title'), 'Send quote');
    fireEvent.submit(screen.getByRole('form', { name: 'New task' }));
    const form = await screen.findByRole('form', { name: 'New task' });
    const changes = await screen.findByRole('list', { name: 'Changes to HighLevel' });
    expect(within(changes).queryByRole('button', { name: /^Retry/ })).toBeNull();

    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(within(changes).getByRole('button', { name: /^Retry/ })).toBeTruthy());
    expect(changes.textContent).toContain('Send quote');
  });

  it('discards a refused write on the server and forgets it', async () => {
    const server = fakeServer();
    server
      .on('PUT /api/tasks/taskOpen1/completed', apiError(422, { code: 'upstream_rejected', message: 'HighLevel rejected the request.', retryable: false, writeId: 'write7' }))
      .on('DELETE /api/writes/write7', ok({ write: write('failed', { id: 'write7', kind: 'completeTask' }) }));
    await launch(server);

    const checkbox = screen.getByRole('checkbox', { name: 'Call back about invoice' }) as HTMLInputElement;
    fireEvent.click(checkbox);
    await screen.findByRole('alert');
    await waitFor(() => expect(checkbox.checked).toBe(false));

    fireEvent.click(screen.getByRole('button', { name: /^Discard/ }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Changes to HighLevel' })).toBeNull());
    expect(server.to('DELETE /api/writes/write7')).toHaveLength(1);
  });

  it('keeps a write listed with the server\'s words when it is being sent and cannot be discarded, then shows where it ends', async () => {
    const server = fakeServer();
    const completed = { ...openTask, completed: true };
    const look = held();
    server
      .on('PUT /api/tasks/taskOpen1/completed', apiError(422, { code: 'upstream_rejected', message: 'HighLevel rejected the request.', retryable: false, writeId: 'write7' }))
      .on('DELETE /api/writes/write7', apiError(409, { code: 'conflict', message: 'This change is being sent right now. Try again in a moment.', retryable: false }));
    await launch(server);
    server.on('GET /api/writes', look.reply).on('GET /api/contact', ok({ ...matched, tasks: [completed] }));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Call back about invoice' }));
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: /^Discard/ }));

    const changes = screen.getByRole('list', { name: 'Changes to HighLevel' });
    await within(changes).findByText(/This change is being sent right now/);
    expect(within(changes).queryByRole('button', { name: /^Discard/ })).toBeNull();
    // It looks at once (the first look was when the sidebar opened), without waiting for the usual interval.
    await waitFor(() => expect(server.to('GET /api/writes')).toHaveLength(2));

    look.give(ok({ writes: [write('done', { id: 'write7', kind: 'completeTask' })] }));
    await within(changes).findByText('Saved in HighLevel.');
    expect((screen.getByRole('checkbox', { name: 'Call back about invoice' }) as HTMLInputElement).checked).toBe(true);
  });

  it('completes a task with a click and reopens it with Enter', async () => {
    const server = fakeServer();
    const completed = { ...openTask, completed: true };
    server.on('PUT /api/tasks/taskOpen1/completed', done({ ...matched, tasks: [completed] }), done(matched));
    await launch(server);

    const checkbox = () => screen.getByRole('checkbox', { name: 'Call back about invoice' }) as HTMLInputElement;
    fireEvent.click(checkbox());
    await waitFor(() => expect(checkbox().checked).toBe(true));
    expect(server.to('PUT /api/tasks/taskOpen1/completed')[0]?.body).toEqual({ completed: true });

    fireEvent.keyDown(checkbox(), { key: 'Enter' });
    await waitFor(() => expect(checkbox().checked).toBe(false));
    await waitFor(() => expect(server.to('PUT /api/tasks/taskOpen1/completed')[1]?.body).toEqual({ completed: false }));
  });

  it('shows every task with Show all and five again with Show fewer; a task ticked keeps its place in view', async () => {
    const tasks = Array.from({ length: 7 }, (_, index): Task => ({ ...openTask, id: `taskMany${index + 1}`, title: `Task ${index + 1}` }));
    const [first] = tasks;
    const ticked = { ...first!, completed: true };
    const server = fakeServer();
    server.on('PUT /api/tasks/taskMany1/completed', done({ ...matched, tasks: [...tasks.slice(1), ticked] }));
    await launch(server, { ...matched, tasks });
    expect(taskTitles()).toEqual(['Task 1', 'Task 2', 'Task 3', 'Task 4', 'Task 5']);

    // Ticked, the first task moves to the completed ones at the end, and stays shown there.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Task 1' }));
    await waitFor(() => expect(taskTitles()).toEqual(['Task 2', 'Task 3', 'Task 4', 'Task 5', 'Task 6', 'Completed: Task 1']));

    fireEvent.click(within(tasksRegion()).getByRole('button', { name: 'Show all 7 tasks' }));
    expect(taskTitles()).toHaveLength(7);
    fireEvent.click(within(tasksRegion()).getByRole('button', { name: 'Show fewer tasks' }));
    expect(taskTitles()).toEqual(['Task 2', 'Task 3', 'Task 4', 'Task 5', 'Task 6']);
  });

  it('edits only the changed fields and deletes after a confirmation', async () => {
    const server = fakeServer();
    const renamed = { ...openTask, title: 'Call back about the invoice' };
    server
      .on('PATCH /api/tasks/taskOpen1', done({ ...matched, tasks: [renamed] }))
      .on('DELETE /api/tasks/taskOpen1', done({ ...matched, tasks: [] }));
    await launch(server);

    fireEvent.click(screen.getByRole('button', { name: 'Edit task Call back about invoice' }));
    const form = screen.getByRole('form', { name: 'Edit task Call back about invoice' });
    type(within(form).getByLabelText('Title'), 'Call back about the invoice');
    fireEvent.submit(form);
    await waitFor(() => expect(taskTitles()).toEqual(['Call back about the invoice']));
    expect(server.to('PATCH /api/tasks/taskOpen1')[0]?.body).toEqual({ title: 'Call back about the invoice' });

    fireEvent.click(await screen.findByRole('button', { name: 'Delete task Call back about the invoice' }));
    expect(server.to('DELETE /api/tasks/taskOpen1')).toHaveLength(0);
    const confirm = screen.getByRole('group', { name: 'Delete task Call back about the invoice?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete task' }));
    await screen.findByText('No tasks');
    await waitFor(() => expect(server.to('DELETE /api/tasks/taskOpen1')).toHaveLength(1));
  });

  it('sends a write again with the same key when the first try got no answer', async () => {
    const server = fakeServer();
    server.on('PUT /api/tasks/taskOpen1/completed', 'offline', done({ ...matched, tasks: [{ ...openTask, completed: true }] }));
    await launch(server);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Call back about invoice' }));
    await waitFor(() => expect(server.to('PUT /api/tasks/taskOpen1/completed')).toHaveLength(2));
    const [first, second] = server.to('PUT /api/tasks/taskOpen1/completed');
    expect(second?.idempotencyKey).toBe(first?.idempotencyKey);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('writes HighLevel takes later', () => {
  it('shows a note at once, marks it pending, polls, and shows the fresh view once done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = fakeServer();
    const stored = { id: 'noteNew1', body: 'Wants a call on Monday', dateAdded: '2030-01-01T10:00:00Z' };
    const noteWrite = { id: 'write3', kind: 'createNote', summary: 'Add note "Wants a call on Monday"' } as const;
    server.on('POST /api/notes', pending('HighLevel is having trouble right now.', noteWrite));
    await launch(server);
    server
      .on('GET /api/writes', ok({ writes: [write('pending', { ...noteWrite, reason: 'HighLevel is not answering.' })] }), ok({ writes: [write('done', noteWrite)] }))
      .on('GET /api/contact', ok({ ...matched, notes: [stored, ...matched.notes] }));

    const notes = screen.getByRole('region', { name: /Notes/ });
    type(within(notes).getByLabelText('New note'), 'Wants a call on Monday');
    fireEvent.submit(within(notes).getByRole('form', { name: 'Add a note' }));
    await waitFor(() => expect(notes.querySelector('.note-body')?.textContent).toBe('Wants a call on Monday'));

    const changes = await screen.findByRole('list', { name: 'Changes to HighLevel' });
    await within(changes).findByText(/Waiting for HighLevel/);
    expect(within(changes).getByText(/HighLevel is having trouble right now/)).toBeTruthy();

    await act(async () => void (await vi.advanceTimersByTimeAsync(3000)));
    await within(changes).findByText(/HighLevel is not answering/);
    expect(notes.querySelector('.note-body')?.textContent).toBe('Wants a call on Monday');

    await act(async () => void (await vi.advanceTimersByTimeAsync(4500)));
    await within(screen.getByRole('list', { name: 'Changes to HighLevel' })).findByText('Saved in HighLevel.');
    expect([...notes.querySelectorAll('.note-body')].map((body) => body.textContent)).toEqual(['Wants a call on Monday', 'First call.']);
    expect(server.to('GET /api/contact')).toHaveLength(2);

    await act(async () => void (await vi.advanceTimersByTimeAsync(6000)));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Changes to HighLevel' })).toBeNull());
    const polls = server.to('GET /api/writes').length;
    await act(async () => void (await vi.advanceTimersByTimeAsync(30_000)));
    expect(server.to('GET /api/writes')).toHaveLength(polls);
  });

  it('takes up a write left pending before the sidebar opened', async () => {
    const server = fakeServer();
    server.on('GET /api/writes', ok({ writes: [write('failed', { id: 'write5', kind: 'addTags', summary: 'Add tag "gold"', reason: 'HighLevel rejected the request.' })] }));
    await launch(server);

    const changes = await screen.findByRole('list', { name: 'Changes to HighLevel' });
    expect(within(changes).getByText('Add tag "gold"', { selector: '.write-summary' })).toBeTruthy();
    expect(within(changes).getByRole('button', { name: /^Retry/ })).toBeTruthy();
  });
});

describe('tags', () => {
  it('adds several tags typed with commas at once, and removes one with its button', async () => {
    const server = fakeServer();
    const answer = held();
    server
      .on('POST /api/tags', answer.reply)
      .on('DELETE /api/tags', done({ ...matched, contact: { ...matched.contact, tags: ['vip', 'warm lead'] } }));
    await launch(server);

    const field = screen.getByLabelText('Add tags');
    type(field, 'Follow-up, warm lead , ,vip');
    fireEvent.submit(field.closest('form')!);

    const tags = () => [...screen.getByRole('list', { name: 'Tags' }).querySelectorAll('li')].map((tag) => tag.firstChild?.textContent);
    await waitFor(() => expect(tags()).toEqual(['vip', 'follow-up', 'warm lead']));
    expect((field as HTMLInputElement).value).toBe('');
    expect(server.to('POST /api/tags')[0]?.body).toEqual({ tags: ['Follow-up', 'warm lead'] });
    answer.give(done({ ...matched, contact: { ...matched.contact, tags: ['vip', 'follow-up', 'warm lead'] } }));

    fireEvent.click(await screen.findByRole('button', { name: 'Remove tag follow-up' }));
    await waitFor(() => expect(tags()).toEqual(['vip', 'warm lead']));
    await waitFor(() => expect(server.to('DELETE /api/tags')[0]?.body).toEqual({ tags: ['follow-up'] }));
  });

  it('refuses a tag with markup next to the field', async () => {
    const server = fakeServer();
    await launch(server);

    const field = screen.getByLabelText('Add tags');
    type(field, 'ok, <b>');
    fireEvent.submit(field.closest('form')!);

    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe('A tag cannot hold commas, < or >.');
    expect(server.to('POST /api/tags')).toHaveLength(0);
  });
});

describe('a customer HighLevel does not know', () => {
  const notFound: ContactView = { status: 'notFound', ticketContact: { id: '5102', name: 'Tom Bakker', email: 'tom.bakker@example.net', phone: '+442079460958' } };

  it('creates the contact from what Trengo knows, as the agent adjusted it, and shows it', async () => {
    const server = fakeServer();
    const tom: MatchedView = {
      ...matched,
      ticketContact: notFound.ticketContact,
      contact: { ...matched.contact, id: 'ghlTom1', name: 'Thomas Bakker', email: 'tom.bakker@example.net', phone: '+442079460958', tags: [] },
      tasks: [],
      notes: [],
    };
    server.on('POST /api/contact', done(tom, { kind: 'createContact' }));
    await launch(server, notFound);

    fireEvent.click(screen.getByRole('button', { name: 'Create in HighLevel' }));
    const form = screen.getByRole('form', { name: 'New HighLevel contact' });
    const value = (label: string) => (within(form).getByLabelText(label) as HTMLInputElement).value;
    expect([value('First name'), value('Last name'), value('Email'), value('Phone')]).toEqual(['Tom', 'Bakker', 'tom.bakker@example.net', '+442079460958']);

    type(within(form).getByLabelText('First name'), 'Thomas');
    fireEvent.submit(form);

    const heading = await screen.findByRole('heading', { level: 1, name: 'Thomas Bakker' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(server.to('POST /api/contact')[0]?.body).toEqual({ firstName: 'Thomas', lastName: 'Bakker', email: 'tom.bakker@example.net', phone: '+442079460958' });
  });

  it("shows the server's field messages next to the fields and keeps what the agent typed", async () => {
    const server = fakeServer();
    server.on('POST /api/contact', apiError(400, { code: 'bad_request', message: 'Some of the input is not valid.', retryable: false, fields: { phone: 'This is not a phone number in use.' } }));
    await launch(server, notFound);

    fireEvent.click(screen.getByRole('button', { name: 'Create in HighLevel' }));
    type(screen.getByLabelText('Phone'), '+44 20 0000 0000');
    fireEvent.submit(screen.getByRole('form', { name: 'New HighLevel contact' }));

    const phone = await waitFor(() => {
      const field = screen.getByLabelText('Phone') as HTMLInputElement;
      expect(field.getAttribute('aria-invalid')).toBe('true');
      return field;
    });
    expect(phone.value).toBe('+44 20 0000 0000');
    expect(document.getElementById(phone.getAttribute('aria-describedby')!)?.textContent).toBe('This is not a phone number in use.');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBeNull();
  });

  it('searches HighLevel as the agent types and links the contact picked', async () => {
    const server = fakeServer();
    server
      .on('GET /api/contacts/search', ok({ contacts: [{ id: 'ghlTom2', name: 'Tom Bakker', email: 'tom@bakker.example', phone: null, companyName: 'Bakker BV' }] }))
      .on('PUT /api/contact/link', ok({ ...matched, contact: { ...matched.contact, id: 'ghlTom2', name: 'Tom Bakker' } }));
    await launch(server, notFound);

    const search = screen.getByRole('searchbox', { name: 'Name, email or phone' });
    type(search, 'T');
    type(search, 'Tom B');
    const result = await screen.findByRole('button', { name: /Link Tom Bakker/ });
    // One search, after the pause, for what was typed then (a form-encoded space: the server reads it as one).
    expect(server.to('GET /api/contacts/search').map((request) => request.url)).toEqual(['/api/contacts/search?q=Tom+B']);

    fireEvent.click(result);
    await screen.findByRole('heading', { level: 1, name: 'Tom Bakker' });
    expect(server.to('PUT /api/contact/link')[0]?.body).toEqual({ contactId: 'ghlTom2' });
  });

  it('says a search needs two characters when the agent presses Enter on one', async () => {
    const server = fakeServer();
    await launch(server, notFound);

    const search = screen.getByRole('searchbox', { name: 'Name, email or phone' });
    type(search, 'T');
    fireEvent.submit(search.closest('form')!);
    await waitFor(() => expect(search.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(search.getAttribute('aria-describedby')!)?.textContent).toBe('Type at least 2 characters.');
    expect(server.to('GET /api/contacts/search')).toHaveLength(0);
  });
});

describe('contact details', () => {
  it('edits the email in place and sends only that field', async () => {
    const server = fakeServer();
    server.on('PATCH /api/contact', done({ ...matched, contact: { ...matched.contact, email: 'ada@engines.example' } }));
    await launch(server);

    fireEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    const form = screen.getByRole('form', { name: 'Contact details' });
    type(within(form).getByLabelText('Email'), 'ada@engines.example');
    fireEvent.submit(form);

    await screen.findByRole('link', { name: 'ada@engines.example' });
    expect(server.to('PATCH /api/contact')[0]?.body).toEqual({ email: 'ada@engines.example' });
  });

  it('lists the other contacts of the business, each opening in HighLevel', async () => {
    const server = fakeServer();
    server.on('GET /api/business', ok({ contacts: [
      { id: 'ghlAda1', name: 'Ada Lovelace', email: null, phone: null, companyName: 'Engines', url: 'https://app.gohighlevel.com/a' },
      { id: 'ghlCharles1', name: 'Charles Babbage', email: 'charles@engines.example', phone: null, companyName: 'Engines', url: 'https://app.gohighlevel.com/c' },
    ] }));
    await launch(server, { ...matched, contact: { ...matched.contact, companyName: 'Engines' } });

    const section = await screen.findByRole('region', { name: /Same company/ });
    const link = within(section).getByRole('link', { name: /Charles Babbage/ });
    expect(link.getAttribute('href')).toBe('https://app.gohighlevel.com/c');
    expect(within(section).queryByText('Ada Lovelace')).toBeNull();
  });
});

describe('due dates in the agent\'s time zone', () => {
  it('sends the date and time entered with the local offset', () => {
    const iso = dueDateIso({ date: '2030-01-02', time: '09:00' });
    expect(iso).toMatch(/^2030-01-02T09:00:00[+-]\d{2}:\d{2}$/);
    expect(new Date(iso).getTime()).toBe(new Date(2030, 0, 2, 9, 0).getTime());
    expect(localDueOf(iso)).toEqual({ date: '2030-01-02', time: '09:00' });
  });

  it('defaults to tomorrow at 09:00 and refuses a date that does not exist', () => {
    expect(tomorrowMorning(new Date(2030, 11, 31, 17, 30))).toEqual({ date: '2031-01-01', time: '09:00' });
    expect(dueDateIso({ date: '2030-02-30', time: '09:00' })).toBe('');
    expect(dueDateIso({ date: '2030-01-02', time: '' })).toBe('');
  });
});
