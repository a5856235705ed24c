/**
 * Signing in to the operator page: the operator secret, compared in constant time, buys a session
 * held in an HttpOnly, SameSite=Strict cookie (Secure on HTTPS) that reaches nothing but `/admin`.
 * Every change made with it must also carry the session's CSRF token in `X-CSRF-Token`, which only
 * a page of this server can read (from the sign-in's answer or `GET /admin/session`). Sessions end
 * after `idleMs` without use, after `maxMs` whatever the use, when signed out, or when the
 * operator secret changes. Wrong secrets lock an address out, each lockout longer; every sign-in,
 * refusal and sign-out is audited.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { z } from 'zod';
import { AppError } from '../platform/errors';
import type { Logger } from '../platform/log';
import { safeEqual } from '../platform/session';
import { settingEntry, type AdminSessionRecord, type AdminSessionStore, type AuditLog } from '../store/port';
import { clientAddress } from './launch-guard';
import { createLockouts } from './lockouts';
import { valid } from './validation';

export interface AdminSessionSettings {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after the sign-in, used or not. */
  maxMs: number;
  /** Wrong secrets from one address within ten minutes before it is locked out. */
  wrongSecretsBeforeLockout: number;
  /** The first lockout; each further one within a day lasts twice as long. */
  lockoutMs: number;
}

export const defaultAdminSessionSettings: AdminSessionSettings = {
  idleMs: 30 * 60_000,
  maxMs: 12 * 60 * 60_000,
  wrongSecretsBeforeLockout: 5,
  lockoutMs: 15 * 60_000,
};

/** What the page learns about its session: when it ends, and the token its changes carry. */
export type AdminSessionAnswer = { csrfToken: string; expiresAt: number };

export type AdminEnv = { Variables: { adminSession: AdminSessionRecord } };

export interface AdminSessionOptions {
  store: AdminSessionStore;
  audit: AuditLog;
  log: Logger;
  /** Read at every sign-in, so a rotated secret takes effect at once; null turns the page off. */
  operatorSecret: () => string | null;
  /** The server's public address: an `https:` one marks the cookie Secure behind a proxy that ends TLS. */
  publicUrl: string | null;
  trustProxy: number;
  settings?: Partial<AdminSessionSettings>;
  now?: () => number;
}

/** `__Secure-` makes a browser refuse the cookie unless it came over HTTPS with `Secure`. */
const cookieNames = { secure: '__Secure-admin', plain: 'admin' } as const;
/** The cookie is sent to the page and its API only: never to `/api`, the webhooks or the widget. */
const cookiePath = '/admin';

const signInBody = z.strictObject({ secret: z.string({ error: 'Send { "secret": "<OPERATOR_SECRET>" }.' }).max(1024, 'That is longer than any operator secret.') });

/**
 * A session is kept by its cookie's token keyed with the operator secret: the database never holds
 * a token that opens anything, and a new OPERATOR_SECRET ends every session made with the old one.
 */
const sessionId = (token: string, operatorSecret: string) => createHmac('sha256', operatorSecret).update(token).digest('base64url');

export function createAdminSessions(options: AdminSessionOptions) {
  const { store, audit, log, now = Date.now } = options;
  const settings = { ...defaultAdminSessionSettings, ...options.settings };
  /** How often a session's last use is written: not on every request. */
  const touchEveryMs = Math.min(60_000, settings.idleMs / 10);
  const lockouts = createLockouts({ failuresBeforeLockout: settings.wrongSecretsBeforeLockout, lockoutMs: settings.lockoutMs, now });

  function record(result: string, detail: string): void {
    audit.record(settingEntry('admin.signIn', { result, detail }));
  }

  const isHttps = (c: Context): boolean =>
    new URL(c.req.url).protocol === 'https:' ||
    (options.trustProxy > 0 && c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim() === 'https') ||
    (options.publicUrl?.startsWith('https:') ?? false);

  /** The session a request's cookie names, while it lasts; undefined otherwise. */
  function current(c: Context): AdminSessionRecord | undefined {
    const token = getCookie(c, cookieNames.secure) ?? getCookie(c, cookieNames.plain);
    const secret = options.operatorSecret();
    if (token === undefined || !secret || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const session = store.find(sessionId(token, secret));
    const at = now();
    if (!session || session.endedAt !== null || at - session.usedAt > settings.idleMs || at - session.createdAt > settings.maxMs) return undefined;
    if (at - session.usedAt > touchEveryMs) store.touch(session.id, at);
    return session;
  }

  const expiresAt = (session: AdminSessionRecord): number => Math.min(Math.max(session.usedAt, now()) + settings.idleMs, session.createdAt + settings.maxMs);

  function turnedOff(): never {
    throw new AppError(404, 'not_found', 'The settings page is turned off. Set OPERATOR_SECRET to turn it on.');
  }

  /** Refuses an address locked out after wrong secrets, with when to try again. */
  function admit(address: string): void {
    const lockedForMs = lockouts.lockedForMs(address);
    if (lockedForMs > 0) {
      throw new AppError(429, 'rate_limited', `Too many wrong secrets from this address. Try again in ${Math.ceil(lockedForMs / 60_000)} minutes.`, { retryable: true });
    }
  }

  function wrongSecret(address: string): void {
    const lockout = lockouts.wrongSecret(address);
    if (lockout) log.warn('operator sign-in locked out after wrong secrets', { address, lockout: lockout.lockout, lockedForSeconds: Math.round(lockout.lockedForMs / 1000) });
  }

  /**
   * Every `/admin/api` route: a live session's cookie, and on a change its CSRF token. A bearer
   * token (a widget session or the operator secret) opens nothing here: the page signs in.
   */
  const requireAdmin: MiddlewareHandler<AdminEnv> = async (c, next) => {
    if (!options.operatorSecret()) turnedOff();
    const session = current(c);
    if (!session) throw new AppError(401, 'unauthorized', 'Sign in to the settings page first (your session may have ended).');
    if (!['GET', 'HEAD'].includes(c.req.method)) {
      if (!safeEqual(c.req.header('X-CSRF-Token') ?? '', session.csrfToken)) {
        throw new AppError(403, 'forbidden', 'This change did not come from the settings page (its CSRF token is missing or wrong). Reload the page and try again.');
      }
    }
    c.set('adminSession', session);
    c.header('Cache-Control', 'no-store');
    await next();
  };

  /** `/admin/session`: sign in (`POST`), see the session (`GET`), sign out (`DELETE`). */
  const routes = new Hono()
    .post('/', valid('json', signInBody), (c) => {
      const expected = options.operatorSecret();
      if (!expected) turnedOff();
      const address = clientAddress(c, options.trustProxy);
      admit(address);
      if (!safeEqual(c.req.valid('json').secret, expected)) {
        wrongSecret(address);
        record('refused', `wrong operator secret from ${address}`);
        throw new AppError(401, 'unauthorized', 'That is not the operator secret.');
      }
      lockouts.rightSecret(address);
      const token = randomBytes(32).toString('base64url');
      const at = now();
      const session = { id: sessionId(token, expected), csrfToken: randomBytes(32).toString('base64url'), createdAt: at, usedAt: at };
      store.create(session);
      store.prune(at - settings.maxMs);
      const secure = isHttps(c);
      setCookie(c, secure ? cookieNames.secure : cookieNames.plain, token, {
        httpOnly: true,
        secure,
        sameSite: 'Strict',
        path: cookiePath,
        maxAge: Math.floor(settings.maxMs / 1000),
      });
      record('done', `signed in from ${address}`);
      c.header('Cache-Control', 'no-store');
      return c.json<AdminSessionAnswer>({ csrfToken: session.csrfToken, expiresAt: expiresAt({ ...session, endedAt: null }) });
    })
    .get('/', (c) => {
      if (!options.operatorSecret()) turnedOff();
      const session = current(c);
      c.header('Cache-Control', 'no-store');
      if (!session) throw new AppError(401, 'unauthorized', 'Not signed in.');
      return c.json<AdminSessionAnswer>({ csrfToken: session.csrfToken, expiresAt: expiresAt(session) });
    })
    .delete('/', requireAdmin, (c) => {
      store.end(c.get('adminSession').id, now());
      deleteCookie(c, cookieNames.secure, { path: cookiePath, secure: true });
      deleteCookie(c, cookieNames.plain, { path: cookiePath });
      audit.record(settingEntry('admin.signOut', { result: 'done', detail: null }));
      return c.body(null, 204);
    });

  return { routes, requireAdmin };
}

/** The sign-in routes, for the settings page's `hc<AdminSessionRoutes>`. */
export type AdminSessionRoutes = ReturnType<typeof createAdminSessions>['routes'];
