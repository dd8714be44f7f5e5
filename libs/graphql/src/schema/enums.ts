import { registerEnumType } from '@nestjs/graphql';
import {
  CONTRACT_STATUSES,
  CRL_REASONS,
  DELIVERY_METHODS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  ORGANIZATION_TYPES,
  REISSUE_REASONS,
  REVOCATION_REASONS,
  ROLES,
  SCREENING_FAILURE_REASONS,
  TRUST_IMPAIRED_CAUSES,
} from '@pfw/domain';

/** A GraphQL enum whose values are exactly the domain's strings (API.md "Types": values as in DOMAIN.md). */
function enumOf<const T extends readonly string[]>(values: T, name: string, description: string): { [K in T[number]]: K } {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(e, { name, description });
  return e;
}

export const OrganizationTypeEnum = enumOf(ORGANIZATION_TYPES, 'OrganizationType', 'Who may apply (Art. 3).');
export const ContractStatusEnum = enumOf(CONTRACT_STATUSES, 'ContractStatus', 'The contract lifecycle (DOMAIN.md).');
export const ScreeningFailureReasonEnum = enumOf(SCREENING_FAILURE_REASONS, 'ScreeningFailureReason', 'Why screening rejected an application (Art. 3, 4).');
export const RevocationReasonEnum = enumOf(REVOCATION_REASONS, 'RevocationReason', 'Why a certificate is revoked (Art. 7).');
/** API.md `cancelContract`: the reasons staff give for ending a contract before any certificate was delivered. */
export const STAFF_CANCELLATION_REASONS = ['CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'CA_REFUSED', 'NON_PAYMENT'] as const;
export const CancellationReasonEnum = enumOf(STAFF_CANCELLATION_REASONS, 'CancellationReason', 'Why a contract ends before any certificate was delivered (Art. 7, 11).');
export const RevocationOutcomeEnum = enumOf(['REVOKED', 'REJECTED'] as const, 'RevocationOutcome', 'The CA’s answer to a revocation request (Art. 7).');
export const CrlReasonEnum = enumOf(CRL_REASONS, 'CrlReason', 'RFC 5280 CRL reason codes the Baseline Requirements allow.');
export const DeliveryMethodEnum = enumOf(DELIVERY_METHODS, 'DeliveryMethod', 'How the certificate reaches the customer (Art. 4(4)).');
export const NotificationKindEnum = enumOf(NOTIFICATION_KINDS, 'NotificationKind', 'The notices the terms require.');
export const NotificationChannelEnum = enumOf(NOTIFICATION_CHANNELS, 'NotificationChannel', 'E-mail or a paper document.');
export const RoleEnum = enumOf(ROLES, 'Role', 'Staff roles, and SYSTEM for sagas.');
export const ReissueReasonEnum = enumOf(REISSUE_REASONS, 'ReissueReason', 'Why a certificate instance is reissued (Art. 11).');
export const TrustImpairedCauseEnum = enumOf(TRUST_IMPAIRED_CAUSES, 'TrustImpairedCause', 'What the customer reported (Art. 7(1)).');
export const InvoiceStatusEnum = enumOf(['OPEN', 'SETTLED', 'OVERDUE'] as const, 'InvoiceStatus', 'Payment state of the invoice (Art. 5).');
export const StickerStatusEnum = enumOf(['NOT_REQUESTED', 'REQUESTED', 'LENT', 'RETURN_REQUESTED', 'RETURNED'] as const, 'StickerStatus', 'The lent site seal (Art. 1, 12).');
export const RevocationStatusEnum = enumOf(['INITIATED', 'REQUESTED', 'REVOKED', 'REJECTED'] as const, 'RevocationStatus', 'Where a revocation stands (Art. 7).');
export const CertificateStatusEnum = enumOf(['ISSUED', 'DELIVERED', 'REVOKED', 'EXPIRED'] as const, 'CertificateStatus', 'One certificate instance of the coverage.');
