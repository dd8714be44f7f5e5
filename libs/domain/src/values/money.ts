import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';

/** An amount of Japanese yen: a whole number (the yen has no minor unit in use). */
export type Yen = number;

export function parseYen(input: unknown, field = 'amountJpy', { positive = false } = {}): Result<Yen, InvalidInput> {
  if (typeof input !== 'number' || !Number.isSafeInteger(input)) return fail(new InvalidInput(field, 'must be a whole number of yen'));
  if (input < 0 || (positive && input === 0)) return fail(new InvalidInput(field, `must be ${positive ? 'more than' : 'at least'} 0 yen`));
  return ok(input);
}

/** A tax rate as a whole percentage (consumption tax standard rate: 10). */
export interface TaxRate {
  readonly percent: number;
}

/**
 * Consumption tax on a qualified invoice (適格請求書): computed once per invoice and per tax rate on the
 * tax-exclusive subtotal, fractions of a yen rounded down (the Consumption Tax Act allows one rounding per
 * invoice per rate, never per line).
 */
export function consumptionTax(subtotal: Yen, rate: TaxRate): Yen {
  if (!Number.isSafeInteger(subtotal) || subtotal < 0) throw new InvalidInput('subtotalJpy', 'must be a whole number of yen, at least 0');
  if (!Number.isInteger(rate.percent) || rate.percent < 0) throw new InvalidInput('taxRate', 'must be a whole percentage');
  return Math.floor((subtotal * rate.percent) / 100);
}

export interface InvoiceAmounts {
  readonly subtotalJpy: Yen;
  readonly consumptionTaxJpy: Yen;
  readonly totalJpy: Yen;
}

export function invoiceAmounts(subtotal: Yen, rate: TaxRate): InvoiceAmounts {
  const tax = consumptionTax(subtotal, rate);
  return { subtotalJpy: subtotal, consumptionTaxJpy: tax, totalJpy: subtotal + tax };
}

/** SECOM's qualified-invoice issuer registration number: "T" followed by 13 digits. */
export function parseInvoiceRegistrationNumber(input: unknown, field = 'invoiceRegistrationNumber'): Result<string, InvalidInput> {
  if (typeof input !== 'string' || !/^T\d{13}$/.test(input)) return fail(new InvalidInput(field, `"${String(input)}" is not a registration number (T followed by 13 digits)`));
  return ok(input);
}
