/** The sidebar's state: what the server said about the ticket's customer. */
import { computed, createModel, signal } from '@preact/signals';
import type { ContactView } from '../shared/api';
import { type ContactApi, type WidgetError, WidgetApiError, WidgetNetworkError } from './api';
import type { Editing } from './editing/index';
import type { LoadState } from './load-state';

function stateOf(view: ContactView): LoadState {
  switch (view.status) {
    case 'matched':
      return { kind: 'matched', view };
    case 'notFound':
      return { kind: 'notFound', view };
    case 'multiple':
      return { kind: 'multiple', view };
  }
}

function asWidgetError(error: unknown): WidgetError {
  if (error instanceof WidgetApiError || error instanceof WidgetNetworkError) return error;
  return new WidgetApiError(0, {
    error: { code: 'internal', message: 'Failed in the sidebar', retryable: true },
  });
}

/** The editing UI is a chunk of its own, so the first screen loads without it. */
const editingChunk = () => import('./editing/index');

/**
 * The sidebar for one ticket: loads the customer's HighLevel record, records the
 * agent's pick when several contacts match, and brings in the editing chunk.
 */
export const SidebarModel = createModel((api: ContactApi) => {
  const loadState = signal<LoadState>({ kind: 'loading' });
  /** The candidate being saved as the agent's pick, while that request runs. */
  const pendingChoice = signal<string | null>(null);
  /** The editing UI and its actions, once its chunk has loaded. */
  const editing = signal<Editing | null>(null);

  /** What the agent sees: the server's view with the changes still on their way to HighLevel. */
  const shown = computed<LoadState>(() => {
    const state = loadState.value;
    const unconfirmed = editing.value?.unconfirmed.value;
    return state.kind === 'matched' && unconfirmed ? { kind: 'matched', view: unconfirmed(state.view) } : state;
  });

  // Only the newest request may set the state; an older answer arriving late is dropped.
  let latestRequest = 0;

  async function settle(request: Promise<ContactView>): Promise<void> {
    const id = ++latestRequest;
    let next: LoadState;
    try {
      next = stateOf(await request);
    } catch (error) {
      next = { kind: 'error', error: asWidgetError(error) };
    }
    if (id === latestRequest) loadState.value = next;
  }

  /** Fetches the sidebar for the ticket, showing the skeleton meanwhile. */
  async function load(): Promise<void> {
    pendingChoice.value = null;
    loadState.value = { kind: 'loading' };
    await settle(api.getContact());
  }

  /** Records the agent's pick among several matches and shows that contact. */
  async function choose(contactId: string): Promise<void> {
    if (pendingChoice.value !== null) return;
    pendingChoice.value = contactId;
    try {
      await settle(api.chooseContact(contactId));
    } finally {
      pendingChoice.value = null;
    }
  }

  /** Shows a view the server answered to a write, a link or a refresh, without the skeleton. */
  function showView(view: ContactView): void {
    latestRequest++;
    loadState.value = stateOf(view);
  }

  let editingLoad: Promise<Editing | null> | null = null;

  /** Loads the editing chunk (once; again after a failed load). */
  function loadEditing(): Promise<Editing | null> {
    editingLoad ??= editingChunk().then(
      async ({ createEditing, editingReady }) => {
        await editingReady;
        return (editing.value = createEditing({ api, shown, showView }));
      },
      () => (editingLoad = null),
    );
    return editingLoad;
  }

  /** Marks a task done or open; works before the editing chunk has arrived by waiting for it. */
  async function setTaskCompleted(taskId: string, completed: boolean): Promise<void> {
    (await loadEditing())?.actions.setTaskCompleted(taskId, completed);
  }

  return {
    loadState,
    shown,
    pendingChoice,
    editing,
    load,
    /** Loads again after a failure (a failed pick shows the candidates again). */
    retry: load,
    choose,
    showView,
    loadEditing,
    setTaskCompleted,
  };
});

/** One sidebar model instance. */
export type SidebarModel = InstanceType<typeof SidebarModel>;
