import type { ComponentChildren, Ref } from 'preact';

interface PanelProps {
  /** The section's anchor, which the page's nav links to. */
  id: string;
  title: string;
  intro?: ComponentChildren;
  /** The heading, which takes the focus when what had it is gone (a sent or discarded row, an ended notice). */
  headingRef?: Ref<HTMLHeadingElement>;
  children: ComponentChildren;
}

/** One section of the page: a region named by its heading. */
export function Panel({ id, title, intro, headingRef, children }: PanelProps) {
  return (
    <section id={id} class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} tabIndex={-1} ref={headingRef}>
        {title}
      </h2>
      {intro && <p class="intro">{intro}</p>}
      {children}
    </section>
  );
}
