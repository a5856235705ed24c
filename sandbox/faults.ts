/** Faults a sandbox can be told to inject, so tests can watch clients cope with a bad day. */

/** Statuses a random failure picks from, the way a struggling upstream answers. */
export const randomFailureStatuses = [500, 502, 503] as const;

/** The live fault settings of one sandbox; tests change the fields directly. */
export class SandboxFaults {
  /** Delay before every API answer. */
  latencyMs = 0;
  /** Share (0..1) of API calls answered 500, 502 or 503 at random. */
  failRate = 0;
  /** True: every API connection is destroyed without an answer (a network error for the caller). */
  down = false;
  #queued: number[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** The next `count` API calls answer `status`, after any failures queued before. */
  failNext(count: number, status: number): void {
    for (let i = 0; i < count; i++) this.#queued.push(status);
  }

  /** How many queued failures are still to come. */
  get queuedFailures(): number {
    return this.#queued.length;
  }

  /** The status to inject into the call now arriving, or null to answer it normally. */
  takeInjectedStatus(): number | null {
    const queued = this.#queued.shift();
    if (queued !== undefined) return queued;
    if (this.failRate > 0 && this.random() < this.failRate) {
      const pick = Math.floor(this.random() * randomFailureStatuses.length);
      return randomFailureStatuses[pick] ?? 500;
    }
    return null;
  }

  /** Back to a healthy sandbox. */
  clear(): void {
    this.latencyMs = 0;
    this.failRate = 0;
    this.down = false;
    this.#queued = [];
  }
}
