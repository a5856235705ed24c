/**
 * The app URL Trengo opens in the ticket sidebar: `/?ticket_id=…&auth_token=…` (older installs
 * send `token`). A right secret gets the widget with a session for that ticket. Every launch,
 * opened or refused, goes to the audit log; refusals cost no outside call and make no session:
 * 429 for the limits of `launch-guard`, 401 for a wrong secret, 400 for a bad ticket id, 403 for a
 * page a browser says is not framed.
 */
import { Hono } from 'hono';
import type { TicketContact } from '../../shared/api';
import { startBudget } from '../platform/budget';
import type { LaunchSettings } from '../platform/config';
import type { Logger } from '../platform/log';
import { currentRequestId } from '../platform/request-context';
import { appSecrets, type Secrets } from '../platform/secrets';
import type { Sessions } from '../platform/session';
import { safeEqual } from '../platform/session';
import type { AuditLog } from '../store/port';
import { clientAddress, createLaunchGuard, type LaunchLimitReason } from './launch-guard';
import { htmlSecurityHeaders } from './security';
import { featuresMetaName, readOnlyMarker } from '../../shared/features';

/** Trengo ticket ids are numbers. */
const ticketIdPattern = /^\d{1,20}$/;

export type LaunchOptions = {
  /** The secrets as they stand: the app secret is read at every launch, so a rotated one applies at once. */
  secrets: Secrets;
  sessions: Sessions;
  widgetHtml: () => string;
  frameAncestors: string[];
  audit: AuditLog;
  log: Logger;
  settings: LaunchSettings;
  /** Reverse proxies in front of the server (0: the socket's address is the client's). */
  trustProxy: number;
  /** Called for each accepted launch, so the ticket's lookup can start before the widget asks. */
  onLaunch?: (ticketId: string) => void;
  /**
   * The ticket's customer as the helpdesk knows them, put in the page when it comes within
   * `factsWithinMs`, so the sidebar shows who it is while HighLevel is still being asked.
   */
  ticketFacts?: (ticketId: string) => Promise<TicketContact>;
  /** The features the operator turned off and whether writes are off (HighLevel's token read-only), for the page to carry. */
  access?: () => { turnedOff: readonly string[]; readOnly: boolean };
  /** How long the page waits for the ticket's facts; default 300. */
  factsWithinMs?: number;
  now?: () => number;
};

/** The answer's page for each limit, with the wait in words. */
const limitPages: Record<LaunchLimitReason, { title: string; text: (wait: string) => string }> = {
  'locked out after wrong app secrets': {
    title: 'Too many wrong attempts',
    text: (wait) => `Too many launches with a wrong app secret came from this network, so launches from it are paused. Try again in ${wait}. If you see this inside Trengo, an administrator needs to check the app secret set in Trengo.`,
  },
  'too many launches from this address': {
    title: 'Too many launches',
    text: (wait) => `Tickets were opened from this network faster than the app allows. Try again in ${wait}.`,
  },
  'too many launches of this ticket': {
    title: 'Too many launches',
    text: (wait) => `This ticket was opened more often than the app allows. Try again in ${wait}.`,
  },
  'too many tickets from this address': {
    title: 'Too many tickets',
    text: (wait) => `More different tickets were opened from this network in the last hour than the app allows. Tickets already opened still open; new ones again in ${wait}.`,
  },
};

export function launchRoutes(options: LaunchOptions) {
  const { secrets, sessions, widgetHtml, frameAncestors, audit, log, settings, trustProxy, onLaunch, now = Date.now } = options;
  const guard = createLaunchGuard({ settings, log, now });

  return new Hono().get('/', async (c) => {
    htmlSecurityHeaders(c, frameAncestors);
    const address = clientAddress(c, trustProxy);
    const rawTicketId = c.req.query('ticket_id') ?? '';
    // Only a well-formed id is written down: any other text could hold anything, even the secret.
    const ticketId = ticketIdPattern.test(rawTicketId) ? rawTicketId : null;
    const fetchDest = c.req.header('Sec-Fetch-Dest');
    const record = (result: 'ok' | 'refused', detail: string) =>
      audit.record({
        action: 'launch',
        ticketId,
        trengoContactId: null,
        ghlContactId: null,
        writeId: null,
        fields: JSON.stringify({
          address,
          ...(fetchDest !== undefined && { fetchDest: /^[a-z-]{1,20}$/.test(fetchDest) ? fetchDest : 'other' }),
          requestId: currentRequestId(),
        }),
        result,
        ghlStatus: null,
        traceId: null,
        detail,
      });
    const limited = (refusal: { reason: LaunchLimitReason; retryAfterSeconds: number }) => {
      record('refused', refusal.reason);
      c.header('Retry-After', String(refusal.retryAfterSeconds));
      const page = limitPages[refusal.reason];
      return c.html(messagePage(page.title, page.text(inWords(refusal.retryAfterSeconds))), 429);
    };

    const addressRefusal = guard.admitAddress(address);
    if (addressRefusal) return limited(addressRefusal);

    const secret = c.req.query('auth_token') ?? c.req.query('token') ?? '';
    const accepted = appSecrets(secrets, settings.appSecretGraceMs, now());
    // Both comparisons always run, so the time taken says nothing about which one matched.
    const isCurrent = safeEqual(secret, accepted.current) && accepted.current !== '';
    const isPrevious = accepted.previous !== null && safeEqual(secret, accepted.previous);
    if (!isCurrent && !isPrevious) {
      const lockout = guard.wrongSecret(address);
      record('refused', lockout ? `wrong app secret; address locked out for ${inWords(lockout.lockedForSeconds)}` : 'wrong app secret');
      if (!lockout) log.info('launch refused: wrong app secret', { address });
      return c.html(messagePage('Not authorised', 'This app only opens from a Trengo ticket. If you see this inside Trengo, the app secret set in Trengo does not match the server: an administrator needs to update it.'), 401);
    }
    if (ticketId === null) {
      record('refused', 'no valid ticket id');
      return c.html(messagePage('No ticket', 'Open a ticket in Trengo to see its customer in HighLevel.'), 400);
    }
    // Browsers say what a request is for; Trengo's sidebar loads the app in an iframe. Clients that
    // send no such header pass: not every one does.
    if (settings.requireIframe && fetchDest !== undefined && fetchDest !== 'iframe') {
      record('refused', 'not opened in an iframe');
      return c.html(messagePage('Open it from Trengo', 'This app opens inside a Trengo ticket, not on a page of its own.'), 403);
    }
    const ticketRefusal = guard.admitTicket(address, ticketId);
    if (ticketRefusal) return limited(ticketRefusal);

    const session = sessions.issue(ticketId);
    if (isPrevious && !isCurrent) log.info('launch with the previous app secret: change it in Trengo before the grace period ends', { ticketId });
    record('ok', isCurrent ? 'opened' : 'opened with the previous app secret');
    onLaunch?.(ticketId);
    const facts = options.ticketFacts
      ? await startBudget(options.factsWithinMs ?? 300).within(options.ticketFacts(ticketId).catch(() => null), () => null)
      : null;
    // The ticket id (digits only, checked above) lets the sidebar keep the agent's drafts per ticket.
    // What the agent may see and do, so the first screen shows only that without a request of its own.
    const access = options.access?.();
    const off = access ? [...access.turnedOff, ...(access.readOnly ? [readOnlyMarker] : [])] : [];
    const accessMeta = off.length > 0 ? `<meta name="${featuresMetaName}" content="${off.join(',')}">` : '';
    const page = widgetHtml().replace('</head>', `<meta name="widget-session" content="${session}"><meta name="widget-ticket" content="${ticketId}">${accessMeta}</head>`);
    return c.html(facts ? page.replace('<div id="app">', `${factsBlock(facts)}<div id="app">`) : page);
  });
}

/** A plain page with a heading and a sentence, for answers a browser shows (launch refusals, the OAuth callback). */
export function messagePage(title: string, text: string, link?: { href: string; label: string }): string {
  const onward = link ? `<p><a href="${link.href}">${link.label}</a></p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p>${onward}</main></body></html>`;
}

/** A wait in seconds as a person reads it: "40 seconds", "15 minutes", "2 hours". */
function inWords(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (seconds < 2 * 3600) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

/**
 * The ticket's customer as Trengo knows them, shown above the sidebar while it loads (the
 * widget's stylesheet hides it once the sidebar has something to show), so an agent sees who it
 * is at once even while HighLevel is slow.
 */
function factsBlock(facts: TicketContact): string {
  const rows = [
    ['Name', facts.name && escapeHtml(facts.name)],
    ['Email', facts.email && `<a href="mailto:${escapeHtml(facts.email)}">${escapeHtml(facts.email)}</a>`],
    ['Phone', facts.phone && escapeHtml(facts.phone)],
  ].filter((row): row is [string, string] => Boolean(row[1]));
  if (rows.length === 0) return '';
  const list = rows.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('');
  return `<aside id="ticket-facts" aria-label="Trengo contact"><dl class="facts">${list}</dl></aside>`;
}

/** Text safe in HTML content and in a double-quoted attribute. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
