/**
 * `GET /api/events`: the open sidebar's live feed (Server-Sent Events). It carries only what
 * concerns the session's own ticket: its contact's new view when the contact's records changed,
 * and its customer's writes when one of them moved. A reconnect with `Last-Event-ID` gets the
 * current view and writes at once (nothing it missed is replayed: the state is sent instead).
 * Heartbeats keep proxies from closing an idle stream; a session may hold a few streams, and a
 * new one beyond them closes the oldest.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { LiveChange, Live } from '../domain/live';
import type { ContactService } from '../domain/matching';
import type { Writes } from '../domain/writes';
import type { SessionEnv } from './widget-session';
import { sessionKey } from '../platform/session';

export interface EventRoutesOptions {
  contacts: ContactService;
  writes: Writes;
  live: Live;
  /** Streams one session may hold at once; default 3. */
  streamsPerSession?: number;
  /** Time between heartbeats; default 15000. */
  heartbeatMs?: number;
  /** Changes that come closer together than this go out as one; default 50. */
  coalesceMs?: number;
}

/** What one stream still has to send after a burst of changes. */
type Due = { view: boolean; writes: boolean };

export function eventRoutes(options: EventRoutesOptions) {
  const { contacts, writes, live } = options;
  const streamsPerSession = options.streamsPerSession ?? 3;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const coalesceMs = options.coalesceMs ?? 50;
  /** The open streams of each session, oldest first, each with the function that ends it. */
  const open = new Map<string, Array<() => void>>();
  let lastEventId = 0;

  return new Hono<SessionEnv>().get('/events', (c) => {
    const { ticketId, expiresAt } = c.get('session');
    // A stream ends when the token it was opened with expires; the sidebar opens the next one with its renewed token.
    const streamsKey = sessionKey(c.get('session'));
    const resumed = c.req.header('last-event-id') !== undefined;
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let ended = false;
      let endStream!: () => void;
      const finished = new Promise<void>((resolve) => (endStream = resolve));
      const end = () => {
        ended = true;
        endStream();
      };
      const mine = [...(open.get(streamsKey) ?? []), end];
      open.set(streamsKey, mine);
      while (mine.length > streamsPerSession) mine.shift()?.();

      const due: Due = { view: false, writes: false };
      let flushing: NodeJS.Timeout | undefined;
      const send = (event: string, data: unknown) => stream.writeSSE({ event, id: String(++lastEventId), data: JSON.stringify(data) });
      const flush = async () => {
        flushing = undefined;
        const { view, writes: writesDue } = due;
        due.view = false;
        due.writes = false;
        try {
          if (view && !ended) await send('view', await contacts.viewForTicket(ticketId));
          if (writesDue && !ended) await send('writes', { writes: await writes.list(ticketId) });
        } catch {
          // HighLevel or Trengo could not answer now: the next change or a reconnect sends the state.
        }
      };
      const schedule = (what: keyof Due) => {
        due[what] = true;
        flushing ??= setTimeout(() => void flush(), coalesceMs);
      };
      const concerns = async (change: LiveChange) => {
        const shown = await contacts.shownContactOf(ticketId);
        if (change.kind === 'contact') return change.contactId === shown.contactId;
        return change.linkKey === shown.key || (change.contactId !== null && change.contactId === shown.contactId);
      };
      const stopListening = live.listen((change) => {
        void concerns(change).then(
          (yes) => yes && schedule(change.kind === 'contact' ? 'view' : 'writes'),
          () => undefined,
        );
      });
      const heartbeat = setInterval(() => void stream.writeSSE({ event: 'ping', data: '' }).catch(end), heartbeatMs);
      const expiry = setTimeout(end, Math.max(0, expiresAt - Date.now()));
      stream.onAbort(end);
      const stopOnClose = live.onClose(end);
      try {
        await stream.writeSSE({ event: 'ready', id: String(++lastEventId), data: '{}', retry: 3000 });
        if (resumed) {
          schedule('view');
          schedule('writes');
        }
        await finished;
      } finally {
        stopListening();
        stopOnClose();
        clearInterval(heartbeat);
        clearTimeout(expiry);
        clearTimeout(flushing);
        const left = (open.get(streamsKey) ?? []).filter((other) => other !== end);
        if (left.length > 0) open.set(streamsKey, left);
        else open.delete(streamsKey);
      }
    });
  });
}
