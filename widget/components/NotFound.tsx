import type { ComponentChildren } from 'preact';
import type { TicketContact } from '../../shared/api';
import { TicketContactFacts } from './TicketContactFacts';

/** No HighLevel contact has the customer's email or phone; `children` offers what to do next. */
export function NotFound({ ticketContact, children }: { ticketContact: TicketContact; children?: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading" tabIndex={-1}>
        No HighLevel contact found
      </h1>
      <p>No contact in HighLevel has this customer's email address or phone number.</p>
      <TicketContactFacts ticketContact={ticketContact} />
      {children}
    </section>
  );
}
