/**
 * HighLevel's Marketplace OAuth, as the sandbox plays it: the install page sends the admin straight
 * back with a code (the location's consent given), `POST /oauth/token` exchanges a code or a
 * refresh token for a new pair, and access tokens really expire. A refresh token is good for one
 * use, as HighLevel's are.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';

export interface GhlOAuthOptions {
  clientId: string;
  clientSecret: string;
  locationId: string;
  /** How long an access token lasts; a day unless given. */
  accessTokenTtlMs?: number;
  now?: () => number;
}

/** What the sandbox's OAuth did, for tests to count. */
export interface GhlOAuthRecord {
  codesIssued: number;
  exchanges: number;
  refreshes: number;
  refused: number;
}

const newToken = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;

export function createGhlOAuth(tokens: Set<string>, options: GhlOAuthOptions) {
  const now = options.now ?? Date.now;
  const settings = { accessTokenTtlMs: options.accessTokenTtlMs ?? 24 * 3_600_000 };
  const codes = new Set<string>();
  const refreshTokens = new Set<string>();
  /** Access tokens the sandbox issued, with when each expires. */
  const issued = new Map<string, number>();
  const record: GhlOAuthRecord = { codesIssued: 0, exchanges: 0, refreshes: 0, refused: 0 };

  const pair = () => {
    const accessToken = newToken('ghl-access');
    const refreshToken = newToken('ghl-refresh');
    issued.set(accessToken, now() + settings.accessTokenTtlMs);
    tokens.add(accessToken);
    refreshTokens.add(refreshToken);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: Math.max(1, Math.round(settings.accessTokenTtlMs / 1000)),
      refresh_token: refreshToken,
      scope: 'contacts.readonly contacts.write',
      userType: 'Location',
      locationId: options.locationId,
      companyId: 'sandboxCompany0001',
      userId: 'sandboxUser000001',
    };
  };

  const refuse = (message: string) => {
    record.refused += 1;
    return { error: 'invalid_grant', error_description: message };
  };

  const routes = new Hono()
    .get('/chooselocation', (c) => {
      const redirect = c.req.query('redirect_uri');
      if (c.req.query('client_id') !== options.clientId || !redirect) return c.json({ message: 'Unknown app or no redirect_uri' }, 400);
      const code = newToken('code');
      codes.add(code);
      record.codesIssued += 1;
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      const state = c.req.query('state');
      if (state) back.searchParams.set('state', state);
      return c.redirect(back.toString(), 302);
    })
    .post('/token', async (c) => {
      const form = new URLSearchParams(await c.req.text());
      if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        return c.json(refuse('client credentials are wrong'), 401);
      }
      switch (form.get('grant_type')) {
        case 'authorization_code': {
          const code = form.get('code') ?? '';
          if (!codes.delete(code)) return c.json(refuse('the code is unknown or used'), 400);
          record.exchanges += 1;
          return c.json(pair());
        }
        case 'refresh_token': {
          const refreshToken = form.get('refresh_token') ?? '';
          if (!refreshTokens.delete(refreshToken)) return c.json(refuse('the refresh token is unknown or used'), 400);
          record.refreshes += 1;
          return c.json(pair());
        }
        default:
          return c.json(refuse('grant_type must be authorization_code or refresh_token'), 400);
      }
    });

  /** Drops expired access tokens before a request's token is checked. */
  const expire: MiddlewareHandler = async (_c, next) => {
    const at = now();
    for (const [token, expiresAt] of issued) {
      if (expiresAt <= at) {
        issued.delete(token);
        tokens.delete(token);
      }
    }
    await next();
  };

  return {
    routes,
    expire,
    record,
    settings,
    /** Expires every access token now, as if a day had passed. */
    expireAll() {
      for (const token of issued.keys()) tokens.delete(token);
      issued.clear();
    },
  };
}

export type GhlOAuth = ReturnType<typeof createGhlOAuth>;
