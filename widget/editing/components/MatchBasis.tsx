/**
 * What the shown contact was found by: a Trengo customer's email or phone is unverified, so the
 * agent sees what the match rests on, and how Trengo wrote it when HighLevel writes it otherwise.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { LoadState } from '../../load-state';

export function MatchBasis({ shown }: { shown: ReadonlySignal<LoadState> }) {
  const state = shown.value;
  if (state.kind !== 'matched') return null;
  const { matchedBy, ticketContact, contact } = state.view;
  if (matchedBy === 'linked') return <p class="match-basis">Linked to this customer by an agent.</p>;
  if (matchedBy === undefined) return null;
  const [trengo, highLevel] = matchedBy === 'email' ? [ticketContact.email, contact.email] : [ticketContact.phone, contact.phone];
  const written = trengo && highLevel && trengo !== highLevel ? ` (Trengo has ${trengo})` : '';
  return (
    <p class="match-basis">
      Found by the customer's {matchedBy === 'email' ? 'email address' : 'phone number'} in Trengo{written}, which Trengo does not verify.
    </p>
  );
}
