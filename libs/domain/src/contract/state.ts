import type { Actor } from '../actor';
import type { JapanDate } from '../time/japan-date';
import type { Address } from '../values/address';
import type { Fqdn } from '../values/fqdn';
import type { Applicant } from './applicant';
import type { CaAgreementsAccepted, CompensationAssessedData, CsrRecord, RequestedValidity, ScreeningChecklist } from './events';
import type { RevocationInitiator, RevocationNoticeRule } from './revocation-table';
import type {
  CancellationReason, ContractStatus, CrlReason, DeliveryMethod, DocumentRef, NotificationChannel, NotificationKind, ReissueReason,
  RevocationReason, ScreeningFailureReason,
} from './types';

/** One certificate instance of the coverage (the first one, then each reissue). */
export interface CertificateInstance {
  readonly caOrderId: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subject: string;
  readonly issuer: string;
  readonly fingerprintSha256: string;
  readonly pem: string;
  readonly deliveredAt: Date | null;
  /** How it was delivered (CertificateDelivered). */
  readonly deliveryMethod: DeliveryMethod | null;
  readonly revokedAt: Date | null;
  readonly crlReason: CrlReason | null;
}

/** An order the CA has not answered yet. */
export interface PendingCaOrder {
  readonly caOrderId: string;
  readonly kind: 'INITIAL' | 'REISSUE';
  readonly reissueReason: ReissueReason | null;
  readonly csrDigest: string;
  readonly validity: RequestedValidity;
  readonly requestedAt: Date;
}

export interface Payment {
  readonly amountJpy: number;
  readonly paidOn: JapanDate;
  readonly bankReference: string;
}

export interface InvoiceState {
  readonly invoiceId: string;
  readonly subtotalJpy: number;
  readonly taxRatePercent: number;
  readonly consumptionTaxJpy: number;
  readonly totalJpy: number;
  readonly registrationNumber: string;
  readonly channel: NotificationChannel;
  readonly issuedOn: JapanDate;
  /** Null for an e-mailed invoice until its e-mail was sent (Art. 5: it cannot fall due before). */
  readonly receivedOn: JapanDate | null;
  readonly dueOn: JapanDate | null;
  readonly payments: readonly Payment[];
  readonly paidJpy: number;
  readonly settled: boolean;
  /** The payment date that settled it. */
  readonly settledOn: JapanDate | null;
  /** Set by PaymentOverdue (00:00 Japan time the day after dueOn). */
  readonly overdueSince: Date | null;
}

export type StickerStatus = 'NOT_REQUESTED' | 'REQUESTED' | 'LENT' | 'RETURN_REQUESTED' | 'RETURNED';

export interface StickerState {
  readonly status: StickerStatus;
  readonly serial: string | null;
  readonly shippedOn: JapanDate | null;
  readonly address: Address | null;
  readonly returnRequestedAt: Date | null;
  readonly returnDueOn: JapanDate | null;
  readonly returnedOn: JapanDate | null;
}

export type RevocationStatus = 'INITIATED' | 'REQUESTED' | 'REVOKED' | 'REJECTED';

export interface RevocationState {
  readonly reason: RevocationReason;
  readonly crlReason: CrlReason;
  readonly initiator: RevocationInitiator;
  readonly noticeRule: RevocationNoticeRule;
  readonly status: RevocationStatus;
  /** Every instance unrevoked and unexpired when the revocation was decided: all of them are revoked. */
  readonly serialNumbers: readonly string[];
  /** Those the CA reported revoked so far; the contract is REVOKED when all are. */
  readonly revokedSerialNumbers: readonly string[];
  readonly by: Actor;
  readonly note: string | null;
  readonly initiatedAt: Date;
  readonly deadline: Date;
  /** When the notice Art. 7(2) asks for reached the customer (for TERMINATION: the termination notice). */
  readonly noticeGivenAt: Date | null;
  readonly caOrderId: string | null;
  readonly requestedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly rejectedAt: Date | null;
  readonly caError: string | null;
  readonly supersededBy: string | null;
  /** Art. 5, 7(2): a NON_PAYMENT revocation stopped before its request, the fee settled meanwhile. */
  readonly withdrawnAt: Date | null;
  /** The status to return to when the CA rejects the request. */
  readonly statusBefore: ContractStatus;
}

export interface NotificationRecord {
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
  readonly recipient: string;
  readonly sentAt: Date;
  /** TERMS_CHANGED: the version announced. */
  readonly termsVersion: string | null;
}

export interface ScreeningRecord {
  readonly result: 'PASSED' | 'FAILED';
  readonly screener: Actor;
  readonly at: Date;
  readonly checklist: ScreeningChecklist | null;
  readonly reasons: readonly ScreeningFailureReason[];
  readonly note: string | null;
}

export interface TerminationState {
  readonly noticedOn: JapanDate;
  readonly effectiveOn: JapanDate;
  readonly channel: NotificationChannel;
  readonly reason: string;
  readonly noticedBy: Actor;
  readonly terminatedAt: Date | null;
}

/** A contract (one application) as its events describe it. */
export interface Contract {
  readonly status: ContractStatus;
  readonly id: string;
  readonly applicant: Applicant;
  readonly webServerFqdn: Fqdn;
  readonly planMonths: number;
  readonly stickerRequested: boolean;
  readonly certificateDeliveryMethod: DeliveryMethod;
  readonly deliveryAddress: Address;
  /** The CSR of the latest order (the submission's, then each reissue's). */
  readonly csr: CsrRecord;
  readonly documents: readonly DocumentRef[];
  /** Additional kinds asked for (Art. 4) and not attached yet. */
  readonly outstandingDocumentKinds: readonly string[];
  readonly transferConsentDocument: DocumentRef | null;
  readonly documentsDiscarded: boolean;
  /** Art. 13: in force at submission (the version governing it is `governingTermsVersion`, in time). */
  readonly termsVersion: string;
  readonly renewalOf: string | null;
  readonly supersedes: string | null;
  readonly submittedAt: Date;
  readonly submittedBy: Actor;
  readonly screening: ScreeningRecord | null;
  readonly withdrawal: { readonly at: Date; readonly by: Actor; readonly note: string | null } | null;
  /** Art. 11: the contract is valid from here. */
  readonly acceptedAt: Date | null;
  readonly coverageStartsOn: JapanDate | null;
  /** The last covered day. */
  readonly coverageEndsOn: JapanDate | null;
  readonly invoice: InvoiceState | null;
  readonly pendingOrder: PendingCaOrder | null;
  /** CA orders cancelled before the CA answered: a certificate it issues for one anyway is recorded and revoked. */
  readonly cancelledOrderIds: readonly string[];
  /** Art. 2, BR §9.6.3: the CA's CPS and Subscriber Agreement accepted by applying. */
  readonly caAgreementsAccepted: CaAgreementsAccepted | null;
  /** Oldest first. */
  readonly certificates: readonly CertificateInstance[];
  readonly sticker: StickerState;
  /** The latest revocation; earlier rejected ones are in `pastRevocations`. */
  readonly revocation: RevocationState | null;
  readonly pastRevocations: readonly RevocationState[];
  readonly notifications: readonly NotificationRecord[];
  readonly termination: TerminationState | null;
  readonly cancellation: { readonly reason: CancellationReason; readonly at: Date; readonly by: Actor; readonly note: string | null } | null;
  /** When the contract reached CANCELLED, REVOKED, EXPIRED or TERMINATED. */
  readonly endedAt: Date | null;
  readonly compensations: readonly CompensationAssessedData[];
  /**
   * PersonalDataShredded (Art. 4): the contract's key is gone, and with it every personal field — they read as
   * null from then on, as the serializer decodes them (see withoutPersonalData).
   */
  readonly personalDataShredded: boolean;
  /** Number of events folded (the stream revision is eventCount − 1). */
  readonly eventCount: number;
}

/** Before ApplicationSubmitted, a contract stream is empty. */
export interface NoContract {
  readonly status: 'NEW';
}

export type ContractState = NoContract | Contract;

export const initialContractState: ContractState = Object.freeze({ status: 'NEW' as const });

export function isContract(state: ContractState): state is Contract {
  return state.status !== 'NEW';
}

/**
 * When the contract stopped running: it ended (CANCELLED, REVOKED, EXPIRED, TERMINATED), or the application was
 * rejected or withdrawn. Null while it runs (Art. 13: later revisions no longer reach it).
 */
export function closedAt(c: Contract): Date | null {
  if (c.endedAt !== null) return c.endedAt;
  if (c.status === 'REJECTED') return c.screening?.at ?? null;
  if (c.status === 'WITHDRAWN') return c.withdrawal?.at ?? null;
  return null;
}

/** The latest certificate instance, if any was issued. */
export function latestCertificate(c: Contract): CertificateInstance | null {
  return c.certificates.length > 0 ? c.certificates[c.certificates.length - 1] : null;
}

/**
 * A certificate no customer holds, revoked at the CA without a notice: issued for an order cancelled meanwhile,
 * or never delivered before the contract ended (DOMAIN.md Art. 7).
 */
export function isUndeliveredLeftover(c: Contract, cert: CertificateInstance): boolean {
  if (cert.deliveredAt !== null || cert.revokedAt !== null) return false;
  return c.cancelledOrderIds.includes(cert.caOrderId) || c.endedAt !== null;
}

/** Unrevoked, unexpired instances at `at` (all of them are revoked when the contract is revoked). */
export function unrevokedCertificatesAt(c: Contract, at: Date): readonly CertificateInstance[] {
  return c.certificates.filter((cert) => cert.revokedAt === null && cert.notAfter.getTime() >= at.getTime());
}

export type InvoiceStatus = 'OPEN' | 'SETTLED' | 'OVERDUE';

export function invoiceStatus(invoice: InvoiceState): InvoiceStatus {
  if (invoice.settled) return 'SETTLED';
  return invoice.overdueSince ? 'OVERDUE' : 'OPEN';
}
