/** A contact's notes: list, read, create. */
import type { Created, CrmPort } from '../port';
import { readItems } from './reading';
import { checkedInput, contactPath, pathSegment, type RequestKit } from './requests';
import {
  ghlNoteSchema,
  newNoteSchema,
  noteByIdResponseSchema,
  notesResponseSchema,
  noteWrittenResponseSchema,
  type GhlNewNote,
  type GhlNote,
} from './schemas';

/** The note methods of the client; those of the CRM port are checked against it. */
export interface GhlNoteMethods extends Pick<CrmPort, 'getNotes' | 'createNote'> {
  /** `GET /contacts/{contactId}/notes`; a note without a usable id is left out (and reported). */
  getNotes(contactId: string): Promise<GhlNote[]>;
  /** `GET /contacts/{contactId}/notes/{id}`. */
  getNote(contactId: string, noteId: string): Promise<GhlNote>;
  /**
   * `POST /contacts/{contactId}/notes`; not retried after a 5xx or timeout. Null when HighLevel
   * created it but its answer cannot be read.
   */
  createNote(contactId: string, note: GhlNewNote): Promise<Created<GhlNote>>;
}

export function noteMethods(kit: RequestKit): GhlNoteMethods {
  return {
    async getNotes(contactId) {
      const operation = 'GET /contacts/{contactId}/notes';
      const path = `${contactPath(contactId, operation)}/notes`;
      return kit.read({ contactId }, { path, schema: notesResponseSchema }, ({ notes }) =>
        readItems(notes, ghlNoteSchema, { operation, what: 'note' }, kit.report),
      );
    },

    async getNote(contactId, noteId) {
      const operation = 'GET /contacts/{contactId}/notes/{id}';
      const path = `${contactPath(contactId, operation)}/notes/${pathSegment(noteId, 'noteId', operation)}`;
      return kit.read({ contactId }, { path, schema: noteByIdResponseSchema }, ({ note }) => ({
        ...note,
        id: note.id ?? noteId,
      }));
    },

    async createNote(contactId, note) {
      const operation = 'POST /contacts/{contactId}/notes';
      const path = `${contactPath(contactId, operation)}/notes`;
      const fields = checkedInput(newNoteSchema, note, operation);
      const body = await kit.write(
        { contactId },
        { method: 'POST', path, body: fields, schema: noteWrittenResponseSchema, idempotent: false },
        operation,
      );
      return body?.note ?? null;
    },
  };
}
