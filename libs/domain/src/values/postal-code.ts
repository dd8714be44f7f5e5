import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';

/** A Japanese postal code, normalized to NNN-NNNN. */
export type PostalCode = string & { readonly __brand: 'PostalCode' };

/** Accepts NNN-NNNN or 7 digits (full-width digits and a leading 〒 are tolerated); answers NNN-NNNN. */
export function parsePostalCode(input: unknown, field = 'postalCode'): Result<PostalCode, InvalidInput> {
  if (typeof input !== 'string') return fail(new InvalidInput(field, 'a postal code such as 150-0001 is required'));
  const s = input.normalize('NFKC').trim().replace(/^〒\s*/, '').replace(/[‐‑–—−ー]/g, '-');
  const m = /^(\d{3})-?(\d{4})$/.exec(s);
  if (!m) return fail(new InvalidInput(field, `"${input}" is not a Japanese postal code (NNN-NNNN or 7 digits)`));
  return ok(`${m[1]}-${m[2]}` as PostalCode);
}
