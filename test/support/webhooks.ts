/**
 * Webhook deliveries as HighLevel and Trengo make them, for tests: HighLevel app events signed
 * with an Ed25519 key of the test's own (configured as GHL_WEBHOOK_PUBLIC_KEY), Workflow
 * webhooks with their shared secret, and Trengo's form bodies with their HMAC signature.
 */
import { createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { ContactPart, EventTargets } from '../../server/domain/events';

/** An Ed25519 key pair: the public half as the setting wants it, the private half to sign with. */
export function highLevelSigningKey(): { publicKey: string; privateKey: KeyObject } {
  const pair = generateKeyPairSync('ed25519');
  return { publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey: pair.privateKey };
}

/** A HighLevel app event as sent: `webhookId`, `timestamp` (ISO 8601) and the type's fields. */
export function highLevelEvent(fields: { type: string; locationId: string } & Record<string, unknown>, at = Date.now()) {
  return JSON.stringify({ webhookId: randomBytes(12).toString('hex'), timestamp: new Date(at).toISOString(), ...fields });
}

/** The `X-GHL-Signature` of a body. */
export function highLevelSignature(body: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(body), privateKey).toString('base64');
}

/** The `Trengo-Signature` of a body at a time (seconds since 1970). */
export function trengoSignature(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `${timestamp};${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A Trengo form body: every value a string. */
export function trengoForm(fields: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(fields).map(([key, value]) => [key, String(value)])).toString();
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', body, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, body: json };
}

/**
 * Event targets that record each call as a line (`contactChanged <id> <part>`,
 * `contactDeleted <id>`, `ticketActivity <id>`); `hold` makes every call hang until released.
 */
export function recordingTargets() {
  const calls: string[] = [];
  const arrived: string[] = [];
  let held: Promise<void> | null = null;
  const record = async (line: string) => {
    arrived.push(line);
    if (held) await held;
    calls.push(line);
  };
  const targets: EventTargets = {
    contactChanged: (contactId: string, part: ContactPart) => record(`contactChanged ${contactId} ${part}`),
    contactDeleted: (contactId: string) => record(`contactDeleted ${contactId}`),
    ticketActivity: (ticketId: string) => record(`ticketActivity ${ticketId}`),
  };
  return {
    targets,
    /** Calls that returned. */
    calls,
    /** Calls that began, returned or not. */
    arrived,
    /** From now on, calls never return. */
    hang(): void {
      held = new Promise(() => undefined);
    },
  };
}

/** Waits until `done()` holds, checking every 20 ms, or fails after `withinMs`. */
export async function eventually(done: () => boolean, withinMs = 5000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
