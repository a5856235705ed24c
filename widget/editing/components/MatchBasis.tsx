/**
 * What the shown contact was found by: a Trengo customer's email or phone is unverified, so the
 * agent sees what the match rests on, and how Trengo wrote it when HighLevel writes it otherwise.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { LoadState } from '../../load-state';
import { editingWords } from '../words';

export function MatchBasis({ shown }: { shown: ReadonlySignal<LoadState> }) {
  const state = shown.value;
  if (state.kind !== 'matched') return null;
  const { matchedBy, ticketContact, contact } = state.view;
  const t = editingWords();
  if (matchedBy === 'linked') return <p class="match-basis">{t.linkedByAgent}</p>;
  if (matchedBy === undefined) return null;
  const byEmail = matchedBy === 'email';
  const [trengo, highLevel] = byEmail ? [ticketContact.email, contact.email] : [ticketContact.phone, contact.phone];
  // How Trengo writes it, when HighLevel writes it otherwise.
  const written = trengo && highLevel && trengo !== highLevel ? trengo : null;
  return (
    <p class="match-basis">
      {written === null
        ? byEmail
          ? t.foundByEmail
          : t.foundByPhone
        : byEmail
          ? t.foundByEmailWritten(written)
          : t.foundByPhoneWritten(written)}
    </p>
  );
}
