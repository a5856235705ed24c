/**
 * The editing UI: a chunk of its own, loaded right after the first screen renders, so the
 * read-only sidebar stays small. It holds the agent's actions, the writes they make, the
 * forms (with the shared schemas that check them) and the pieces of UI the read-only screens
 * place where they belong.
 */
import { computed, createModel, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import type { ContactCard, ContactView, Note, Task, TicketContact } from '../../shared/api';
import type { ContactApi } from '../api';
import type { ShowAll } from '../components/Section';
import type { LoadState } from '../load-state';
import type { Unconfirmed } from '../unsaved';
import { ContactActions } from './actions';
import { createEditingApi } from './client';
import { Colleagues } from './colleagues';
import { ContactDetails } from './components/ContactDetails';
import { LinkControls } from './components/LinkControls';
import { NoteBody } from './components/NoteBody';
import { NoteComposer } from './components/NoteComposer';
import { NotFoundActions } from './components/NotFoundActions';
import { SameCompany } from './components/SameCompany';
import { SearchPanel } from './components/SearchPanel';
import { TagEditor } from './components/TagEditor';
import { TaskActions } from './components/TaskActions';
import { TaskComposer } from './components/TaskComposer';
import { WritesPanel } from './components/WritesPanel';
import stylesheetUrl from './editing.css?url';
import { WritesModel } from './writes';
import { Freshness } from './components/Freshness';
import { MatchBasis } from './components/MatchBasis';
import { LanguagePicker } from './components/LanguagePicker';
import { startLiveFeed } from './live';
import { startSessionRenewal } from './session-renewal';
import { sessionLifetimeMs } from '../../shared/session';
import { createShowAll } from './show-all';
import { browserStorage, createDrafts, ticketOfPage } from './drafts';
import { editingWords, editingWordsReady } from './words';
import { access } from '../access';
import type { FeatureName } from '../../shared/features';
import './relative-time';

/** What the editing UI needs from the sidebar. */
export interface EditingHost {
  api: ContactApi;
  /** The sidebar as the agent sees it. */
  shown: ReadonlySignal<LoadState>;
  /** Replaces the view with one the server answered. */
  showView(view: ContactView): void;
}

/** The pieces of editing UI, each placed by the read-only screen it belongs in. */
export interface EditingSlots {
  /** Writes waiting for HighLevel or failed, at the top of every screen. */
  writes(): ComponentChildren;
  contactDetails(contact: ContactCard): ComponentChildren;
  tags(contact: ContactCard): ComponentChildren;
  /** `linked`: an agent linked this contact, so it can be unlinked. */
  linkControls(linked: boolean): ComponentChildren;
  taskComposer(): ComponentChildren;
  taskActions(task: Task): ComponentChildren;
  noteComposer(): ComponentChildren;
  /** A note's text with its links, long ones shortened, and whether the agent's new note is saved. */
  noteBody(note: Note): ComponentChildren;
  /** "Show all" for the tasks and notes, which show their first few until it has loaded. */
  showAll: ShowAll;
  sameCompany(contact: ContactCard): ComponentChildren;
  notFound(ticketContact: TicketContact): ComponentChildren;
  /** A search for another contact, below the candidates when several match. */
  search(): ComponentChildren;
  /** At the foot of every screen: the sidebar's language. */
  footer(): ComponentChildren;
}

/** The loaded editing UI of one sidebar. */
export interface Editing {
  /** The agent's changes still on their way to HighLevel, laid over the server's view. */
  unconfirmed: ReadonlySignal<Unconfirmed>;
  actions: ContactActions;
  slots: EditingSlots;
  /** Stops polling and timers. */
  dispose(): void;
}

/** Tags seen on any contact this sidebar showed, offered when adding tags to the current one. */
const TagSuggestions = createModel((shown: ReadonlySignal<LoadState>) => {
  const seen = signal<readonly string[]>([]);
  effect(() => {
    const state = shown.value;
    if (state.kind !== 'matched') return;
    const fresh = state.view.contact.tags.filter((tag) => !seen.peek().includes(tag));
    if (fresh.length > 0) seen.value = [...seen.peek(), ...fresh].sort((a, b) => a.localeCompare(b));
  });
  const current = computed(() => (shown.value.kind === 'matched' ? shown.value.view.contact.tags : []));
  return { suggestions: computed(() => seen.value.filter((tag) => !current.value.includes(tag))) };
});

/**
 * Links the chunk's stylesheet (a file, as the content security policy allows no inline styles).
 * Settles when it has loaded or failed, or after a few seconds at most: the UI never waits longer.
 */
function linkStylesheet(): Promise<void> {
  // Without a built stylesheet (component tests) there is nothing to wait for.
  if (!stylesheetUrl) return Promise.resolve();
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = stylesheetUrl;
    link.onload = link.onerror = () => resolve();
    setTimeout(resolve, 3000);
    document.head.append(link);
  });
}

/**
 * The stylesheet and the words start loading with the chunk; the UI shows once they have, so
 * nothing renders unstyled or wordless.
 */
export const editingReady: Promise<void> = Promise.all([linkStylesheet(), editingWordsReady]).then(() => undefined);

/** Starts the editing UI for one sidebar. */
export function createEditing(host: EditingHost): Editing {
  const api = createEditingApi(host.api);
  const writes = new WritesModel(api, host.showView);
  const actions = new ContactActions({ api, writes, shown: host.shown, showView: host.showView });
  const colleagues = new Colleagues(api);
  const tagSuggestions = new TagSuggestions(host.shown);
  const drafts = createDrafts({ ticketId: ticketOfPage(document), storage: browserStorage() });
  void writes.resume();
  const stopLive = startLiveFeed({
    connect: api.events,
    onView: host.showView,
    onWrites: writes.lookNow,
    poll: async () => host.showView(await api.refresh()),
  });
  /** A feature the operator left on; `may`: and a change it makes can reach HighLevel (its token is not read-only). */
  const seen = (feature: FeatureName) => !access.value.off.has(feature);
  const may = (feature: FeatureName) => seen(feature) && !access.value.readOnly;
  const stopRenewal = startSessionRenewal({ lifetimeMs: sessionLifetimeMs(api.session()), renew: api.renewSession });

  return {
    unconfirmed: writes.unconfirmed,
    actions,
    slots: {
      writes: () => (
        <>
          <Freshness shown={host.shown} />
          {access.value.readOnly && <p class="read-only" role="status">{editingWords().readOnly}</p>}
          <WritesPanel writes={writes} />
        </>
      ),
      contactDetails: (contact) => <ContactDetails contact={contact} actions={actions} drafts={drafts} canEdit={may('editContact')} />,
      // Without tag changes the first screen's list of tags stays.
      tags: (contact) => (may('tags') ? <TagEditor contact={contact} actions={actions} suggestions={tagSuggestions.suggestions.value} /> : undefined),
      linkControls: (linked) => (
        <>
          <MatchBasis shown={host.shown} />
          {seen('searchAndLink') && <LinkControls api={api} actions={actions} linked={linked} />}
        </>
      ),
      taskComposer: () => may('tasks') && <TaskComposer actions={actions} drafts={drafts} />,
      taskActions: (task) => may('tasks') && <TaskActions task={task} actions={actions} writes={writes} drafts={drafts} />,
      noteComposer: () => may('notes') && <NoteComposer actions={actions} drafts={drafts} />,
      noteBody: (note) => <NoteBody note={note} writes={writes} />,
      showAll: createShowAll(),
      sameCompany: (contact) => seen('sameCompany') && <SameCompany contact={contact} colleagues={colleagues} />,
      notFound: (ticketContact) => (
        <NotFoundActions ticketContact={ticketContact} api={api} actions={actions} may={{ create: may('createContact'), link: seen('searchAndLink') }} />
      ),
      search: () => seen('searchAndLink') && <SearchPanel api={api} actions={actions} heading={editingWords().searchOthers} />,
      footer: () => <LanguagePicker />,
    },
    dispose() {
      stopLive();
      stopRenewal();
      for (const model of [writes, actions, colleagues, tagSuggestions]) model[Symbol.dispose]();
    },
  };
}

/** The screens other than a matched contact's, which come with the editing UI (see `components/other-screens.ts`). */
export { ContactPicker } from '../components/ContactPicker';
export { ErrorPanel } from '../components/ErrorPanel';
export { NotFound } from '../components/NotFound';
