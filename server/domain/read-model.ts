/**
 * The read model: the records each contact's sidebar is made from, read from the CRM and kept in
 * the read copy with the time they were true, so an open can answer from the copy at once and
 * while the CRM is slow or down. Reads, the server's own writes and webhook events update it; a
 * change to a contact's records is told to the open sidebars.
 */
import type { CrmContact, CrmPort } from '../crm/port';
import type { CopiedParts, ReadCopy } from '../store/port';
import { createRecent } from '../platform/recent';
import type { Live } from './live';

/** The parts of a contact's records an event may say changed. */
export type RecordPart = 'contact' | 'tasks' | 'notes' | 'appointments';

export interface ReadModelOptions {
  crm: CrmPort;
  /** Without one, nothing is kept: every open reads the CRM. */
  readCopy?: ReadCopy;
  live?: Live;
  /**
   * How many contacts' copies are also held in memory, the most recently used, so a repeat open
   * neither queries nor parses the stored copy; default 1000.
   */
  heldInMemory?: number;
  now?: () => number;
}

/** How often a copy's use is written down for retention. */
const touchEveryMs = 60 * 60_000;

/** How long the server remembers that a contact changed through it (longer than any cache time). */
const changedTtlMs = 60 * 60_000;

export function createReadModel(options: ReadModelOptions) {
  const { crm, readCopy, live } = options;
  const now = options.now ?? Date.now;
  /** When each contact last changed through the server's own writes: a copy from before is outdated. */
  const changedAt = createRecent<string, number>({ limit: 10_000, ttlMs: changedTtlMs });
  /** Copies marked as used within the hour: retention counts in days, so an open need not write to disk each time. */
  const touched = createRecent<string, true>({ limit: 10_000, ttlMs: touchEveryMs });
  /**
   * The stored copies most recently used, least recently used first; dropped whenever the stored
   * copy changes, so memory never holds what the database no longer does. Callers never change
   * the parts they get.
   */
  const held = new Map<string, StoredCopy>();
  const heldLimit = options.heldInMemory ?? 1000;
  /** Re-reads of one part after the server's own write, by contact, for the write's answer to wait on. */
  const rereading = new Map<string, Promise<void>>();

  function stored(contactId: string): StoredCopy | undefined {
    const inMemory = held.get(contactId);
    if (inMemory) {
      held.delete(contactId);
      held.set(contactId, inMemory);
      return inMemory;
    }
    const copy = readCopy?.get(contactId);
    if (!copy || heldLimit === 0) return copy;
    held.set(contactId, copy);
    if (held.size > heldLimit) held.delete(held.keys().next().value ?? '');
    return copy;
  }

  /** Stores parts read from `asOf` on and tells the sidebars when they differ from the copy's. */
  function keep(contactId: string, parts: CopiedParts, asOf: number): void {
    if (!readCopy) return;
    const before = stored(contactId);
    held.delete(contactId);
    readCopy.put(contactId, parts, asOf);
    if (!before || JSON.stringify(before.parts) !== JSON.stringify(parts)) live?.publish({ kind: 'contact', contactId, deleted: false });
  }

  /**
   * Reads one part of a contact's records again after HighLevel said it changed; only for a
   * contact the server keeps a copy of (one an agent looked at or an event prewarmed).
   */
  async function refresh(contactId: string, part: RecordPart): Promise<void> {
    if (!readCopy || !stored(contactId)) return;
    const startedAt = now();
    crm.invalidateContact(contactId);
    const fresh: Partial<CopiedParts> = {};
    switch (part) {
      case 'contact':
        fresh.contact = await crm.getContact(contactId);
        break;
      case 'tasks':
        fresh.tasks = await crm.getTasks(contactId);
        break;
      case 'notes':
        fresh.notes = await crm.getNotes(contactId);
        break;
      case 'appointments':
        fresh.appointments = await crm.getAppointments(contactId);
        break;
    }
    // Merged into the copy as it is now, not as it was before the read: another part may have changed meanwhile.
    const latest = stored(contactId);
    if (latest) keep(contactId, { ...latest.parts, ...fresh }, startedAt);
  }

  return {
    /** A contact's records read from the CRM now (the contact itself only when given as an id), kept in the copy. */
    async read(contact: CrmContact | string): Promise<CopiedParts> {
      const contactId = typeof contact === 'string' ? contact : contact.id;
      const startedAt = now();
      const [record, tasks, notes, appointments] = await Promise.all([
        typeof contact === 'string' ? crm.getContact(contact) : contact,
        crm.getTasks(contactId),
        crm.getNotes(contactId),
        crm.getAppointments(contactId),
      ]);
      const parts: CopiedParts = { contact: record, tasks, notes, appointments };
      // The time the reads began: an event that arrived meanwhile is not older than this copy.
      keep(contactId, parts, startedAt);
      return parts;
    },

    /**
     * The copy of a contact's records with the time they were true (epoch ms), if the server keeps
     * one; `current` is false when the server's own write changed the contact after it was read.
     */
    copyOf(contactId: string): { parts: CopiedParts; asOf: number; current: boolean } | undefined {
      const copy = stored(contactId);
      if (!copy) return undefined;
      if (!touched.get(contactId)) {
        readCopy?.touch(contactId);
        touched.set(contactId, true);
      }
      return { ...copy, current: copy.asOf >= (changedAt.get(contactId) ?? 0) };
    },

    /** The server's own write changed the contact: its copy is outdated until read again. */
    changed(contactId: string): void {
      changedAt.set(contactId, now());
    },

    /**
     * The server's own write changed the contact, and `change` says how its copy looks now:
     * the copy takes it at once, true from now on, without a read of the CRM; or, when the
     * change names a part instead (what HighLevel answered lacks what the view needs), only that
     * part is read again. Until either is done the copy is outdated, as after `changed`.
     * Resolves once the copy is current again (or its re-read failed, leaving it outdated).
     */
    took(contactId: string, change: (parts: CopiedParts | undefined) => CopiedParts | RecordPart | null): Promise<void> {
      const at = now();
      changedAt.set(contactId, at);
      if (!readCopy) return Promise.resolve();
      const result = change(stored(contactId)?.parts);
      if (result === null) return Promise.resolve();
      if (typeof result === 'object') {
        keep(contactId, result, at);
        return Promise.resolve();
      }
      const reading = refresh(contactId, result).catch(() => undefined);
      rereading.set(contactId, reading);
      void reading.finally(() => {
        if (rereading.get(contactId) === reading) rereading.delete(contactId);
      });
      return reading;
    },

    /** Resolves once a re-read `took` started for the contact has ended (at once when there is none). */
    settled(contactId: string): Promise<void> {
      return rereading.get(contactId) ?? Promise.resolve();
    },

    /** Reads one part of a kept contact's records again (HighLevel said it changed). */
    refresh,

    /** Forgets a contact HighLevel deleted, and tells its sidebars. */
    deleted(contactId: string): void {
      crm.invalidateContact(contactId);
      held.delete(contactId);
      readCopy?.delete(contactId);
      live?.publish({ kind: 'contact', contactId, deleted: true });
    },

    /** Drops the copies nobody opened since `before` (epoch ms); how many. */
    prune(before: number): number {
      held.clear();
      return readCopy?.prune(before) ?? 0;
    },

    /** How many copies are held in memory now, for the memory figures. */
    heldCount: (): number => held.size,
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;

type StoredCopy = { parts: CopiedParts; asOf: number };
