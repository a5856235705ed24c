/**
 * The editing UI's words in the agent's language: a catalog per language, a chunk of its own,
 * loaded with the editing UI and again with the first screen's whenever the language changes.
 */
import { signal } from '@preact/signals';
import { addCatalog, type Language } from '../language';
import type { EditingText } from './messages/en';

const catalogs: Record<Language, () => Promise<{ text: EditingText }>> = {
  en: () => import('./messages/en'),
  nl: () => import('./messages/nl'),
  de: () => import('./messages/de'),
  fr: () => import('./messages/fr'),
  es: () => import('./messages/es'),
};

const loaded = signal<EditingText | null>(null);

/** Settles once the editing UI's words are in use: the editing UI shows only after. */
export const editingWordsReady: Promise<void> = addCatalog(async (language) => {
  const { text } = await catalogs[language]();
  return () => {
    loaded.value = text;
  };
});

/** The editing UI's words; the editing UI shows only once they have loaded. */
export function editingWords(): EditingText {
  const words = loaded.value;
  if (!words) throw new Error('The editing UI’s catalog has not loaded yet.');
  return words;
}

/** A reason as a sentence, ended by a full stop unless it has its own (the server's words may have none). */
export function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
