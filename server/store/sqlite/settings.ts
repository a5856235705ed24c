/** Values the server makes for itself once and keeps across restarts, such as its session key. */
import type { ServerSettings } from '../port';
import type { Db } from './database';

export function createServerSettings(db: Db, now: () => number = Date.now): ServerSettings {
  const select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?');
  // The first value stored wins: a second maker's value is dropped, and it reads the first.
  const insert = db.prepare<[string, string, number]>('INSERT INTO settings (name, value, set_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING');
  const upsert = db.prepare<[string, string, number]>(
    'INSERT INTO settings (name, value, set_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_at = excluded.set_at',
  );
  const get = (name: string): string | undefined => select.get(name)?.value;
  return {
    get,
    keep: db.transaction((name: string, make: () => string): string => {
      const kept = get(name);
      if (kept !== undefined) return kept;
      const made = make();
      insert.run(name, made, now());
      return get(name) ?? made;
    }),
    put(name, value) {
      upsert.run(name, value, now());
    },
  };
}
