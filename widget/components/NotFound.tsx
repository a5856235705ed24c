import type { ComponentChildren } from 'preact';
import type { TicketContact } from '../../shared/api';
import { editingWords } from '../editing/words';
import { TicketContactFacts } from './TicketContactFacts';

/** No HighLevel contact has the customer's email or phone; `children` offers what to do next. */
export function NotFound({ ticketContact, children }: { ticketContact: TicketContact; children?: ComponentChildren }) {
  const t = editingWords();
  return (
    <section class="panel" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading" tabIndex={-1}>
        {t.notFound}
      </h1>
      <p>{t.notFoundWhy}</p>
      <TicketContactFacts ticketContact={ticketContact} />
      {children}
    </section>
  );
}
