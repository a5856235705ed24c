import type { TicketContact } from '../../shared/api';
import { phoneFormat, telLink } from '../display';
import { editingWords } from '../editing/words';

/** What Trengo knows about the ticket's customer: name, email, phone. */
export function TicketContactFacts({ ticketContact }: { ticketContact: TicketContact }) {
  const { name, email, phone } = ticketContact;
  const t = editingWords();
  if (!name && !email && !phone) {
    return <p class="muted">{t.noTrengoFacts}</p>;
  }
  return (
    <dl class="facts" aria-label={t.trengoContact}>
      {name && (
        <div>
          <dt>{t.name}</dt>
          <dd>{name}</dd>
        </div>
      )}
      {email && (
        <div>
          <dt>{t.email}</dt>
          <dd>
            <a href={`mailto:${email}`}>{email}</a>
          </dd>
        </div>
      )}
      {phone && (
        <div>
          <dt>{t.phone}</dt>
          <dd>
            <a href={telLink(phone)}>{phoneFormat.value(phone)}</a>
          </dd>
        </div>
      )}
    </dl>
  );
}
