/**
 * The app URL Trengo opens in the ticket sidebar: `/?ticket_id=…&auth_token=…` (older installs
 * send `token`). A right secret gets the widget with a session for that ticket; anything else a 401 page.
 */
import { Hono } from 'hono';
import type { Sessions } from '../platform/session';
import { safeEqual } from '../platform/session';
import { htmlSecurityHeaders } from './security';

/** Trengo ticket ids are numbers. */
const ticketIdPattern = /^\d{1,20}$/;

export type LaunchOptions = {
  /** A function is read at every launch, so a rotated secret applies at once. */
  appSecret: string | (() => string);
  sessions: Sessions;
  widgetHtml: () => string;
  frameAncestors: string[];
  /** Called for each accepted launch, so the ticket's lookup can start before the widget asks. */
  onLaunch?: (ticketId: string) => void;
};

export function launchRoutes(options: LaunchOptions) {
  const { appSecret, sessions, widgetHtml, frameAncestors, onLaunch } = options;
  return new Hono().get('/', (c) => {
    htmlSecurityHeaders(c, frameAncestors);
    const ticketId = c.req.query('ticket_id') ?? '';
    const secret = c.req.query('auth_token') ?? c.req.query('token') ?? '';
    const expected = typeof appSecret === 'function' ? appSecret() : appSecret;
    if (!safeEqual(secret, expected) || !expected) {
      return c.html(messagePage('Not authorised', 'This app only opens from a Trengo ticket. If you see this inside Trengo, the app secret set in Trengo does not match the server: an administrator needs to update it.'), 401);
    }
    if (!ticketIdPattern.test(ticketId)) {
      return c.html(messagePage('No ticket', 'Open a ticket in Trengo to see its customer in HighLevel.'), 400);
    }
    const session = sessions.issue(ticketId);
    onLaunch?.(ticketId);
    return c.html(widgetHtml().replace('</head>', `<meta name="widget-session" content="${session}"></head>`));
  });
}

function messagePage(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;
}
