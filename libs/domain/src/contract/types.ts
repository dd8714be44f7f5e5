/**
 * The vocabulary of the contract stream. The string values are binding (API.md "Types"): enums in the
 * GraphQL schema, event payloads and read models use exactly these.
 */

export const ORGANIZATION_TYPES = ['CORPORATION', 'OTHER_LEGAL_ENTITY', 'APPROVED_ORGANIZATION', 'SOLE_PROPRIETOR'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

export const CONTRACT_STATUSES = [
  'SUBMITTED', 'REJECTED', 'WITHDRAWN', 'ACCEPTED', 'CERTIFICATE_REQUESTED', 'ISSUED', 'ACTIVE',
  'REVOCATION_REQUESTED', 'REVOKED', 'CANCELLED', 'EXPIRED', 'TERMINATED',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** No event leaves these (DOMAIN.md "Statuses"), except the after-the-end bookkeeping listed in evolve. */
export const FINAL_STATUSES: readonly ContractStatus[] = ['REJECTED', 'WITHDRAWN', 'CANCELLED', 'REVOKED', 'EXPIRED', 'TERMINATED'];
/** "The contract ends" = reaching one of these (DOMAIN.md). */
export const ENDED_STATUSES: readonly ContractStatus[] = ['CANCELLED', 'REVOKED', 'EXPIRED', 'TERMINATED'];
/** The contract is valid from ScreeningPassed until it ends (Art. 11). */
export const VALID_CONTRACT_STATUSES: readonly ContractStatus[] = ['ACCEPTED', 'CERTIFICATE_REQUESTED', 'ISSUED', 'ACTIVE', 'REVOCATION_REQUESTED'];

export const SCREENING_FAILURE_REASONS = [
  'NO_JAPAN_BASE', 'INELIGIBLE_ORGANIZATION', 'PUBLIC_ORDER_AND_MORALS', 'CRIMINAL_ACT', 'COPYRIGHT_INFRINGEMENT',
  'PROPERTY_OR_PRIVACY_INFRINGEMENT', 'DEFAMATION', 'OTHER_LEGAL_VIOLATION', 'OBSTRUCTS_SECOM', 'DOCUMENTS_INCOMPLETE', 'OTHER',
] as const;
export type ScreeningFailureReason = (typeof SCREENING_FAILURE_REASONS)[number];

export const DELIVERY_METHODS = ['EMAIL', 'DOWNLOAD', 'POST'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const NOTIFICATION_KINDS = [
  'SCREENING_RESULT', 'DOCUMENTS_REQUESTED', 'INVOICE', 'PAYMENT_REMINDER', 'REVOCATION_NOTICE', 'REVOCATION_RESULT',
  'CERTIFICATE_DELIVERY', 'REISSUE_REMINDER', 'RENEWAL_REMINDER', 'STICKER_RETURN_REQUEST', 'TERMINATION_NOTICE', 'TERMS_CHANGED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['EMAIL', 'DOCUMENT'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export type { Actor, Role } from '../actor';
export { ROLES } from '../actor';

export const REVOCATION_REASONS = ['KEY_COMPROMISE', 'TRUST_IMPAIRED', 'CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'NON_PAYMENT', 'SUPERSEDED', 'TERMINATION', 'BREACH'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** Why a contract with no certificate delivered ends (ContractCancelled): a revocation reason, or the CA's refusal. */
export const CANCELLATION_REASONS = [...REVOCATION_REASONS, 'CA_REFUSED'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** RFC 5280 CRL reason codes the Baseline Requirements allow for subscriber certificates (§7.2.2). */
export const CRL_REASON_CODES = {
  UNSPECIFIED: 0,
  KEY_COMPROMISE: 1,
  AFFILIATION_CHANGED: 3,
  SUPERSEDED: 4,
  CESSATION_OF_OPERATION: 5,
  PRIVILEGE_WITHDRAWN: 9,
} as const;
export type CrlReason = keyof typeof CRL_REASON_CODES;
export type CrlReasonCode = (typeof CRL_REASON_CODES)[CrlReason];
export const CRL_REASONS = Object.keys(CRL_REASON_CODES) as CrlReason[];

/** The CRL reason of an RFC 5280 code, or null for a code the Baseline Requirements do not allow. */
export function crlReasonOfCode(code: number): CrlReason | null {
  return CRL_REASONS.find((reason) => CRL_REASON_CODES[reason] === code) ?? null;
}

export const REISSUE_REASONS = ['COVERAGE_CONTINUES', 'REKEY'] as const;
export type ReissueReason = (typeof REISSUE_REASONS)[number];

export const TRUST_IMPAIRED_CAUSES = ['KEY_COMPROMISE', 'OTHER'] as const;
export type TrustImpairedCause = (typeof TRUST_IMPAIRED_CAUSES)[number];

/** A submitted file, by reference: the file lives in the document store; the log keeps its digest. */
export interface DocumentRef {
  readonly id: string;
  readonly kind: string;
  /** SHA-256 of the file, lowercase hex. */
  readonly sha256: string;
}
