/** A contact's notes: list, read, create. */
import { checkedInput, contactPath, pathSegment, type RequestKit } from './requests';
import {
  newNoteSchema,
  noteResponseSchema,
  notesResponseSchema,
  type GhlNewNote,
  type GhlNote,
} from './schemas';

/** The note methods of the client. */
export interface GhlNoteMethods {
  /** `GET /contacts/{contactId}/notes`. */
  getNotes(contactId: string): Promise<GhlNote[]>;
  /** `GET /contacts/{contactId}/notes/{id}`. */
  getNote(contactId: string, noteId: string): Promise<GhlNote>;
  /** `POST /contacts/{contactId}/notes`; not retried after a 5xx or timeout. */
  createNote(contactId: string, note: GhlNewNote): Promise<GhlNote>;
}

export function noteMethods(kit: RequestKit): GhlNoteMethods {
  return {
    async getNotes(contactId) {
      const path = `${contactPath(contactId, 'GET /contacts/{contactId}/notes')}/notes`;
      return (await kit.read({ contactId }, { path, schema: notesResponseSchema })).notes;
    },

    async getNote(contactId, noteId) {
      const operation = 'GET /contacts/{contactId}/notes/{id}';
      const path = `${contactPath(contactId, operation)}/notes/${pathSegment(noteId, 'noteId', operation)}`;
      return (await kit.read({ contactId }, { path, schema: noteResponseSchema })).note;
    },

    async createNote(contactId, note) {
      const operation = 'POST /contacts/{contactId}/notes';
      const path = `${contactPath(contactId, operation)}/notes`;
      const fields = checkedInput(newNoteSchema, note, operation);
      const body = await kit.write(
        { contactId },
        { method: 'POST', path, body: fields, schema: noteResponseSchema, idempotent: false },
      );
      return body.note;
    },
  };
}
