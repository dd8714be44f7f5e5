import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import { parseAddress, type Address, type AddressInput } from '../values/address';
import { requiredText } from '../values/text';
import { parseCorporateNumber, type CorporateNumber } from '../values/corporate-number';
import { parseEmail, type EmailAddress } from '../values/email';
import { parsePhone, type PhoneNumber } from '../values/phone';
import { parseFqdn, type Fqdn } from '../values/fqdn';
import { DELIVERY_METHODS, ORGANIZATION_TYPES, type DeliveryMethod, type OrganizationType } from './types';

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

/** An application as staff enter it (the GraphQL input's values): unparsed. */
export interface ApplicationInput {
  readonly applicant: ApplicantInput;
  readonly webServerFqdn: string;
  readonly planMonths: number;
  readonly stickerRequested: boolean;
  /** Default EMAIL. */
  readonly certificateDeliveryMethod?: string | null;
  /** Default: the applicant's address. */
  readonly deliveryAddress?: AddressInput | null;
}

/** An application's values, parsed and normalized: what a SubmitApplication command carries. */
export interface ParsedApplication {
  readonly applicant: Applicant;
  readonly webServerFqdn: Fqdn;
  readonly planMonths: number;
  readonly stickerRequested: boolean;
  readonly certificateDeliveryMethod: DeliveryMethod;
  readonly deliveryAddress: Address;
}

/**
 * Parses an application once, where its command is built: each value becomes its type (Applicant, Fqdn,
 * Address, …) or the first problem is an InvalidInput naming the field. Whether the plan is on offer, the CSR
 * names the host and the holder may take over a linked contract are rules, decided by submitApplication.
 */
export function parseApplication(input: ApplicationInput): Result<ParsedApplication, InvalidInput> {
  const applicant = parseApplicant(input.applicant, 'applicant');
  if (!applicant.ok) return applicant;
  const fqdn = parseFqdn(input.webServerFqdn, 'webServerFqdn');
  if (!fqdn.ok) return fqdn;
  if (!Number.isInteger(input.planMonths)) return fail(new InvalidInput('planMonths', 'must be a whole number of months'));
  if (typeof input.stickerRequested !== 'boolean') return fail(new InvalidInput('stickerRequested', 'must be true or false'));
  const method = input.certificateDeliveryMethod ?? 'EMAIL';
  if (!(DELIVERY_METHODS as readonly string[]).includes(method)) {
    return fail(new InvalidInput('certificateDeliveryMethod', `must be one of ${DELIVERY_METHODS.join(', ')}`));
  }
  let deliveryAddress = applicant.value.address;
  if (input.deliveryAddress != null) {
    const a = parseAddress(input.deliveryAddress, 'deliveryAddress');
    if (!a.ok) return a;
    deliveryAddress = a.value;
  }
  return ok({
    applicant: applicant.value,
    webServerFqdn: fqdn.value,
    planMonths: input.planMonths,
    stickerRequested: input.stickerRequested,
    certificateDeliveryMethod: method as DeliveryMethod,
    deliveryAddress,
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
