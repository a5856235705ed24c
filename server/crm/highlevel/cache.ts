/**
 * Where a cached read belongs, so that a write can drop exactly what it may have changed:
 * a contact's own reads (`/contacts/{id}` and below) or the searches and lists.
 */
export type ReadScope = { contactId: string } | 'searches';

/** Counts of reads answered without a new HTTP call. */
export interface ReadCacheStats {
  cacheHits: number;
  coalesced: number;
}

/**
 * Successful reads kept for a time-to-live, and identical reads in flight shared: a second
 * caller asking for the same key while the first call runs waits for that call.
 */
export interface ReadCache {
  read<T>(key: string, scope: ReadScope, load: () => Promise<T>): Promise<T>;
  /** Drops a contact's cached reads, and with `searches` every search and list. */
  invalidate(target: { contactId?: string; searches?: boolean }): void;
  stats(): ReadCacheStats;
}

interface Entry {
  scope: ReadScope;
  expiresAt: number;
  value: unknown;
}

interface InFlight {
  scope: ReadScope;
  promise: Promise<unknown>;
  /** Set when a write touched the scope while the read ran: its answer may predate the write. */
  stale: boolean;
}

const maxEntries = 2000;

function inScope(scope: ReadScope, target: { contactId?: string; searches?: boolean }): boolean {
  if (scope === 'searches') return target.searches === true;
  return target.contactId !== undefined && scope.contactId === target.contactId;
}

/** A read cache; `ttlMs` 0 turns caching off but keeps the sharing of reads in flight. */
export function createReadCache(ttlMs: number): ReadCache {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, InFlight>();
  const counts: ReadCacheStats = { cacheHits: 0, coalesced: 0 };

  function store(key: string, scope: ReadScope, value: unknown): void {
    if (ttlMs <= 0) return;
    entries.delete(key);
    entries.set(key, { scope, value, expiresAt: Date.now() + ttlMs });
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
  }

  return {
    // Cached values are handed out as copies, so no caller can change what another one reads.
    async read<T>(key: string, scope: ReadScope, load: () => Promise<T>): Promise<T> {
      const cached = entries.get(key);
      if (cached !== undefined) {
        if (cached.expiresAt > Date.now()) {
          counts.cacheHits += 1;
          return structuredClone(cached.value as T);
        }
        entries.delete(key);
      }
      const running = inFlight.get(key);
      if (running !== undefined) {
        counts.coalesced += 1;
        return structuredClone((await running.promise) as T);
      }
      const flight: InFlight = { scope, stale: false, promise: load() };
      inFlight.set(key, flight);
      try {
        const value = await (flight.promise as Promise<T>);
        if (!flight.stale) store(key, scope, value);
        return structuredClone(value);
      } finally {
        if (inFlight.get(key) === flight) inFlight.delete(key);
      }
    },
    invalidate(target) {
      for (const [key, entry] of entries) {
        if (inScope(entry.scope, target)) entries.delete(key);
      }
      for (const [key, flight] of inFlight) {
        if (inScope(flight.scope, target)) {
          flight.stale = true;
          inFlight.delete(key);
        }
      }
    },
    stats() {
      return { ...counts };
    },
  };
}
