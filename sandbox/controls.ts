/**
 * The `/_sandbox/*` routes: the same controls the in-process handles offer, for sandboxes
 * running in another process (benchmarks, the demo).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxCall } from './calls';
import type { SandboxFaults } from './faults';

/** Body of `PUT /_sandbox/faults`: only the named settings change. */
export const faultsUpdateSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  failRate: z.number().min(0).max(1).optional(),
  down: z.boolean().optional(),
  failNext: z
    .strictObject({ count: z.number().int().min(0).max(10_000), status: z.number().int().min(100).max(599) })
    .optional(),
});
export type FaultsUpdate = z.infer<typeof faultsUpdateSchema>;

/** What a sandbox lends its control routes. */
export interface ControlledSandbox {
  calls: SandboxCall[];
  resetCalls(): void;
  faults: SandboxFaults;
  /** Back to the seed data, no faults, no recorded calls, an empty rate window. */
  reset(): void;
}

function faultsState(faults: SandboxFaults) {
  return {
    latencyMs: faults.latencyMs,
    failRate: faults.failRate,
    down: faults.down,
    queuedFailures: faults.queuedFailures,
  };
}

/** Routes to mount at `/_sandbox`. */
export function controlRoutes(sandbox: ControlledSandbox) {
  return new Hono()
    .get('/calls', (c) => c.json(sandbox.calls))
    .delete('/calls', (c) => {
      sandbox.resetCalls();
      return c.body(null, 204);
    })
    .get('/faults', (c) => c.json(faultsState(sandbox.faults)))
    .put('/faults', async (c) => {
      const parsed = faultsUpdateSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        return c.json({ message: 'Invalid faults', issues: z.treeifyError(parsed.error) }, 400);
      }
      const { latencyMs, failRate, down, failNext } = parsed.data;
      if (latencyMs !== undefined) sandbox.faults.latencyMs = latencyMs;
      if (failRate !== undefined) sandbox.faults.failRate = failRate;
      if (down !== undefined) sandbox.faults.down = down;
      if (failNext) sandbox.faults.failNext(failNext.count, failNext.status);
      return c.json(faultsState(sandbox.faults));
    })
    .post('/reset', (c) => {
      sandbox.reset();
      return c.body(null, 204);
    });
}
