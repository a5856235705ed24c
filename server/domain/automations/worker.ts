/**
 * Works the durable outbox of automation runs: one run at a time per subject (a HighLevel
 * contact, a Trengo ticket), subjects in parallel, each attempt's outcome stored before the next.
 * A run Trengo or HighLevel cannot take now (down, slow, a 429, a refused token) waits and goes
 * again after a backoff, as long as it takes: it never fails on its own for a transient reason;
 * a refusal retrying cannot fix fails it, listed for the operator to retry or drop.
 */
import { backoffMs } from '../../platform/outside-http';
import type { Logger } from '../../platform/log';
import type { AutomationRun, AutomationRuns } from '../../store/port';

/** What one attempt at a run came to. */
export type RunOutcome =
  | { state: 'done'; detail: string }
  | { state: 'failed'; reason: string }
  /**
   * Not now: tried again at `retryAt`, else after the backoff. `unreachable`: the outside system
   * could not be reached or did not answer, so the other runs hold back too.
   */
  | { state: 'pending'; reason: string; retryAt?: number; unreachable?: boolean };

export interface RunRetry {
  /** The first retry waits about this long; default 1000. */
  baseMs: number;
  /** No retry waits longer; default 60000. */
  maxMs: number;
}

export interface RunWorkerOptions {
  runs: AutomationRuns;
  /** One attempt; never rejects. */
  attempt: (run: AutomationRun) => Promise<RunOutcome>;
  /** Told of every attempt's outcome, once stored. */
  onOutcome: (run: AutomationRun, outcome: RunOutcome) => void;
  /** Told every time the worker looks at its outbox (the batching of landed work hooks in here). */
  onPump?: () => void;
  log: Logger;
  retry?: Partial<RunRetry>;
  /** Runs attempted at once, each of another subject; default 4. */
  concurrency?: number;
  /** How often the outbox is looked at when nothing woke the worker; default 1000. */
  pollMs?: number;
  now?: () => number;
  random?: () => number;
}

/** The worker of the run outbox; `start` takes up what a stopped process left. */
export function createRunWorker(options: RunWorkerOptions) {
  const { runs, log } = options;
  const retry: RunRetry = { baseMs: 1000, maxMs: 60_000, ...options.retry };
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 1000;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const busy = new Set<string>();
  /**
   * While an outside system is unreachable, the worker holds every run back until this time, then
   * lets one run go as a probe; only its success lets the others go again. Retries of many runs
   * would otherwise spend the rate limit's budget on calls that cannot land.
   */
  let heldUntil = 0;
  let unreachableStreak = 0;
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let started = false;
  let stopping = false;

  function schedulePump(): void {
    if (scheduled || stopping || !started) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  function pump(): void {
    if (stopping) return;
    clearTimeout(timer);
    try {
      options.onPump?.();
      const allowed = unreachableStreak > 0 ? 1 : concurrency;
      if (now() >= heldUntil && busy.size < allowed) {
        for (const run of runs.due(allowed + busy.size)) {
          if (busy.size >= allowed) break;
          if (!busy.has(run.subject)) attempt(run);
        }
      }
    } catch (error) {
      log.error('the automation runs could not be read', { error });
    }
    timer = setTimeout(pump, pollMs);
    timer.unref();
  }

  function attempt(run: AutomationRun): void {
    busy.add(run.subject);
    const going = runs.change(run.id, { state: 'running', attempts: run.attempts + 1 });
    const work = (async () => {
      const outcome = await options.attempt(going).catch((error: unknown): RunOutcome => {
        log.error('an automation run failed unexpectedly', { run: run.id, error });
        return { state: 'pending', reason: 'Something went wrong in the app; it will be tried again.' };
      });
      if (outcome.state === 'pending' && outcome.unreachable) {
        if (unreachableStreak === 0) log.warn('automation runs held back: an outside system cannot be reached; one run goes now and then as a probe', { reason: outcome.reason });
        unreachableStreak += 1;
        heldUntil = now() + backoffMs(unreachableStreak, { ...retry, jitter: 'half' }, random);
      } else {
        if (unreachableStreak > 0) log.info('automation runs resume: the outside system answers again');
        unreachableStreak = 0;
        heldUntil = 0;
      }
      if (stopping && outcome.state === 'pending') return;
      const settled = settle(runs.get(run.id) ?? going, outcome);
      options.onOutcome(settled, outcome);
    })()
      .catch((error: unknown) => log.error('an automation run could not be settled', { run: run.id, error }))
      .finally(() => {
        busy.delete(run.subject);
        running.delete(work);
        schedulePump();
      });
    running.add(work);
  }

  function settle(run: AutomationRun, outcome: RunOutcome): AutomationRun {
    // A run dropped by the operator while it was being attempted stays dropped.
    if (run.state === 'dropped') return run;
    switch (outcome.state) {
      case 'done':
        return runs.change(run.id, { state: 'done', reason: null });
      case 'failed':
        return runs.change(run.id, { state: 'failed', reason: outcome.reason });
      case 'pending':
        return runs.change(run.id, {
          state: 'pending',
          reason: outcome.reason,
          nextAttemptAt: outcome.retryAt ?? now() + backoffMs(run.attempts, { ...retry, jitter: 'half' }, random),
        });
    }
  }

  return {
    /** Takes up what a stopped process left (a run it was attempting is settled first), and keeps looking. */
    start(): void {
      runs.recoverInterrupted();
      started = true;
      schedulePump();
    },
    /** Looks at the outbox now (a run was just stored, or an operator asked to retry). */
    nudge: schedulePump,
    /** Stops taking runs; resolves once those under way have ended (or after `withinMs`). */
    async close(withinMs = 5000): Promise<void> {
      stopping = true;
      clearTimeout(timer);
      let deadline: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => (deadline = setTimeout(resolve, withinMs)))]);
      clearTimeout(deadline);
    },
  };
}

export type RunWorker = ReturnType<typeof createRunWorker>;
