/**
 * The settings page at /admin, driven in Chromium against the real server and the HighLevel and
 * Trengo sandboxes: the sign-in and its session, the connection test, what agents see (checked in
 * the sidebar itself), tokens set on the page, the Marketplace install, the audit log, the outbox,
 * the automation rules, a sample event tried against them, failed runs retried and dropped, and the
 * log level; the whole page walked by Tab; and axe-core finding nothing on any of its screens, light
 * and dark, at 360 px and 1280 px.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { sandboxOAuthApp } from '../../sandbox/highlevel/index';
import { demoContacts, demoTickets } from '../../sandbox/seed';
import { launchBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';
import { openTicket, settled } from './sidebar-page';

const operatorSecret = 'operator-secret-of-at-least-24-chars';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface AdminPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors, and console errors other than the answers the page expects (401 before the sign-in). */
  errors: string[];
}

/** Opens /admin in a fresh browser profile, closed when the test ends. */
async function openAdmin(stack: Stack, options: { width?: number; colorScheme?: 'light' | 'dark'; axe?: boolean } = {}): Promise<AdminPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    // axe is injected as a script, which the page's CSP would refuse.
    bypassCSP: options.axe ?? false,
  });
  onTestFinished(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A 401 is the answer before the sign-in; the server's message pages have no icon (the browser asks for one).
    if (message.type() === 'error' && !/status of 401/.test(message.text()) && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
  });
  await page.goto(`${stack.url}/admin`);
  await page.getByLabel('Operator secret').waitFor();
  return { page, context, errors };
}

const section = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true });

/** The sections' anchors, in the page's order, as its nav links to them. */
const sectionIds = ['connect', 'test', 'agents', 'outbox', 'automations', 'audit', 'log'];

/** Waits until every section has read what it shows. */
async function sectionsLoaded(page: Page): Promise<void> {
  await section(page, 'Log level').getByLabel('Log level').waitFor();
  await expect.poll(() => page.getByText('Loading…').count()).toBe(0);
  await expect.poll(() => section(page, 'Audit log').getByRole('status').first().textContent()).toMatch(/entr/);
}

/** Signs in with the secret typed into the field, as an operator does; the page's heading has the focus then. */
async function signIn(page: Page, secret = operatorSecret): Promise<void> {
  await page.getByLabel('Operator secret').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings', exact: true }).waitFor();
  await section(page, 'Connect').waitFor();
  await sectionsLoaded(page);
}

const focused = (page: Page) => page.evaluate(() => {
  const active = document.activeElement;
  return active ? { tag: active.tagName.toLowerCase(), text: active.textContent?.trim() ?? '', id: active.id } : null;
});

const operator = (stack: Stack, path: string, init: RequestInit = {}) =>
  fetch(`${stack.url}/operator${path}`, { ...init, headers: { Authorization: `Bearer ${operatorSecret}`, 'Content-Type': 'application/json', ...init.headers } });

/** An agent's note HighLevel refuses with `status`: a 422 fails it, a 403 keeps it and makes the sidebar read-only. */
async function refusedNote(stack: Stack, status: 403 | 422, body: string): Promise<number> {
  const session = await stack.launch(demoTickets.matched);
  await stack.api(session, '/contact');
  stack.ghl.faults.failNext(1, status);
  return (await stack.api(session, '/notes', { method: 'POST', body: { body } })).status;
}

type Violation = { id: string; impact: string | null; nodes: Array<{ target: string[] }> };

/** How many times axe ran, and on what, for the count printed at the end. */
const axeRuns: string[] = [];

/** axe's violations on the page, as `rule: targets`: WCAG 2.2 A and AA and best practices, as the sidebar's test uses. */
async function violations(page: Page, state: string): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations;
  });
  axeRuns.push(state);
  return found.map((violation) => `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const layouts = [
  { width: 360, colorScheme: 'light' },
  { width: 360, colorScheme: 'dark' },
  { width: 1280, colorScheme: 'light' },
  { width: 1280, colorScheme: 'dark' },
] as const;

describe('the settings page, on a server with its webhooks registered', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ OPERATOR_SECRET: operatorSecret }, {}, {}, { webhooks: true });
  });
  afterAll(() => stack?.close());

  it('signs in with the operator secret: the sections appear and the focus is on the page heading', async () => {
    const { page, errors } = await openAdmin(stack);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to the settings');
    await signIn(page);
    expect(await focused(page)).toMatchObject({ tag: 'h1', text: 'Settings' });
    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Connect', 'Test the connection', 'What agents see', 'Outbox', 'Automations', 'Audit log', 'Log level']);
    for (const name of ['Connect', 'Test the connection', 'What agents see', 'Outbox', 'Automations', 'Audit log', 'Log level']) {
      expect(await section(page, name).count(), name).toBe(1);
    }
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('refuses a wrong secret with the server’s words in an alert, sets no cookie and keeps the focus in the field', async () => {
    const { page, context, errors } = await openAdmin(stack);
    await page.getByLabel('Operator secret').fill('not-the-operator-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    expect(await alert.textContent()).toBe('That is not the operator secret.');
    expect(await focused(page)).toMatchObject({ tag: 'input', id: 'operator-secret' });
    expect(await page.getByLabel('Operator secret').getAttribute('aria-invalid')).toBe('true');
    expect(await context.cookies()).toEqual([]);
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('keeps the session across a reload, and signing out returns to the sign-in, also after a reload', async () => {
    const { page, context } = await openAdmin(stack);
    await signIn(page);
    await page.reload();
    await sectionsLoaded(page);
    expect(await page.getByLabel('Operator secret').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Operator secret').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'You signed out.' }).count()).toBe(1);
    expect(await context.cookies()).toEqual([]);
    await page.reload();
    await page.getByLabel('Operator secret').waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
  });

  it('goes back to the sign-in, saying why, when a call finds the session ended', async () => {
    const { page, context } = await openAdmin(stack);
    await signIn(page);
    await context.clearCookies();
    await section(page, 'Outbox').getByRole('button', { name: 'Refresh the outbox' }).click();
    await page.getByLabel('Operator secret').waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Your session ended. Sign in again.' }).count()).toBe(1);
    await signIn(page);
  });

  it('runs the connection test: every step passed, with its time, and the button busy meanwhile', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const test = section(page, 'Test the connection');
    stack.ghl.faults.latencyMs = 300;
    onTestFinished(() => void (stack.ghl.faults.latencyMs = 0));
    await test.getByRole('button', { name: 'Run the test' }).click();
    const busy = test.getByRole('button', { name: 'Testing…' });
    await busy.waitFor();
    expect(await busy.getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => test.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/^All \d+ steps passed\.$/);
    stack.ghl.faults.latencyMs = 0;
    const steps = await test.getByRole('listitem').allTextContents();
    expect(steps.length).toBeGreaterThanOrEqual(7);
    for (const step of steps) expect(step).toMatch(/^✓ Passed.+\d+ ms/);
    expect(steps.at(-1)).toContain('Webhooks');
    expect(await test.getByText('What to do:').count()).toBe(0);
    expect(await test.getByRole('button', { name: 'Run the test' }).getAttribute('aria-disabled')).toBe('false');
  });

  it('a feature turned off on the page is gone from the sidebar’s next open, and back once turned on', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const agents = section(page, 'What agents see');
    const tasks = agents.getByRole('switch', { name: 'Tasks' });
    expect(await tasks.isChecked()).toBe(true);
    // By keyboard: the switch takes Space.
    await tasks.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => agents.getByRole('status').textContent()).toBe('Tasks turned off. Saved: takes effect on the next open.');
    expect(await tasks.isChecked()).toBe(false);
    expect(await (await operator(stack, '/features')).json()).toMatchObject({ features: { tasks: false } });

    const ticket = await openTicket(browser, stack, demoTickets.matched);
    onTestFinished(() => ticket.page.close());
    await ticket.sidebar.getByRole('button', { name: 'Edit details' }).waitFor();
    expect(await ticket.sidebar.locator('.section-title').allTextContents()).not.toContain('Tasks');

    await tasks.click();
    await expect.poll(() => agents.getByRole('status').textContent()).toBe('Tasks turned on. Saved: takes effect on the next open.');
    await ticket.page.reload();
    await ticket.sidebar.getByRole('button', { name: 'New task' }).waitFor();
    expect(await ticket.sidebar.locator('.section-title').allTextContents()).toContain('Tasks');
    expect(ticket.errors).toEqual([]);
  });

  it('shows tokens set in the environment as such, with no form to change them', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const connect = section(page, 'Connect');
    expect(await connect.getByText('Connected by a Private Integration token').count()).toBe(1);
    const rows = connect.getByRole('listitem');
    expect(await rows.count()).toBe(3);
    for (const row of await rows.all()) {
      expect(await row.textContent()).toMatch(/Set, ends in …\S{4} · Set in the environment, which wins; change it there\./);
      expect(await row.getByRole('textbox').count()).toBe(0);
      expect(await row.locator('input').count()).toBe(0);
    }
    expect(await connect.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    // The Private Integration token needs no install.
    expect(await connect.getByRole('button', { name: 'Install in HighLevel' }).count()).toBe(0);
  });

  it('sends a failed change of the outbox again, and discards another once the operator confirms', async () => {
    expect(await refusedNote(stack, 422, 'Refused, then sent again from the settings page')).toBe(422);
    expect(await refusedNote(stack, 422, 'Refused, then discarded on the settings page')).toBe(422);
    const { page } = await openAdmin(stack);
    await signIn(page);
    const outbox = section(page, 'Outbox');
    const rows = outbox.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    const first = rows.filter({ hasText: 'sent again' });
    expect(await first.textContent()).toMatch(new RegExp(`Ticket${demoTickets.matched}StateFailedReason.*Unprocessable`));

    await first.getByRole('button', { name: /^Retry/ }).click();
    await expect.poll(() => outbox.getByRole('status').textContent()).toMatch(/^Sent to HighLevel: /);
    await expect.poll(() => rows.count()).toBe(1);
    // The row went with the focus in it: the section's heading has it now.
    expect(await focused(page)).toMatchObject({ tag: 'h2', text: 'Outbox' });

    const second = rows.filter({ hasText: 'discarded' });
    await second.getByRole('button', { name: /^Discard/ }).click();
    const question = outbox.getByRole('group', { name: /It will never be sent to HighLevel/ });
    await question.waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Keep it' });
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'button', text: expect.stringMatching(/^Discard/) });
    expect(await rows.count()).toBe(1);

    await second.getByRole('button', { name: /^Discard/ }).click();
    await outbox.getByRole('button', { name: 'Discard it' }).click();
    await expect.poll(() => outbox.getByRole('status').textContent()).toMatch(/^Discarded, never to be sent: /);
    await outbox.getByText('Nothing waiting.').waitFor();

    const notes = stack.ghl.store.notesOf(demoContacts.mariaJansen).map((note) => note.body);
    expect(notes.filter((body) => body === 'Refused, then sent again from the settings page')).toHaveLength(1);
    expect(notes.filter((body) => body === 'Refused, then discarded on the settings page')).toHaveLength(0);
  });

  it('filters the audit log, and its CSV export carries the same filters', async () => {
    await fetch(`${stack.url}/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ secret: 'a-wrong-secret-for-the-log' }) });
    const { page } = await openAdmin(stack);
    await signIn(page);
    const audit = section(page, 'Audit log');
    await audit.getByLabel('Action').fill('admin.signIn');
    await audit.getByLabel('Result').selectOption('refused');
    await Promise.all([page.waitForResponse((answer) => answer.url().includes('result=refused')), audit.getByRole('button', { name: 'Show entries' }).click()]);
    await expect.poll(() => audit.getByRole('status').textContent()).toMatch(/^\d+ entr(y|ies), newest first\.$/);
    const table = audit.getByRole('table', { name: 'Audit entries, newest first' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await row.textContent()).toMatch(/admin\.signInrefused.*wrong operator secret/);
    const times = await table.locator('tbody time').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
    expect([...times].sort().reverse()).toEqual(times);

    const csvLink = audit.getByRole('link', { name: 'Export CSV' });
    const href = (await csvLink.getAttribute('href')) ?? '';
    expect(await csvLink.getAttribute('download')).not.toBeNull();
    expect(new URL(href).pathname).toBe('/admin/api/audit');
    expect(Object.fromEntries(new URL(href).searchParams)).toEqual({ format: 'csv', action: 'admin.signIn', result: 'refused' });
    // The export is an ordinary GET: the page's cookie is all it needs.
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(await rows.count());
    for (const line of lines.slice(1)) expect(line).toContain('admin.signIn');
    expect((await fetch(href)).status).toBe(401);

    // A time range is sent as ISO 8601 instants: a range that ended long ago holds nothing.
    await audit.getByLabel('To').fill('2020-01-31T12:00:00');
    await audit.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(() => audit.getByRole('status').textContent()).toBe('No entries match.');
    expect(new URL((await audit.getByRole('link', { name: 'Export JSON' }).getAttribute('href')) ?? '').searchParams.get('to')).toBe(new Date('2020-01-31T12:00:00').toISOString());

    // A filter the server refuses is named beside its field.
    await audit.getByLabel('Ticket id').fill('not-a-ticket');
    await audit.getByRole('button', { name: 'Show entries' }).click();
    const ticketField = audit.getByLabel('Ticket id');
    await expect.poll(() => ticketField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await ticketField.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toBe('Use a Trengo ticket id (digits).');

    await audit.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(() => audit.getByRole('status').textContent()).toMatch(/entries, newest first/);
  });

  it('saves an automation rule, and shows the fields the server refuses beside its settings', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const automations = section(page, 'Automations');
    const welcome = automations.getByLabel('Settings of “Welcome ticket” as JSON');
    expect(JSON.parse(await welcome.inputValue())).toMatchObject({ enabled: false, delivery: 'customer' });
    await automations.getByRole('button', { name: 'Save “Welcome ticket”' }).click();
    await expect.poll(() => welcome.getAttribute('aria-invalid')).toBe('true');
    const refusal = page.locator(`[id="${await welcome.getAttribute('aria-describedby')}"]`);
    expect(await refusal.locator('p').textContent()).toBe('The server refused this field:');
    expect(await refusal.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^channelId: \S/)]);
    expect(await focused(page)).toMatchObject({ tag: 'textarea' });

    await welcome.fill('{ "enabled": tru');
    await automations.getByRole('button', { name: 'Save “Welcome ticket”' }).click();
    await expect.poll(() => refusal.textContent()).toMatch(/^This is not JSON/);

    const reflect = automations.getByLabel('Settings of “Agents’ work in the ticket” as JSON');
    await reflect.fill('{ "enabled": false, "batchSeconds": 5 }');
    await automations.getByRole('button', { name: 'Save “Agents’ work in the ticket”' }).click();
    await expect.poll(() => automations.getByRole('status').filter({ hasText: 'Saved' }).textContent()).toBe('Saved: the rule is off.');
    expect(JSON.parse(await reflect.inputValue())).toEqual({ enabled: false, batchSeconds: 5 });
    expect(await (await operator(stack, '/automations/rules')).json()).toMatchObject({ rules: { reflectWork: { enabled: false, batchSeconds: 5 } } });
    expect(await automations.getByText('No failed runs.').count()).toBe(1);
  });

  it('changes the log level at once, noting the level a restart goes back to', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const log = section(page, 'Log level');
    const level = log.getByLabel('Log level');
    const configured = ((await (await operator(stack, '/log-level')).json()) as { configured: string }).configured;
    expect(await level.inputValue()).toBe(configured);
    expect(await log.textContent()).toContain(`LOG_LEVEL is ${configured}; a restart goes back to it.`);
    await level.selectOption('warn');
    await expect.poll(() => log.getByRole('status').textContent()).toBe('The server now logs at warn.');
    expect(await (await operator(stack, '/log-level')).json()).toEqual({ level: 'warn', configured });
    await level.selectOption(configured);
    await expect.poll(async () => ((await (await operator(stack, '/log-level')).json()) as { level: string }).level).toBe(configured);
  });
});

/** The welcome ticket's rule on the email channel 301, as the automation tests set it. */
const welcomeRule = { enabled: true, channelId: 301, subject: 'Welcome, {{firstName}}', message: 'Hello {{firstName}}, thank you for getting in touch.', delivery: 'customer' };

/** Someone adds a contact in HighLevel: the sandbox sends its signed ContactCreate to the server. */
async function contactMadeInHighLevel(stack: Stack, fields: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${stack.ghl.url}/_sandbox/edits/contacts/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ locationId: stack.seed.location.id, ...fields }),
  });
  if (!response.ok) throw new Error(`contact not made: ${response.status}`);
  return ((await response.json()) as { contact: { id: string } }).contact.id;
}

type RunState = { id: string; state: string; reason: string | null };
const runsOf = async (stack: Stack, query = ''): Promise<RunState[]> => ((await (await operator(stack, `/automations/runs${query}`)).json()) as { runs: RunState[] }).runs;

/** Waits until Trengo has had no call for half a second (the server's webhook registrations are done), so a queued fault meets the run. */
async function trengoQuiet(stack: Stack): Promise<void> {
  let seen = -1;
  await expect.poll(async () => {
    const now = stack.trengo.calls.length;
    const quiet = now === seen;
    seen = now;
    if (!quiet) await new Promise((resolve) => setTimeout(resolve, 500));
    return quiet;
  }, { timeout: 10_000, interval: 0 }).toBe(true);
}

/**
 * A welcome run Trengo refuses: its first call to Trengo answers 422, which no retry can fix, so
 * the run ends failed at once. The contact's first name says which run it is.
 */
async function failedWelcome(stack: Stack, firstName: string): Promise<{ runId: string; firstName: string }> {
  await trengoQuiet(stack);
  stack.trengo.faults.failNext(1, 422);
  const contactId = await contactMadeInHighLevel(stack, { firstName, email: `${firstName.toLowerCase()}@failed-run.example` });
  const runId = `welcomeTicket:${contactId}`;
  await expect.poll(async () => (await runsOf(stack, '?state=failed')).map((run) => run.id), { timeout: 10_000 }).toContain(runId);
  expect(stack.trengo.faults.queuedFailures).toBe(0);
  return { runId, firstName };
}

/** The welcome messages Trengo delivered to the contact of this first name. */
const welcomesTo = (stack: Stack, firstName: string) => stack.trengo.store.delivered.filter((message) => message.message.startsWith(`Hello ${firstName}, thank you`));

describe('the settings page, with automation rules on and runs Trengo refused', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(
      { OPERATOR_SECRET: operatorSecret, TRENGO_TIMEOUT_MS: '1000' },
      {},
      { inboxWorker: { pollMs: 100 }, automationRetry: { baseMs: 100, maxMs: 500 } },
      { webhooks: true },
    );
    const saved = await operator(stack, '/automations/rules/welcomeTicket', { method: 'PUT', body: JSON.stringify(welcomeRule) });
    if (saved.status !== 200) throw new Error(`rule not set: ${saved.status} ${await saved.text()}`);
  });
  afterAll(() => stack?.close());

  const dryRunForm = (page: Page) => section(page, 'Automations').getByRole('form', { name: 'Try the rules on a sample event' });

  it('tries a sample event against the rules: what each rule would do in words, or that none would act; refusals beside their fields; nothing sent or stored', async () => {
    const { page, errors } = await openAdmin(stack, { axe: true });
    await signIn(page);
    const form = dryRunForm(page);
    const source = form.getByLabel('Source');
    const type = form.getByLabel('Event type');
    const body = form.getByLabel('Event body as JSON');
    const tryIt = form.getByRole('button', { name: 'Try the rules on this event' });
    const status = form.getByRole('status');
    const plans = form.getByRole('list', { name: 'What each rule would do' });
    const delivered = stack.trengo.store.delivered.length;

    // It starts from a HighLevel ContactCreate, and suggests the types the rules act on.
    expect(await source.inputValue()).toBe('highlevel');
    expect(await type.inputValue()).toBe('ContactCreate');
    expect(JSON.parse(await body.inputValue())).toMatchObject({ id: expect.any(String), firstName: 'Ada', email: 'ada@example.com' });
    const listId = (await type.getAttribute('list')) ?? '';
    expect(await page.locator(`datalist[id="${listId}"] option`).evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toEqual(
      ['ContactCreate', 'Workflow', 'TICKET_CLOSED', 'INBOUND', 'TICKET_LABEL_ADDED', 'TICKET_LABEL_DELETED'],
    );

    await tryIt.click();
    await expect.poll(() => status.textContent()).toBe('1 rule would act on this event.');
    expect(await plans.getByRole('listitem').allTextContents()).toEqual([
      'Welcome ticket would open a ticket on Trengo channel 301 for Ada Lovelace (ada@example.com), subject “Welcome, Ada”, and send the welcome message to the customer.',
    ]);
    expect(await violations(page, '1280 px, light: a dry run’s plan')).toEqual([]);

    // A contact the rule's conditions leave out: the rule says why it would not act.
    const edited = { id: 'sampleNobody', firstName: 'Nobody' };
    await body.fill(JSON.stringify(edited));
    await tryIt.click();
    await expect.poll(() => status.textContent()).toBe('No rule would act on this event.');
    expect(await plans.getByRole('listitem').allTextContents()).toEqual(['Welcome ticket would do nothing: the contact has neither email nor phone number.']);
    // A body written by hand stays when another HighLevel type is chosen.
    await type.fill('Workflow');
    expect(JSON.parse(await body.inputValue())).toEqual(edited);

    // Trengo, on a fresh page: its first type and that type's sample, then another type's.
    await page.reload();
    await sectionsLoaded(page);
    await source.selectOption('trengo');
    expect(await type.inputValue()).toBe('TICKET_CLOSED');
    expect(JSON.parse(await body.inputValue())).toMatchObject({ ticket_id: '1001', user_id: '5' });
    const closedNote = await operator(stack, '/automations/rules/ticketClosedNote', { method: 'PUT', body: JSON.stringify({ enabled: true }) });
    expect(closedNote.status).toBe(200);
    onTestFinished(async () => void (await operator(stack, '/automations/rules/ticketClosedNote', { method: 'PUT', body: JSON.stringify({ enabled: false }) })));
    await tryIt.click();
    await expect.poll(() => status.textContent()).toBe('1 rule would act on this event.');
    expect(await plans.getByRole('listitem').allTextContents()).toEqual(['Note when a ticket closes would leave a note on the HighLevel contact of ticket 1001 saying it was closed by agent 5.']);
    await type.fill('INBOUND');
    expect(JSON.parse(await body.inputValue())).toMatchObject({ contact_identifier: 'walk.in@example.com' });
    await tryIt.click();
    await expect.poll(() => status.textContent()).toBe('No rule would act on this event.');
    expect(await plans.count()).toBe(0);

    // A type the server refuses is named beside the field, which takes the focus.
    await type.fill('Not a type!');
    await tryIt.click();
    await expect.poll(() => type.getAttribute('aria-invalid')).toBe('true');
    const typeDescription = ((await type.getAttribute('aria-describedby')) ?? '').split(' ');
    expect(await page.locator(`[id="${typeDescription[0]}"]`).textContent()).toBe('Use an event type such as ContactCreate or TICKET_CLOSED.');
    expect(await focused(page)).toMatchObject({ tag: 'input' });

    // A body that is not JSON is refused before it is sent.
    await type.fill('INBOUND');
    await body.fill('{ "ticket_id": ');
    await tryIt.click();
    await expect.poll(() => body.getAttribute('aria-invalid')).toBe('true');
    expect(await type.getAttribute('aria-invalid')).toBe('false');
    const bodyDescription = ((await body.getAttribute('aria-describedby')) ?? '').split(' ');
    expect(await page.locator(`[id="${bodyDescription[0]}"]`).textContent()).toMatch(/^This is not JSON: /);
    expect(await focused(page)).toMatchObject({ tag: 'textarea' });
    expect(await violations(page, '1280 px, light: a dry run refused')).toEqual([]);

    expect(stack.trengo.store.delivered.length).toBe(delivered);
    expect((await runsOf(stack)).filter((run) => run.id.includes('sample'))).toEqual([]);
    // The refused type is the one answer the page did not expect to be 2xx.
    expect(errors.filter((error) => !/status of 400/.test(error))).toEqual([]);
  });

  it('lists a failed run with its reason; Retry sends it again once Trengo takes it, and it lands once; Drop, once confirmed, takes another off the list', async () => {
    const retried = await failedWelcome(stack, 'Retried');
    const dropped = await failedWelcome(stack, 'Dropped');
    const { page, errors } = await openAdmin(stack);
    await signIn(page);
    const automations = section(page, 'Automations');
    const rowOf = (runId: string) => automations.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Welcome ticket: HighLevel ContactCreate of contact ${runId.split(':')[1]}` }) });
    for (const run of [retried, dropped]) {
      const row = rowOf(run.runId);
      expect(await row.locator('dl').textContent()).toMatch(/^ReasonTrengo refused it: Trengo .+ failed, rejected \(422\).*Attempts1Last tried.+$/);
    }
    expect(welcomesTo(stack, retried.firstName)).toHaveLength(0);

    // Retry: Trengo takes it now (no fault is queued), the run leaves the list and its message lands once.
    await rowOf(retried.runId).getByRole('button', { name: /^Retry/ }).click();
    await expect.poll(() => automations.getByRole('status').filter({ hasText: 'Sent again' }).textContent()).toBe(`Sent again: the run of Welcome ticket for HighLevel ContactCreate of contact ${retried.runId.split(':')[1]}.`);
    await expect.poll(() => rowOf(retried.runId).count()).toBe(0);
    expect(await focused(page)).toMatchObject({ tag: 'h2', text: 'Automations' });
    await expect.poll(async () => (await runsOf(stack, '?rule=welcomeTicket')).find((run) => run.id === retried.runId)?.state, { timeout: 10_000 }).toBe('done');
    expect(welcomesTo(stack, retried.firstName)).toHaveLength(1);

    // Drop asks first; "Keep it" has the focus, so a second Enter keeps the run.
    const row = rowOf(dropped.runId);
    await row.getByRole('button', { name: /^Drop/ }).click();
    const keep = row.getByRole('button', { name: 'Keep it' });
    await keep.waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Keep it' });
    expect(await row.getByRole('group').textContent()).toContain('Drop this run of “Welcome ticket”? It will not be attempted again.');
    await row.getByRole('button', { name: 'Drop it' }).click();
    await expect.poll(() => automations.getByText('No failed runs.').count()).toBe(1);
    expect(await automations.getByRole('status').filter({ hasText: 'Dropped' }).textContent()).toBe(`Dropped: the run of Welcome ticket for HighLevel ContactCreate of contact ${dropped.runId.split(':')[1]} will not be attempted again.`);
    expect(await focused(page)).toMatchObject({ tag: 'h2', text: 'Automations' });
    expect((await runsOf(stack)).find((run) => run.id === dropped.runId)?.state).toBe('dropped');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(welcomesTo(stack, dropped.firstName)).toHaveLength(0);
    expect(welcomesTo(stack, retried.firstName)).toHaveLength(1);
    console.log(`failed runs on the page: 1 retried (landed ${welcomesTo(stack, retried.firstName).length} time), 1 dropped (landed ${welcomesTo(stack, dropped.firstName).length} times)`);
    expect(errors).toEqual([]);
  });

  for (const layout of layouts) {
    const name = `${layout.width} px, ${layout.colorScheme}`;
    it(`${name}: axe finds nothing on a failed run listed, its Drop confirmation, and a dry run's plans and refusal`, async () => {
      if ((await runsOf(stack, '?state=failed')).length === 0) await failedWelcome(stack, 'Listed');
      const { page } = await openAdmin(stack, { ...layout, axe: true });
      await signIn(page);
      const automations = section(page, 'Automations');
      const failedRun = automations.getByRole('listitem').filter({ hasText: 'Trengo refused it' }).first();
      await failedRun.waitFor();
      expect(await violations(page, `${name}: a failed run listed`), `${name}: a failed run`).toEqual([]);

      await failedRun.getByRole('button', { name: /^Drop/ }).click();
      await failedRun.getByRole('button', { name: 'Keep it' }).waitFor();
      const form = dryRunForm(page);
      await form.getByRole('button', { name: 'Try the rules on this event' }).click();
      await expect.poll(() => form.getByRole('status').textContent()).toBe('1 rule would act on this event.');
      expect(await violations(page, `${name}: a failed run's Drop confirmation and a dry run's plans`), `${name}: confirmation and plans`).toEqual([]);

      await form.getByLabel('Event type').fill('Not a type!');
      await form.getByRole('button', { name: 'Try the rules on this event' }).click();
      await expect.poll(() => form.getByLabel('Event type').getAttribute('aria-invalid')).toBe('true');
      expect(await violations(page, `${name}: a dry run refused`), `${name}: dry run refused`).toEqual([]);
      // The run stays for the next layout.
      await failedRun.getByRole('button', { name: 'Keep it' }).click();
    });
  }

  it('walks by Tab from the top: the skip link, Sign out and the section links first, every control reached with its focus shown, no trap; Enter on a section link takes the keyboard there', async () => {
    if ((await runsOf(stack, '?state=failed')).length === 0) await failedWelcome(stack, 'Walked');
    const { page } = await openAdmin(stack);
    // Reduced motion: the page jumps to what takes the focus rather than scrolling there, so where it is can be read at once.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(page);
    await section(page, 'Automations').getByRole('button', { name: /^Retry/ }).first().waitFor();
    // From the top, as a page opened signed in begins: nothing has the focus yet.
    await page.reload();
    await sectionsLoaded(page);
    expect(await focused(page)).toMatchObject({ tag: 'body' });

    // Every control a pointer can use, named for the walk.
    const controls = await page.evaluate(() => {
      const candidates = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')];
      const usable = candidates.filter((element) => element.tabIndex >= 0 && !element.matches(':disabled') && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden');
      return usable.map((element, index) => {
        element.dataset.walk = String(index);
        return `${element.tagName.toLowerCase()} “${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40) || element.id}”`;
      });
    });

    /** What has the focus after a Tab: its place in `controls` (-1 for the page itself), and whether a ring shows. */
    const tab = async () => {
      await page.keyboard.press('Tab');
      return page.evaluate(() => {
        const active = document.activeElement;
        if (!(active instanceof HTMLElement) || active === document.body) return { walk: -1, ring: true, name: 'the page' };
        // The ring as drawn now: a date field's parts take the focus themselves, so the field's own :focus-visible is not what counts.
        const style = getComputedStyle(active);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
        return { walk: Number(active.dataset.walk ?? -2), ring: outline || shadow, name: active.outerHTML.slice(0, 80) };
      });
    };
    const reached: number[] = [];
    const ringless: string[] = [];
    const startedAt = Date.now();
    let tabs = 0;
    // A date and time field takes a Tab per part (day, month, year, hours…): the field counts once.
    for (; tabs < controls.length * 8; tabs++) {
      const stop = await tab();
      if (stop.walk === -1) break;
      expect(stop.walk, `Tab ${tabs + 1} reached ${stop.name}, which is no control`).toBeGreaterThanOrEqual(0);
      if (!stop.ring) ringless.push(controls[stop.walk] ?? stop.name);
      if (reached.at(-1) !== stop.walk) reached.push(stop.walk);
    }
    const walkMs = Date.now() - startedAt;
    // The walk left the page after the last control (no trap), and the next Tab starts it again.
    expect(reached.map((index) => controls[index])).toEqual(controls);
    expect((await tab()).walk).toBe(0);
    expect(ringless).toEqual([]);
    const firsts = reached.slice(0, 9).map((index) => controls[index]);
    expect(firsts).toEqual(['a “Skip to the settings”', 'button “Sign out”', ...['Connect', 'Test the connection', 'What agents see', 'Outbox', 'Automations', 'Audit log', 'Log level'].map((name) => `a “${name}”`)]);
    console.log(`Tab walk of the signed-in page: ${tabs} Tabs reached all ${reached.length} controls in document order, each with its focus shown, then left the page and came back to the first (${walkMs} ms)`);

    // Enter on a section link brings its section into view, and the next Tab goes to the section's first control (the Connect section, with every token from the environment, has none: the next section's).
    const nav = page.getByRole('navigation', { name: 'Sections' });
    const links = await nav.getByRole('link').all();
    expect(links).toHaveLength(sectionIds.length);
    for (const [index, link] of links.entries()) {
      const id = sectionIds[index] ?? '';
      await link.focus();
      await page.keyboard.press('Enter');
      // In view: at the top, or as near it as the end of the page lets it come.
      await expect.poll(() => page.evaluate((id) => {
        const top = document.getElementById(id)?.getBoundingClientRect().top ?? -1;
        const atTheEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 1;
        return top >= 0 && (top < 40 || atTheEnd);
      }, id), { message: `${id} in view` }).toBe(true);
      const firstAfter = await page.evaluate((id) => {
        const target = document.getElementById(id);
        const next = [...document.querySelectorAll<HTMLElement>('[data-walk]')].find((element) => target && target.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
        return Number(next?.dataset.walk ?? -1);
      }, id);
      expect((await tab()).walk, `Tab after Enter on the ${id} link`).toBe(firstAfter);
    }
  });

  it('Enter on a section link puts the focus on that section (its heading or the section itself)', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    for (const [index, link] of (await nav.getByRole('link').all()).entries()) {
      await link.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('section')?.id ?? document.activeElement?.tagName.toLowerCase()), { timeout: 1000 }).toBe(sectionIds[index]);
      expect(new URL(page.url()).hash).toBe(`#${sectionIds[index]}`);
    }
    // The skip link, the first Tab from the top, takes the keyboard past the header and the links.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('link', { name: 'Skip to the settings' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
  });
});

describe('the settings page, on a server without PUBLIC_URL', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ OPERATOR_SECRET: operatorSecret });
    // A change HighLevel refused for good, so the outbox has a row to check.
    expect(await refusedNote(stack, 422, 'Refused for good, listed in the outbox')).toBe(422);
  });
  afterAll(() => stack?.close());

  it('shows the failed step of the connection test with what to do', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const test = section(page, 'Test the connection');
    await test.getByRole('button', { name: 'Run the test' }).click();
    await expect.poll(() => test.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/^1 of \d+ steps failed: Webhooks\.$/);
    const webhooks = test.getByRole('listitem').filter({ hasText: 'Webhooks' });
    expect(await webhooks.textContent()).toMatch(/^✗ FailedWebhooks\d+ ms/);
    expect(await webhooks.getByText('What to do:').locator('..').textContent()).toContain('Set PUBLIC_URL');
    expect(await test.getByRole('listitem').filter({ hasText: 'Passed' }).count()).toBe((await test.getByRole('listitem').count()) - 1);
  });

  it('with a read-only HighLevel token, says why and ends it on request; the sidebar hides editing until then', async () => {
    expect(await refusedNote(stack, 403, 'Waits for the write scope')).toBe(202);
    const { page } = await openAdmin(stack);
    await signIn(page);
    const agents = section(page, 'What agents see');
    const notice = agents.getByRole('region', { name: 'The sidebar is read-only' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Since .+: .+/);

    const ticket = await openTicket(browser, stack, demoTickets.matched);
    onTestFinished(() => ticket.page.close());
    await ticket.sidebar.getByRole('status').filter({ hasText: 'Read-only' }).waitFor();
    expect(await ticket.sidebar.getByRole('button', { name: 'Edit details' }).count()).toBe(0);
    expect(await ticket.sidebar.getByRole('button', { name: 'New task' }).count()).toBe(0);

    await notice.getByRole('button', { name: 'End read-only mode' }).click();
    await expect.poll(() => agents.getByRole('status').textContent()).toBe('Read-only mode ended: agents can make changes again from the next open.');
    expect(await notice.count()).toBe(0);
    expect(await focused(page)).toMatchObject({ tag: 'h2', text: 'What agents see' });
    expect(await (await operator(stack, '/features')).json()).toMatchObject({ readOnly: null });

    await ticket.page.reload();
    await ticket.sidebar.getByRole('button', { name: 'Edit details' }).waitFor();
    expect(await ticket.sidebar.getByRole('status').filter({ hasText: 'Read-only' }).count()).toBe(0);
  });

  for (const layout of layouts) {
    const name = `${layout.width} px, ${layout.colorScheme}`;
    it(`${name}: axe finds nothing on any screen: sign-in, refusal, every section, a red test, the read-only notice, refused forms, a confirmation`, async () => {
      // Each layout starts read-only (the connection test's write below ends it); the kept change is sent a second later.
      expect(await refusedNote(stack, 403, `Read-only again for ${name}`)).toBe(202);
      const { page } = await openAdmin(stack, { ...layout, axe: true });
      expect(await violations(page, `${name}: sign-in`), `${name}: sign-in`).toEqual([]);

      await page.getByLabel('Operator secret').fill('not-the-operator-secret');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'not the operator secret' }).waitFor();
      expect(await violations(page, `${name}: sign-in refused`), `${name}: sign-in refused`).toEqual([]);

      await signIn(page);
      await section(page, 'What agents see').getByRole('region', { name: 'The sidebar is read-only' }).waitFor();
      await section(page, 'Outbox').getByRole('listitem').first().waitFor();
      expect(await violations(page, `${name}: every section, read-only notice`), `${name}: every section`).toEqual([]);

      const test = section(page, 'Test the connection');
      await test.getByRole('button', { name: 'Run the test' }).click();
      await expect.poll(() => test.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/steps failed: Webhooks/);
      expect(await violations(page, `${name}: connection test with a failed step`), `${name}: connection test`).toEqual([]);

      const automations = section(page, 'Automations');
      await automations.getByRole('button', { name: 'Save “Welcome ticket”' }).click();
      await expect.poll(() => automations.getByLabel('Settings of “Welcome ticket” as JSON').getAttribute('aria-invalid')).toBe('true');
      const audit = section(page, 'Audit log');
      await audit.getByLabel('Ticket id').fill('not-a-ticket');
      await audit.getByRole('button', { name: 'Show entries' }).click();
      await expect.poll(() => audit.getByLabel('Ticket id').getAttribute('aria-invalid')).toBe('true');
      await section(page, 'Outbox').getByRole('button', { name: /^Discard/ }).first().click();
      await section(page, 'Outbox').getByRole('button', { name: 'Keep it' }).waitFor();
      expect(await violations(page, `${name}: refused forms and a confirmation`), `${name}: refused forms`).toEqual([]);
    });
  }
});

describe('the settings page, on a server started without a Trengo token', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ OPERATOR_SECRET: operatorSecret }, {}, {}, { unsetTokens: ['TRENGO_TOKEN'] });
  });
  afterAll(() => stack?.close());

  const trengoToken = (page: Page) => section(page, 'Connect').getByRole('listitem').filter({ hasText: 'TRENGO_TOKEN' });

  it('refuses a token Trengo refuses, keeps the right one, and the sidebar then works', async () => {
    const { page } = await openAdmin(stack);
    await signIn(page);
    const row = trengoToken(page);
    expect(await row.textContent()).toContain('Not set');
    // The others come from the environment: no form for them.
    expect(await section(page, 'Connect').getByRole('listitem').filter({ hasText: 'GHL_TOKEN' }).locator('input').count()).toBe(0);

    const field = row.getByLabel('New Trengo API token');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill('a-token-trengo-never-gave');
    await row.getByRole('button', { name: 'Save the Trengo API token' }).click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
    const problem = await page.locator(`[id="${describedBy[0]}"]`).textContent();
    expect(problem).toMatch(/^Trengo refused this token \(.+\)\. Nothing was changed\.$/);
    expect(await focused(page)).toMatchObject({ tag: 'input' });
    expect(await row.textContent()).toContain('Not set');

    const right = stack.sandboxTokens.TRENGO_TOKEN;
    await field.fill(right);
    await row.getByRole('button', { name: 'Save the Trengo API token' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toBe(`Saved: the Trengo API token ends in …${right.slice(-4)} and is used from the next call.`);
    expect(await row.textContent()).toContain(`Set, ends in …${right.slice(-4)} · Set on this page.`);
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    expect(await page.content()).not.toContain(right);

    const ticket = await openTicket(browser, stack, demoTickets.matched);
    onTestFinished(() => ticket.page.close());
    await settled(ticket.sidebar);
    expect(await ticket.sidebar.getByRole('heading', { level: 1 }).textContent()).toContain('Maria');
  });

  for (const layout of layouts) {
    const name = `${layout.width} px, ${layout.colorScheme}`;
    it(`${name}: axe finds nothing on a token form with a refusal`, async () => {
      const { page } = await openAdmin(stack, { ...layout, axe: true });
      await signIn(page);
      const row = trengoToken(page);
      await row.getByLabel('New Trengo API token').fill('short');
      await row.getByRole('button', { name: 'Save the Trengo API token' }).click();
      await expect.poll(() => row.getByLabel('New Trengo API token').getAttribute('aria-invalid')).toBe('true');
      expect(await violations(page, `${name}: token refused`), name).toEqual([]);
    });
  }
});

describe('the settings page, on a server connected to HighLevel as a Marketplace app', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(
      {
        GHL_CLIENT_ID: sandboxOAuthApp.clientId,
        GHL_CLIENT_SECRET: sandboxOAuthApp.clientSecret,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        GHL_LOCATION_ID: 'filledInByTheSandbox',
        TRENGO_TOKEN: 'filled-in-by-the-sandbox',
        TRENGO_APP_SECRET: 'filled-in-by-the-sandbox',
        OPERATOR_SECRET: operatorSecret,
      },
      {},
      {},
      { webhooks: true },
    );
  });
  afterAll(() => stack?.close());

  it('installs through HighLevel and comes back to the page, which then shows it installed', async () => {
    const { page, errors } = await openAdmin(stack, { axe: true });
    await signIn(page);
    const connect = section(page, 'Connect');
    expect(await connect.textContent()).toContain('Connected as a Marketplace app.');
    expect(await connect.locator('dl').textContent()).toBe('InstalledNot yet: install it below.');
    expect(await violations(page, '1280 px, light: Marketplace app not installed')).toEqual([]);
    // The app holds HighLevel's tokens itself: no Private Integration token to set.
    expect(await connect.getByText('GHL_TOKEN').count()).toBe(0);

    await connect.getByRole('button', { name: 'Install in HighLevel' }).click();
    await page.waitForURL(/\/oauth\/callback\?/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('HighLevel is connected');
    expect(await violations(page, '1280 px, light: Marketplace app install returned')).toEqual([]);
    await page.getByRole('link', { name: 'Back to the settings page' }).click();
    await page.waitForURL(/\/admin$/);
    await sectionsLoaded(page);
    const facts = section(page, 'Connect').locator('dl');
    expect(await facts.textContent()).toMatch(/^InstalledYesAccess token valid until.+Renewals so far0Scope.*contacts/);
    expect(await violations(page, '1280 px, light: Marketplace app installed')).toEqual([]);
    expect(stack.ghl.oauth.record).toMatchObject({ exchanges: 1 });
    expect(errors).toEqual([]);
  });
});

afterAll(() => {
  console.log(`axe ran ${axeRuns.length} times on the settings page with no violation: ${[...new Set(axeRuns.map((run) => run.split(': ')[1]))].join('; ')}`);
});
