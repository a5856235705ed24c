import type { ComponentChildren } from 'preact';
import { useId, useRef } from 'preact/hooks';
import { useSignal } from '@preact/signals';

interface SectionProps {
  title: string;
  count: number;
  children: ComponentChildren;
}

/**
 * Whether the agent collapsed the section of this title, remembered in this browser's storage for
 * the sidebar's own origin (the title only, nothing about a customer); `collapsed` records it
 * first. Storage may be refused (a sandboxed frame, a browser setting): nothing is remembered then.
 */
function collapsedBefore(title: string, collapsed?: boolean): boolean {
  const key = `sidebar.collapsed.${title}`;
  try {
    if (collapsed !== undefined) collapsed ? localStorage.setItem(key, '1') : localStorage.removeItem(key);
    return localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

/** A collapsible part of the sidebar: a heading button with a count, controlling its region; collapsed stays collapsed. */
export function Section({ title, count, children }: SectionProps) {
  const expanded = useSignal(!collapsedBefore(title));
  const id = useId();
  return (
    <section class="section" aria-labelledby={`${id}-heading`}>
      <h2 class="section-heading" id={`${id}-heading`}>
        <button
          type="button"
          class="section-toggle"
          aria-expanded={expanded.value}
          aria-controls={`${id}-body`}
          onClick={() => {
            expanded.value = !collapsedBefore(title, expanded.value);
          }}
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

interface ShortListProps<T extends { id: string }> {
  items: readonly T[];
  /** What the items are, for the button: "tasks", "notes". */
  noun: string;
  render: (item: T) => ComponentChildren;
}

/** How many items a long list shows until the agent asks for all. */
const firstShown = 5;

/**
 * The first few items of a long list, and a button that shows all of them, then fewer again. An
 * item once shown stays shown while the list changes (a ticked task moving to the completed ones
 * at the end), so it never vanishes from under the agent or takes focus with it.
 */
export function ShortList<T extends { id: string }>({ items, noun, render }: ShortListProps<T>) {
  const all = useSignal(false);
  const seen = useRef(new Set<string>());
  const visible = all.value ? items : items.filter((item, index) => index < firstShown || seen.current.has(item.id));
  for (const item of visible) seen.current.add(item.id);
  return (
    <>
      <ul class="items">{visible.map(render)}</ul>
      {items.length > firstShown && (
        <button
          type="button"
          class="button"
          onClick={() => {
            seen.current.clear();
            all.value = !all.value;
          }}
        >
          {all.value ? `Show fewer ${noun}` : `Show all ${items.length} ${noun}`}
        </button>
      )}
    </>
  );
}

/** The line shown in place of an empty list. */
export function EmptyNote({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
