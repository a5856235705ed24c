import { effect, useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ContactCard } from '../../../shared/api';
import type { ContactEdit } from '../../../shared/actions';
import type { ContactActions } from '../actions';
import type { Drafts } from '../drafts';
import { splitName } from '../changes';
import { afterRefusal, createDraft, type FieldErrors } from '../form';
import { ContactForm, contactFieldNames, type ContactFieldName } from './ContactForm';
import { ContactQuickActions } from './QuickActions';
import { editingWords } from '../words';
import { words } from '../../language';

type ContactValues = Record<ContactFieldName, string>;
/** An edit refused or not saved: its values and messages, and the failed write the next send replaces. */
type RefusedEdit = { values: ContactValues; errors: FieldErrors; failedKey: string | null };

const valuesOf = (contact: ContactCard): ContactValues => ({
  ...splitName(contact.name),
  email: contact.email ?? '',
  phone: contact.phone ?? '',
});

/**
 * The contact's email and phone with their quick actions, and "Edit details" to change names,
 * email and phone in place. An edit left open is the ticket's draft: after a reload the form opens again with it.
 */
export function ContactDetails({ contact, actions, drafts, canEdit }: { contact: ContactCard; actions: ContactActions; drafts: Drafts; canEdit: boolean }) {
  const editing = useSignal(canEdit && drafts.read('contact') !== null);
  /** An edit the server refused: the form opens again with it and the messages. */
  const refused = useSignal<RefusedEdit | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  if (!editing.value) {
    return (
      <>
        <ContactQuickActions contact={contact} />
        {canEdit && <button
          type="button"
          class="link-button edit-details"
          ref={toggle}
          aria-expanded="false"
          onClick={() => {
            refused.value = null;
            editing.value = true;
          }}
        >
          {editingWords().editDetails}
        </button>}
      </>
    );
  }
  return (
    <DetailsForm
      contact={contact}
      refused={refused.value}
      actions={actions}
      drafts={drafts}
      onClose={() => {
        editing.value = false;
        setTimeout(() => toggle.current?.focus());
      }}
      onRefused={(edit) => {
        refused.value = edit;
        editing.value = true;
      }}
    />
  );
}

interface DetailsFormProps {
  contact: ContactCard;
  refused: RefusedEdit | null;
  actions: ContactActions;
  drafts: Drafts;
  onClose: () => void;
  onRefused: (edit: RefusedEdit) => void;
}

/** Names, email and phone; the company is shown but not editable (HighLevel's update has no company). */
function DetailsForm({ contact, refused, actions, drafts, onClose: closed, onRefused }: DetailsFormProps) {
  // Taken once, when the form opens: what counts as changed.
  const original = useMemo(() => valuesOf(contact), []);
  const draft = useMemo(() => {
    const fresh = createDraft(refused?.values ?? drafts.read('contact') ?? original);
    if (refused) fresh.errors.value = refused.errors;
    return fresh;
  }, []);
  // Kept while it differs from the contact; sending or cancelling drops it.
  useEffect(
    () =>
      effect(() => {
        const values = draft.values();
        drafts.keep('contact', contactFieldNames.some((name) => values[name] !== original[name]) ? values : null);
      }),
    [],
  );
  const onClose = () => {
    drafts.keep('contact', null);
    closed();
  };

  async function save() {
    const values = draft.values();
    const edit: ContactEdit = {};
    for (const name of contactFieldNames) {
      if (values[name].trim() !== original[name]) edit[name] = values[name].trim();
    }
    if (Object.keys(edit).length === 0) return onClose();
    const attempt = actions.editContact(edit, refused?.failedKey);
    if ('refused' in attempt) {
      draft.errors.value = attempt.refused;
      return;
    }
    onClose();
    const refusal = await attempt.sent;
    if (refusal) onRefused({ values, ...afterRefusal(refusal, contactFieldNames, actions) });
  }

  const t = editingWords();
  return (
    <ContactForm
      label={words().contactDetails}
      draft={draft}
      submitLabel={t.save}
      onSubmit={() => void save()}
      onCancel={() => {
        // Closed without sending: an edit that was not saved can be retried as it was.
        actions.giveBack(refused?.failedKey);
        onClose();
      }}
    >
      {contact.companyName && (
        <p class="hint-line">
          {t.company(contact.companyName)} <span class="muted">{t.changeCompanyInHighLevel}</span>
        </p>
      )}
    </ContactForm>
  );
}
