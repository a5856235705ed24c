import type { ComponentChildren } from 'preact';
import type { Note } from '../../shared/api';
import { formatMoment, newestNotesFirst } from '../display';
import { words } from '../language';
import { unsavedIdPrefix } from '../unsaved';
import { EmptyNote, Section, ShortList, type ShowAll } from './Section';

interface NoteListProps {
  notes: readonly Note[];
  /** The new-note form, once the editing UI has loaded. */
  composer?: ComponentChildren;
  /** A note's text with its links, long ones shortened, and whether it is saved, once the editing UI has loaded. */
  noteBody?: (note: Note) => ComponentChildren;
  /** "Show all", once the editing UI has loaded; the first notes until then. */
  showAll?: ShowAll;
}

/** The contact's HighLevel notes, newest first, as plain text; `composer` is the new-note form. */
export function NoteList({ notes, composer, noteBody, showAll }: NoteListProps) {
  const t = words();
  return (
    <Section title={t.notes} list="Notes" count={notes.length}>
      {composer}
      {notes.length === 0 ? (
        <EmptyNote>{t.noNotes}</EmptyNote>
      ) : (
        <ShortList
          items={newestNotesFirst(notes)}
          noun="notes"
          showAll={showAll}
          render={(note) => {
            const added = formatMoment(note.dateAdded);
            return (
              <li class={note.id.startsWith(unsavedIdPrefix) ? 'item note is-unsaved' : 'item note'} key={note.id}>
                <div class="item-main">
                  {/* Text content only: a note's body is never parsed as markup. */}
                  {noteBody?.(note) ?? <p class="item-text note-body">{note.body}</p>}
                  {added && (
                    <p class="item-meta">
                      <time dateTime={note.dateAdded ?? undefined}>{added}</time>
                    </p>
                  )}
                </div>
              </li>
            );
          }}
        />
      )}
    </Section>
  );
}
