import { useSignal } from '@preact/signals';
import { useId } from 'preact/hooks';
import type { Note } from '../../../shared/api';
import { webLink } from '../../display';
import type { WritesModel } from '../writes';
import { editingWords } from '../words';

/** Web addresses in a note's text; a closing bracket or punctuation right after one ends the sentence, not the address. */
const webAddress = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/gi;

/** A note's text with its web addresses as links that open in a new tab; nothing else is read as markup. */
export function withLinks(text: string) {
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(webAddress)) {
    const href = webLink(match[0]);
    if (!href) continue;
    parts.push(text.slice(at, match.index));
    parts.push(
      <a href={href} target="_blank" rel="noopener noreferrer">
        {match[0]}
      </a>,
    );
    at = match.index + match[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}

/** A note this long is shortened to its first lines until the agent asks for the whole of it. */
const isLong = (text: string) => text.length > 400 || text.split('\n').length > 8;

/**
 * A note's text with its links; a long one shortened, with a button for the whole of it; and,
 * for a note the agent added that is not saved yet, whether it waits or was not saved.
 */
export function NoteBody({ note, writes }: { note: Note; writes: WritesModel }) {
  const whole = useSignal(false);
  const id = useId();
  const long = isLong(note.body);
  const write = writes.writes.value.find((tracked) => tracked.recordId === note.id);
  const t = editingWords();
  return (
    <>
      <p id={id} class={long && !whole.value ? 'item-text note-body is-shortened' : 'item-text note-body'}>
        {withLinks(note.body)}
      </p>
      {long && (
        <button type="button" class="link-button" aria-expanded={whole.value} aria-controls={id} onClick={() => (whole.value = !whole.value)}>
          {whole.value ? t.showLess : t.showWholeNote}
        </button>
      )}
      {write && write.progress !== 'done' && (
        <p class="item-meta">
          <span class={write.progress === 'failed' ? 'badge badge-alert' : 'badge badge-waiting'}>
            {write.progress === 'failed' ? t.notSaved : write.progress === 'pending' ? t.waitingForHighLevel : t.saving}
          </span>
        </p>
      )}
    </>
  );
}
