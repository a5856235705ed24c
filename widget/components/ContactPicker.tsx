import type { ComponentChildren } from 'preact';
import type { Candidate, TicketContact } from '../../shared/api';
import { phoneFormat } from '../display';
import { editingWords } from '../editing/words';
import { TicketContactFacts } from './TicketContactFacts';

interface ContactPickerProps {
  ticketContact: TicketContact;
  candidates: readonly Candidate[];
  /** The candidate being saved, while that request runs. */
  pendingChoice: string | null;
  onChoose: (contactId: string) => void;
  /** Shown below the candidates, such as a search for another contact. */
  children?: ComponentChildren;
}

/** Several HighLevel contacts fit the customer: the agent picks the right one. */
export function ContactPicker({ ticketContact, candidates, pendingChoice, onChoose, children }: ContactPickerProps) {
  const t = editingWords();
  return (
    <section class="panel" aria-labelledby="picker-heading">
      <h1 id="picker-heading" tabIndex={-1}>
        {t.severalMatch}
      </h1>
      <p>{t.pickOne}</p>
      <TicketContactFacts ticketContact={ticketContact} />
      <ul class="candidates" aria-label={t.matchingContacts}>
        {candidates.map((candidate) => (
          <li key={candidate.id}>
            <button
              type="button"
              class="candidate"
              disabled={pendingChoice !== null}
              aria-busy={pendingChoice === candidate.id}
              onClick={() => onChoose(candidate.id)}
            >
              <span class="candidate-name">{candidate.name}</span>
              {candidate.email && <span class="candidate-line">{candidate.email}</span>}
              {candidate.phone && <span class="candidate-line">{phoneFormat.value(candidate.phone)}</span>}
              {candidate.companyName && <span class="candidate-line">{candidate.companyName}</span>}
            </button>
          </li>
        ))}
      </ul>
      {children}
    </section>
  );
}
