/**
 * How webhook deliveries prove where they come from, each checked on the raw body before anything
 * reads it: HighLevel's Ed25519 `X-GHL-Signature`, its legacy RSA `X-WH-Signature`, and Trengo's
 * `Trengo-Signature` HMAC. Every comparison takes the same time wherever the values differ.
 */
import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * HighLevel's legacy webhook key (`X-WH-Signature`, RSA-SHA256), from its Webhook Authentication
 * guide. HighLevel has announced the scheme's end; it is accepted only when a delivery carries no
 * `X-GHL-Signature`.
 */
const legacyHighLevelKey = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----`;

/** How far a delivery's time may lie from ours, either way, before it is refused as a replay. */
export const webhookToleranceMs = 5 * 60_000;

/** The Ed25519 key from `GHL_WEBHOOK_PUBLIC_KEY` (base64 SPKI DER, checked at start-up). */
export function highLevelKey(base64Spki: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64Spki, 'base64'), format: 'der', type: 'spki' });
}

let legacyKey: KeyObject | undefined;

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/** Whether `signature` (base64) is HighLevel's Ed25519 signature of `body`. */
export function isHighLevelSignature(body: Buffer, signature: string, key: KeyObject): boolean {
  if (!base64Pattern.test(signature.trim())) return false;
  try {
    return verify(null, body, key, Buffer.from(signature.trim(), 'base64'));
  } catch {
    return false;
  }
}

/** Whether `signature` (base64) is HighLevel's legacy RSA-SHA256 signature of `body`. */
export function isLegacyHighLevelSignature(body: Buffer, signature: string): boolean {
  if (!base64Pattern.test(signature.trim())) return false;
  legacyKey ??= createPublicKey(legacyHighLevelKey);
  try {
    return verify('sha256', body, legacyKey, Buffer.from(signature.trim(), 'base64'));
  } catch {
    return false;
  }
}

/** `Trengo-Signature: <timestamp>;<hex>` as read, before any secret is tried. */
export function readTrengoSignature(header: string): { timestamp: string; hex: string } | null {
  const match = /^\s*(\d{1,16});([0-9a-fA-F]{64})\s*$/.exec(header);
  return match ? { timestamp: match[1]!, hex: match[2]!.toLowerCase() } : null;
}

/** The lowercase hex HMAC-SHA256 Trengo sends: of `<timestamp>.<raw body>`, keyed with the webhook's signing secret. */
export function trengoSignature(secret: string, timestamp: string, body: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The first of `secrets` that signed the delivery, or null. Every secret is tried, so the time
 * taken does not tell which one matched or how much of a signature was right.
 */
export function matchingTrengoSecret<Secret extends { secret: string }>(
  signature: { timestamp: string; hex: string },
  body: Buffer,
  secrets: readonly Secret[],
): Secret | null {
  const given = Buffer.from(signature.hex, 'hex');
  let found: Secret | null = null;
  for (const candidate of secrets) {
    const expected = Buffer.from(trengoSignature(candidate.secret, signature.timestamp, body), 'hex');
    if (timingSafeEqual(given, expected) && found === null) found = candidate;
  }
  return found;
}

/**
 * A sender's time as epoch ms: an ISO 8601 text, or a number of seconds or milliseconds since
 * 1970 (as a number or digits). Null when it is none of these.
 */
export function epochMsOf(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) ? Number(value) : null;
  if (number !== null) return Number.isFinite(number) ? (number < 1e11 ? number * 1000 : number) : null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether a delivery dated `atMs` is recent enough, and not too far ahead of our clock. */
export function isFresh(atMs: number, nowMs: number): boolean {
  return Math.abs(nowMs - atMs) <= webhookToleranceMs;
}
