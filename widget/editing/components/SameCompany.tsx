import { useEffect } from 'preact/hooks';
import type { ContactCard } from '../../../shared/api';
import { Section } from '../../components/Section';
import { phoneFormat, webLink } from '../../display';
import type { Colleagues } from '../colleagues';
import { editingWords } from '../words';

/** The other contacts of the contact's business, each opening in HighLevel. */
export function SameCompany({ contact, colleagues }: { contact: ContactCard; colleagues: Colleagues }) {
  const belongsToCompany = contact.companyName !== null;
  useEffect(() => {
    if (belongsToCompany) colleagues.show(contact.id);
  }, [contact.id, belongsToCompany]);

  const state = colleagues.state.value;
  const t = editingWords();
  if (!belongsToCompany || colleagues.contactId.value !== contact.id) return null;
  if (state.kind === 'failed') {
    return (
      <Section title={t.sameCompany} list="Same company" count={0}>
        <p class="field-error">{state.message}</p>
        <button type="button" class="button" onClick={() => colleagues.retry()}>
          {t.retry}
        </button>
      </Section>
    );
  }
  if (state.kind !== 'loaded' || state.contacts.length === 0) return null;
  return (
    <Section title={t.sameCompany} list="Same company" count={state.contacts.length}>
      <ul class="items">
        {state.contacts.map((colleague) => {
          const url = webLink(colleague.url);
          return (
            <li class="item" key={colleague.id}>
              <div class="item-main">
                {url ? (
                  <a class="item-title" href={url} target="_blank" rel="noopener noreferrer">
                    {colleague.name}
                    <span class="visually-hidden"> {t.opensInHighLevel}</span>
                  </a>
                ) : (
                  <p class="item-title">{colleague.name}</p>
                )}
                {(colleague.email || colleague.phone) && (
                  <p class="item-meta">{[colleague.email, colleague.phone && phoneFormat.value(colleague.phone)].filter(Boolean).join(' · ')}</p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
