/**
 * HighLevel's signed webhooks, as a Marketplace app receives them: every change of the sandbox's
 * data goes out as a JSON event with a `webhookId` and a `timestamp`, signed with the sandbox's
 * own Ed25519 key in `X-GHL-Signature` (base64, over the exact body bytes). In `workflow` mode it
 * sends instead what a location's Workflow "Webhook" action sends: the contact's fields flat,
 * unsigned, with a shared secret in `X-Webhook-Secret`.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { webhookControlRoutes, webhookKnobsUpdateSchema } from '../controls';
import { WebhookDelivery, type WebhookDeliveryOptions } from '../webhook-delivery';
import { eventsOf, workflowBodyOf, type GhlEvent, type TaskCreateOmission } from './events';
import type { GhlContactRecord } from './records';
import type { GhlChange } from './store';

/** The header HighLevel signs its webhooks in. */
export const ghlSignatureHeader = 'X-GHL-Signature';

/** The header a Workflow's Webhook action is set up to carry the shared secret in. */
export const ghlWorkflowSecretHeader = 'X-Webhook-Secret';

/** The secret Workflow webhooks carry unless told otherwise. */
export const defaultWorkflowSecret = 'sandbox-workflow-secret';

/** What HighLevel leaves out of TaskCreate unless told otherwise: the task's description. */
export const defaultTaskCreateOmits: readonly TaskCreateOmission[] = ['body'];

/** `app`: signed events, as a Marketplace app gets them. `workflow`: a Workflow's unsigned Webhook action. */
export type GhlWebhookMode = 'app' | 'workflow';

export interface GhlWebhooksOptions extends WebhookDeliveryOptions {
  locationId: string;
  /** The location's time zone, for appointment times. */
  timeZone: string;
  /** The location's name, which Workflow webhooks carry. */
  locationName: string;
  /** The contact a Workflow webhook describes, as it is now. */
  contactOf(contactId: string): GhlContactRecord | undefined;
  /** Where events go from the start; none sends nothing until `target` is set. */
  target?: string | null;
  /** Clock of the `timestamp` field. */
  now?: () => Date;
}

/** The event as sent: its payload, then `webhookId` and `timestamp`. */
export type SignedGhlEvent = GhlEvent & { webhookId: string; timestamp: string };

/**
 * The sandbox's webhook sender: its key pair, its target, the TaskCreate quirk, and the delivery
 * knobs and attempt record it inherits.
 */
export class GhlWebhooks extends WebhookDelivery {
  /** The URL events are posted to; null sends none (events made meanwhile are not kept). */
  target: string | null;
  /** Fields left out of every TaskCreate; `body` by default, as HighLevel often does. */
  readonly taskCreateOmits = new Set<TaskCreateOmission>(defaultTaskCreateOmits);
  /** Signed app events (the default) or Workflow webhooks. */
  mode: GhlWebhookMode = 'app';
  /** The `X-Webhook-Secret` of Workflow webhooks. */
  workflowSecret = defaultWorkflowSecret;
  /** The Ed25519 public key that verifies `X-GHL-Signature`: SPKI DER, base64. */
  readonly publicKey: string;
  readonly #privateKey: KeyObject;
  readonly #options: GhlWebhooksOptions;

  constructor(options: GhlWebhooksOptions) {
    super(options);
    this.#options = options;
    this.target = options.target ?? null;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.publicKey = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    this.#privateKey = privateKey;
  }

  /**
   * Sends the events a change of the store makes; in `workflow` mode, one Workflow webhook with
   * the contact's fields for a change that makes any (none for a deleted contact, which no
   * Workflow trigger reports).
   */
  announce(change: GhlChange): void {
    const { locationId, timeZone } = this.#options;
    const events = eventsOf(change, { locationId, timeZone, taskCreateOmits: this.taskCreateOmits });
    if (this.mode === 'app') {
      for (const event of events) this.publish(event);
      return;
    }
    const contactId = change.kind === 'contact' ? change.after?.id : (change.after ?? change.before)?.contactId;
    const contact = contactId === undefined ? undefined : this.#options.contactOf(contactId);
    if (events.length > 0 && contact) this.publishWorkflow(contact, events.map((event) => event.type).join(', '));
  }

  /** Queues a Workflow webhook describing the contact, unsigned, with the shared secret. */
  publishWorkflow(contact: GhlContactRecord, trigger: string): void {
    const url = this.target;
    if (url === null) return;
    const { locationId, locationName } = this.#options;
    const body = JSON.stringify(workflowBodyOf(contact, { id: locationId, name: locationName }, trigger));
    const secret = this.workflowSecret;
    this.send({
      eventId: randomUUID(),
      type: 'Workflow',
      url,
      body,
      headers: () => ({ 'Content-Type': 'application/json', [ghlWorkflowSecretHeader]: secret }),
    });
  }

  /** Stamps, signs and queues one event for the target; without a target it is dropped. */
  publish(event: GhlEvent): SignedGhlEvent | null {
    const url = this.target;
    if (url === null) return null;
    const signed: SignedGhlEvent = {
      ...event,
      webhookId: randomUUID(),
      timestamp: (this.#options.now?.() ?? new Date()).toISOString(),
    };
    const body = JSON.stringify(signed);
    const signature = sign(null, Buffer.from(body), this.#privateKey).toString('base64');
    this.send({
      eventId: signed.webhookId,
      type: signed.type,
      url,
      body,
      headers: () => ({ 'Content-Type': 'application/json', [ghlSignatureHeader]: signature }),
    });
    return signed;
  }

  /** Delivery back to its defaults, the TaskCreate quirk and the mode too; the key pair and the target stay. */
  override reset(): void {
    super.reset();
    this.mode = 'app';
    this.workflowSecret = defaultWorkflowSecret;
    this.taskCreateOmits.clear();
    for (const field of defaultTaskCreateOmits) this.taskCreateOmits.add(field);
  }
}

/** Body of the HighLevel sandbox's `PUT /_sandbox/webhooks`: the knobs, the target, the TaskCreate quirk. */
export const ghlWebhookSettingsSchema = webhookKnobsUpdateSchema.extend({
  target: z.url({ protocol: /^https?$/ }).nullable().optional(),
  taskCreateOmits: z.array(z.enum(['body', 'contactId'])).optional(),
  mode: z.enum(['app', 'workflow']).optional(),
  workflowSecret: z.string().min(1).max(500).optional(),
});

/** Routes to mount at `/_sandbox/webhooks`; `GET` also shows the public key. */
export function ghlWebhookControlRoutes(webhooks: GhlWebhooks) {
  return webhookControlRoutes(webhooks, {
    schema: ghlWebhookSettingsSchema,
    apply: ({ target, taskCreateOmits, mode, workflowSecret }) => {
      if (target !== undefined) webhooks.target = target;
      if (mode !== undefined) webhooks.mode = mode;
      if (workflowSecret !== undefined) webhooks.workflowSecret = workflowSecret;
      if (taskCreateOmits !== undefined) {
        webhooks.taskCreateOmits.clear();
        for (const field of taskCreateOmits) webhooks.taskCreateOmits.add(field);
      }
    },
    state: () => ({
      target: webhooks.target,
      publicKey: webhooks.publicKey,
      signatureHeader: ghlSignatureHeader,
      taskCreateOmits: [...webhooks.taskCreateOmits],
      mode: webhooks.mode,
      workflowSecret: webhooks.workflowSecret,
    }),
  });
}
