/**
 * The integration's own end-to-end test, for the operator: each step against the real HighLevel
 * location and Trengo with the server's own tokens, with its time, its result and, when it fails,
 * what to do. HighLevel's token and rate-limit headroom are read from one raw call (the headers are
 * the point); the contact and task steps go through the server's uncached HighLevel client, its
 * rate limit and token renewal included, on a test contact of its own, made once and kept.
 */
import type { CrmPort } from '../crm/port';
import type { HelpdeskPort, HelpdeskWebhookRegistry } from '../helpdesk/port';
import { OutsideError } from '../platform/outside-http';
import type { Inbox, TrengoWebhooks } from '../store/port';

export interface ConnectionStep {
  name: string;
  ok: boolean;
  durationMs: number;
  detail: string;
  /** What to do when it failed. */
  advice?: string;
}

export interface ConnectionTestOptions {
  crm: CrmPort;
  highLevel: { apiBase: string; locationId: string; version: string; token: () => string | Promise<string> };
  trengo: { apiBase: string; token: () => string };
  /** Trengo through the server's client: a ticket read as the sidebar reads it, and its list of webhooks. */
  helpdesk: Pick<HelpdeskWebhookRegistry, 'listWebhooks'> & Pick<HelpdeskPort, 'getTicket'>;
  /**
   * The scopes a Marketplace app's token was granted (HighLevel lists them with the token); undefined
   * for a Private Integration token, whose scopes only the write probe shows.
   */
  grantedScopes?: () => string | null;
  inbox: Inbox;
  trengoWebhooks: TrengoWebhooks;
  publicUrl: string | null;
  /** Told when the write probe succeeded: the token may write (a read-only mode ends). */
  onWriteAllowed?: () => void;
  fetch?: typeof fetch;
  now?: () => number;
}

/** What the sidebar needs of HighLevel: reading and changing contacts (tasks, notes and tags are contacts' scopes). */
export const neededScopes = ['contacts.readonly', 'contacts.write'] as const;
/** What it uses when granted: appointments and the location's name. */
const usefulScopes = ['calendars/events.readonly', 'locations.readonly'] as const;

/** The test contact's address: a reserved domain, so no message can ever reach anyone. */
export const testContactEmail = 'connection-test@highlevel-sidebar.invalid';

const scopeAdvice =
  'The token lacks contacts.write: in HighLevel → Settings → Private Integrations, edit the integration and add the scope (or install the app again with it).';
const tokenAdvice = 'Create a new Private Integration token in HighLevel → Settings → Private Integrations and set it under Connect on the settings page (or in GHL_TOKEN), or install the app again.';

/** An outside failure in words, with advice by its kind. */
function explain(error: unknown, advice: Partial<Record<OutsideError['kind'], string>>): { detail: string; advice?: string } {
  if (!(error instanceof OutsideError)) return { detail: error instanceof Error ? error.message : String(error) };
  const given = advice[error.kind];
  return given === undefined ? { detail: error.message } : { detail: error.message, advice: given };
}

export async function runConnectionTest(options: ConnectionTestOptions): Promise<{ ok: boolean; steps: ConnectionStep[] }> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const steps: ConnectionStep[] = [];

  /** Runs one step; a step that throws fails with its error in words. */
  async function step(name: string, run: () => Promise<Omit<ConnectionStep, 'name' | 'durationMs'>>): Promise<boolean> {
    const startedAt = performance.now();
    let outcome: Omit<ConnectionStep, 'name' | 'durationMs'>;
    try {
      outcome = await run();
    } catch (error) {
      outcome = { ok: false, ...explain(error, { auth: tokenAdvice, scope: 'The token lacks a scope this needs (contacts.readonly): add it in HighLevel → Settings → Private Integrations.' }) };
    }
    steps.push({ name, durationMs: Math.round(performance.now() - startedAt), ...outcome });
    return outcome.ok;
  }

  const { apiBase, locationId, version } = options.highLevel;
  let headers: Headers | null = null;
  await step('HighLevel accepts the token and names the location', async () => {
    const response = await fetchImpl(`${apiBase}/locations/${encodeURIComponent(locationId)}`, {
      headers: { Authorization: `Bearer ${await options.highLevel.token()}`, Version: version, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    headers = response.headers;
    const body: unknown = await response.json().catch(() => null);
    const name = typeof body === 'object' && body !== null && 'location' in body && typeof body.location === 'object' && body.location !== null && 'name' in body.location ? String(body.location.name) : null;
    if (response.status === 401) return { ok: false, detail: 'HighLevel refused the token (401).', advice: tokenAdvice };
    if (response.status === 403) return { ok: false, detail: `HighLevel refused location ${locationId} (403).`, advice: 'Check GHL_LOCATION_ID: the token must belong to this location and have locations.readonly.' };
    if (!response.ok) return { ok: false, detail: `HighLevel answered ${response.status}.`, advice: 'Try again in a minute; if it persists, see status.gohighlevel.com.' };
    return { ok: true, detail: `Location “${name ?? locationId}” (${locationId}).` };
  });

  await step('HighLevel rate-limit headroom', async () => {
    const seen: Headers | null = headers;
    if (seen === null) return { ok: false, detail: 'No answer from HighLevel to read its headers from.' };
    const read = (name: string) => {
      const value = Number(seen.get(name));
      return seen.has(name) && Number.isFinite(value) ? value : null;
    };
    const remaining = read('X-RateLimit-Remaining');
    const max = read('X-RateLimit-Max');
    const interval = read('X-RateLimit-Interval-Milliseconds');
    const dailyRemaining = read('X-RateLimit-Daily-Remaining');
    const daily = read('X-RateLimit-Limit-Daily');
    if (remaining === null || max === null) return { ok: true, detail: 'HighLevel sent no rate-limit headers.' };
    const detail = `${remaining} of ${max} calls left in this ${Math.round((interval ?? 10_000) / 1000)} s window${dailyRemaining === null ? '' : `; ${dailyRemaining} of ${daily ?? '?'} left today`}.`;
    const low = remaining < max / 10 || (dailyRemaining !== null && daily !== null && dailyRemaining < daily / 20);
    return low ? { ok: false, detail, advice: 'The location is close to its limit: other integrations share it. Agents are served first and from the local copy meanwhile.' } : { ok: true, detail };
  });

  const { grantedScopes } = options;
  if (grantedScopes) {
    await step('Scopes the app was granted', async () => {
      const granted = new Set((grantedScopes() ?? '').split(/\s+/).filter(Boolean));
      if (granted.size === 0) return { ok: false, detail: 'HighLevel named no scopes with the token.', advice: 'Install the app again from this page.' };
      const missing = neededScopes.filter((scope) => !granted.has(scope));
      const missingUseful = usefulScopes.filter((scope) => !granted.has(scope));
      const detail = `Granted: ${[...granted].join(', ')}.${missingUseful.length > 0 ? ` Without ${missingUseful.join(', ')}: ${missingUseful.includes('calendars/events.readonly') ? 'appointments do not show' : 'the location is named by its id'}.` : ''}`;
      if (missing.length > 0) {
        return { ok: false, detail, advice: `The token lacks ${missing.join(' and ')}: add ${missing.length === 1 ? 'it' : 'them'} to GHL_OAUTH_SCOPES and to the app's scopes in the HighLevel Marketplace, then install the app again.` };
      }
      return { ok: true, detail };
    });
  }

  let contactId: string | null = null;
  const haveContact = await step('Test contact (found or made once)', async () => {
    const found = await options.crm.searchContacts({ email: testContactEmail, pageLimit: 1 });
    contactId = found.contacts[0]?.id ?? null;
    if (contactId) return { ok: true, detail: `Found ${contactId} (${testContactEmail}).` };
    try {
      contactId = (await options.crm.createContact({ firstName: 'Connection test', lastName: '(sidebar)', email: testContactEmail }))?.id ?? null;
    } catch (error) {
      return { ok: false, ...explain(error, { scope: scopeAdvice, auth: tokenAdvice }) };
    }
    return contactId ? { ok: true, detail: `Made ${contactId} (${testContactEmail}).` } : { ok: false, detail: 'HighLevel made the contact but gave no id.' };
  });

  if (haveContact && contactId) {
    const id: string = contactId;
    await step('Read a contact', async () => {
      const contact = await options.crm.getContact(id);
      return { ok: true, detail: `Read ${contact.id}.` };
    });
    await step('Create and delete a task (the write scope)', async () => {
      let taskId: string | null = null;
      try {
        taskId = (await options.crm.createTask(id, { title: 'Connection test: deleted at once', dueDate: new Date(now() + 86_400_000).toISOString(), completed: false }))?.id ?? null;
      } catch (error) {
        return { ok: false, ...explain(error, { scope: scopeAdvice, auth: tokenAdvice }) };
      }
      if (!taskId) return { ok: false, detail: 'HighLevel made the task but gave no id.' };
      try {
        await options.crm.deleteTask(id, taskId);
      } catch (error) {
        return { ok: false, detail: `Made task ${taskId} but could not delete it: ${explain(error, {}).detail}`, advice: `Delete the task on ${testContactEmail} in HighLevel by hand.` };
      }
      options.onWriteAllowed?.();
      return { ok: true, detail: `Made and deleted task ${taskId}.` };
    });
  }

  await step('Trengo accepts the token and reads a ticket', async () => {
    const response = await fetchImpl(`${options.trengo.apiBase}/tickets?page=1`, {
      headers: { Authorization: `Bearer ${options.trengo.token()}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 401) return { ok: false, detail: 'Trengo refused the token (401).', advice: 'Create a new token in Trengo → Settings → API tokens and set it under Connect on the settings page (or in TRENGO_TOKEN).' };
    if (!response.ok) return { ok: false, detail: `Trengo answered ${response.status}.`, advice: 'Try again in a minute; if it persists, see status.trengo.com.' };
    const listed: unknown = await response.json().catch(() => null);
    const tickets: unknown[] = typeof listed === 'object' && listed !== null && 'data' in listed && Array.isArray(listed.data) ? listed.data : [];
    const first = tickets[0];
    const ticketId = typeof first === 'object' && first !== null && 'id' in first && ['string', 'number'].includes(typeof first.id) ? String(first.id) : null;
    if (ticketId === null) return { ok: true, detail: 'Trengo answered the ticket list; it holds no ticket to read yet.' };
    // The ticket as the sidebar reads it, through the server's own client.
    const ticket = await options.helpdesk.getTicket(ticketId);
    return { ok: true, detail: `Read ticket ${ticket.id}${ticket.customer ? ' and its customer' : ''} as the sidebar does.` };
  });

  await step('Webhooks', async () => {
    const last = options.inbox.lastReceived();
    const when = (at: number | undefined) => (at === undefined ? 'none kept' : new Date(at).toISOString());
    const stored = options.trengoWebhooks.list();
    const received = `Last event from HighLevel: ${when(last.highlevel)}; from Trengo: ${when(last.trengo)}.`;
    if (options.publicUrl === null) {
      return { ok: false, detail: `${received} The server registers no Trengo webhooks.`, advice: 'Set PUBLIC_URL so the server registers its Trengo webhooks, and point HighLevel\'s webhooks at PUBLIC_URL/webhooks/highlevel (see Webhooks).' };
    }
    if (stored.length === 0) {
      return { ok: false, detail: `${received} No Trengo webhook is registered yet.`, advice: 'Check that Trengo can reach PUBLIC_URL and that the Trengo token may manage webhooks; the server registers them at start and when an automation rule changes.' };
    }
    // Trengo's own list: a webhook someone deleted in Trengo sends nothing any more.
    const atTrengo = new Set((await options.helpdesk.listWebhooks()).map((webhook) => webhook.id));
    const gone = stored.filter((webhook) => !atTrengo.has(webhook.webhookId)).map((webhook) => webhook.eventType);
    const detail = `${received} Trengo webhooks: ${stored.length - gone.length} of ${stored.length} registered at Trengo (${stored.map((webhook) => webhook.eventType).join(', ')}).`;
    if (gone.length > 0) return { ok: false, detail, advice: `Trengo no longer has the webhooks for ${gone.join(', ')}: restart the server to register them again.` };
    return { ok: true, detail };
  });

  return { ok: steps.every((done) => done.ok), steps };
}
