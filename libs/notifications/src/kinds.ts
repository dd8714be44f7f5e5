/**
 * The notification vocabulary. The values are binding (DOMAIN.md `CustomerNotified`, API.md `NotificationKind` /
 * `NotificationChannel`): they are the domain's own lists, re-exported for the templates, so a kind, a reason or a
 * CRL reason code is defined once.
 */
export {
  CRL_REASON_CODES, CRL_REASONS, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, REVOCATION_REASONS, SCREENING_FAILURE_REASONS,
  type CrlReason, type NotificationChannel, type NotificationKind, type RevocationReason, type ScreeningFailureReason,
} from '@pfw/domain';

/** Languages a notice is written in. Customers are Japan-based: Japanese comes first, English follows. */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How a contract ended (DOMAIN.md "The contract ends"). */
export const CONTRACT_END_REASONS = ['EXPIRED', 'REVOKED', 'TERMINATED', 'CANCELLED'] as const;
export type ContractEndReason = (typeof CONTRACT_END_REASONS)[number];
