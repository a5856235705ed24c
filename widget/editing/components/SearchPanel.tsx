import { useSignal } from '@preact/signals';
import { useEffect, useId, useMemo } from 'preact/hooks';
import type { Candidate } from '../../../shared/api';
import { phoneFormat } from '../../display';
import type { ContactActions } from '../actions';
import { failureMessage, type EditingApi } from '../client';
import { ContactSearch } from '../search';
import { FieldError, invalidAttributes } from './Field';
import { editingWords } from '../words';

interface SearchPanelProps {
  api: EditingApi;
  actions: ContactActions;
  heading: string;
}

/** Moves focus to the new screen's heading once it shows, so it is not lost with the control used. */
export function focusScreenHeading(): void {
  setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus());
}

/**
 * Finds a HighLevel contact by name, email or phone as the agent types (after a short pause),
 * and links the one picked to the ticket's customer: this ticket and their later ones open on it.
 */
export function SearchPanel({ api, actions, heading }: SearchPanelProps) {
  const search = useMemo(() => new ContactSearch(api), []);
  useEffect(() => () => search[Symbol.dispose](), []);
  const linking = useSignal<string | null>(null);
  const linkError = useSignal<string | null>(null);
  const id = useId();
  const state = search.state.value;
  const queryError = search.queryError.value ?? undefined;
  const t = editingWords();

  async function link(candidate: Candidate) {
    linking.value = candidate.id;
    linkError.value = null;
    try {
      await actions.link(candidate);
      focusScreenHeading();
    } catch (error) {
      linkError.value = failureMessage(error);
    } finally {
      linking.value = null;
    }
  }

  return (
    <section class="search" aria-labelledby={`${id}-heading`}>
      <h2 class="search-heading" id={`${id}-heading`}>
        {heading}
      </h2>
      <form
        role="search"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void search.searchNow();
        }}
      >
        <label for={id}>{t.searchLabel}</label>
        <input
          id={id}
          type="search"
          autoComplete="off"
          value={search.query.value}
          onInput={(event) => search.type(event.currentTarget.value)}
          {...invalidAttributes(queryError, `${id}-error`)}
        />
        <FieldError id={`${id}-error`} message={queryError} />
      </form>
      <div aria-live="polite">
        {search.queryHint.value && <p class="muted">{search.queryHint.value}</p>}
        {state.kind === 'searching' && <p class="muted">{t.searching}</p>}
        {state.kind === 'failed' && <p class="field-error">{state.message}</p>}
        {state.kind === 'found' && state.contacts.length === 0 && (
          <p class="empty">{t.noMatch(search.query.value.trim())}</p>
        )}
        {linkError.value && <p class="field-error">{linkError.value}</p>}
      </div>
      {state.kind === 'found' && state.contacts.length > 0 && (
        <ul class="candidates" aria-label={t.searchResults}>
          {state.contacts.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                class="candidate"
                disabled={linking.value !== null}
                aria-busy={linking.value === candidate.id}
                onClick={() => void link(candidate)}
              >
                <span class="candidate-name">
                  <span class="visually-hidden">{t.linkContact(candidate.name)}</span>
                  <span aria-hidden="true">{candidate.name}</span>
                </span>
                {candidate.email && <span class="candidate-line">{candidate.email}</span>}
                {candidate.phone && <span class="candidate-line">{phoneFormat.value(candidate.phone)}</span>}
                {candidate.companyName && <span class="candidate-line">{candidate.companyName}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
