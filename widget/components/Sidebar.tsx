import { useEffect, useRef } from 'preact/hooks';
import { access } from '../access';
import { text } from '../language';
import type { LoadState } from '../load-state';
import type { SidebarModel } from '../model';
import { Appointments } from './AppointmentList';
import { ContactCard } from './ContactCard';
import { LoadingSkeleton } from './LoadingSkeleton';
import { NoteList } from './NoteList';
import { otherScreens } from './other-screens';
import { TaskList } from './TaskList';

/**
 * The whole sidebar: one screen per load state, with the editing UI placed in once loaded; the
 * skeleton until the words of the agent's language have loaded too, and for a screen other than
 * a matched contact's, its chunk.
 */
export function Sidebar({ model }: { model: SidebarModel }) {
  const screens = otherScreens.value;
  const shown = model.shown.value;
  const ready = text.value !== null && (shown.kind === 'matched' || shown.kind === 'loading' || screens !== null);
  const state: LoadState = ready ? shown : { kind: 'loading' };
  const editing = model.editing.value?.slots;
  const { off } = access.value;
  const main = useRef<HTMLElement>(null);
  /** The screen on which the agent picked a candidate or pressed Retry. */
  const actedOn = useRef<LoadState['kind'] | null>(null);

  // Picking a candidate or retrying removes the control the agent just used:
  // once a new screen is shown, focus its heading instead of losing focus. Never
  // on the first load, so the sidebar does not pull focus away from Trengo.
  useEffect(() => {
    if (actedOn.current === null || state.kind === actedOn.current) return;
    // A retry passes through loading; the screen after it may be the same kind as before.
    if (state.kind === 'loading') {
      actedOn.current = 'loading';
      return;
    }
    actedOn.current = null;
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [state.kind]);

  return (
    <main class="sidebar" ref={main} aria-busy={state.kind === 'loading'}>
      {state.kind === 'loading' && <LoadingSkeleton />}
      {state.kind !== 'loading' && editing?.writes()}
      {state.kind === 'matched' && (
        <>
          <ContactCard
            contact={state.view.contact}
            details={editing?.contactDetails(state.view.contact)}
            tags={editing?.tags(state.view.contact)}
          >
            {editing?.linkControls(state.view.linked)}
          </ContactCard>
          {!off.has('tasks') && <TaskList
            tasks={state.view.tasks}
            onToggle={(taskId, completed) => void model.setTaskCompleted(taskId, completed)}
            composer={editing?.taskComposer()}
            itemActions={editing?.taskActions}
            showAll={editing?.showAll}
          />}
          {!off.has('notes') && <NoteList
            notes={state.view.notes}
            composer={editing?.noteComposer()}
            noteBody={editing?.noteBody}
            showAll={editing?.showAll}
          />}
          {editing?.sameCompany(state.view.contact)}
          {!off.has('appointments') && <Appointments upcoming={state.view.upcomingAppointments} past={state.view.pastAppointments} />}
        </>
      )}
      {state.kind === 'notFound' && screens && (
        <screens.NotFound ticketContact={state.view.ticketContact}>{editing?.notFound(state.view.ticketContact)}</screens.NotFound>
      )}
      {state.kind === 'multiple' && screens && (
        <screens.ContactPicker
          ticketContact={state.view.ticketContact}
          candidates={state.view.candidates}
          pendingChoice={model.pendingChoice.value}
          onChoose={(contactId) => {
            actedOn.current = state.kind;
            void model.choose(contactId);
          }}
        >
          {editing?.search()}
        </screens.ContactPicker>
      )}
      {state.kind === 'error' && screens && (
        <screens.ErrorPanel
          error={state.error}
          onRetry={() => {
            actedOn.current = state.kind;
            void model.retry();
          }}
        />
      )}
      {state.kind !== 'loading' && editing?.footer()}
    </main>
  );
}
