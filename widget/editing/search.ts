/** Searching HighLevel for the contact a ticket is about, by name, email or phone, as the agent types. */
import { createModel, effect, signal } from '@preact/signals';
import type { Candidate } from '../../shared/api';
import { contactSearchSchema } from '../../shared/actions';
import { failureMessage, type EditingApi } from './client';
import { check } from './form';

/** Where a search stands. */
export type SearchState =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'found'; contacts: Candidate[] }
  | { kind: 'failed'; message: string };

/** How long typing must pause before the search goes out. */
export const searchDebounceMs = 300;

export const ContactSearch = createModel((api: EditingApi, debounceMs: number = searchDebounceMs) => {
  const query = signal('');
  const state = signal<SearchState>({ kind: 'idle' });
  /** The message next to the search field, for a search the agent asked for that cannot run. */
  const queryError = signal<string | null>(null);
  /** What the typed text lacks to be searched for, such as a second character, once typing pauses. */
  const queryHint = signal<string | null>(null);

  let timer: ReturnType<typeof setTimeout> | undefined;
  // Only the newest search may set the results; an older answer arriving late is dropped.
  let latest = 0;

  async function run(asked: boolean): Promise<void> {
    clearTimeout(timer);
    const checked = check(contactSearchSchema, { q: query.value });
    const id = ++latest;
    if (!checked.ok) {
      state.value = { kind: 'idle' };
      const message = checked.errors.q ?? null;
      // Asked for with Enter, it is refused next to the field; while typing, it is a hint.
      if (asked) queryError.value = message;
      else queryHint.value = query.value.trim() ? message : null;
      return;
    }
    state.value = { kind: 'searching' };
    try {
      const contacts = await api.search(checked.value.q);
      if (id === latest) state.value = { kind: 'found', contacts };
    } catch (error) {
      if (id === latest) state.value = { kind: 'failed', message: failureMessage(error) };
    }
  }

  effect(() => () => clearTimeout(timer));

  return {
    query,
    state,
    queryError,
    queryHint,
    /** The agent typed: search once they pause. */
    type(text: string): void {
      query.value = text;
      queryError.value = null;
      queryHint.value = null;
      clearTimeout(timer);
      timer = setTimeout(() => void run(false), debounceMs);
    },
    /** The agent pressed Enter: search now, or say why not. */
    searchNow: () => run(true),
  };
});

export type ContactSearch = InstanceType<typeof ContactSearch>;
