import { effect } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ContactActions } from '../actions';
import type { Drafts } from '../drafts';
import { afterRefusal, createDraft } from '../form';
import { Field, FormError, useFocusOnRefusal } from './Field';
import { editingWords } from '../words';

/**
 * A plain-text note for the contact; it shows at the top of the notes at once. Ctrl+Enter adds it too.
 * What is typed is kept as the ticket's draft until it is sent.
 */
export function NoteComposer({ actions, drafts }: { actions: ContactActions; drafts: Drafts }) {
  const draft = useMemo(() => createDraft(drafts.read('note') ?? { body: '' }), []);
  useEffect(
    () =>
      effect(() => {
        const body = draft.fields.body.value;
        drafts.keep('note', body.trim() ? { body } : null);
      }),
    [],
  );
  const form = useRef<HTMLFormElement>(null);
  /** The note that was not saved whose text the field holds: the next send goes in its place. */
  const failedNote = useRef<string | null>(null);
  useFocusOnRefusal(form, draft.errors.value);

  async function add(event?: Event) {
    event?.preventDefault();
    const values = draft.values();
    const attempt = actions.addNote(values.body, failedNote.current);
    if ('refused' in attempt) {
      draft.errors.value = attempt.refused;
      return;
    }
    failedNote.current = null;
    draft.errors.value = {};
    draft.fill({ body: '' });
    const refusal = await attempt.sent;
    // Back in the field to correct and send again, unless the agent has started another note meanwhile.
    if (!refusal || draft.fields.body.value.trim()) return;
    const { errors, failedKey } = afterRefusal(refusal, ['body'], actions);
    draft.fill(values);
    draft.errors.value = errors;
    failedNote.current = failedKey;
  }

  const t = editingWords();
  return (
    <form class="editor note-form" ref={form} aria-label={t.addNoteForm} noValidate onSubmit={add}>
      <Field
        draft={draft}
        name="body"
        label={t.newNote}
        placeholder={t.plainText}
        multiline
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
          event.preventDefault();
          // A second press right after sending finds the field empty: nothing to add, nothing to refuse.
          if (!event.repeat && draft.fields.body.value.trim()) void add();
        }}
      />
      <FormError errors={draft.errors.value} />
      <div class="form-buttons">
        <button type="submit" class="button">
          {t.addNote}
        </button>
      </div>
    </form>
  );
}
