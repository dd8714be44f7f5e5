import { InvalidInput } from '../errors';
import type { OrganizationType } from '../contract/types';
import { japanDate, type JapanDate } from '../time/japan-date';
import { corporateNumberCheckDigit } from '../values/corporate-number';
import { parseInvoiceRegistrationNumber } from '../values/money';

/**
 * Everything the terms leave to SECOM's configuration, with documented defaults in ONE object. Callers
 * (the config lib, tests) override parts with `resolvePolicy({...})`; the deciders take the resolved
 * policy as an argument and never read the environment themselves.
 */
export interface DomainPolicy {
  /** Art. 5: the fee by plan length, integer yen, tax-exclusive. The plans offered are exactly these. */
  readonly feeSchedule: readonly { readonly planMonths: number; readonly amountJpy: number }[];
  /** Consumption tax standard rate, whole percent (10 % since 2019-10-01). */
  readonly consumptionTaxPercent: number;
  /** SECOM's qualified-invoice issuer registration number, "T" + 13 digits. */
  readonly invoiceRegistrationNumber: string;
  /** Art. 5: payment due this many days after the invoice was received. */
  readonly paymentTermDays: number;
  /** Non-payment saga: days after the payment became overdue before the revocation notice. */
  readonly nonPaymentGraceDays: number;
  /** Art. 3: the organization types the service is offered to. */
  readonly eligibleOrganizationTypes: readonly OrganizationType[];
  /** Art. 4(1): document kinds required per organization type (the annex of the terms). */
  readonly requiredDocuments: Readonly<Record<OrganizationType, readonly string[]>>;
  /** Art. 9: the document kind of a prior written consent to a transfer. */
  readonly transferConsentDocumentKind: string;
  /**
   * Art. 11 / BR §6.3.2: the maximum certificate lifetime (notAfter − notBefore + 1 s, in days) by the
   * Japan date of issuance; the entry with the latest `from` on or before the issue date applies.
   */
  readonly certificateLifetimeCaps: readonly { readonly from: JapanDate; readonly maxDays: number }[];
  /** Art. 14: minimum notice before a termination takes effect, in months. */
  readonly terminationNoticeMonths: number;
  /** Art. 14: how many days back a paper termination notice may be dated when it is recorded. */
  readonly terminationNoticeBackdateDays: number;
  /** Art. 13: the terms version in force on a new installation. */
  readonly initialTermsVersion: string;
  /**
   * Art. 1, 2: the CA's CPS and Subscriber Agreement in force; applying accepts them (BR §9.6.3 wants the
   * acceptance recorded before issuance).
   */
  readonly caAgreements: { readonly cpsVersion: string; readonly subscriberAgreementVersion: string };
  /** Reminder and escalation timing, used by the sagas. */
  readonly reminders: {
    /** Days between PAYMENT_REMINDER notices while an invoice is overdue. */
    readonly paymentReminderEveryDays: number;
    /** REISSUE_REMINDER this many days before the current certificate's not-after (each entry once). */
    readonly reissueReminderDaysBeforeNotAfter: readonly number[];
    /** RENEWAL_REMINDER this many days before coverage ends (each entry once). */
    readonly renewalReminderDaysBeforeCoverageEnd: readonly number[];
    /** Days between STICKER_RETURN_REQUEST reminders until the sticker is back (Art. 12). */
    readonly stickerReturnReminderEveryDays: number;
    /** Escalate a revocation request still open this many hours before its BR deadline. */
    readonly revocationEscalationHoursBeforeDeadline: number;
    /** Escalate a certificate order the CA has not answered after this many days (staff cancel it or ask again). */
    readonly issuanceEscalationDays: number;
  };
}

/** A syntactically valid placeholder: the real number is SECOM's and comes from configuration. */
const PLACEHOLDER_REGISTRATION_NUMBER = `T${corporateNumberCheckDigit('000000000001')}000000000001`;

export const DEFAULT_POLICY: DomainPolicy = deepFreeze({
  // Placeholder prices, tax-exclusive; production sets the real schedule.
  feeSchedule: [
    { planMonths: 12, amountJpy: 60_000 },
    { planMonths: 24, amountJpy: 110_000 },
  ],
  consumptionTaxPercent: 10,
  invoiceRegistrationNumber: PLACEHOLDER_REGISTRATION_NUMBER,
  paymentTermDays: 30,
  nonPaymentGraceDays: 14,
  eligibleOrganizationTypes: ['CORPORATION', 'OTHER_LEGAL_ENTITY', 'APPROVED_ORGANIZATION', 'SOLE_PROPRIETOR'],
  requiredDocuments: {
    // 登記事項証明書 (certificate of registered matters) identifies a registered corporation.
    CORPORATION: ['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_REGISTERED_MATTERS'],
    OTHER_LEGAL_ENTITY: ['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_REGISTERED_MATTERS'],
    // Unregistered organizations: their rules (規約) and proof of the representative's identity.
    APPROVED_ORGANIZATION: ['APPLICATION_FORM', 'COVER_LETTER', 'ORGANIZATION_RULES', 'REPRESENTATIVE_IDENTIFICATION'],
    // 住民票 (certificate of residence) and 開業届 (notification of business opening).
    SOLE_PROPRIETOR: ['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_RESIDENCE', 'BUSINESS_OPENING_NOTIFICATION'],
  },
  transferConsentDocumentKind: 'TRANSFER_CONSENT',
  certificateLifetimeCaps: [
    { from: japanDate('2020-09-01'), maxDays: 398 },
    { from: japanDate('2026-03-15'), maxDays: 200 },
    { from: japanDate('2027-03-15'), maxDays: 100 },
    { from: japanDate('2029-03-15'), maxDays: 47 },
  ],
  terminationNoticeMonths: 3,
  terminationNoticeBackdateDays: 7,
  initialTermsVersion: '1',
  // Placeholders: production names the CA's documents in force.
  caAgreements: { cpsVersion: 'CPS 1', subscriberAgreementVersion: 'SA 1' },
  reminders: {
    paymentReminderEveryDays: 7,
    reissueReminderDaysBeforeNotAfter: [30, 14, 7],
    renewalReminderDaysBeforeCoverageEnd: [60, 30, 7],
    stickerReturnReminderEveryDays: 14,
    revocationEscalationHoursBeforeDeadline: 6,
    issuanceEscalationDays: 7,
  },
} satisfies DomainPolicy);

export type PolicyOverrides = Partial<Omit<DomainPolicy, 'reminders' | 'requiredDocuments'>> & {
  readonly reminders?: Partial<DomainPolicy['reminders']>;
  readonly requiredDocuments?: Partial<DomainPolicy['requiredDocuments']>;
};

/** The defaults with `overrides` applied, validated (throws InvalidInput naming the setting). */
export function resolvePolicy(overrides: PolicyOverrides = {}): DomainPolicy {
  const policy: DomainPolicy = {
    ...DEFAULT_POLICY,
    ...overrides,
    requiredDocuments: { ...DEFAULT_POLICY.requiredDocuments, ...overrides.requiredDocuments },
    reminders: { ...DEFAULT_POLICY.reminders, ...overrides.reminders },
  };
  validatePolicy(policy);
  return deepFreeze(policy);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function validatePolicy(p: DomainPolicy): void {
  const bad = (field: string, message: string) => new InvalidInput(`policy.${field}`, message);
  if (p.feeSchedule.length === 0) throw bad('feeSchedule', 'offers no plan');
  const seen = new Set<number>();
  for (const { planMonths, amountJpy } of p.feeSchedule) {
    if (!Number.isInteger(planMonths) || planMonths < 1) throw bad('feeSchedule', `plan of ${planMonths} months is not a whole number of months ≥ 1`);
    if (seen.has(planMonths)) throw bad('feeSchedule', `plan of ${planMonths} months appears twice`);
    seen.add(planMonths);
    if (!Number.isSafeInteger(amountJpy) || amountJpy < 0) throw bad('feeSchedule', `fee ${amountJpy} for ${planMonths} months is not whole yen ≥ 0`);
  }
  if (!Number.isInteger(p.consumptionTaxPercent) || p.consumptionTaxPercent < 0) throw bad('consumptionTaxPercent', 'must be a whole percentage');
  const reg = parseInvoiceRegistrationNumber(p.invoiceRegistrationNumber, 'policy.invoiceRegistrationNumber');
  if (!reg.ok) throw reg.error;
  for (const [k, v] of [['paymentTermDays', p.paymentTermDays], ['nonPaymentGraceDays', p.nonPaymentGraceDays], ['terminationNoticeMonths', p.terminationNoticeMonths]] as const) {
    if (!Number.isInteger(v) || v < 0) throw bad(k, `${v} is not a whole number ≥ 0`);
  }
  if (p.certificateLifetimeCaps.length === 0) throw bad('certificateLifetimeCaps', 'no cap given');
  for (let i = 1; i < p.certificateLifetimeCaps.length; i++) {
    if (p.certificateLifetimeCaps[i].from <= p.certificateLifetimeCaps[i - 1].from) throw bad('certificateLifetimeCaps', 'entries must be in increasing date order');
  }
  if (p.initialTermsVersion.trim() === '') throw bad('initialTermsVersion', 'is empty');
  if (p.caAgreements.cpsVersion.trim() === '') throw bad('caAgreements.cpsVersion', 'is empty');
  if (p.caAgreements.subscriberAgreementVersion.trim() === '') throw bad('caAgreements.subscriberAgreementVersion', 'is empty');
}

/** Art. 5: the tax-exclusive fee of a plan, or null when the plan is not offered. */
export function feeFor(policy: DomainPolicy, planMonths: number): number | null {
  return policy.feeSchedule.find((f) => f.planMonths === planMonths)?.amountJpy ?? null;
}

/** Art. 11: the lifetime cap (days) for a certificate issued on `issuedOn` (the earliest entry also covers earlier dates). */
export function lifetimeCapOn(policy: DomainPolicy, issuedOn: JapanDate): number {
  let cap = policy.certificateLifetimeCaps[0].maxDays;
  for (const entry of policy.certificateLifetimeCaps) if (entry.from <= issuedOn) cap = entry.maxDays;
  return cap;
}
