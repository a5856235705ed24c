/** A sliding-window request limit, the kind HighLevel and Trengo enforce per client. */

/** What the window says about one request. */
export interface RateDecision {
  allowed: boolean;
  /** Requests left in the window after this one. */
  remaining: number;
  /** When the window frees a slot again, in milliseconds from now (0 when one is free). */
  retryAfterMs: number;
}

/** Allows `max` requests in any `intervalMs`; refused requests do not use up a slot. */
export class SlidingWindow {
  #accepted: number[] = [];

  constructor(
    public max: number,
    public intervalMs: number,
  ) {}

  /** Applies a new limit from now on, counting what the window already accepted (a benchmark warms up faster than the limit). */
  limit(max: number, intervalMs: number): void {
    this.max = max;
    this.intervalMs = intervalMs;
  }

  /** Counts a request arriving at `now` (epoch ms) if the window has room. */
  take(now: number): RateDecision {
    this.#prune(now);
    if (this.#accepted.length >= this.max) {
      const oldest = this.#accepted[0] ?? now;
      return { allowed: false, remaining: 0, retryAfterMs: Math.max(0, oldest + this.intervalMs - now) };
    }
    this.#accepted.push(now);
    return { allowed: true, remaining: this.max - this.#accepted.length, retryAfterMs: 0 };
  }

  /** Forgets every request counted so far. */
  clear(): void {
    this.#accepted = [];
  }

  #prune(now: number): void {
    const cutoff = now - this.intervalMs;
    while (this.#accepted.length > 0 && (this.#accepted[0] ?? 0) <= cutoff) this.#accepted.shift();
  }
}
