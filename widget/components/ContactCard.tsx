import type { ComponentChildren } from 'preact';
import type { ContactCard as Card } from '../../shared/api';
import { phoneFormat, telLink, webLink } from '../display';
import { words } from '../language';

interface ContactCardProps {
  contact: Card;
  /** Replaces the email and phone lines: the editable details, once the editing UI has loaded. */
  details?: ComponentChildren;
  /** Replaces the tag list: the tag editor, once the editing UI has loaded. */
  tags?: ComponentChildren;
  /** Shown at the bottom of the card, such as the link controls. */
  children?: ComponentChildren;
}

/** The HighLevel contact at the top of the sidebar, with a link into HighLevel. */
export function ContactCard({ contact, details, tags, children }: ContactCardProps) {
  const highLevelUrl = webLink(contact.url);
  const t = words();
  return (
    <header class="card">
      <h1 class="card-name" tabIndex={-1}>
        {contact.name}
      </h1>
      {contact.companyName && <p class="card-company">{contact.companyName}</p>}
      {details ?? <ContactLines contact={contact} />}
      {tags ??
        (contact.tags.length > 0 && (
          <ul class="tags" aria-label={t.tags}>
            {contact.tags.map((tag) => (
              <li class="tag" key={tag}>
                {tag}
              </li>
            ))}
          </ul>
        ))}
      {highLevelUrl && (
        <a class="button button-primary" href={highLevelUrl} target="_blank" rel="noopener noreferrer">
          {t.openInHighLevel}
          <span class="visually-hidden"> {t.opensInNewTab}</span>
        </a>
      )}
      {children}
    </header>
  );
}

/** The contact's email and phone as links. */
export function ContactLines({ contact }: { contact: Pick<Card, 'email' | 'phone'> }) {
  if (!contact.email && !contact.phone) return null;
  return (
    <ul aria-label={words().contactDetails}>
      {contact.email && (
        <li>
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </li>
      )}
      {contact.phone && (
        <li>
          <a href={telLink(contact.phone)}>{phoneFormat.value(contact.phone)}</a>
        </li>
      )}
    </ul>
  );
}
