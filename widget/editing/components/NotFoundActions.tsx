import { useSignal } from '@preact/signals';
import { useMemo, useRef } from 'preact/hooks';
import type { TicketContact } from '../../../shared/api';
import type { ContactActions } from '../actions';
import { splitName } from '../changes';
import type { EditingApi } from '../client';
import { afterRefusal, createDraft, typed } from '../form';
import { ContactForm, contactFieldNames } from './ContactForm';
import { focusScreenHeading, SearchPanel } from './SearchPanel';
import { editingWords } from '../words';

interface NotFoundActionsProps {
  ticketContact: TicketContact;
  api: EditingApi;
  actions: ContactActions;
  /** What the agent may do here: create the contact, and search and link one. */
  may: { create: boolean; link: boolean };
}

/** No HighLevel contact matched: create one from what Trengo knows, or find and link another. */
export function NotFoundActions({ ticketContact, api, actions, may }: NotFoundActionsProps) {
  return (
    <>
      {may.create && <CreateContact ticketContact={ticketContact} actions={actions} />}
      {may.link && <SearchPanel api={api} actions={actions} heading={editingWords().orLinkExisting} />}
    </>
  );
}

/** "Create in HighLevel": the Trengo contact's name, email and phone, for the agent to adjust. */
function CreateContact({ ticketContact, actions }: { ticketContact: TicketContact; actions: ContactActions }) {
  const open = useSignal(false);
  const toggle = useRef<HTMLButtonElement>(null);
  /** The contact that was not saved whose values the form holds: the next send goes in its place. */
  const failedContact = useRef<string | null>(null);
  const draft = useMemo(
    () =>
      createDraft({
        ...splitName(ticketContact.name),
        email: ticketContact.email ?? '',
        phone: ticketContact.phone ?? '',
      }),
    [],
  );

  async function create() {
    const values = draft.values();
    const attempt = actions.createContact({
      firstName: typed(values.firstName),
      lastName: typed(values.lastName),
      email: typed(values.email),
      phone: typed(values.phone),
    }, failedContact.current);
    if ('refused' in attempt) {
      draft.errors.value = attempt.refused;
      return;
    }
    failedContact.current = null;
    open.value = false;
    const refusal = await attempt.sent;
    if (refusal) {
      const { errors, failedKey } = afterRefusal(refusal, contactFieldNames, actions);
      open.value = true;
      draft.errors.value = errors;
      failedContact.current = failedKey;
      return;
    }
    focusScreenHeading();
  }

  if (!open.value) {
    return (
      <button type="button" class="button button-primary" ref={toggle} aria-expanded="false" onClick={() => (open.value = true)}>
        {editingWords().createInHighLevel}
      </button>
    );
  }
  return (
    <ContactForm
      label={editingWords().newContact}
      draft={draft}
      submitLabel={editingWords().createContact}
      onSubmit={() => void create()}
      onCancel={() => {
        // Closed without sending a contact that was not saved: it can be retried as it was.
        actions.giveBack(failedContact.current);
        failedContact.current = null;
        open.value = false;
        setTimeout(() => toggle.current?.focus());
      }}
    />
  );
}
