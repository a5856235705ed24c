/**
 * Processing of the webhook events the inbox holds. The webhook routes store each verified event
 * and answer at once; this worker takes them from the inbox after, one at a time per subject (a
 * HighLevel contact, a Trengo ticket) and subjects in parallel, and turns each into a call on
 * `EventTargets`. An event is done once its call has returned; a failed call is tried again after
 * a backoff, and given up after a number of attempts. Events an earlier process stored and never
 * finished are pending in the inbox, so a start picks them up: a restart loses none.
 *
 * Processing is at least once: an event may be processed again (a stop in the middle of it), and
 * HighLevel does not promise to deliver events in order. The targets read the record again from
 * HighLevel rather than apply the event's content, so duplicates and order do not matter.
 */
import { backoffMs } from '../platform/outside-http';
import type { Logger } from '../platform/log';
import type { Inbox, InboxEvent } from '../store/port';

/** The parts of a contact's sidebar an event can make stale. */
export type ContactPart = 'contact' | 'tasks' | 'notes' | 'appointments';

export const contactParts: readonly ContactPart[] = ['contact', 'tasks', 'notes', 'appointments'];

/**
 * What events change, implemented by the read copy: each call reads again from the outside system
 * what the event says changed, so calling it twice, or in another order, ends the same.
 */
export interface EventTargets {
  /** A part of the HighLevel contact changed in HighLevel. */
  contactChanged(contactId: string, part: ContactPart): Promise<void>;
  contactDeleted(contactId: string): Promise<void>;
  /** A Trengo ticket had a message or was created: an agent may open it soon. */
  ticketActivity(ticketId: string): Promise<void>;
}

/** The event type the HighLevel webhook route gives a Workflow webhook, which says nothing of what changed. */
export const workflowEventType = 'Workflow';

/** Which part each HighLevel event type makes stale. */
const contactPartOf: Record<string, ContactPart> = {
  ContactCreate: 'contact',
  ContactUpdate: 'contact',
  ContactTagUpdate: 'contact',
  ContactDndUpdate: 'contact',
  TaskCreate: 'tasks',
  TaskComplete: 'tasks',
  TaskDelete: 'tasks',
  NoteCreate: 'notes',
  NoteUpdate: 'notes',
  NoteDelete: 'notes',
  AppointmentCreate: 'appointments',
  AppointmentUpdate: 'appointments',
  AppointmentDelete: 'appointments',
};

/** The Trengo event types worth warming a ticket for; the server registers webhooks for these. */
export const trengoEventTypes = ['INBOUND', 'TICKET_CREATED'] as const;

/** The subject the routes file a HighLevel contact's events under. */
export const contactSubject = (contactId: string) => `contact:${contactId}`;
/** The subject the routes file a Trengo ticket's events under. */
export const ticketSubject = (ticketId: string) => `ticket:${ticketId}`;

/** The calls an event leads to; none for a type the product does not use (it is done at once). */
export function callsFor(event: Pick<InboxEvent, 'source' | 'type' | 'subject'>): Array<(targets: EventTargets) => Promise<void>> {
  const [kind, id] = splitSubject(event.subject);
  if (event.source === 'highlevel' && kind === 'contact' && id) {
    if (event.type === 'ContactDelete') return [(targets) => targets.contactDeleted(id)];
    // A Workflow webhook can be triggered by anything about the contact.
    if (event.type === workflowEventType) return contactParts.map((part) => (targets) => targets.contactChanged(id, part));
    const part = contactPartOf[event.type];
    return part ? [(targets) => targets.contactChanged(id, part)] : [];
  }
  if (event.source === 'trengo' && kind === 'ticket' && id && (trengoEventTypes as readonly string[]).includes(event.type)) {
    return [(targets) => targets.ticketActivity(id)];
  }
  return [];
}

function splitSubject(subject: string): [string, string | undefined] {
  const at = subject.indexOf(':');
  return at < 0 ? [subject, undefined] : [subject.slice(0, at), subject.slice(at + 1) || undefined];
}

export interface InboxWorkerSettings {
  /** The first retry waits about this long; default 1000. */
  baseMs: number;
  /** No retry waits longer; default 60000. */
  maxMs: number;
  /** Attempts before an event is given up as failed; default 10 (a few minutes of retries). */
  maxAttempts: number;
  /** How often the inbox is looked at when nothing woke the worker; default 1000. */
  pollMs: number;
  /** Events processed at once, each of another subject; default 8. */
  concurrency: number;
  /**
   * How long a stop waits for events being processed; default 5000. One still running then is
   * left pending in the inbox, and processed again at the next start.
   */
  stopWithinMs: number;
  /** Processed events older than this are dropped from the inbox; default a day. */
  retentionMs: number;
}

export interface InboxWorkerOptions {
  inbox: Inbox;
  targets: EventTargets;
  log: Logger;
  settings?: Partial<InboxWorkerSettings>;
  /** Told when processing of an event begins. */
  onProcessing?: (event: InboxEvent) => void;
  /**
   * Given every event before its targets are called (automations store the runs it makes); a
   * throw fails the event, to be processed again.
   */
  beforeTargets?: (event: InboxEvent) => void;
  now?: () => number;
  random?: () => number;
}

const defaults: InboxWorkerSettings = {
  baseMs: 1000,
  maxMs: 60_000,
  maxAttempts: 10,
  pollMs: 1000,
  concurrency: 8,
  stopWithinMs: 5000,
  retentionMs: 24 * 3_600_000,
};

/** How often processed events are pruned. */
const pruneEveryMs = 3_600_000;

export function createInboxWorker(options: InboxWorkerOptions) {
  const { inbox, targets, log } = options;
  const settings: InboxWorkerSettings = { ...defaults, ...options.settings };
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  /** Subjects with an event being processed now. */
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let started = false;
  let stopping = false;
  /** Set when a stop gave up waiting: the store may be closed, so late outcomes are not stored. */
  let abandoned = false;
  let prunedAt = 0;

  function schedulePump(): void {
    if (scheduled || stopping || !started) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  /** Starts every due event whose subject is free, up to the concurrency; looks again after `pollMs`. */
  function pump(): void {
    if (stopping) return;
    clearTimeout(timer);
    try {
      prune();
      const free = settings.concurrency - busy.size;
      if (free > 0) {
        for (const event of inbox.due(free + busy.size)) {
          if (busy.size >= settings.concurrency) break;
          if (!busy.has(event.subject)) processEvent(event);
        }
      }
    } catch (error) {
      log.error('the inbox could not be read', { error });
    }
    timer = setTimeout(pump, settings.pollMs);
    timer.unref();
  }

  function prune(): void {
    if (now() - prunedAt < pruneEveryMs) return;
    prunedAt = now();
    const pruned = inbox.prune(now() - settings.retentionMs);
    if (pruned > 0) log.debug('processed events pruned from the inbox', { pruned });
  }

  function processEvent(event: InboxEvent): void {
    busy.add(event.subject);
    options.onProcessing?.(event);
    const run = (async () => {
      let failure: unknown = null;
      try {
        options.beforeTargets?.(event);
        for (const call of callsFor(event)) await call(targets);
      } catch (error) {
        failure = error;
      }
      if (abandoned) return;
      settle(event, failure);
    })()
      .catch((error: unknown) => log.error('an event could not be settled in the inbox', { seq: event.seq, error }))
      .finally(() => {
        busy.delete(event.subject);
        running.delete(run);
        schedulePump();
      });
    running.add(run);
  }

  function settle(event: InboxEvent, failure: unknown): void {
    const about = { seq: event.seq, source: event.source, type: event.type, subject: event.subject };
    if (failure === null) {
      inbox.markDone(event.seq);
      log.debug('event processed', { ...about, attempts: event.attempts + 1 });
      return;
    }
    const reason = failure instanceof Error ? failure.message : String(failure);
    const attempts = event.attempts + 1;
    if (attempts >= settings.maxAttempts) {
      inbox.markFailed(event.seq, reason);
      log.warn('event given up after repeated failures', { ...about, attempts, reason });
      return;
    }
    const waitMs = backoffMs(attempts, { baseMs: settings.baseMs, maxMs: settings.maxMs, jitter: 'half' }, random);
    inbox.markRetry(event.seq, reason, now() + waitMs);
    log.info('event processing failed, will retry', { ...about, attempts, retryInMs: waitMs, reason });
  }

  return {
    /** Processes what the inbox holds, an earlier process's leftovers first, and keeps looking. */
    start(): void {
      started = true;
      schedulePump();
    },

    /** Looks at the inbox now (an event was just stored). */
    nudge: schedulePump,

    /** Stops taking events; resolves when those under way have ended, or after `stopWithinMs`. */
    async close(): Promise<void> {
      stopping = true;
      clearTimeout(timer);
      let deadline: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'gave up'>((resolve) => {
        deadline = setTimeout(() => resolve('gave up'), settings.stopWithinMs);
      });
      const outcome = await Promise.race([Promise.allSettled([...running]).then(() => 'ended' as const), gaveUp]);
      clearTimeout(deadline);
      if (outcome === 'gave up') {
        abandoned = true;
        log.warn('stopped while events were being processed; they stay pending for the next start', { unfinished: running.size });
      }
    },
  };
}

export type InboxWorker = ReturnType<typeof createInboxWorker>;
