/**
 * The server's durable state behind small functions: the outbox of writes, the contact links,
 * the contacts tickets showed, the audit log, the webhook inbox, the read copy of contacts, the
 * Trengo webhooks registered, the operator page's sign-ins and the values the server made for itself (its session key), all in
 * one SQLite file held by one process (a shared database can replace it behind the store port).
 */
import type { Store } from '../port';
import { createAuditLog } from './audit';
import { lockDatabase, openDatabase, removeDatabase } from './database';
import { createLinks } from './links';
import { createOutbox } from './outbox';
import { createShownContacts } from './shown';
import { createInbox } from './inbox';
import { createReadCopy } from './read-copy';
import { createTrengoWebhooks } from './trengo-webhooks';
import { createServerSettings } from './settings';
import { createAutomationStore } from './automations';
import { createAdminSessionStore } from './admin-sessions';

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
      inbox: createInbox(db),
      readCopy: createReadCopy(db),
      trengoWebhooks: createTrengoWebhooks(db),
      settings: createServerSettings(db),
      automations: createAutomationStore(db),
      adminSessions: createAdminSessionStore(db),
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
