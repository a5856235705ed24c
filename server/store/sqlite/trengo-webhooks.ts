/** The webhooks the server registered with Trengo, one per event type, with their signing secrets. */
import type { TrengoWebhook, TrengoWebhooks } from '../port';
import type { Db } from './database';

type Row = { event_type: string; webhook_id: string; url: string; signing_secret: string; registered_at: number };

const fromRow = (row: Row): TrengoWebhook => ({
  eventType: row.event_type,
  webhookId: row.webhook_id,
  url: row.url,
  signingSecret: row.signing_secret,
  registeredAt: row.registered_at,
});

export function createTrengoWebhooks(db: Db): TrengoWebhooks {
  const statements = {
    list: db.prepare<[], Row>('SELECT * FROM trengo_webhooks ORDER BY event_type'),
    get: db.prepare<[string], Row>('SELECT * FROM trengo_webhooks WHERE event_type = ?'),
    save: db.prepare(
      `INSERT INTO trengo_webhooks (event_type, webhook_id, url, signing_secret, registered_at)
       VALUES (@eventType, @webhookId, @url, @signingSecret, @registeredAt)
       ON CONFLICT (event_type) DO UPDATE SET webhook_id = excluded.webhook_id, url = excluded.url,
         signing_secret = excluded.signing_secret, registered_at = excluded.registered_at`,
    ),
    remove: db.prepare<[string]>('DELETE FROM trengo_webhooks WHERE event_type = ?'),
  };
  return {
    list: () => statements.list.all().map(fromRow),
    get(eventType) {
      const row = statements.get.get(eventType);
      return row && fromRow(row);
    },
    save: (webhook) => void statements.save.run(webhook),
    remove: (eventType) => void statements.remove.run(eventType),
  };
}
