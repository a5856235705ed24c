/**
 * What the server remembers per ticket or contact for a while: at most `limit` entries, each
 * for `ttlMs`, the least recently set dropped first, so a long-running server's memory stays
 * bounded; entries past their time are dropped as new ones come, not kept until the limit.
 */
export function createRecent<K, V>(options: { limit: number; ttlMs: number }) {
  const entries = new Map<K, { value: V; expiresAt: number }>();
  return {
    /** The value while it is fresh; undefined once it expired (and it is dropped then). */
    get(key: K): V | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > Date.now()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key: K, value: V): void {
      const at = Date.now();
      entries.delete(key);
      entries.set(key, { value, expiresAt: at + options.ttlMs });
      if (entries.size > options.limit) entries.delete(entries.keys().next().value as K);
      // Entries are in the order they were set, so those past their time are at the front.
      for (const [oldest, entry] of entries) {
        if (entry.expiresAt > at) break;
        entries.delete(oldest);
      }
    },
    /** How many entries are held (some may be past their time until the next `set`). */
    get size(): number {
      return entries.size;
    },
    delete(key: K): void {
      entries.delete(key);
    },
    /** The fresh value, removed: for what may be used once. */
    take(key: K): V | undefined {
      const value = this.get(key);
      entries.delete(key);
      return value;
    },
  };
}
