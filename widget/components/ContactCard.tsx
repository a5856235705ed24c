import type { ContactCard as Card } from '../../shared/api';
import { telLink, webLink } from '../display';

/** The HighLevel contact at the top of the sidebar, with a link into HighLevel. */
export function ContactCard({ contact }: { contact: Card }) {
  const highLevelUrl = webLink(contact.url);
  return (
    <header class="card">
      <h1 class="card-name" tabIndex={-1}>
        {contact.name}
      </h1>
      {contact.companyName && <p class="card-company">{contact.companyName}</p>}
      {(contact.email || contact.phone) && (
        <ul class="card-lines" aria-label="Contact details">
          {contact.email && (
            <li>
              <a href={`mailto:${contact.email}`}>{contact.email}</a>
            </li>
          )}
          {contact.phone && (
            <li>
              <a href={telLink(contact.phone)}>{contact.phone}</a>
            </li>
          )}
        </ul>
      )}
      {contact.tags.length > 0 && (
        <ul class="tags" aria-label="Tags">
          {contact.tags.map((tag) => (
            <li class="tag" key={tag}>
              {tag}
            </li>
          ))}
        </ul>
      )}
      {highLevelUrl && (
        <a class="button button-primary" href={highLevelUrl} target="_blank" rel="noopener noreferrer">
          Open in HighLevel<span class="visually-hidden"> (opens in a new tab)</span>
        </a>
      )}
    </header>
  );
}
