import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';

/** A Japanese telephone number in national form, digits only (e.g. 0312345678, 09012345678). */
export type PhoneNumber = string & { readonly __brand: 'PhoneNumber' };

/**
 * Accepts hyphens, spaces, parentheses, full-width digits and the +81 country code (with or without the
 * trunk 0 in parentheses). A fixed line or 0120 number has 10 digits; mobile (070/080/090), IP (050),
 * M2M (020) and 0800 numbers have 11.
 */
export function parsePhone(input: unknown, field = 'phone'): Result<PhoneNumber, InvalidInput> {
  if (typeof input !== 'string' || input.trim() === '') return fail(new InvalidInput(field, 'a telephone number is required'));
  let s = input.normalize('NFKC').trim().replace(/[‐‑–—−ー]/g, '-');
  if (!/^\+?[\d\s\-().]+$/.test(s)) return fail(new InvalidInput(field, `"${input}" contains characters that are not part of a phone number`));
  if (s.startsWith('+')) {
    if (!s.startsWith('+81')) return fail(new InvalidInput(field, `"${input}" is not a Japanese number (+81)`));
    s = '0' + s.slice(3).replace(/^[\s-]*\(0\)/, '');
  }
  const digits = s.replace(/[\s\-().]/g, '');
  if (!/^0\d+$/.test(digits) || digits.startsWith('00')) {
    return fail(new InvalidInput(field, `"${input}" must start with a 0 area code or +81`));
  }
  const elevenDigit = /^0[2-9]0/.test(digits) && !digits.startsWith('0120');
  if (elevenDigit ? digits.length !== 11 : digits.length !== 10) {
    return fail(new InvalidInput(field, `"${input}" has ${digits.length} digits; a ${elevenDigit ? `${digits.slice(0, 3)} number has 11` : 'fixed-line number has 10'}`));
  }
  return ok(digits as PhoneNumber);
}
