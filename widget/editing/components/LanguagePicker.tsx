import { useId } from 'preact/hooks';
import { chooseLanguage, chosenLanguage, languages, type Language } from '../../language';
import { editingWords } from '../words';

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
