import { text } from '../language';

/** Grey placeholder blocks in the shape of the contact card, while the sidebar loads. */
export function LoadingSkeleton() {
  return (
    <div class="skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">{text.value?.loading}</span>
      <div class="bone bone-heading" />
      <div class="bone" />
      <div class="bone bone-short" />
      <div class="bone bone-block" />
      <div class="bone bone-block" />
    </div>
  );
}
