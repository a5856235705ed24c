/**
 * Sends the outbox's writes. Each queue (one HighLevel contact) goes strictly in order: only its
 * oldest open write is sent, and a later one waits until that one is done, failed or discarded.
 * Queues go in parallel. A write HighLevel could not take now is tried again after an
 * exponential backoff with jitter (capped), or when its attempt asked, and at once when the
 * server starts (the attempt itself waits out what must be waited out).
 */
import { backoffMs } from '../platform/outside-http';
import type { Outbox, StoredWrite } from '../store/port';
import type { Outcome } from './write-actions';

export interface RetryPolicy {
  /** The first retry waits about this long; default 1000. */
  baseMs: number;
  /** No retry waits longer; default 30000. */
  maxMs: number;
}

export interface OutboxWorkerOptions {
  outbox: Outbox;
  /** Told of a failure nothing else handles, for the log; the console unless given. */
  onUnexpected?: (message: string, error: unknown) => void;
  /** One attempt at a write; never rejects. */
  attempt: (write: StoredWrite) => Promise<Outcome>;
  /** Told of every attempt's outcome, once the outbox holds it. */
  onOutcome: (write: StoredWrite, outcome: Outcome) => void;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
  random?: () => number;
}


export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { outbox } = options;
  const policy: RetryPolicy = { baseMs: 1000, maxMs: 30_000, ...options.retry };
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  /** Queues being sent right now. */
  const draining = new Set<string>();
  const running = new Set<Promise<void>>();
  /** Callers waiting for a write's next attempt to end. */
  const waiters = new Map<string, Array<() => void>>();
  let timer: NodeJS.Timeout | undefined;
  let scheduled = false;
  let closed = false;

  function release(writeId: string): void {
    const waiting = waiters.get(writeId);
    waiters.delete(writeId);
    waiting?.forEach((resolve) => resolve());
  }

  /** Lets everyone waiting on a queue's writes go: none of them will be attempted now. */
  function releaseQueue(queue: string): void {
    for (const write of outbox.openInQueue(queue)) release(write.id);
  }

  function schedulePump(): void {
    if (scheduled || closed) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  /** Starts every queue whose oldest write is due, and sets a timer for the soonest of the others. */
  function pump(): void {
    if (closed) return;
    clearTimeout(timer);
    let soonest = Infinity;
    for (const queue of outbox.openQueues()) {
      if (draining.has(queue)) continue;
      const head = outbox.head(queue);
      if (!head) continue;
      if (head.nextAttemptAt <= now()) {
        drain(queue);
      } else {
        soonest = Math.min(soonest, head.nextAttemptAt);
        releaseQueue(queue);
      }
    }
    if (soonest < Infinity) {
      timer = setTimeout(pump, Math.min(Math.max(0, soonest - now()), policy.maxMs));
      timer.unref();
    }
  }

  /** Sends a queue's writes one after the other until it is empty or one must wait. */
  function drain(queue: string): void {
    draining.add(queue);
    const run = (async () => {
      while (!closed) {
        const head = outbox.head(queue);
        if (!head || head.nextAttemptAt > now()) break;
        const startedAt = now();
        const sending = outbox.change(head, {
          state: 'sending',
          attempts: head.attempts + 1,
          firstSentAt: head.firstSentAt ?? new Date(now()).toISOString(),
        });
        const outcome = await options.attempt(sending);
        const settled = settle(outbox.get(sending.id) ?? sending, outcome, startedAt);
        options.onOutcome(settled, outcome);
        release(settled.id);
        if (outcome.state === 'pending') break;
      }
    })()
      .catch((error: unknown) => (options.onUnexpected ?? console.error)('The outbox worker stopped a queue on an unexpected error', error))
      .finally(() => {
        draining.delete(queue);
        running.delete(run);
        releaseQueue(queue);
        schedulePump();
      });
    running.add(run);
  }

  /** Stores an attempt's outcome; an attempt that got no answer makes the write's outcome unknown since it began. */
  function settle(write: StoredWrite, outcome: Outcome, startedAt: number): StoredWrite {
    switch (outcome.state) {
      case 'done':
        return outbox.change(write, { state: 'done', reason: null, recordId: outcome.recordId, mayExist: false, unknownSince: null });
      case 'failed':
        return outbox.change(write, { state: 'failed', reason: outcome.reason, mayExist: false, unknownSince: null });
      case 'pending':
        return outbox.change(write, {
          state: 'pending',
          reason: outcome.reason,
          mayExist: write.mayExist || outcome.mayExist,
          unknownSince: outcome.unknown ? startedAt : write.unknownSince,
          nextAttemptAt: outcome.retryAt ?? now() + backoffMs(write.attempts, { ...policy, jitter: 'half' }, random),
        });
    }
  }

  return {
    /** Picks up writes an earlier process left and sends what is due. */
    start(): void {
      outbox.recoverInterrupted();
      schedulePump();
    },

    /** Looks for due writes now (a write arrived, or an agent asked to retry). */
    nudge: schedulePump,

    /**
     * Resolves when the write's next attempt has ended, when it cannot be attempted now (an
     * earlier write of its queue is waiting), or after `withinMs`, whichever comes first.
     */
    settled(writeId: string, withinMs: number): Promise<void> {
      return new Promise((resolve) => {
        const deadline = setTimeout(done, withinMs);
        function done() {
          clearTimeout(deadline);
          resolve();
        }
        waiters.set(writeId, [...(waiters.get(writeId) ?? []), done]);
      });
    },

    /** Stops sending; resolves once the attempts under way have ended and been stored. */
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      await Promise.allSettled([...running]);
      for (const writeId of [...waiters.keys()]) release(writeId);
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
