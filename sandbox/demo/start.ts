/**
 * Demo mode: starts the local HighLevel and Trengo sandboxes with seeded data and points the
 * configuration at them, so the product runs end to end with no credentials.
 */
import { randomBytes } from 'node:crypto';
import { demoDatabasePath, highLevelWebhookPublicKey, type Config } from '../../server/platform/config';
import type { AppOptions } from '../../server/http/app';
import { startSandboxes, type Sandboxes, type SandboxesOptions } from '../index';
import { demoRoutes } from './pages';

/** `sandboxes` tunes the sandboxes, e.g. a tighter HighLevel rate limit in tests. */
export async function startDemo(
  config: Config,
  sandboxOptions: SandboxesOptions = {},
): Promise<{
  config: Config;
  appOptions: AppOptions;
  sandboxes: Sandboxes;
  /** The server listens at `serverUrl`: the HighLevel sandbox sends its webhooks there from now on. */
  listening(serverUrl: string): void;
  close(): Promise<void>;
}> {
  const sandboxes = await startSandboxes(sandboxOptions);
  const appSecret = randomBytes(18).toString('base64url');
  const demoConfig: Config = {
    ...config,
    ghl: {
      ...config.ghl,
      apiBase: sandboxes.ghl.url,
      token: sandboxes.ghlToken,
      locationId: sandboxes.seed.location.id,
      timeZone: sandboxes.seed.location.timezone,
      // A Marketplace app is installed from the sandbox's own install page.
      oauth: config.ghl.oauth && { ...config.ghl.oauth, installUrl: `${sandboxes.ghl.url}/oauth/chooselocation` },
    },
    trengo: {
      ...config.trengo,
      apiBase: sandboxes.trengo.url,
      token: sandboxes.trengoToken,
      appSecret,
      // A sandbox given a higher limit than Trengo's (tests, benchmarks) is paced to that limit.
      ...(sandboxOptions.trengo?.rateLimit && { rateLimit: sandboxOptions.trengo.rateLimit }),
    },
    operatorSecret: config.operatorSecret ?? randomBytes(24).toString('base64url'),
    // The demo's database is new at every start: a key of its own seals what the settings page keeps.
    sealingKey: config.sealingKey ?? randomBytes(32),
    // The HighLevel sandbox signs its webhooks with a key of its own (unless a key was set on purpose).
    webhooks: {
      ...config.webhooks,
      ghlPublicKey: config.webhooks.ghlPublicKey === highLevelWebhookPublicKey ? sandboxes.ghl.webhookPublicKey : config.webhooks.ghlPublicKey,
    },
  };
  const tickets = sandboxes.seed.trengo.tickets.map((ticket) => ({
    id: String(ticket.id),
    subject: ticket.subject ?? '(no subject)',
    contactName: ticket.contact.name,
  }));
  return {
    config: demoConfig,
    sandboxes,
    appOptions: {
      extraFrameAncestors: ["'self'"],
      extraRoutes: demoRoutes({ tickets, appSecret, changeInHighLevel: (ticketId) => changeInHighLevel(sandboxes, ticketId) }),
      // The sandboxes start from the seed every time, so the demo's own database does too.
      freshDatabase: config.databasePath === demoDatabasePath,
    },
    listening(serverUrl) {
      sandboxes.ghl.webhooks.target = `${serverUrl}/webhooks/highlevel`;
    },
    close: () => sandboxes.close(),
  };
}

/**
 * A colleague adds a note in HighLevel to the ticket's contact (found by the Trengo customer's
 * email, else phone), through the sandbox's own edit routes, which send HighLevel's webhook.
 */
async function changeInHighLevel(sandboxes: Sandboxes, ticketId: string): Promise<boolean> {
  const customer = sandboxes.trengo.store.tickets.get(Number(ticketId))?.contact;
  if (!customer) return false;
  const digits = (phone: string | null | undefined) => (phone ?? '').replace(/\D/g, '');
  const contact = sandboxes.ghl.store
    .listContacts()
    .find(
      (candidate) =>
        (customer.email !== null && candidate.emailLowerCase === customer.email.toLowerCase()) ||
        (digits(customer.phone).length > 6 && digits(candidate.phone).endsWith(digits(customer.phone).slice(-9))),
    );
  if (!contact) return false;
  const at = new Date().toLocaleTimeString('en-GB');
  const response = await fetch(`${sandboxes.ghl.url}/_sandbox/edits/contacts/${contact.id}/notes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: `A colleague added this note in HighLevel at ${at}.` }),
  });
  return response.ok;
}
