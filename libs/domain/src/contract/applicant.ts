import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import { parseAddress, type Address, type AddressInput } from '../values/address';
import { requiredText } from '../values/text';
import { parseCorporateNumber, type CorporateNumber } from '../values/corporate-number';
import { parseEmail, type EmailAddress } from '../values/email';
import { parsePhone, type PhoneNumber } from '../values/phone';
import { ORGANIZATION_TYPES, type OrganizationType } from './types';

/** The subscriber organization as recorded at submission (Art. 3). */
export interface Applicant {
  readonly organizationName: string;
  readonly organizationType: OrganizationType;
  readonly corporateNumber: CorporateNumber | null;
  /** Its base of operations in Japan. */
  readonly address: Address;
  readonly representativeName: string;
  readonly contact: { readonly name: string; readonly email: EmailAddress; readonly phone: PhoneNumber };
}

export interface ApplicantInput {
  readonly organizationName: string;
  readonly organizationType: string;
  readonly corporateNumber?: string | null;
  readonly address: AddressInput;
  readonly representativeName: string;
  readonly contact: { readonly name: string; readonly email: string; readonly phone: string };
}

export function parseOrganizationType(input: unknown, field: string): Result<OrganizationType, InvalidInput> {
  if (typeof input === 'string' && (ORGANIZATION_TYPES as readonly string[]).includes(input)) return ok(input as OrganizationType);
  return fail(new InvalidInput(field, `"${String(input)}" is not one of ${ORGANIZATION_TYPES.join(', ')}`));
}

/** Validates and normalizes an applicant (postal code NNN-NNNN, official prefecture name, …). */
export function parseApplicant(input: ApplicantInput | null | undefined, field = 'applicant'): Result<Applicant, InvalidInput> {
  if (input == null || typeof input !== 'object') return fail(new InvalidInput(field, 'the applicant is required'));
  const organizationName = requiredText(input.organizationName, `${field}.organizationName`, 'the organization name');
  if (!organizationName.ok) return organizationName;
  const organizationType = parseOrganizationType(input.organizationType, `${field}.organizationType`);
  if (!organizationType.ok) return organizationType;
  let corporateNumber: CorporateNumber | null = null;
  if (input.corporateNumber != null && input.corporateNumber.trim() !== '') {
    const r = parseCorporateNumber(input.corporateNumber, `${field}.corporateNumber`);
    if (!r.ok) return r;
    corporateNumber = r.value;
  }
  const address = parseAddress(input.address, `${field}.address`);
  if (!address.ok) return address;
  const representativeName = requiredText(input.representativeName, `${field}.representativeName`, 'the representative’s name');
  if (!representativeName.ok) return representativeName;
  if (input.contact == null) return fail(new InvalidInput(`${field}.contact`, 'a contact person is required'));
  const contactName = requiredText(input.contact.name, `${field}.contact.name`, 'the contact person’s name');
  if (!contactName.ok) return contactName;
  const email = parseEmail(input.contact.email, `${field}.contact.email`);
  if (!email.ok) return email;
  const phone = parsePhone(input.contact.phone, `${field}.contact.phone`);
  if (!phone.ok) return phone;
  return ok({
    organizationName: organizationName.value,
    organizationType: organizationType.value,
    corporateNumber,
    address: address.value,
    representativeName: representativeName.value,
    contact: { name: contactName.value, email: email.value, phone: phone.value },
  });
}

/**
 * Whether two applicants are the same holder (Art. 9): only the same corporate number on both sides proves
 * it. A name alone never does: a namesake without a corporate number counts as another holder, who needs the
 * prior written consent.
 */
export function sameHolder(
  a: { readonly organizationName: string; readonly corporateNumber: string | null },
  b: { readonly organizationName: string; readonly corporateNumber: string | null },
): boolean {
  return a.corporateNumber !== null && a.corporateNumber !== '' && a.corporateNumber === b.corporateNumber;
}
