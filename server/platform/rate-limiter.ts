/** How many requests may start in any window of `intervalMs`. */
export interface RateLimit {
  max: number;
  intervalMs: number;
}

/**
 * Paces requests to one HighLevel location: never more than `max` starts in any window of
 * `intervalMs` (a sliding window of start times), with callers beyond that waiting in a
 * first-in, first-out queue instead of failing; callers an agent waits on go before background
 * work (refreshes, prewarming, automations), which gets the slots agents leave: while agents are
 * calling, only while the window is less than its share full (a quarter for HighLevel), so writes
 * and first opens keep the rest even while a backlog waits; once no agent call has started for
 * five seconds, up to its larger share (half for HighLevel).
 */
export interface RateLimiter {
  /** Resolves when the caller may start its request; the start counts from then. */
  acquire(priority?: 'agent' | 'background'): Promise<void>;
  /** Holds every start until `ms` from now (HighLevel said the window is used up). */
  pauseFor(ms: number): void;
  /** Callers waiting for a slot. */
  readonly waiting: number;
  /** Whether an agent's call asked now would wait: callers already wait, or the window is used up or paused. */
  readonly busy: boolean;
}

/** How long no agent call must have started before background work may use its larger share. */
const agentsQuietMs = 5000;

/**
 * The share of a window background work may fill: while agents call, and once they have been
 * quiet. HighLevel's (the default) leaves most of the location's budget to agents and to other
 * integrations; Trengo's automations, the server's own work there, may take all of it when quiet.
 */
export interface BackgroundShare {
  whileAgentsCall: number;
  agentsQuiet: number;
}

const highLevelShare: BackgroundShare = { whileAgentsCall: 1 / 4, agentsQuiet: 1 / 2 };

/**
 * A margin added to the window, so that requests paced exactly at the limit still arrive
 * inside HighLevel's window after uneven network delays and a busy event loop (a quarter of a
 * second was not always enough on a loaded machine).
 */
function guardMs(intervalMs: number): number {
  return Math.min(500, Math.ceil(intervalMs * 0.05));
}

/** A sliding-window limiter; time comes from `Date.now` and `setTimeout`. */
export function createRateLimiter(limit: RateLimit, share: BackgroundShare = highLevelShare): RateLimiter {
  if (!Number.isInteger(limit.max) || limit.max < 1 || !(limit.intervalMs > 0)) {
    throw new RangeError('rate limit needs max >= 1 and intervalMs > 0');
  }
  const windowMs = limit.intervalMs + guardMs(limit.intervalMs);
  /** Start times inside the current window, oldest first. */
  const starts: number[] = [];
  const queue: Array<() => void> = [];
  const backgroundQueue: Array<() => void> = [];
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** Background work starts only while a window holds fewer starts than this while agents call, and than `quietBackgroundMax` once they are quiet. */
  const busyBackgroundMax = Math.max(1, Math.floor(limit.max * share.whileAgentsCall));
  const quietBackgroundMax = Math.max(1, Math.floor(limit.max * share.agentsQuiet));
  /** A new limiter counts as having just served an agent: agents quiet is something seen, not assumed. */
  let lastAgentStart = Date.now();

  function msUntilNextStart(now: number, max: number): number {
    while (starts.length > 0 && (starts[0] ?? now) + windowMs <= now) starts.shift();
    const windowWait = starts.length >= max ? (starts[starts.length - max] ?? now) + windowMs - now : 0;
    return Math.max(windowWait, pausedUntil - now, 0);
  }

  function drain(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    while (queue.length + backgroundQueue.length > 0) {
      const now = Date.now();
      const agent = queue.length > 0;
      const quietAt = lastAgentStart + agentsQuietMs;
      let wait = msUntilNextStart(now, agent ? limit.max : now >= quietAt ? quietBackgroundMax : busyBackgroundMax);
      // Background work held by the agents' share may go once they have been quiet long enough.
      if (!agent && now < quietAt) wait = Math.min(wait, Math.max(msUntilNextStart(now, quietBackgroundMax), quietAt - now));
      if (wait > 0) {
        timer = setTimeout(drain, wait);
        return;
      }
      starts.push(now);
      if (agent) lastAgentStart = now;
      (agent ? queue : backgroundQueue).shift()?.();
    }
  }

  return {
    acquire(priority = 'agent') {
      return new Promise<void>((resolve) => {
        (priority === 'agent' ? queue : backgroundQueue).push(resolve);
        // An agent may start before the time background work was told to wait for.
        if (timer === null || priority === 'agent') drain();
      });
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
      if (timer !== null) drain();
    },
    get waiting() {
      return queue.length + backgroundQueue.length;
    },
    get busy() {
      return queue.length > 0 || msUntilNextStart(Date.now(), limit.max) > 0;
    },
  };
}

const sharedLimiters = new Map<string, RateLimiter>();

/**
 * The limiter for one location at one API base URL, shared by every client in this process
 * so that HighLevel's per-location budget is counted once. Clients configured with a
 * different limit for the same location get their own limiter.
 */
export function sharedRateLimiter(
  location: { baseUrl: string; locationId: string },
  limit: RateLimit,
  share?: BackgroundShare,
): RateLimiter {
  const key = JSON.stringify([location.baseUrl, location.locationId, limit.max, limit.intervalMs]);
  const existing = sharedLimiters.get(key);
  if (existing !== undefined) return existing;
  const limiter = createRateLimiter(limit, share);
  sharedLimiters.set(key, limiter);
  return limiter;
}
