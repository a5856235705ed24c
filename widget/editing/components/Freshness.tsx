/**
 * Says when the record on screen is the server's copy from a while ago (HighLevel slow or down),
 * so the agent knows what they read may have changed since; nothing when it is current.
 */
import type { ReadonlySignal } from '@preact/signals';
import type { LoadState } from '../../load-state';

/** A copy younger than this reads as current. */
const currentForMs = 60_000;

export function Freshness({ shown, now = Date.now }: { shown: ReadonlySignal<LoadState>; now?: () => number }) {
  const state = shown.value;
  const asOf = state.kind === 'matched' ? state.view.asOf : undefined;
  const at = asOf === undefined ? NaN : Date.parse(asOf);
  if (!Number.isFinite(at) || now() - at < currentForMs) return null;
  const sameDay = new Date(at).toDateString() === new Date(now()).toDateString();
  const when = new Intl.DateTimeFormat(undefined, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  return (
    <p class="freshness" role="status">
      As of {when}: HighLevel is not answering, so this is the record as it was then. Changes you make are kept and sent when it answers.
    </p>
  );
}
