/**
 * The widget API: every `/api` route, behind one check of the bearer session and the
 * per-session rate limit keyed on the session it verified. Its type is the contract the
 * widget's `hc<Api>` client is built from, so a renamed route is a type error in the widget.
 */
import { Hono } from 'hono';
import type { Directory } from '../domain/directory';
import type { ContactService } from '../domain/matching';
import type { Writes } from '../domain/writes';
import type { FeatureSettings } from '../domain/features';
import type { Live } from '../domain/live';
import type { Sessions } from '../platform/session';
import { actionRoutes } from './actions';
import { contactRoutes } from './contact';
import { eventRoutes } from './events';
import { sessionRateLimit } from './limits';
import { requireSession, sessionRoutes, type SessionEnv } from './widget-session';

export interface ApiOptions {
  sessions: Sessions;
  /** Requests one session may make in any 60 seconds. */
  perMinute: number;
  contacts: ContactService;
  writes: Writes;
  directory: Directory;
  /** Changes for the open sidebars' event streams. */
  live: Live;
  /** What the operator turned off, and whether HighLevel's token is read-only; everything on without it. */
  features?: FeatureSettings;
}

/** The `/api` routes, to mount at the app's root (the prefix is part of the type the widget calls). */
export function widgetApi(options: ApiOptions) {
  const { sessions, perMinute, contacts, writes, directory, live, features } = options;
  return new Hono<SessionEnv>()
    .basePath('/api')
    .use(requireSession(sessions))
    .use(sessionRateLimit({ perMinute }))
    .route('/', contactRoutes({ contacts }))
    .route('/', actionRoutes({ contacts, writes, directory, ...(features && { features }) }))
    .route('/', eventRoutes({ contacts, writes, live }))
    .route('/', sessionRoutes(sessions));
}

/** The widget API's routes, inputs and answers, for `hc<Api>` in the widget. */
export type Api = ReturnType<typeof widgetApi>;
