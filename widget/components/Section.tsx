import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { useSignal } from '@preact/signals';

interface SectionProps {
  title: string;
  count: number;
  children: ComponentChildren;
}

/** A collapsible part of the sidebar: a heading button with a count, controlling its region. */
export function Section({ title, count, children }: SectionProps) {
  const expanded = useSignal(true);
  const id = useId();
  return (
    <section class="section" aria-labelledby={`${id}-heading`}>
      <h2 class="section-heading" id={`${id}-heading`}>
        <button
          type="button"
          class="section-toggle"
          aria-expanded={expanded.value}
          aria-controls={`${id}-body`}
          onClick={() => (expanded.value = !expanded.value)}
        >
          <span class="chevron" aria-hidden="true" />
          <span class="section-title">{title}</span>
          <span class="count">{count}</span>
        </button>
      </h2>
      <div class="section-body" id={`${id}-body`} hidden={!expanded.value}>
        {children}
      </div>
    </section>
  );
}

/** The line shown in place of an empty list. */
export function EmptyNote({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
