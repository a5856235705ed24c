/**
 * The sidebar's language: the agent's own choice when they made one, else the first of the
 * browser's languages the sidebar speaks, else English. Every word on screen comes from a
 * message catalog per language, a chunk of its own: the first screen's catalog loads while the
 * contact loads, so the first screen carries no words of any language in its own bundle.
 */
import { batch, signal } from '@preact/signals';
import type { FirstScreenText } from './messages/en';

export const languages = ['en', 'nl', 'de', 'fr', 'es'] as const;
export type Language = (typeof languages)[number];

/** The language and the locale that dates and numbers follow: the browser's own variant of it when it has one (`en-GB`, `nl-BE`). */
export interface Locale {
  language: Language;
  tag: string;
}

const firstScreenCatalogs: Record<Language, () => Promise<{ text: FirstScreenText }>> = {
  en: () => import('./messages/en'),
  nl: () => import('./messages/nl'),
  de: () => import('./messages/de'),
  fr: () => import('./messages/fr'),
  es: () => import('./messages/es'),
};

/** The first screen's words in the agent's language; null until its catalog has loaded. */
export const text = signal<FirstScreenText | null>(null);

export const locale = signal<Locale>({ language: 'en', tag: 'en' });

/** Where the agent's choice is kept: this browser's storage for the sidebar's origin. */
export const choiceKey = 'sidebar.language';

const isLanguage = (value: unknown): value is Language => languages.includes(value as Language);

/** The language the agent chose in the sidebar, or null to follow the browser. */
export function chosenLanguage(): Language | null {
  try {
    const chosen = localStorage.getItem(choiceKey);
    return isLanguage(chosen) ? chosen : null;
  } catch {
    return null;
  }
}

/** The agent's choice, else the first of `browser` (such as `navigator.languages`) the sidebar speaks, else English. */
export function pickLocale(browser: readonly string[], chosen: Language | null): Locale {
  const base = (tag: string) => tag.split('-')[0]?.toLowerCase();
  const language = chosen ?? browser.map(base).find(isLanguage) ?? 'en';
  // The browser's own variant of that language, for its dates and numbers.
  return { language, tag: browser.find((candidate) => base(candidate) === language) ?? language };
}

/** Loads the catalog of another part of the sidebar for a language; resolves to what puts it in use. */
export type CatalogLoader = (language: Language) => Promise<() => void>;

/** The editing UI's catalog loads with the first screen's when the language changes. */
const partCatalogs = new Set<CatalogLoader>();
/** The language last asked for: a catalog that loads after another was asked for is not put in use. */
let wanted: Language = 'en';

/**
 * Loads the catalogs of `next` and then puts them all in use at once, so no screen mixes two
 * languages; the page's `lang` follows, for screen readers and hyphenation.
 */
export async function loadLocale(next: Locale): Promise<void> {
  wanted = next.language;
  const [first, ...parts] = await Promise.all([
    firstScreenCatalogs[next.language](),
    ...[...partCatalogs].map((load) => load(next.language)),
  ]);
  if (wanted !== next.language) return;
  batch(() => {
    text.value = first.text;
    locale.value = next;
    for (const use of parts) use();
  });
  document.documentElement.lang = next.tag;
}

/** Adds a part's catalog: loaded now for the language in use, and again whenever it changes. */
export async function addCatalog(load: CatalogLoader): Promise<void> {
  partCatalogs.add(load);
  let language = wanted;
  let use = await load(language);
  // Asked for another language meanwhile: load that one instead.
  while (language !== wanted) use = await load((language = wanted));
  use();
}

/** The first screen's words. The sidebar shows words only once its catalog has loaded, so this is never called before. */
export function words(): FirstScreenText {
  const loaded = text.value;
  if (!loaded) throw new Error('No words yet');
  return loaded;
}
