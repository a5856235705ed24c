/**
 * The screens other than a matched contact's (no match, several matches, an error) come with the
 * editing UI, whose chunk is requested as the sidebar starts, in parallel with the contact and its
 * words: the first screen's bundle holds only what the skeleton and a matched contact need.
 */
import { signal } from '@preact/signals';
import type { ContactPicker, ErrorPanel, NotFound } from '../editing/index';

/** The other screens' components; null until their chunk has loaded. */
export const otherScreens = signal<{ NotFound: typeof NotFound; ContactPicker: typeof ContactPicker; ErrorPanel: typeof ErrorPanel } | null>(null);

/** The editing UI's chunk, which the model loads as well (one request for both). */
const editingChunk = () => import('../editing/index');

/**
 * Loads the other screens. Should the chunk not load (the network dropped after the page
 * came), tries again after a growing pause, up to 15 seconds, until it does: the skeleton shows
 * meanwhile, and the screen once the network is back.
 */
export function loadOtherScreens(pauseMs = 1000): void {
  editingChunk().then(
    async ({ NotFound, ContactPicker, ErrorPanel, editingReady }) => {
      // Their words are the editing UI's.
      await editingReady;
      otherScreens.value = { NotFound, ContactPicker, ErrorPanel };
    },
    () => setTimeout(() => loadOtherScreens(Math.min(pauseMs * 2, 15_000)), pauseMs),
  );
}
