/**
 * Connecting HighLevel as a Marketplace app: the operator asks for the install link (an operator
 * route), an admin installs the app on the location in HighLevel, and HighLevel sends
 * them back to `/oauth/callback` with a code the server exchanges for tokens. The `state` of the
 * link is random, good for ten minutes and for one use, so no one can hand the server a code of
 * their own install.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { OAuthError, type OAuthApp } from '../crm/highlevel/oauth';
import type { Logger } from '../platform/log';
import { createRecent } from '../platform/recent';
import { messagePage as page } from './launch';
import { AppError } from '../platform/errors';
import { valid } from './validation';

export interface OAuthRoutesOptions {
  app: OAuthApp;
  /** HighLevel's install page, the app's client id, the scopes asked for and where it returns. */
  install: { url: string; clientId: string; scopes: string; redirectUri: string };
  log: Logger;
  /** Told each install and renewal's outcome, for the audit log. */
  onInstalled?: (outcome: { ok: boolean; detail: string }) => void;
}

/** Where the operator sets the integration up. */
const settingsLink = { href: '/admin', label: 'Back to the settings page' };

const callbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'is not a state this server gave').optional(),
  error: z.string().max(200).optional(),
});


/** How the server reaches HighLevel, for the operator. */
export type HighLevelConnection =
  | { mode: 'token' }
  | { mode: 'app'; installed: boolean; expiresAt: number | null; scope: string | null; renewals: number };

/**
 * The operator's routes at `/highlevel`: how the server is connected and, as a Marketplace app,
 * the install link. Without the app (a Private Integration token), the link is refused with what to set.
 */
export function highLevelOperatorRoutes(connect: ReturnType<typeof oauthRoutes> | null) {
  return new Hono()
    .get('/status', (c) => c.json<HighLevelConnection>(connect ? { mode: 'app', ...connect.status() } : { mode: 'token' }))
    .get('/install', (c) => {
      if (!connect) {
        throw new AppError(409, 'conflict', 'HighLevel is connected by a Private Integration token. To connect it as a Marketplace app, set GHL_CLIENT_ID, GHL_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY and PUBLIC_URL, and unset GHL_TOKEN.');
      }
      return c.json(connect.installLink());
    });
}

export function oauthRoutes(options: OAuthRoutesOptions) {
  /** States given out and not yet used. */
  const states = createRecent<string, true>({ limit: 100, ttlMs: 10 * 60_000 });

  /** The link an admin of the location opens to install the app. */
  function installLink(): { url: string; expiresInSeconds: number } {
    const state = randomBytes(24).toString('base64url');
    states.set(state, true);
    const url = new URL(options.install.url);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('redirect_uri', options.install.redirectUri);
    url.searchParams.set('client_id', options.install.clientId);
    url.searchParams.set('scope', options.install.scopes);
    url.searchParams.set('state', state);
    return { url: url.toString(), expiresInSeconds: 600 };
  }

  const callback = new Hono().get('/callback', valid('query', callbackQuery), async (c) => {
    c.header('Cache-Control', 'no-store');
    const { code, state, error } = c.req.valid('query');
    if (error !== undefined || code === undefined) {
      options.onInstalled?.({ ok: false, detail: `HighLevel sent no code${error ? `: ${error}` : ''}` });
      return c.html(page('Not connected', 'HighLevel did not grant access. Ask for a new install link and try again.', settingsLink), 400);
    }
    if (state === undefined || !states.get(state)) {
      return c.html(page('Not connected', 'This install link is unknown, used or older than ten minutes. Ask for a new install link.', settingsLink), 400);
    }
    states.delete(state);
    try {
      const tokens = await options.app.install(code);
      options.log.info('HighLevel app installed', { locationId: tokens.locationId, scope: tokens.scope });
      options.onInstalled?.({ ok: true, detail: `installed on ${tokens.locationId}` });
      return c.html(page('HighLevel is connected', 'The sidebar now reaches HighLevel with this install.', settingsLink));
    } catch (failure) {
      const detail = failure instanceof OAuthError ? failure.message : 'the exchange failed';
      options.log.warn('HighLevel app install failed', { detail });
      options.onInstalled?.({ ok: false, detail });
      return c.html(page('Not connected', `HighLevel's answer could not be used: ${detail} Ask for a new install link and try again.`, settingsLink), 502);
    }
  });

  /** Whether the app is installed, until when its access token lasts, and how often it was renewed. */
  return { installLink, status: () => options.app.status(), callback };
}
