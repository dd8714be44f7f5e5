/**
 * The notification vocabulary. The string values are binding (DOMAIN.md `CustomerNotified`, API.md
 * `NotificationKind` / `NotificationChannel`) and equal those of `@pfw/domain`; this lib sits beside the
 * domain in the layering, so it keeps its own copy rather than importing it.
 */

export const NOTIFICATION_KINDS = [
  'SCREENING_RESULT', 'DOCUMENTS_REQUESTED', 'INVOICE', 'PAYMENT_REMINDER', 'REVOCATION_NOTICE', 'REVOCATION_RESULT',
  'CERTIFICATE_DELIVERY', 'REISSUE_REMINDER', 'RENEWAL_REMINDER', 'STICKER_RETURN_REQUEST', 'TERMINATION_NOTICE', 'TERMS_CHANGED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['EMAIL', 'DOCUMENT'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Languages a notice is written in. Customers are Japan-based: Japanese comes first, English follows. */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SCREENING_FAILURE_REASONS = [
  'NO_JAPAN_BASE', 'INELIGIBLE_ORGANIZATION', 'PUBLIC_ORDER_AND_MORALS', 'CRIMINAL_ACT', 'COPYRIGHT_INFRINGEMENT',
  'PROPERTY_OR_PRIVACY_INFRINGEMENT', 'DEFAMATION', 'OTHER_LEGAL_VIOLATION', 'OBSTRUCTS_SECOM', 'DOCUMENTS_INCOMPLETE', 'OTHER',
] as const;
export type ScreeningFailureReason = (typeof SCREENING_FAILURE_REASONS)[number];

export const REVOCATION_REASONS = [
  'KEY_COMPROMISE', 'TRUST_IMPAIRED', 'CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'NON_PAYMENT', 'SUPERSEDED', 'TERMINATION', 'BREACH',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export const CRL_REASONS = [
  'UNSPECIFIED', 'KEY_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION', 'PRIVILEGE_WITHDRAWN',
] as const;
export type CrlReason = (typeof CRL_REASONS)[number];

/** RFC 5280 reason codes of the CRL reasons above. */
export const CRL_REASON_CODES: Readonly<Record<CrlReason, number>> = Object.freeze({
  UNSPECIFIED: 0,
  KEY_COMPROMISE: 1,
  AFFILIATION_CHANGED: 3,
  SUPERSEDED: 4,
  CESSATION_OF_OPERATION: 5,
  PRIVILEGE_WITHDRAWN: 9,
});

/** How a contract ended (DOMAIN.md "The contract ends"). */
export const CONTRACT_END_REASONS = ['EXPIRED', 'REVOKED', 'TERMINATED', 'CANCELLED'] as const;
export type ContractEndReason = (typeof CONTRACT_END_REASONS)[number];
