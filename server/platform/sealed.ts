/**
 * Secrets kept in the database, sealed with AES-256-GCM under a key from the environment
 * (`TOKEN_ENCRYPTION_KEY`): a copy of the database file alone gives no one a token, and a sealed
 * value changed on disk fails to open rather than being used.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealer {
  seal(text: string): string;
  /** The text sealed, or null when the value is not one this key sealed. */
  open(sealed: string): string | null;
}

/** A 32-byte key, given as base64 (44 characters) or hex (64); null when it is neither. */
export function readSealingKey(given: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(given) ? Buffer.from(given, 'hex') : Buffer.from(given, 'base64');
  return key.length === 32 ? key : null;
}

export function createSealer(key: Buffer): Sealer {
  return {
    seal(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
    },
    open(sealed) {
      if (!sealed.startsWith('v1.')) return null;
      const bytes = Buffer.from(sealed.slice(3), 'base64url');
      if (bytes.length < 29) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
