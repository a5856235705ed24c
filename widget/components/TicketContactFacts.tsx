import type { TicketContact } from '../../shared/api';
import { phoneFormat, telLink } from '../display';

/** What Trengo knows about the ticket's customer: name, email, phone. */
export function TicketContactFacts({ ticketContact }: { ticketContact: TicketContact }) {
  const { name, email, phone } = ticketContact;
  if (!name && !email && !phone) {
    return <p class="muted">Trengo has no name, email or phone for this customer.</p>;
  }
  return (
    <dl class="facts" aria-label="Trengo contact">
      {name && (
        <div>
          <dt>Name</dt>
          <dd>{name}</dd>
        </div>
      )}
      {email && (
        <div>
          <dt>Email</dt>
          <dd>
            <a href={`mailto:${email}`}>{email}</a>
          </dd>
        </div>
      )}
      {phone && (
        <div>
          <dt>Phone</dt>
          <dd>
            <a href={telLink(phone)}>{phoneFormat.value(phone)}</a>
          </dd>
        </div>
      )}
    </dl>
  );
}
