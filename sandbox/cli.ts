/**
 * Starts both sandboxes and prints where they listen, for benchmarks and manual runs:
 *
 *   npx tsx sandbox/cli.ts [--ghl-port 4010] [--trengo-port 4020] [--latency-ms 50]
 *                          [--ghl-webhook-url http://127.0.0.1:3000/webhooks/highlevel] [--json]
 *
 * `--ghl-webhook-url` is where the HighLevel sandbox posts its signed webhooks (none unless given;
 * `PUT /_sandbox/webhooks` sets it later). `--json` prints one JSON line
 * ({ghl:{url,token,locationId,webhookPublicKey}, trengo:{url,token}}) for scripts.
 * Runs until interrupted.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startSandboxes } from './index';

const portSchema = z.coerce.number().int().min(0).max(65_535);
const cliSchema = z.object({
  ghlPort: portSchema.default(0),
  trengoPort: portSchema.default(0),
  latencyMs: z.coerce.number().int().min(0).max(120_000).default(0),
  ghlWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  json: z.boolean().default(false),
});

const { values } = parseArgs({
  options: {
    'ghl-port': { type: 'string' },
    'trengo-port': { type: 'string' },
    'latency-ms': { type: 'string' },
    'ghl-webhook-url': { type: 'string' },
    json: { type: 'boolean' },
  },
});
const parsed = cliSchema.safeParse({
  ghlPort: values['ghl-port'],
  trengoPort: values['trengo-port'],
  latencyMs: values['latency-ms'],
  ghlWebhookUrl: values['ghl-webhook-url'],
  json: values.json,
});
if (!parsed.success) {
  console.error(`Invalid options: ${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const options = parsed.data;

const sandboxes = await startSandboxes({
  ghl: { port: options.ghlPort, latencyMs: options.latencyMs, webhookUrl: options.ghlWebhookUrl ?? null },
  trengo: { port: options.trengoPort, latencyMs: options.latencyMs },
});

if (options.json) {
  console.log(
    JSON.stringify({
      ghl: {
        url: sandboxes.ghl.url,
        token: sandboxes.ghlToken,
        locationId: sandboxes.ghl.locationId,
        webhookPublicKey: sandboxes.ghl.webhookPublicKey,
      },
      trengo: { url: sandboxes.trengo.url, token: sandboxes.trengoToken },
    }),
  );
} else {
  console.log(`HighLevel sandbox: ${sandboxes.ghl.url}  (token ${sandboxes.ghlToken}, location ${sandboxes.ghl.locationId})`);
  console.log(`Trengo sandbox:    ${sandboxes.trengo.url}  (token ${sandboxes.trengoToken})`);
  console.log(
    `HighLevel webhooks: to ${sandboxes.ghl.webhooks.target ?? 'nowhere yet'}, verified by GHL_WEBHOOK_PUBLIC_KEY=${sandboxes.ghl.webhookPublicKey}`,
  );
  console.log(
    `Controls: ${sandboxes.ghl.url}/_sandbox/{calls,faults,reset,webhooks,edits/...} and ${sandboxes.trengo.origin}/_sandbox/{...,webhooks,inbound,tickets/:id/close}`,
  );
}

const stop = async () => {
  await sandboxes.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
