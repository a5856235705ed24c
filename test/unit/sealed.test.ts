import { describe, expect, it } from 'vitest';
import { createSealer, readSealingKey } from '../../server/platform/sealed';

describe('sealed secrets', () => {
  const key = readSealingKey(Buffer.alloc(32, 3).toString('base64'));
  if (!key) throw new Error('a 32-byte key should read');
  const sealer = createSealer(key);

  it('open to what was sealed, and differ each time they are sealed', () => {
    const sealed = sealer.seal('{"accessToken":"abc"}');
    expect(sealed).not.toContain('abc');
    expect(sealer.seal('{"accessToken":"abc"}')).not.toBe(sealed);
    expect(sealer.open(sealed)).toBe('{"accessToken":"abc"}');
  });

  it('do not open when changed, when sealed under another key, or when not sealed at all', () => {
    const sealed = sealer.seal('refresh-token');
    const changed = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(sealer.open(changed)).toBeNull();
    expect(createSealer(Buffer.alloc(32, 4)).open(sealed)).toBeNull();
    expect(sealer.open('refresh-token')).toBeNull();
  });

  it('take a key of 32 bytes only, in base64 or hex', () => {
    expect(readSealingKey('ab'.repeat(32))).toHaveLength(32);
    expect(readSealingKey(Buffer.alloc(16).toString('base64'))).toBeNull();
    expect(readSealingKey('not a key')).toBeNull();
  });
});
