import type { ComponentChildren } from 'preact';
import type { Note } from '../../shared/api';
import { formatMoment, newestNotesFirst } from '../display';
import { unsavedIdPrefix } from '../unsaved';
import { EmptyNote, Section } from './Section';

/** The contact's HighLevel notes, newest first, as plain text; `composer` is the new-note form. */
export function NoteList({ notes, composer }: { notes: readonly Note[]; composer?: ComponentChildren }) {
  return (
    <Section title="Notes" count={notes.length}>
      {composer}
      {notes.length === 0 ? (
        <EmptyNote>No notes</EmptyNote>
      ) : (
        <ul class="items">
          {newestNotesFirst(notes).map((note) => {
            const added = formatMoment(note.dateAdded);
            return (
              <li class={note.id.startsWith(unsavedIdPrefix) ? 'item note is-unsaved' : 'item note'} key={note.id}>
                <div class="item-main">
                  {/* Text content only: a note's body is never parsed as markup. */}
                  <p class="item-text note-body">{note.body}</p>
                  {added && (
                    <p class="item-meta">
                      <time dateTime={note.dateAdded ?? undefined}>{added}</time>
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
