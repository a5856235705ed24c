/**
 * Time budgets on an agent's path: the answer comes within a set time whatever an outside system
 * does. Work that outlives its budget goes on in the background (its result still fills caches
 * and the outbox); only the answer stops waiting for it.
 */

export interface Budget {
  /** What is left of the budget, never below 0. */
  remainingMs(): number;
  /**
   * The work's result if it settles within what is left; else what `late` gives (or throws).
   * A rejection of work that came too late is ignored: nobody waits for it any more.
   */
  within<T>(work: Promise<T>, late: () => T): Promise<T>;
}

const outOfTimeMark: unique symbol = Symbol('out of time');

/** Starts a budget of `totalMs` now. */
export function startBudget(totalMs: number, now: () => number = Date.now): Budget {
  const endsAt = now() + totalMs;
  const remainingMs = () => Math.max(0, endsAt - now());
  return {
    remainingMs,
    within<T>(work: Promise<T>, late: () => T): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const outOfTime = new Promise<typeof outOfTimeMark>((resolve) => {
        timer = setTimeout(() => resolve(outOfTimeMark), remainingMs());
      });
      work.catch(() => undefined);
      return Promise.race([work, outOfTime]).then(
        (result) => {
          clearTimeout(timer);
          return result === outOfTimeMark ? late() : result;
        },
        (error: unknown) => {
          clearTimeout(timer);
          throw error;
        },
      );
    },
  };
}
