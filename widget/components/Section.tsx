import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { formatCount } from '../display';

interface SectionProps {
  title: string;
  /** Which list the section holds, in every language: what its collapsed state is remembered by. */
  list: string;
  count: number;
  children: ComponentChildren;
}

/**
 * Whether the agent collapsed the section of this list, remembered in this browser's storage for
 * the sidebar's own origin (the list's name only, nothing about a customer); `collapsed` records it
 * first. Storage may be refused (a sandboxed frame, a browser setting): nothing is remembered then.
 */
function collapsedBefore(list: string, collapsed?: boolean): boolean {
  const key = `sidebar.collapsed.${list}`;
  try {
    if (collapsed !== undefined) collapsed ? localStorage.setItem(key, '1') : localStorage.removeItem(key);
    return localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

/** A collapsible part of the sidebar: a heading button with a count, controlling its region; collapsed stays collapsed. */
export function Section({ title, list, count, children }: SectionProps) {
  const expanded = useSignal(!collapsedBefore(list));
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
            expanded.value = !collapsedBefore(list, expanded.value);
          }}
        >
          <span class="chevron" aria-hidden="true" />
          <span class="section-title">{title}</span>
          <span class="count">{formatCount(count)}</span>
        </button>
      </h2>
      <div class="section-body" id={`${id}-body`} hidden={!expanded.value}>
        {children}
      </div>
    </section>
  );
}

/** How many items a long list shows until the agent asks for all. */
export const firstShown = 5;

/** The items a long list shows, and a button below them that changes which. */
export interface ShownItems<T> {
  items: readonly T[];
  button?: ComponentChildren;
}

/** The long lists. */
export type LongList = 'tasks' | 'notes';

/** Decides what a long list shows: the editing UI's "Show all". */
export type ShowAll = <T extends { id: string }>(noun: LongList, items: readonly T[]) => ShownItems<T>;

interface ShortListProps<T extends { id: string }> {
  items: readonly T[];
  /** What the items are, for the button. */
  noun: LongList;
  render: (item: T) => ComponentChildren;
  /** "Show all", once the editing UI has loaded. */
  showAll?: ShowAll;
}

/** A long list: its first few items, and once the editing UI has loaded, a button that shows all of them. */
export function ShortList<T extends { id: string }>({ items, noun, render, showAll }: ShortListProps<T>) {
  const shown = showAll?.(noun, items) ?? { items: items.slice(0, firstShown) };
  return (
    <>
      <ul class="items">{shown.items.map(render)}</ul>
      {shown.button}
    </>
  );
}

/** The line shown in place of an empty list. */
export function EmptyNote({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
