/**
 * The `/_sandbox/*` routes: the same controls the in-process handles offer, for sandboxes
 * running in another process (benchmarks, the demo).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxCall } from './calls';
import type { SandboxFaults } from './faults';
import type { WebhookDelivery } from './webhook-delivery';

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

const milliseconds = z.number().int().min(0).max(600_000);

/**
 * Body of `PUT /_sandbox/webhooks`: only the named settings change. `paused: false` lets held
 * deliveries go in `releaseOrder` (`sent` unless given).
 */
export const webhookKnobsUpdateSchema = z.strictObject({
  paused: z.boolean().optional(),
  releaseOrder: z.enum(['sent', 'reverse', 'shuffled']).optional(),
  duplicateRate: z.number().min(0).max(1).optional(),
  delayMs: milliseconds.optional(),
  jitterMs: milliseconds.optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  retryDelayMs: milliseconds.optional(),
  timeoutMs: milliseconds.min(1).optional(),
});
export type WebhookKnobsUpdate = z.infer<typeof webhookKnobsUpdateSchema>;

/** What a sandbox adds to its webhook controls: more settings, and how to apply and show them. */
export interface WebhookSettings<T extends WebhookKnobsUpdate> {
  /** `webhookKnobsUpdateSchema`, or an extension of it. */
  schema: z.ZodType<T>;
  /** Applies the settings beyond the knobs; the knobs are applied already. */
  apply?(update: T): void;
  /** The settings beyond the knobs, as `GET /_sandbox/webhooks` shows them. */
  state?(): Record<string, unknown>;
}

/**
 * Routes to mount at `/_sandbox/webhooks`: the delivery knobs (`GET`, `PUT`) and the record of
 * every attempt (`GET /deliveries`, `DELETE /deliveries` to forget it).
 */
export function webhookControlRoutes<T extends WebhookKnobsUpdate>(delivery: WebhookDelivery, settings: WebhookSettings<T>) {
  const state = () => ({ ...settings.state?.(), ...delivery.knobs(), paused: delivery.paused, pending: delivery.pending });
  return new Hono()
    .get('/', (c) => c.json(state()))
    .put('/', async (c) => {
      const parsed = settings.schema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        return c.json({ message: 'Invalid webhook settings', issues: z.treeifyError(parsed.error) }, 400);
      }
      const { paused, releaseOrder, duplicateRate, delayMs, jitterMs, maxAttempts, retryDelayMs, timeoutMs } = parsed.data;
      if (duplicateRate !== undefined) delivery.duplicateRate = duplicateRate;
      if (delayMs !== undefined) delivery.delayMs = delayMs;
      if (jitterMs !== undefined) delivery.jitterMs = jitterMs;
      if (maxAttempts !== undefined) delivery.maxAttempts = maxAttempts;
      if (retryDelayMs !== undefined) delivery.retryDelayMs = retryDelayMs;
      if (timeoutMs !== undefined) delivery.timeoutMs = timeoutMs;
      settings.apply?.(parsed.data);
      if (paused === true) delivery.pause();
      if (paused === false) delivery.resume(releaseOrder);
      return c.json(state());
    })
    .get('/deliveries', (c) => c.json(delivery.attempts))
    .delete('/deliveries', (c) => {
      delivery.clearAttempts();
      return c.body(null, 204);
    });
}
