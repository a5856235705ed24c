/**
 * Limits on launches, the one route a caller without a session reaches, where the shared app
 * secret opens any ticket: a rate per client address and per ticket, a lockout of an address that
 * sends wrong secrets (twice as long each time it happens again), and a cap on the different
 * tickets one address opens in an hour, against walking through ticket ids. Everything is kept in
 * bounded, expiring memories; a refusal costs no outside call.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { LaunchSettings } from '../platform/config';
import type { Logger } from '../platform/log';
import { createRecent } from '../platform/recent';
import { createLockouts, failureWindowMs } from './lockouts';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

/** Why a launch was refused before a session was made; the same words go to the audit log. */
export type LaunchLimitReason = 'locked out after wrong app secrets' | 'too many launches from this address' | 'too many launches of this ticket' | 'too many tickets from this address';

export type LaunchRefusal = { reason: LaunchLimitReason; retryAfterSeconds: number };

/** A count of events in a fixed window, and whether its refusals were logged. */
type Window = { startedAt: number; count: number; warned: boolean };


/** The different tickets an address opened within the hour, each with when it was first opened (oldest first). */
type TicketsOpened = { firstOpened: Map<string, number>; warned: boolean };

export type LaunchGuard = ReturnType<typeof createLaunchGuard>;

export function createLaunchGuard(options: { settings: LaunchSettings; log: Logger; now?: () => number }) {
  const { settings, log, now = Date.now } = options;
  const lockouts = createLockouts({ failuresBeforeLockout: settings.failuresBeforeLockout, lockoutMs: settings.lockoutMs, now });
  const launchesOf = createRecent<string, Window>({ limit: 10_000, ttlMs: minuteMs });
  const tickets = createRecent<string, Window>({ limit: 10_000, ttlMs: minuteMs });
  const opened = createRecent<string, TicketsOpened>({ limit: 2_000, ttlMs: hourMs });

  /** The window as it stands at `at`: a fresh one once the last has ended. */
  function current(window: Window, at: number, lengthMs: number): Window {
    if (at - window.startedAt < lengthMs) return window;
    return Object.assign(window, { startedAt: at, count: 0, warned: false });
  }

  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  return {
    /**
     * Before the secret is looked at: refuses an address that is locked out or over its rate;
     * otherwise counts the launch against the address.
     */
    admitAddress(address: string): LaunchRefusal | null {
      const at = now();
      const lockedForMs = lockouts.lockedForMs(address);
      if (lockedForMs > 0) return { reason: 'locked out after wrong app secrets', retryAfterSeconds: seconds(lockedForMs) };
      const launches = current(launchesOf.get(address) ?? { startedAt: 0, count: 0, warned: false }, at, minuteMs);
      launchesOf.set(address, launches);
      if (launches.count >= settings.perAddressPerMinute) {
        const retryAfterSeconds = seconds(launches.startedAt + minuteMs - at);
        if (!launches.warned) {
          launches.warned = true;
          log.warn('launches refused: too many from one address', { address, perMinute: settings.perAddressPerMinute, retryAfterSeconds });
        }
        return { reason: 'too many launches from this address', retryAfterSeconds };
      }
      launches.count += 1;
      return null;
    },

    /** A wrong secret from `address` (see `lockouts.ts`); the lockout it caused, if any. */
    wrongSecret(address: string): { lockedForSeconds: number } | null {
      const lockout = lockouts.wrongSecret(address);
      if (!lockout) return null;
      const lockedForSeconds = seconds(lockout.lockedForMs);
      log.warn('launches locked out: wrong app secrets from one address', {
        address,
        failures: settings.failuresBeforeLockout,
        withinMinutes: failureWindowMs / minuteMs,
        lockout: lockout.lockout,
        lockedForSeconds,
        until: new Date(lockout.until).toISOString(),
      });
      return { lockedForSeconds };
    },

    /**
     * After the secret and the ticket id were found right: refuses a ticket launched too often, and
     * a ticket that would take the address over its different tickets of the hour (tickets it
     * already opened this hour still open). Otherwise counts the launch.
     */
    admitTicket(address: string, ticketId: string): LaunchRefusal | null {
      const at = now();
      const ticket = current(tickets.get(ticketId) ?? { startedAt: at, count: 0, warned: false }, at, minuteMs);
      if (ticket.count >= settings.perTicketPerMinute) {
        const retryAfterSeconds = seconds(ticket.startedAt + minuteMs - at);
        if (!ticket.warned) {
          ticket.warned = true;
          log.warn('launches refused: too many of one ticket', { ticketId, address, perMinute: settings.perTicketPerMinute, retryAfterSeconds });
        }
        return { reason: 'too many launches of this ticket', retryAfterSeconds };
      }
      const ofAddress = opened.get(address) ?? { firstOpened: new Map<string, number>(), warned: false };
      for (const [id, firstAt] of ofAddress.firstOpened) {
        if (firstAt > at - hourMs) break;
        ofAddress.firstOpened.delete(id);
      }
      if (!ofAddress.firstOpened.has(ticketId) && ofAddress.firstOpened.size >= settings.ticketsPerAddressPerHour) {
        const oldest = ofAddress.firstOpened.values().next().value ?? at;
        const retryAfterSeconds = seconds(oldest + hourMs - at);
        if (!ofAddress.warned) {
          ofAddress.warned = true;
          log.warn('launches refused: unusual number of tickets from one address', {
            address,
            tickets: ofAddress.firstOpened.size,
            perHour: settings.ticketsPerAddressPerHour,
            retryAfterSeconds,
          });
        }
        opened.set(address, ofAddress);
        return { reason: 'too many tickets from this address', retryAfterSeconds };
      }
      if (!ofAddress.firstOpened.has(ticketId)) {
        ofAddress.firstOpened.set(ticketId, at);
        ofAddress.warned = false;
      }
      opened.set(address, ofAddress);
      ticket.count += 1;
      tickets.set(ticketId, ticket);
      return null;
    },
  };
}

/**
 * The client's address as limits count it: the socket's peer, or behind `trustProxy` reverse
 * proxies the address the outermost of them saw, read from `X-Forwarded-For` from the right (the
 * entries further left are the client's own words). IPv6 addresses count by their /64, which one
 * client usually holds whole; IPv4-mapped IPv6 as IPv4.
 */
export function clientAddress(c: Context, trustProxy: number): string {
  const peer = socketAddress(c);
  if (trustProxy > 0) {
    const hops = (c.req.header('X-Forwarded-For') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const forwarded = hops[Math.max(0, hops.length - trustProxy)];
    if (forwarded !== undefined && (isIPv4(forwarded) || isIPv6(forwarded))) return addressKey(forwarded);
  }
  return peer === undefined ? 'unknown' : addressKey(peer);
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // A request handed to the app without a socket (an in-process request).
    return undefined;
  }
}

function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const width = (parts: string[]) => parts.reduce((sum, part) => sum + (part.includes('.') ? 2 : 1), 0);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${all.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
