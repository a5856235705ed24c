import type { ComponentChildren } from 'preact';
import type { Loaded } from '../load-state';

interface LoadedViewProps<T> {
  state: Loaded<T>;
  /** What is read, for the loading and failure lines ("the outbox"). */
  what: string;
  retry: () => void;
  children: (value: T) => ComponentChildren;
}

/** What a part of the page read: "Loading…", the failure with Try again, or the content. */
export function LoadedView<T>({ state, what, retry, children }: LoadedViewProps<T>) {
  switch (state.kind) {
    case 'loading':
      return (
        <p class="muted" role="status">
          Loading…
        </p>
      );
    case 'failed':
      return (
        <div class="problem-box">
          <p role="alert">
            Could not read {what}: {state.message}
          </p>
          <button type="button" class="button" onClick={retry}>
            Try again
          </button>
        </div>
      );
    case 'loaded':
      return <>{children(state.value)}</>;
  }
}
