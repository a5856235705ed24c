import { useId } from 'preact/hooks';
import { choiceKey, chosenLanguage, languages, loadLocale, pickLocale, type Language } from '../../language';
import { editingWords } from '../words';

/** Keeps the agent's choice (null: follow the browser again) and switches to it. */
function chooseLanguage(chosen: Language | null, browser: readonly string[] = navigator.languages): Promise<void> {
  try {
    if (chosen) localStorage.setItem(choiceKey, chosen);
    else localStorage.removeItem(choiceKey);
  } catch {
    // Storage refused (a sandboxed frame): the choice holds until the sidebar is reloaded.
  }
  return loadLocale(pickLocale(browser, chosen));
}

/** Each language by its own name, so an agent finds theirs whatever the sidebar speaks now. */
const ownNames: Record<Language, string> = {
  en: 'English',
  nl: 'Nederlands',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
};

/**
 * At the foot of the sidebar: the language it speaks, following the browser's until the agent
 * picks one, kept in this browser for the next tickets.
 */
export function LanguagePicker() {
  const id = useId();
  const t = editingWords();
  return (
    <p class="language-picker">
      <label for={id}>{t.language}</label>
      <select
        id={id}
        value={chosenLanguage() ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          void chooseLanguage(languages.find((language) => language === value) ?? null);
        }}
      >
        <option value="">{t.browserLanguage}</option>
        {languages.map((language) => (
          <option value={language} lang={language} key={language}>
            {ownNames[language]}
          </option>
        ))}
      </select>
    </p>
  );
}
