import { useSignal } from '@preact/signals';
import { useId, useRef } from 'preact/hooks';
import type { ContactCard } from '../../../shared/api';
import { splitTags } from '../../../shared/actions';
import type { ContactActions } from '../actions';
import { afterRefusal, wholeForm, type FieldErrors } from '../form';
import { FieldError, invalidAttributes } from './Field';
import { editingWords } from '../words';
import { words } from '../../language';

interface TagEditorProps {
  contact: ContactCard;
  actions: ContactActions;
  /** Tags seen on this and other contacts that this one does not have. */
  suggestions: readonly string[];
}

const tagMessage = (errors: FieldErrors) => errors.tags ?? errors[wholeForm];

/**
 * The contact's tags as chips with a remove button each, and a field that adds the tags typed
 * (Enter adds; commas separate several), suggesting tags seen before.
 */
export function TagEditor({ contact, actions, suggestions }: TagEditorProps) {
  const typed = useSignal('');
  const error = useSignal<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  /** The tags that were not saved whose text the field holds: the next send goes in their place. */
  const failedTags = useRef<string | null>(null);
  const id = useId();
  const t = editingWords();

  async function add(event: Event) {
    event.preventDefault();
    const text = typed.value;
    const attempt = actions.addTags(splitTags(text), failedTags.current);
    if ('refused' in attempt) {
      error.value = tagMessage(attempt.refused);
      return;
    }
    failedTags.current = null;
    typed.value = '';
    const refusal = await attempt.sent;
    // Back in the field, unless the agent has typed other tags meanwhile.
    if (!refusal || typed.value.trim()) return;
    const { errors, failedKey } = afterRefusal(refusal, ['tags'], actions);
    typed.value = text;
    error.value = tagMessage(errors);
    failedTags.current = failedKey;
    if (document.activeElement === document.body) input.current?.focus();
  }

  return (
    <div class="tag-editor">
      {contact.tags.length > 0 && (
        <ul class="tags" aria-label={words().tags}>
          {contact.tags.map((tag) => (
            <li class="tag" key={tag}>
              {tag}
              <button
                type="button"
                class="tag-remove"
                aria-label={t.removeTag(tag)}
                onClick={() => {
                  actions.removeTag(tag);
                  input.current?.focus();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="tag-form" noValidate onSubmit={add}>
        <label class="visually-hidden" for={id}>
          {t.addTags}
        </label>
        <input
          id={id}
          ref={input}
          type="text"
          list={`${id}-suggestions`}
          placeholder={t.addTagsHint}
          autoComplete="off"
          enterKeyHint="done"
          value={typed.value}
          onInput={(event) => {
            typed.value = event.currentTarget.value;
            error.value = undefined;
          }}
          {...invalidAttributes(error.value, `${id}-error`)}
        />
        <button type="submit" class="button">
          {t.add}
        </button>
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((tag) => (
            <option value={tag} key={tag} />
          ))}
        </datalist>
      </form>
      <FieldError id={`${id}-error`} message={error.value} />
    </div>
  );
}
