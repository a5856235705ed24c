/**
 * The server's durable state behind small functions: the outbox of writes, the contact links,
 * the contacts tickets showed and the audit log, all in one SQLite file held by one process
 * (a shared database can replace it behind the store port).
 */
import type { Store } from '../port';
import { createAuditLog } from './audit';
import { lockDatabase, openDatabase, removeDatabase } from './database';
import { createLinks } from './links';
import { createOutbox } from './outbox';
import { createShownContacts } from './shown';

/** Opens the store at `path` for this process alone; with `fresh`, it starts empty (the demo). */
export function openStore(path: string, options: { fresh?: boolean } = {}): Store {
  const unlock = lockDatabase(path);
  try {
    if (options.fresh) removeDatabase(path);
    const db = openDatabase(path);
    return {
      links: createLinks(db),
      outbox: createOutbox(db),
      audit: createAuditLog(db),
      shown: createShownContacts(db),
      close: (): void => {
        db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
