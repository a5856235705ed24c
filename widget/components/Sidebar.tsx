import { useEffect, useRef } from 'preact/hooks';
import type { SidebarModel } from '../model';
import { Appointments } from './AppointmentList';
import { ContactCard } from './ContactCard';
import { ContactPicker } from './ContactPicker';
import { ErrorPanel } from './ErrorPanel';
import { LoadingSkeleton } from './LoadingSkeleton';
import { NoteList } from './NoteList';
import { NotFound } from './NotFound';
import { TaskList } from './TaskList';

/** The whole sidebar: one screen per load state. */
export function Sidebar({ model }: { model: SidebarModel }) {
  const state = model.loadState.value;
  const main = useRef<HTMLElement>(null);

  // When the control the agent used disappears (a picked candidate, Retry), move
  // focus to the new screen's heading; never pull focus into the iframe otherwise.
  useEffect(() => {
    const lostFocus = document.hasFocus() && (!document.activeElement || document.activeElement === document.body);
    if (lostFocus) main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [state.kind]);

  return (
    <main class="sidebar" ref={main} aria-busy={state.kind === 'loading'}>
      {state.kind === 'loading' && <LoadingSkeleton />}
      {state.kind === 'matched' && (
        <>
          <ContactCard contact={state.view.contact} />
          <TaskList tasks={state.view.tasks} />
          <NoteList notes={state.view.notes} />
          <Appointments upcoming={state.view.upcomingAppointments} past={state.view.pastAppointments} />
        </>
      )}
      {state.kind === 'notFound' && <NotFound ticketContact={state.view.ticketContact} />}
      {state.kind === 'multiple' && (
        <ContactPicker
          ticketContact={state.view.ticketContact}
          candidates={state.view.candidates}
          pendingChoice={model.pendingChoice.value}
          onChoose={(contactId) => void model.choose(contactId)}
        />
      )}
      {state.kind === 'error' && (
        <ErrorPanel
          error={state.error}
          needsReopen={model.needsReopen.value}
          canRetry={model.canRetry.value}
          onRetry={() => void model.retry()}
        />
      )}
    </main>
  );
}
