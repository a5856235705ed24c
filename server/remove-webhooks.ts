/**
 * `npm run webhooks:remove`: removes the Trengo webhooks the server registered (those in the
 * database, and any other Trengo has for `PUBLIC_URL`), with the server's own settings. Run it
 * with the server stopped, as it opens the server's database; unset PUBLIC_URL before the next
 * start, or the server registers them again.
 */
import { createWebhookRegistration } from './domain/webhook-registration';
import { trengoEventTypes } from './domain/events';
import { createTrengoClient } from './helpdesk/trengo/client';
import { ConfigError, loadConfig } from './platform/config';
import { createLogger, createRedactor } from './platform/log';
import { openStore } from './store/sqlite/index';
import { StoreInUseError } from './store/port';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  fail(error.message);
}
if (config.demo) fail('Set the live settings (GHL_TOKEN, GHL_LOCATION_ID, TRENGO_TOKEN, TRENGO_APP_SECRET): the demo registers no webhooks with Trengo.');

let store;
try {
  store = openStore(config.databasePath);
} catch (error) {
  if (!(error instanceof StoreInUseError)) throw error;
  fail(`${error.message}\nStop the server first: it holds the database.`);
}
const known = [config.trengo.token, ...store.trengoWebhooks.list().map((webhook) => webhook.signingSecret)];
const log = createLogger({ level: config.logLevel, redact: createRedactor(() => known) });
const registration = createWebhookRegistration({
  registry: createTrengoClient({ baseUrl: config.trengo.apiBase, token: () => config.trengo.token, timeoutMs: config.trengo.timeoutMs }),
  stored: store.trengoWebhooks,
  url: config.webhooks.publicUrl && `${config.webhooks.publicUrl}/webhooks/trengo`,
  eventTypes: trengoEventTypes,
  log,
});
const removal = await registration.remove();
store.close();
console.log(`Trengo webhooks removed: ${removal.removed.length}${removal.removed.length ? ` (ids ${removal.removed.join(', ')})` : ''}.`);
for (const failure of removal.failed) console.error(`Not removed: webhook ${failure.webhookId}: ${failure.reason}`);
if (config.webhooks.publicUrl) console.log('PUBLIC_URL is set: unset it before the next start, or the server registers its webhooks again.');
process.exit(removal.failed.length > 0 ? 1 : 0);
