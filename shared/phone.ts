/** Phone numbers in one form, so a number Trengo holds finds the same number in HighLevel. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * The E.164 form (`+14155550134`) of a phone number written in any common way,
 * read in `defaultCountry` when it carries no country code; null when it is no valid number.
 */
export function toE164(raw: string, defaultCountry: CountryCode): string | null {
  const phone = parsePhoneNumberFromString(raw.trim(), { defaultCountry, extract: false });
  return phone?.isValid() ? phone.number : null;
}
