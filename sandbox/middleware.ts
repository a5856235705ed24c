/** Middleware every sandbox puts in front of its API: call recording, latency and injected faults. */
import type { Context, MiddlewareHandler } from 'hono';
import { preciseNow, queryOf, type SandboxCall } from './calls';
import type { SandboxFaults } from './faults';
import { isControlPath } from './serve';

/** Appends every answered API call to `calls`, once its status is known. */
export function recordCalls(calls: SandboxCall[]): MiddlewareHandler {
  return async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    const startedAt = preciseNow();
    await next();
    const url = new URL(c.req.url);
    calls.push({
      method: c.req.method,
      path: url.pathname,
      query: queryOf(url),
      status: c.res.status,
      startedAt,
      endedAt: preciseNow(),
    });
  };
}

/** Delays every API answer by `faults.latencyMs`, then answers injected failures with `answerFault`. */
export function applyFaults(
  faults: SandboxFaults,
  answerFault: (c: Context, status: number) => Response,
): MiddlewareHandler {
  return async (c, next) => {
    if (isControlPath(c.req.path)) return next();
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const injected = faults.takeInjectedStatus();
    if (injected !== null) return answerFault(c, injected);
    return next();
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
