import type { ComponentChildren } from 'preact';
import type { Candidate, TicketContact } from '../../shared/api';
import { phoneFormat } from '../display';
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
  return (
    <section class="panel" aria-labelledby="picker-heading">
      <h1 id="picker-heading" tabIndex={-1}>
        Several HighLevel contacts match
      </h1>
      <p>Pick the contact this ticket is about. The sidebar remembers your choice for this customer’s tickets.</p>
      <TicketContactFacts ticketContact={ticketContact} />
      <ul class="candidates" aria-label="Matching HighLevel contacts">
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
