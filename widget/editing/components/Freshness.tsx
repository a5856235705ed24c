/**
 * Says when the record on screen is the server's copy from a while ago (HighLevel slow or down),
 * so the agent knows what they read may have changed since; nothing when it is current.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { LoadState } from '../../load-state';
import { editingWords } from '../words';
import { locale } from '../../language';

/** A copy younger than this reads as current. */
const currentForMs = 60_000;

export function Freshness({ shown, now = Date.now }: { shown: ReadonlySignal<LoadState>; now?: () => number }) {
  const state = shown.value;
  const asOf = state.kind === 'matched' ? state.view.asOf : undefined;
  const at = asOf === undefined ? NaN : Date.parse(asOf);
  if (!Number.isFinite(at) || now() - at < currentForMs) return null;
  const sameDay = new Date(at).toDateString() === new Date(now()).toDateString();
  const when = new Intl.DateTimeFormat(locale.value.tag, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  return (
    <p class="freshness" role="status">
      {editingWords().asOf(when)}
    </p>
  );
}
