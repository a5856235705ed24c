import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ContactCard } from '../../../shared/api';
import { phoneFormat, telLink } from '../../display';
import { editingWords } from '../words';
import { words } from '../../language';

/** How long "Copied" shows after a copy. */
const confirmationMs = 2000;

/**
 * Puts text on the clipboard. The Clipboard API first; where a frame is not allowed it (a
 * cross-origin iframe without the clipboard permission), the older copy command, which works
 * from the click itself. Resolves to whether the text was copied.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const had = document.activeElement as HTMLElement | null;
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.className = 'visually-hidden';
    document.body.append(field);
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      field.remove();
      had?.focus();
    }
  }
}

type Line = 'email' | 'phone';

/**
 * The contact's email and phone as links that write or call, each with "Copy", which puts the
 * address or the full number on the clipboard and says "Copied" (to screen readers too).
 */
export function ContactQuickActions({ contact, copy = copyText }: { contact: Pick<ContactCard, 'email' | 'phone'>; copy?: (text: string) => Promise<boolean> }) {
  const outcome = useSignal<{ line: Line; copied: boolean } | null>(null);
  useEffect(() => {
    if (!outcome.value) return;
    const timer = setTimeout(() => (outcome.value = null), confirmationMs);
    return () => clearTimeout(timer);
  }, [outcome.value]);

  if (!contact.email && !contact.phone) return null;
  const t = editingWords();

  const line = (kind: Line, value: string, href: string, text: string) => (
    <li class="contact-line">
      <a href={href}>{text}</a>
      <button
        type="button"
        class="link-button copy-button"
        onClick={async () => {
          outcome.value = null;
          outcome.value = { line: kind, copied: await copy(value) };
        }}
      >
        <span aria-hidden="true">{t.copy}</span>
        <span class="visually-hidden">{kind === 'email' ? t.copyEmail : t.copyPhone}</span>
      </button>
      <span role="status" class="copy-status">
        {outcome.value?.line === kind && (outcome.value.copied ? t.copied : t.couldNotCopy)}
      </span>
    </li>
  );

  return (
    <ul aria-label={words().contactDetails}>
      {contact.email && line('email', contact.email, `mailto:${contact.email}`, contact.email)}
      {contact.phone && line('phone', contact.phone, telLink(contact.phone), phoneFormat.value(contact.phone))}
    </ul>
  );
}
