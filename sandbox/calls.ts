/** The record of API calls a sandbox answered, for tests and benchmarks to inspect. */

/** One API call as the sandbox saw it. */
export interface SandboxCall {
  method: string;
  /** The path without its query string. */
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 when the connection was dropped without an answer. */
  status: number;
  /** Milliseconds since the Unix epoch, with sub-millisecond precision. */
  startedAt: number;
  endedAt: number;
}

/** The current time in epoch milliseconds, precise enough to order overlapping calls. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The query string of a URL as a plain record (the last value wins for repeated names). */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}
