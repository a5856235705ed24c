/**
 * The operator's API, one set of routes mounted twice: at `/operator` for scripts, behind
 * `Authorization: Bearer <OPERATOR_SECRET>`, and at `/admin/api` for the settings page, behind its
 * session cookie and CSRF token. Its type is the contract the page's `hc<OperatorApi>` is built from.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Automations } from '../domain/automations/index';
import type { FeatureSettings } from '../domain/features';
import { pageSecretNames, type StoredSecrets } from '../domain/stored-secrets';
import type { Writes } from '../domain/writes';
import type { LogLevel, Logger } from '../platform/log';
import type { AuditLog } from '../store/port';
import { auditRoutes } from './operator-audit';
import { automationRoutes } from './automations';
import { operatorFeatureRoutes } from './operator-features';
import { operatorLogRoutes } from './operator-log';
import { operatorWriteRoutes } from './operator-writes';
import { highLevelOperatorRoutes, type oauthRoutes } from './oauth';
import type { ConnectionStep } from './connection-test';
import { valid } from './validation';

export interface OperatorApiOptions {
  audit: AuditLog;
  automations: Automations;
  writes: Writes;
  features: FeatureSettings;
  log: Logger;
  configuredLogLevel: LogLevel;
  /** The Marketplace app's install and status; null when HighLevel is reached by a Private Integration token. */
  highLevelApp: ReturnType<typeof oauthRoutes> | null;
  storedSecrets: StoredSecrets;
  connectionTest: () => Promise<{ ok: boolean; steps: ConnectionStep[] }>;
}

const secretParam = z.object({ name: z.enum(pageSecretNames, { error: `Use ${pageSecretNames.join(', ')}.` }) });
const secretBody = z.strictObject({ value: z.string({ error: 'Send { "value": "<the token>" }.' }).max(4096, 'That is longer than any token.') });

export function operatorApi(options: OperatorApiOptions) {
  const { storedSecrets } = options;
  return new Hono()
    .route('/', auditRoutes({ audit: options.audit }))
    .route('/automations', automationRoutes(options.automations))
    .route('/writes', operatorWriteRoutes({ writes: options.writes }))
    .route('/features', operatorFeatureRoutes({ features: options.features, audit: options.audit }))
    .route('/log-level', operatorLogRoutes({ log: options.log, configured: options.configuredLogLevel, audit: options.audit }))
    .route('/highlevel', highLevelOperatorRoutes(options.highLevelApp))
    // The integration's end-to-end test (see connection-test.ts).
    .post('/connection-test', async (c) => c.json(await options.connectionTest()))
    .get('/secrets', (c) => c.json(storedSecrets.view()))
    .put('/secrets/:name', valid('param', secretParam), valid('json', secretBody), async (c) =>
      c.json({ secret: await storedSecrets.set(c.req.valid('param').name, c.req.valid('json').value) }),
    );
}

/** The operator API's routes, inputs and answers, for `hc<OperatorApi>` in the settings page. */
export type OperatorApi = ReturnType<typeof operatorApi>;
