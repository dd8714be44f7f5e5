import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import { parsePostalCode, type PostalCode } from './postal-code';
import { parsePrefecture, type Prefecture } from './prefecture';
import { requiredText } from './text';

/** An address in Japan (a base of operations in Japan is Art. 3's first condition). */
export interface Address {
  readonly postalCode: PostalCode;
  readonly prefecture: Prefecture;
  readonly city: string;
  readonly street: string;
}

export interface AddressInput {
  readonly postalCode: string;
  readonly prefecture: string;
  readonly city: string;
  readonly street: string;
}

export function parseAddress(input: AddressInput | null | undefined, field: string): Result<Address, InvalidInput> {
  if (input == null || typeof input !== 'object') return fail(new InvalidInput(field, 'an address in Japan is required'));
  const postalCode = parsePostalCode(input.postalCode, `${field}.postalCode`);
  if (!postalCode.ok) return postalCode;
  const prefecture = parsePrefecture(input.prefecture, `${field}.prefecture`);
  if (!prefecture.ok) return prefecture;
  const city = requiredText(input.city, `${field}.city`, 'the city');
  if (!city.ok) return city;
  const street = requiredText(input.street, `${field}.street`, 'the street address');
  if (!street.ok) return street;
  return ok({ postalCode: postalCode.value, prefecture: prefecture.value, city: city.value, street: street.value });
}
