/** Both sandboxes at once, over one shared seed, as the demo, tests and benchmarks use them. */
import { startGhlSandbox, type GhlSandbox, type GhlSandboxOptions } from './highlevel/index';
import { createSeed, type Seed } from './seed';
import { startTrengoSandbox, type TrengoSandbox, type TrengoSandboxOptions } from './trengo/index';

export { startGhlSandbox, defaultGhlSandboxToken, ghlApiVersion } from './highlevel/index';
export type { GhlSandbox, GhlSandboxOptions, GhlRateLimit } from './highlevel/index';
export { GhlWebhooks, ghlEventTypes, ghlSignatureHeader, ghlWorkflowSecretHeader } from './highlevel/index';
export type { GhlEvent, GhlEventType, GhlWebhookMode, SignedGhlEvent, TaskCreateOmission } from './highlevel/index';
export { startTrengoSandbox, defaultTrengoSandboxToken } from './trengo/index';
export type { TrengoSandbox, TrengoSandboxOptions } from './trengo/index';
export { TrengoWebhooks, trengoEventTypes, trengoSignature, trengoSignatureHeader } from './trengo/index';
export type { InboundMessage, InboundResult, TrengoEventType, TrengoWebhookRecord } from './trengo/index';
export { WebhookDelivery, defaultWebhookKnobs } from './webhook-delivery';
export type { ReleaseOrder, WebhookAttempt, WebhookKnobs } from './webhook-delivery';
export type { SandboxCall } from './calls';
export { SandboxFaults } from './faults';
export * from './seed';

export interface SandboxesOptions {
  /** The moment seed dates are computed from; now unless given. */
  now?: Date;
  ghl?: Omit<GhlSandboxOptions, 'seed' | 'now'>;
  trengo?: Omit<TrengoSandboxOptions, 'seed' | 'now'>;
}

/** The two running sandboxes and the seed they share. */
export interface Sandboxes {
  ghl: GhlSandbox;
  trengo: TrengoSandbox;
  seed: Seed;
  /** The HighLevel sandbox's accepted token at start-up. */
  ghlToken: string;
  /** The Trengo sandbox's accepted token at start-up. */
  trengoToken: string;
  close(): Promise<void>;
}

/** Starts the HighLevel and Trengo sandboxes over one seed. */
export async function startSandboxes(options: SandboxesOptions = {}): Promise<Sandboxes> {
  const seed = createSeed(options.now);
  const ghl = await startGhlSandbox({ ...options.ghl, seed });
  const trengo = await startTrengoSandbox({ ...options.trengo, seed }).catch(async (error: unknown) => {
    await ghl.close();
    throw error;
  });
  return {
    ghl,
    trengo,
    seed,
    ghlToken: ghl.token,
    trengoToken: trengo.token,
    close: async () => {
      await Promise.all([ghl.close(), trengo.close()]);
    },
  };
}
