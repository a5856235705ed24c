/** Composes the server: clients, domain, routes, and the one place errors become answers. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { CountryCode } from 'libphonenumber-js';
import type { Config } from './config';
import { createContactService } from './contacts/service';
import { AppError, toAppError } from './errors';
import { createGhlClient } from './ghl/index';
import { contactRoutes } from './routes/contact';
import { launchRoutes } from './routes/launch';
import { createSessions } from './session';
import { createTicketChoices } from './store/ticket-choices';
import { createTrengoClient } from './trengo/client';

/** Where `vite build` puts the widget. */
export const widgetDir = fileURLToPath(new URL('../dist/widget/', import.meta.url));

export type AppOptions = {
  /** Extra origins allowed to frame the widget (the demo page's own origin). */
  extraFrameAncestors?: string[];
  /** Routes mounted beside the app's own, such as the demo pages. */
  extraRoutes?: Hono;
};

export function createApp(config: Config, options: AppOptions = {}) {
  const ghl = createGhlClient({
    baseUrl: config.ghl.apiBase,
    locationId: config.ghl.locationId,
    token: () => config.ghl.token,
    cacheTtlMs: config.cacheTtlMs,
    timeoutMs: config.ghl.timeoutMs,
    rateLimit: config.ghl.rateLimit,
  });
  const trengo = createTrengoClient({
    baseUrl: config.trengo.apiBase,
    token: () => config.trengo.token,
    timeoutMs: config.trengo.timeoutMs,
  });
  const sessions = createSessions(config.session);
  const contacts = createContactService({
    ghl,
    trengo,
    choices: createTicketChoices(),
    locationId: config.ghl.locationId,
    appUrl: config.ghl.appUrl,
    timeZone: config.ghl.timeZone,
    defaultCountry: config.defaultCountry as CountryCode,
    ticketTtlMs: config.cacheTtlMs,
  });
  const widgetHtml = readWidgetHtml();

  const app = new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .route('/', launchRoutes({
      appSecret: config.trengo.appSecret,
      sessions,
      widgetHtml,
      frameAncestors: [...config.trengo.origins, ...(options.extraFrameAncestors ?? [])],
      onLaunch: (ticketId) => contacts.prefetch(ticketId),
    }))
    .route('/api', contactRoutes({ sessions, contacts }))
    .use('/assets/*', async (c, next) => {
      await next();
      c.header('X-Content-Type-Options', 'nosniff');
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    })
    .use('/assets/*', serveStatic({ root: widgetDir, rewriteRequestPath: (path) => path.replace(/^\/assets/, '') }));
  if (options.extraRoutes) app.route('/', options.extraRoutes);

  app.notFound(() => {
    throw new AppError(404, 'not_found', 'There is nothing at this address.');
  });
  app.onError((error, c) => {
    const appError = toAppError(error);
    if (appError.code === 'internal') console.error(error);
    return c.json(appError.toBody(), appError.status);
  });
  return app;
}

/** The built widget page, read once; a clear message when the widget has not been built. */
function readWidgetHtml(): () => string {
  let html: string | undefined;
  return () => {
    html ??= readFileSync(`${widgetDir}index.html`, 'utf8');
    return html;
  };
}
