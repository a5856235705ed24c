/** Composes the server: clients, domain, routes, and the one place errors become answers. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { CountryCode } from 'libphonenumber-js';
import type { Config } from '../platform/config';
import { createDirectory } from '../domain/directory';
import type { RetryPolicy } from '../domain/outbox-worker';
import { createContactService } from '../domain/matching';
import { createWrites } from '../domain/writes';
import { createLive } from '../domain/live';
import { AppError, toAppError } from '../platform/errors';
import { createGhlClient, ghlApiVersion, type GhlClientOptions } from '../crm/highlevel/index';
import { createLogger, createRedactor, logOutsideCalls, type Logger } from '../platform/log';
import { createProbes } from './probes';
import { currentPriority, currentRequestId } from '../platform/request-context';
import { widgetApi } from './api';
import { createReadiness, healthRoutes } from './health';
import { bodySizeLimit } from './limits';
import { requestLog } from './request-log';
import { baseSecurityHeaders } from './security';
import { createSecrets, newSessionKey, secretsFromConfig, type Secrets } from '../platform/secrets';
import { launchRoutes } from './launch';
import { oauthRoutes } from './oauth';
import { requireOperator } from './operator-auth';
import { runConnectionTest } from './connection-test';
import { operatorApi } from './operator-api';
import { createAdminSessions, type AdminSessionSettings } from './admin-session';
import { adminRoutes } from './admin';
import { createFeatures } from '../domain/features';
import { createStoredSecrets, pageSecretNames } from '../domain/stored-secrets';
import { createOAuthApp, oauthTokensSchema, type OAuthApp, type OAuthTokens, type TokenVault } from '../crm/highlevel/oauth';
import { createSealer } from '../platform/sealed';
import { createSessions } from '../platform/session';
import { openStore } from '../store/sqlite/index';
import { settingEntry, type ServerSettings } from '../store/port';
import { createTrengoClient } from '../helpdesk/trengo/client';
import { createInboxWorker, trengoEventTypes, type EventTargets, type InboxWorkerSettings } from '../domain/events';
import { createWebhookRegistration } from '../domain/webhook-registration';
import { createWaitingWorkflows, webhookRoutes } from './webhooks';
import { createAutomations, trengoEventTypesFor, type RunRetry } from '../domain/automations/index';

/** Where `vite build` puts the widget. */
export const widgetDir = fileURLToPath(new URL('../../dist/widget/', import.meta.url));

export type AppOptions = {
  /** Extra origins allowed to frame the widget (the demo page's own origin). */
  extraFrameAncestors?: string[];
  /** Routes mounted beside the app's own, such as the demo pages. */
  extraRoutes?: Hono;
  /** How the outbox spaces its retries (tests shorten them). */
  outboxRetry?: Partial<RetryPolicy>;
  /** The secrets, when the caller rotates them; else the configured ones, fixed. */
  secrets?: Secrets;
  /** Where log lines go; else JSON lines on standard output at the configured level. */
  log?: Logger;
  /** Empty the database before use (the demo, whose sandboxes start from the seed each time). */
  freshDatabase?: boolean;
  /** What webhook events change; the contacts' read copy unless given (tests watch the events here). */
  eventTargets?: EventTargets;
  /** How the inbox worker polls, retries and stops (tests shorten them). */
  inboxWorker?: Partial<InboxWorkerSettings>;
  /** How automation runs space their retries (tests shorten them). */
  automationRetry?: Partial<RunRetry>;
  /** How long the settings page's sessions last and how wrong secrets lock out (tests shorten them). */
  adminSessions?: Partial<AdminSessionSettings>;
};

/**
 * HighLevel as a Marketplace app: its tokens sealed in the server's settings, renewed by the app,
 * and never written to a log line.
 */
function connectAsApp(config: Config, oauth: NonNullable<Config['ghl']['oauth']>, settings: ServerSettings, secrets: Secrets): OAuthApp {
  const sealer = createSealer(oauth.sealingKey);
  secrets.remember(oauth.clientSecret);
  // Opened once and then held: every HighLevel call reads them, and this process alone writes them (one sender per database).
  let held: OAuthTokens | null | undefined;
  const vault: TokenVault = {
    read() {
      if (held !== undefined) return held;
      const sealed = settings.get(oauthTokensSetting);
      const opened = sealed === undefined ? null : sealer.open(sealed);
      const parsed = opened === null ? null : oauthTokensSchema.safeParse(JSON.parse(opened));
      return (held = parsed?.success ? parsed.data : null);
    },
    write(tokens) {
      settings.put(oauthTokensSetting, sealer.seal(JSON.stringify(tokens)));
      held = tokens;
    },
  };
  const kept = vault.read();
  if (kept) [kept.accessToken, kept.refreshToken].forEach((token) => secrets.remember(token));
  return createOAuthApp({
    apiBase: config.ghl.apiBase,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    redirectUri: `${config.webhooks.publicUrl ?? ''}/oauth/callback`,
    locationId: config.ghl.locationId,
    vault,
    onToken: (token) => secrets.remember(token),
  });
}

/** Where the Marketplace app's tokens are kept, sealed. */
const oauthTokensSetting = 'highlevel_oauth_tokens';

export function createApp(config: Config, options: AppOptions = {}) {
  const secrets = options.secrets ?? createSecrets(secretsFromConfig(config), [config.operatorSecret]);
  const redact = createRedactor(() => secrets.known());
  const log = options.log ?? createLogger({ level: config.logLevel, redact });
  const outsideCalls = {
    requestId: currentRequestId,
    onGhlCall: logOutsideCalls(log, 'highlevel', currentRequestId),
    onTrengoCall: logOutsideCalls(log, 'trengo', currentRequestId),
  };
  const store = openStore(config.databasePath, { fresh: options.freshDatabase ?? false });
  // Tokens the environment leaves unset come from the settings page, sealed in the database.
  const storedSecrets = createStoredSecrets({
    settings: store.settings,
    secrets,
    sealer: config.sealingKey && createSealer(config.sealingKey),
    fromEnvironment: new Set(pageSecretNames.filter((name) => secrets.get(name) !== '')),
    offered: pageSecretNames.filter((name) => name !== 'GHL_TOKEN' || !config.ghl.oauth),
    probes: createProbes(config, outsideCalls),
    audit: store.audit,
  });
  storedSecrets.load();
  const highLevelApp = config.ghl.oauth && connectAsApp(config, config.ghl.oauth, store.settings, secrets);
  const ghlOptions: GhlClientOptions = {
    baseUrl: config.ghl.apiBase,
    locationId: config.ghl.locationId,
    token: highLevelApp ? () => highLevelApp.accessToken() : () => secrets.get('GHL_TOKEN'),
    ...(highLevelApp && { renewToken: (rejected: string) => highLevelApp.renewAfterRefusal(rejected) }),
    requestId: currentRequestId,
    priority: currentPriority,
    onCall: outsideCalls.onGhlCall,
    cacheTtlMs: config.cacheTtlMs,
    timeoutMs: config.ghl.timeoutMs,
    rateLimit: config.ghl.rateLimit,
    onDropped: (dropped) => log.warn('unusable item left out', { system: 'highlevel', ...dropped }),
  };
  const ghl = createGhlClient(ghlOptions);
  // The outbox sends through a client that caches nothing and never repeats a call whose outcome
  // is unknown: the outbox settles those itself, knowing each copy it sent. It still waits out a
  // 429 once. Both clients share one rate limiter.
  const ghlSender = createGhlClient({ ...ghlOptions, cacheTtlMs: 0, maxRetries: 1, retryBaseMs: 100, retryUnknownOutcomes: false });
  const trengoOptions = {
    baseUrl: config.trengo.apiBase,
    token: () => secrets.get('TRENGO_TOKEN'),
    requestId: currentRequestId,
    priority: currentPriority,
    onCall: outsideCalls.onTrengoCall,
    timeoutMs: config.trengo.timeoutMs,
    rateLimit: config.trengo.rateLimit,
  };
  const trengo = createTrengoClient(trengoOptions);
  // Automations send through a client that never repeats a create whose outcome is unknown (they
  // look for it first) and waits out any 429; both clients share one limiter of Trengo's pace.
  // Agents' calls go first in the limiter's queue; automations take the slots they leave.
  const trengoSender = createTrengoClient({ ...trengoOptions, retryUnknownOutcomes: false, maxRateLimitWaitMs: null, maxRetries: 3, priority: () => 'background' });
  // Without SESSION_SECRET, sessions are signed with a key made once and kept in the database, so
  // a restart ends no open sidebar's session. A SESSION_SECRET set later (SECRETS_FILE) replaces it.
  if (config.session.secret === null) secrets.set('SESSION_SECRET', store.settings.keep('session_signing_key', newSessionKey));
  const sessions = createSessions({ secret: () => secrets.get('SESSION_SECRET'), ttlMs: config.session.ttlMs, maxLifetimeMs: config.session.maxLifetimeMs });
  const live = createLive((error) => log.error('an event stream failed on a change', { error }));
  const contacts = createContactService({
    crm: ghl,
    helpdesk: trengo,
    links: store.links,
    audit: store.audit,
    shown: store.shown,
    locationId: config.ghl.locationId,
    appUrl: config.ghl.appUrl,
    timeZone: config.ghl.timeZone,
    defaultCountry: config.defaultCountry as CountryCode,
    ticketTtlMs: config.cacheTtlMs,
    openWithinMs: config.budgets.openMs,
    readCopy: store.readCopy,
    live,
    copyAfterMs: config.budgets.copyAfterMs,
    crmBusy: ghl.busy,
  });
  // Copies of contacts nobody opened for the retention time are dropped, at start and daily.
  const pruneCopies = () => contacts.readModel.prune(Date.now() - config.readCopyRetentionMs);
  pruneCopies();
  const pruning = setInterval(pruneCopies, 24 * 60 * 60_000);
  pruning.unref();
  const features = createFeatures({ settings: store.settings });
  const automations = createAutomations({
    store: store.automations,
    audit: store.audit,
    links: store.links,
    helpdesk: trengoSender,
    crm: ghlSender,
    crmContactOfTicket: async (ticketId) => (await contacts.customerOf(ticketId)).ghlContactId,
    onContactCreated: (key, contactId) => contacts.linkCreated(key, contactId),
    trengoAppUrl: config.trengo.origins[0] ?? 'https://app.trengo.com',
    defaultCountry: config.defaultCountry as CountryCode,
    timeZone: config.ghl.timeZone,
    lateWriteWindowMs: config.trengo.lateWriteWindowMs,
    lookAfterMs: config.trengo.timeoutMs,
    log,
    onRulesChanged: () => registerTrengoWebhooks(),
    ...(options.automationRetry && { retry: options.automationRetry }),
  });
  const writes = createWrites({
    crm: ghlSender,
    contacts,
    outbox: store.outbox,
    audit: store.audit,
    defaultCountry: config.defaultCountry as CountryCode,
    ghlTimeoutMs: config.ghl.timeoutMs,
    lateWriteWindowMs: config.ghl.lateWriteWindowMs,
    answerWithinMs: config.budgets.writeMs,
    live,
    log,
    onScopeRefused: (reason) => {
      features.markReadOnly(reason ?? 'HighLevel refused a change for the token\'s scope.');
      log.warn('HighLevel refused a change for the token\'s scope: the sidebar is read-only for an hour', { reason });
    },
    onLanded: automations.onLanded,
    ...(options.outboxRetry && { retry: options.outboxRetry }),
  });
  const waitingWorkflows = createWaitingWorkflows();
  const inboxWorker = createInboxWorker({
    inbox: store.inbox,
    targets: options.eventTargets ?? contacts,
    log,
    onProcessing: (event) => waitingWorkflows.taken(event.eventId),
    beforeTargets: automations.onEvent,
    ...(options.inboxWorker && { settings: options.inboxWorker }),
  });
  // Webhook secrets are never logged, as the other secrets are not.
  [config.webhooks.ghlSecret, config.webhooks.trengoSecret].forEach((secret) => secret && secrets.remember(secret));
  // The sidebar's Trengo webhooks, and those the automation rules that are on need: registered
  // again whenever an operator sets a rule.
  const makeRegistration = () =>
    createWebhookRegistration({
      registry: trengo,
      stored: store.trengoWebhooks,
      url: config.webhooks.publicUrl && `${config.webhooks.publicUrl}/webhooks/trengo`,
      eventTypes: [...trengoEventTypes, ...trengoEventTypesFor(automations.rules())],
      log,
      onSecret: (secret) => secrets.remember(secret),
    });
  let trengoWebhooks = makeRegistration();
  function registerTrengoWebhooks(): void {
    trengoWebhooks.close();
    trengoWebhooks = makeRegistration();
    trengoWebhooks.start();
  }
  const directory = createDirectory({ crm: ghl, contacts, audit: store.audit, appUrl: config.ghl.appUrl, locationId: config.ghl.locationId });
  const widgetHtml = readWidgetHtml();

  const app = new Hono()
    .use(requestLog(log, redact))
    .use(baseSecurityHeaders())
    .use(bodySizeLimit(config.maxBodyBytes, { except: (path) => path.startsWith('/webhooks/') }))
    .route('/', healthRoutes({ readiness: createReadiness({ probes: createProbes(config, outsideCalls), secrets, ...(highLevelApp && { ghlToken: () => highLevelApp.accessToken() }) }) }))
    .route('/', launchRoutes({
      secrets,
      sessions,
      widgetHtml,
      frameAncestors: [...config.trengo.origins, ...(options.extraFrameAncestors ?? [])],
      audit: store.audit,
      log,
      settings: config.launch,
      trustProxy: config.trustProxy,
      onLaunch: (ticketId) => contacts.prefetch(ticketId),
      ticketFacts: (ticketId) => contacts.ticketContact(ticketId),
      access: () => ({ turnedOff: features.turnedOff(), readOnly: features.readOnly() !== null }),
    }))
    .route('/', widgetApi({ sessions, perMinute: config.session.ratePerMinute, contacts, writes, directory, live, features }))
    .route('/webhooks', webhookRoutes({
      inbox: store.inbox,
      locationId: config.ghl.locationId,
      settings: config.webhooks,
      trengoSecrets: () => store.trengoWebhooks.list().map((webhook) => ({ secret: webhook.signingSecret, eventType: webhook.eventType })),
      onStored: inboxWorker.nudge,
      waitingWorkflows,
      log,
    }))
    .use('/assets/*', async (c, next) => {
      await next();
      if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    })
    .use('/assets/*', serveStatic({ root: widgetDir, rewriteRequestPath: (path) => path.replace(/^\/assets/, '') }));
  const connect =
    highLevelApp && config.ghl.oauth && config.webhooks.publicUrl
      ? oauthRoutes({
          app: highLevelApp,
          install: { url: config.ghl.oauth.installUrl, clientId: config.ghl.oauth.clientId, scopes: config.ghl.oauth.scopes, redirectUri: `${config.webhooks.publicUrl}/oauth/callback` },
          log,
          onInstalled: ({ ok, detail }) =>
            store.audit.record(settingEntry('highlevel.install', { result: ok ? 'done' : 'failed', detail })),
        })
      : null;
  if (connect) app.route('/oauth', connect.callback);
  const operator = operatorApi({
    audit: store.audit,
    automations,
    writes,
    features,
    log,
    configuredLogLevel: config.logLevel,
    highLevelApp: connect,
    storedSecrets,
    // The integration's end-to-end test (see connection-test.ts).
    connectionTest: () =>
      runConnectionTest({
        crm: ghlSender,
        highLevel: { apiBase: config.ghl.apiBase, locationId: config.ghl.locationId, version: ghlApiVersion, token: ghlOptions.token },
        trengo: { apiBase: config.trengo.apiBase, token: () => secrets.get('TRENGO_TOKEN') },
        helpdesk: trengo,
        ...(highLevelApp && { grantedScopes: () => highLevelApp.status().scope }),
        inbox: store.inbox,
        trengoWebhooks: store.trengoWebhooks,
        publicUrl: config.webhooks.publicUrl,
        onWriteAllowed: () => features.clearReadOnly(),
      }),
  });
  const adminSessions = createAdminSessions({
    store: store.adminSessions,
    audit: store.audit,
    log,
    operatorSecret: () => config.operatorSecret,
    publicUrl: config.webhooks.publicUrl,
    trustProxy: config.trustProxy,
    ...(options.adminSessions && { settings: options.adminSessions }),
  });
  app.use('/operator/*', requireOperator(() => config.operatorSecret)).route('/operator', operator);
  app.route('/admin', adminRoutes({ sessions: adminSessions, api: operator }));
  // `/admin/` as typed by hand: the page lives at `/admin`, where its cookie's path begins.
  app.get('/admin/', (c) => c.redirect('/admin', 301));
  if (options.extraRoutes) app.route('/', options.extraRoutes);

  app.notFound(() => {
    throw new AppError(404, 'not_found', 'There is nothing at this address.');
  });
  app.onError((error, c) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') log.error('unexpected failure', { requestId: currentRequestId(), error });
    // An outside system's words can reach the message (HighLevel's reasons); none may carry a secret.
    const body = appError.toBody();
    return c.json({ error: { ...body.error, message: redact(body.error.message) } }, appError.status);
  });
  writes.start();
  inboxWorker.start();
  automations.start();
  trengoWebhooks.start();
  /** Stops the outbox and inbox workers (after the work under way) and closes the database. */
  const close = async (): Promise<void> => {
    clearInterval(pruning);
    live.close();
    trengoWebhooks.close();
    await Promise.all([writes.close(), inboxWorker.close(), automations.close()]);
    store.close();
  };
  return Object.assign(app, { close });
}

/** The built widget page, read once; a clear message in the log when the widget has not been built. */
function readWidgetHtml(): () => string {
  let html: string | undefined;
  return () => {
    try {
      html ??= readFileSync(`${widgetDir}index.html`, 'utf8');
    } catch (error) {
      throw new Error(`The widget is not built (${widgetDir}index.html is missing): run \`npm run build\`.`, { cause: error });
    }
    return html;
  };
}
