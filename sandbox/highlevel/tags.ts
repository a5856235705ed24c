/** Adding and removing a contact's tags without overwriting the others. */
import { Hono } from 'hono';
import { readJson, tagsBody, validated } from './bodies';
import { normaliseTags, requireContact } from './contacts';
import type { GhlStore } from './store';

/** Routes to mount at `/contacts`; both answer the contact's tags after the change. */
export function tagRoutes(store: GhlStore) {
  return new Hono()
    .post('/:contactId/tags', async (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      const { tags } = validated(tagsBody, readJson(await c.req.text()));
      const updated = { ...contact, tags: normaliseTags([...contact.tags, ...tags]), dateUpdated: new Date().toISOString() };
      store.saveContact(updated);
      return c.json({ tags: updated.tags }, 201);
    })
    .delete('/:contactId/tags', async (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      const removed = new Set(normaliseTags(validated(tagsBody, readJson(await c.req.text())).tags));
      const updated = {
        ...contact,
        tags: contact.tags.filter((tag) => !removed.has(tag)),
        dateUpdated: new Date().toISOString(),
      };
      store.saveContact(updated);
      return c.json({ tags: updated.tags });
    });
}
