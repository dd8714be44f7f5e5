import type { InitiateRevocation } from './commands';
import { REVOCATION_REASONS, type CrlReason, type RevocationReason, type Role } from './types';

/** Who may start a revocation of each reason (DOMAIN.md revocation table, "who starts it"). */
export type RevocationInitiator = 'CUSTOMER_REPORT' | 'OPERATOR' | 'SYSTEM';

/** What must reach the customer before the request goes to the CA (Art. 7(2)). */
export type RevocationNoticeRule = 'NONE' | 'REVOCATION_NOTICE' | 'TERMINATION_NOTICE';

export interface RevocationRule {
  readonly reason: RevocationReason;
  /** The CRL reason, or the customer's choice (CUSTOMER_REQUEST). */
  readonly crlReason: CrlReason | 'CUSTOMER_CHOICE';
  readonly initiator: RevocationInitiator;
  readonly notice: RevocationNoticeRule;
  /** BR §4.9.1.1: the CA must revoke within this many hours. */
  readonly deadlineHours: 24 | 120;
  /** Art. 7(1) (customer's report: to the CA at once, no notice) or Art. 7(2) (SECOM informs first). */
  readonly paragraph: '7(1)' | '7(2)' | '14';
}

/** The revocation table of DOMAIN.md, as data: one row per reason. */
export const REVOCATION_TABLE: Readonly<Record<RevocationReason, RevocationRule>> = {
  KEY_COMPROMISE: { reason: 'KEY_COMPROMISE', crlReason: 'KEY_COMPROMISE', initiator: 'CUSTOMER_REPORT', notice: 'NONE', deadlineHours: 24, paragraph: '7(1)' },
  TRUST_IMPAIRED: { reason: 'TRUST_IMPAIRED', crlReason: 'UNSPECIFIED', initiator: 'CUSTOMER_REPORT', notice: 'NONE', deadlineHours: 24, paragraph: '7(1)' },
  CUSTOMER_REQUEST: { reason: 'CUSTOMER_REQUEST', crlReason: 'CUSTOMER_CHOICE', initiator: 'OPERATOR', notice: 'REVOCATION_NOTICE', deadlineHours: 24, paragraph: '7(2)' },
  PROHIBITED_ACT: { reason: 'PROHIBITED_ACT', crlReason: 'PRIVILEGE_WITHDRAWN', initiator: 'OPERATOR', notice: 'REVOCATION_NOTICE', deadlineHours: 120, paragraph: '7(2)' },
  NON_PAYMENT: { reason: 'NON_PAYMENT', crlReason: 'PRIVILEGE_WITHDRAWN', initiator: 'SYSTEM', notice: 'REVOCATION_NOTICE', deadlineHours: 120, paragraph: '7(2)' },
  SUPERSEDED: { reason: 'SUPERSEDED', crlReason: 'SUPERSEDED', initiator: 'SYSTEM', notice: 'REVOCATION_NOTICE', deadlineHours: 120, paragraph: '7(2)' },
  /** Art. 10: the certificate or the sticker copied, transferred or lent on. */
  BREACH: { reason: 'BREACH', crlReason: 'PRIVILEGE_WITHDRAWN', initiator: 'OPERATOR', notice: 'REVOCATION_NOTICE', deadlineHours: 120, paragraph: '7(2)' },
  TERMINATION: { reason: 'TERMINATION', crlReason: 'CESSATION_OF_OPERATION', initiator: 'SYSTEM', notice: 'TERMINATION_NOTICE', deadlineHours: 120, paragraph: '14' },
};

/** Staff who may also start a revocation the table gives to a saga: billing and operator staff for NON_PAYMENT, after the grace period. */
export const STAFF_MAY_ALSO_START: Readonly<Partial<Record<RevocationReason, readonly Role[]>>> = { NON_PAYMENT: ['BILLING', 'OPERATOR'] };

/** The reasons staff give when they ask for a revocation: the table's OPERATOR rows and those staff may also start. */
export const STAFF_REVOCATION_REASONS: readonly InitiateRevocation['reason'][] = REVOCATION_REASONS.filter(
  (reason): reason is InitiateRevocation['reason'] => REVOCATION_TABLE[reason].initiator === 'OPERATOR' || STAFF_MAY_ALSO_START[reason] !== undefined,
);

/** The CRL reasons a customer may choose for a CUSTOMER_REQUEST revocation (0, 1, 3, 4, 5). */
export const CUSTOMER_CHOOSABLE_CRL_REASONS: readonly CrlReason[] = ['UNSPECIFIED', 'KEY_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION'];
