import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';

/** A Japanese corporate number (法人番号): 13 digits, the first one a check digit. */
export type CorporateNumber = string & { readonly __brand: 'CorporateNumber' };

/**
 * The National Tax Agency's check digit: for the 12-digit base number, P(n) is the n-th digit counted from
 * the right and Q(n) is 1 for odd n and 2 for even n; check = 9 − (Σ P(n)·Q(n) mod 9).
 */
export function corporateNumberCheckDigit(base12: string): number {
  if (!/^\d{12}$/.test(base12)) throw new InvalidInput('corporateNumber', 'the base number must be 12 digits');
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const p = Number(base12[12 - n]);
    sum += p * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

export function parseCorporateNumber(input: unknown, field = 'corporateNumber'): Result<CorporateNumber, InvalidInput> {
  if (typeof input !== 'string') return fail(new InvalidInput(field, 'must be a 13-digit corporate number'));
  const s = input.normalize('NFKC').replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(s)) return fail(new InvalidInput(field, `"${input}" is not 13 digits`));
  const expected = corporateNumberCheckDigit(s.slice(1));
  if (Number(s[0]) !== expected) {
    return fail(new InvalidInput(field, `"${input}" has a wrong check digit (expected ${expected} as the first digit)`));
  }
  return ok(s as CorporateNumber);
}
