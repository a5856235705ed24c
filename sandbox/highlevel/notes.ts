/** Note routes of a contact: list, read, create, update, delete. */
import { Hono } from 'hono';
import { createNoteBody, readJson, updateNoteBody, validated } from './bodies';
import { requireContact } from './contacts';
import { notFound } from './errors';
import type { GhlNoteRecord } from './records';
import type { GhlStore } from './store';

function requireNote(store: GhlStore, contactId: string, noteId: string): GhlNoteRecord {
  requireContact(store, contactId);
  const note = store.notes.get(noteId);
  if (!note || note.contactId !== contactId) throw notFound('Note');
  return note;
}

/** Routes to mount at `/contacts`. */
export function noteRoutes(store: GhlStore) {
  return new Hono()
    .get('/:contactId/notes', (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      return c.json({ notes: store.notesOf(contact.id) });
    })
    .post('/:contactId/notes', async (c) => {
      const contact = requireContact(store, c.req.param('contactId'));
      const body = validated(createNoteBody, readJson(await c.req.text()));
      const note: GhlNoteRecord = {
        ...body,
        id: store.newId(),
        contactId: contact.id,
        dateAdded: new Date().toISOString(),
      };
      store.saveNote(note);
      return c.json({ note }, 201);
    })
    .get('/:contactId/notes/:noteId', (c) => {
      const note = requireNote(store, c.req.param('contactId'), c.req.param('noteId'));
      return c.json({ note });
    })
    .put('/:contactId/notes/:noteId', async (c) => {
      const note = requireNote(store, c.req.param('contactId'), c.req.param('noteId'));
      const changes = validated(updateNoteBody, readJson(await c.req.text()));
      const updated: GhlNoteRecord = { ...note, ...changes };
      store.saveNote(updated);
      return c.json({ note: updated });
    })
    .delete('/:contactId/notes/:noteId', (c) => {
      const note = requireNote(store, c.req.param('contactId'), c.req.param('noteId'));
      store.deleteNote(note.id);
      return c.json({ succeded: true });
    });
}
