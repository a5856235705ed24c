/**
 * Phone numbers as the customer's country writes them, grouped as its people group them: in the
 * national form when the number is of the agent's own country (by the browser's language, such as
 * en-US), else in the international form with its country code. A chunk of its own, loaded after
 * the first screen: the formatting rules of every country are larger than the rest of the sidebar.
 * Loading it is enough: it puts its formatter in `phoneFormat`, and every number shown re-renders.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { phoneFormat } from '../display';

/** The agent's country as the browser's language names it or implies it (`en-GB` → GB, `nl` → NL). */
function agentCountry(): string | undefined {
  try {
    return new Intl.Locale(navigator.language).maximize().region;
  } catch {
    return undefined;
  }
}

const country = agentCountry();

/** A number held as E.164 (`+442079460958`) as its country writes it; anything unreadable as it is. */
export function formatPhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed?.isValid()) return phone;
  return parsed.country === country ? parsed.formatNational() : parsed.formatInternational();
}

phoneFormat.value = formatPhone;
