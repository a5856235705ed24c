/**
 * The server's durable state behind small functions: the outbox of writes, the contact links
 * and the audit log, all in one SQLite file (a shared database can replace it behind these).
 */
import { createAuditLog } from './audit';
import { openDatabase } from './database';
import { createLinks } from './links';
import { createOutbox } from './outbox';
import type { Store } from '../port';

export function openStore(path: string): Store {
  const db = openDatabase(path);
  return {
    links: createLinks(db),
    outbox: createOutbox(db),
    audit: createAuditLog(db),
    close: (): void => void db.close(),
  };
}
