/**
 * What changed, for the sidebars open right now: a contact's records (its read copy changed) or
 * a customer's writes. Listeners filter for their own ticket; nothing here leaves the process.
 */

export type LiveChange =
  | { kind: 'contact'; contactId: string; deleted: boolean }
  | { kind: 'writes'; linkKey: string; contactId: string | null };

export interface Live {
  /** Adds a listener; returns the function that removes it. */
  listen(listener: (change: LiveChange) => void): () => void;
  publish(change: LiveChange): void;
  /** Calls `onClose` when the server stops, so streams end; returns the function that removes it. */
  onClose(onClose: () => void): () => void;
  /** The server is stopping: every stream ends. */
  close(): void;
}

export function createLive(onListenerError?: (error: unknown) => void): Live {
  const listeners = new Set<(change: LiveChange) => void>();
  const closers = new Set<() => void>();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(change) {
      for (const listener of listeners) {
        try {
          listener(change);
        } catch (error) {
          // One broken stream must not keep the change from the others.
          onListenerError?.(error);
        }
      }
    },
    onClose(onClose) {
      closers.add(onClose);
      return () => closers.delete(onClose);
    },
    close() {
      for (const onClose of [...closers]) onClose();
      closers.clear();
    },
  };
}
