/** Where a part of the page stands with what it reads from the server: one case per screen. */
import type { Signal } from '@preact/signals';
import { failureMessage } from './client';

export type Loaded<T> = { kind: 'loading' } | { kind: 'loaded'; value: T } | { kind: 'failed'; message: string };

/**
 * Reads into `target`. "Loading…" shows only while nothing was read yet (or the last read failed):
 * a reload keeps what is shown until the new answer is in, so a list does not blink away under the
 * operator's focus.
 */
export async function loadInto<T>(target: Signal<Loaded<T>>, reading: () => Promise<T>): Promise<void> {
  if (target.peek().kind === 'failed') target.value = { kind: 'loading' };
  try {
    target.value = { kind: 'loaded', value: await reading() };
  } catch (error) {
    target.value = { kind: 'failed', message: failureMessage(error) };
  }
}
