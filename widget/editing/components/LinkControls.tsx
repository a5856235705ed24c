import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { ContactActions } from '../actions';
import { failureMessage, type EditingApi } from '../client';
import { onEscape } from './Field';
import { focusScreenHeading, SearchPanel } from './SearchPanel';
import { editingWords } from '../words';

/** In the matched view: link another HighLevel contact to the customer, or drop the agent's link. */
export function LinkControls({ api, actions, linked }: { api: EditingApi; actions: ContactActions; linked: boolean }) {
  const searching = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  /** Escape closes the search; focus goes back to the button that opened it. */
  const closeSearch = () => {
    searching.value = false;
    setTimeout(() => toggle.current?.focus());
  };

  async function unlink() {
    busy.value = true;
    error.value = null;
    try {
      await actions.unlink();
      focusScreenHeading();
    } catch (failure) {
      error.value = failureMessage(failure);
    } finally {
      busy.value = false;
    }
  }

  const t = editingWords();
  return (
    <div class="link-controls">
      <div class="link-buttons">
        <button type="button" class="link-button" ref={toggle} aria-expanded={searching.value} onClick={() => (searching.value = !searching.value)}>
          {t.linkAnother}
        </button>
        {linked && (
          <button
            type="button"
            class="link-button"
            title={t.unlinkHint}
            disabled={busy.value}
            onClick={() => void unlink()}
          >
            {t.unlink}
          </button>
        )}
      </div>
      {error.value && (
        <p class="field-error" role="alert">
          {error.value}
        </p>
      )}
      {searching.value && (
        <div onKeyDown={onEscape(closeSearch)}>
          <SearchPanel api={api} actions={actions} heading={t.linkAnotherHeading} />
        </div>
      )}
    </div>
  );
}
