import type { Actor } from '../actor';
import type { JapanDate } from '../time/japan-date';
import type { Address } from '../values/address';
import type { Fqdn } from '../values/fqdn';
import type { KeyAlgorithm } from '../values/csr';
import type { Applicant } from './applicant';
import type { RevocationInitiator, RevocationNoticeRule } from './revocation-table';
import type {
  CancellationReason, CrlReason, DeliveryMethod, DocumentRef, NotificationChannel, NotificationKind, ReissueReason, RevocationReason,
  ScreeningFailureReason,
} from './types';

/**
 * The events of the contract stream (`contract-<uuid>`). Type names are exactly DOMAIN.md's and never
 * change; payloads only grow (a changed shape gets a new schema version and an upcaster in the serializer).
 * Instants are `Date`, Japan calendar dates are `JapanDate` strings, amounts are integer yen.
 */

/** The key facts of the CSR, kept in the log (the PEM goes to the CA). */
export interface CsrRecord {
  readonly sha256: string;
  readonly publicKeySha256: string;
  readonly pem: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly keySize: number | null;
  readonly namedCurve: string | null;
}

/** The subject the CA is asked to certify (built from the application, not from the CSR: API.md). */
export interface CertificateSubject {
  readonly commonName: Fqdn;
  readonly organizationName: string;
  readonly locality: string;
  readonly stateOrProvince: string;
  readonly country: 'JP';
}

/** How long the CA may make the certificate valid (Art. 11: within coverage and the BR cap). */
export interface RequestedValidity {
  /** The BR lifetime cap in force on the request date, or a shorter validity the operator asked for. */
  readonly maxLifetimeDays: number;
  /** The certificate must not be valid after this instant (the end of coverage, Japan time). */
  readonly notAfterLatest: Date;
}

export interface ApplicationSubmittedData {
  readonly contractId: string;
  readonly applicant: Applicant;
  readonly webServerFqdn: Fqdn;
  readonly planMonths: number;
  readonly stickerRequested: boolean;
  readonly certificateDeliveryMethod: DeliveryMethod;
  /** Where the sticker and POST deliveries go (the applicant's address unless another was given). */
  readonly deliveryAddress: Address;
  readonly documents: readonly DocumentRef[];
  readonly csr: CsrRecord;
  /** Art. 13: the terms version in force at submission. */
  readonly termsVersion: string;
  /** Art. 11: this application extends that contract. */
  readonly renewalOf: string | null;
  /** Art. 8/9: this application replaces that contract (change of details or transfer). */
  readonly supersedes: string | null;
  /** Art. 9: the prior written consent, when the holder changes. */
  readonly transferConsentDocument: DocumentRef | null;
  readonly submittedAt: Date;
  readonly submittedBy: Actor;
  /** Art. 2, BR §9.6.3: the CA's CPS and Subscriber Agreement accepted by applying (null: recorded before v2). */
  readonly caAgreementsAccepted: CaAgreementsAccepted | null;
}

export interface CaAgreementsAccepted {
  readonly cpsVersion: string;
  readonly subscriberAgreementVersion: string;
  readonly acceptedAt: Date;
}

export interface AdditionalDocumentsRequestedData {
  readonly kinds: readonly string[];
  readonly note: string | null;
  readonly requestedAt: Date;
  readonly requestedBy: Actor;
}

export interface DocumentsAttachedData {
  readonly documents: readonly DocumentRef[];
  readonly attachedAt: Date;
  readonly attachedBy: Actor;
}

export interface ApplicationWithdrawnData {
  readonly withdrawnAt: Date;
  readonly withdrawnBy: Actor;
  readonly note: string | null;
}

export interface ScreeningChecklist {
  readonly japanBase: boolean;
  readonly organizationEligible: boolean;
  readonly noProhibitedActFound: boolean;
  readonly documentsComplete: boolean;
}

export interface ScreeningPassedData {
  readonly screener: Actor;
  readonly checklist: ScreeningChecklist;
  readonly passedAt: Date;
  /**
   * Schema v2: the Japan date of acceptance, where coverage starts (Art. 11), recorded explicitly so no
   * reader has to convert passedAt to Asia/Tokyo itself. v1 events are upcast with toJapanDate(passedAt).
   */
  readonly coverageStartsOn: JapanDate;
}

export interface ScreeningFailedData {
  readonly screener: Actor;
  readonly reasons: readonly ScreeningFailureReason[];
  readonly note: string | null;
  readonly failedAt: Date;
}

export interface SubmittedDocumentsDiscardedData {
  /** The files are deleted from the document store; their ids and digests stay for the audit. */
  readonly documents: readonly DocumentRef[];
  readonly discardedAt: Date;
}

export interface CustomerNotifiedData {
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
  /** E-mail address (EMAIL) or postal address line (DOCUMENT). */
  readonly recipient: string;
  readonly sentAt: Date;
  /** TERMS_CHANGED: the version announced. */
  readonly termsVersion: string | null;
  readonly note: string | null;
}

export interface InvoiceIssuedData {
  readonly invoiceId: string;
  readonly planMonths: number;
  /** Tax-exclusive, from the fee schedule (Art. 5). */
  readonly subtotalJpy: number;
  readonly taxRatePercent: number;
  /** Rounded down once per invoice. */
  readonly consumptionTaxJpy: number;
  readonly totalJpy: number;
  /** SECOM's qualified-invoice issuer registration number (T + 13 digits). */
  readonly registrationNumber: string;
  readonly channel: NotificationChannel;
  readonly issuedOn: JapanDate;
  /**
   * A paper invoice: the day the customer received it. An e-mailed one: null, it is received when its INVOICE
   * e-mail is actually sent (InvoiceReceived).
   */
  readonly receivedOn: JapanDate | null;
  /** = receivedOn + 30 days (Art. 5); null until received. */
  readonly dueOn: JapanDate | null;
}

/** Art. 5: an e-mailed invoice reached the customer (its INVOICE e-mail was sent): the 30 days run from here. */
export interface InvoiceReceivedData {
  readonly invoiceId: string;
  readonly receivedOn: JapanDate;
  readonly dueOn: JapanDate;
}

export interface FeePaidData {
  readonly invoiceId: string;
  readonly amountJpy: number;
  readonly paidOn: JapanDate;
  readonly bankReference: string;
  /** All payments on the invoice so far, this one included. */
  readonly paidTotalJpy: number;
  readonly outstandingJpy: number;
  /** True once payments reach the total; transfer charges are the customer's, so a short payment is not. */
  readonly settled: boolean;
}

export interface PaymentOverdueData {
  readonly invoiceId: string;
  readonly dueOn: JapanDate;
  readonly outstandingJpy: number;
  /** 00:00 Japan time the day after dueOn. */
  readonly overdueSince: Date;
}

export interface CertificateRequestedData {
  readonly caOrderId: string;
  readonly subject: CertificateSubject;
  readonly validity: RequestedValidity;
  readonly csrDigest: string;
  readonly requestedAt: Date;
}

export interface CertificateRequestCancelledData {
  readonly caOrderId: string;
  readonly reason: string;
  readonly cancelledAt: Date;
}

export interface CertificateIssuedData {
  readonly caOrderId: string;
  /** Uppercase hex, no separators, no leading zero byte (as `openssl x509 -serial` prints it). */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subject: string;
  readonly issuer: string;
  /** Lowercase hex. */
  readonly fingerprintSha256: string;
  readonly pem: string;
}

export interface CertificateDeliveredData {
  readonly serialNumber: string;
  readonly deliveredAt: Date;
  readonly method: DeliveryMethod;
  /** EMAIL: the address it was sent to. */
  readonly recipient: string | null;
  /** POST: where it was sent. */
  readonly address: Address | null;
}

export interface CertificateReissueRequestedData {
  readonly caOrderId: string;
  readonly reason: ReissueReason;
  readonly csr: CsrRecord;
  readonly subject: CertificateSubject;
  readonly validity: RequestedValidity;
  /** The instance being followed; a reissue never revokes it by itself. */
  readonly previousSerialNumber: string | null;
  readonly requestedAt: Date;
  readonly requestedBy: Actor;
}

export interface StickerLentData {
  readonly stickerSerial: string;
  readonly shippedOn: JapanDate;
  readonly address: Address;
}

export interface StickerReturnRequestedData {
  readonly stickerSerial: string;
  readonly requestedAt: Date;
  /** Due at once when the contract ends (Art. 12). */
  readonly dueOn: JapanDate;
}

export interface StickerReturnedData {
  readonly stickerSerial: string;
  readonly receivedOn: JapanDate;
}

export interface RevocationInitiatedData {
  readonly reason: RevocationReason;
  readonly crlReason: CrlReason;
  readonly initiator: RevocationInitiator;
  readonly noticeRule: RevocationNoticeRule;
  readonly by: Actor;
  readonly note: string | null;
  /** Every unrevoked, unexpired instance of the contract (a revocation ends the contract: Art. 7). */
  readonly serialNumbers: readonly string[];
  readonly initiatedAt: Date;
  /** BR §4.9.1.1: initiatedAt + 24 h or 5 days. */
  readonly deadline: Date;
  /** SUPERSEDED: the contract that replaced this one. */
  readonly supersededBy: string | null;
}

export interface RevocationRequestedData {
  readonly reason: RevocationReason;
  readonly crlReason: CrlReason;
  readonly caOrderId: string;
  readonly serialNumbers: readonly string[];
  readonly requestedAt: Date;
  readonly deadline: Date;
}

export interface CertificateRevokedData {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly crlReason: CrlReason;
  readonly caReference: string;
}

export interface RevocationRejectedData {
  readonly serialNumber: string;
  readonly rejectedAt: Date;
  /** The CA's error, as it reported it. */
  readonly error: string;
}

/**
 * Art. 5, 7(2): a NON_PAYMENT revocation stopped before its request went to the CA, because the fee was
 * settled meanwhile (a payment counts by the day the money arrived).
 */
export interface RevocationWithdrawnData {
  readonly reason: RevocationReason;
  readonly initiatedAt: Date;
  readonly withdrawnAt: Date;
  readonly why: string;
}

export interface ContractCancelledData {
  /** Why the contract ended before any certificate was issued. */
  readonly reason: CancellationReason;
  readonly cancelledAt: Date;
  readonly by: Actor;
  readonly note: string | null;
}

export interface ContractExpiredData {
  readonly coverageEndsOn: JapanDate;
  readonly expiredAt: Date;
}

export interface ContractTerminationNoticedData {
  readonly noticedOn: JapanDate;
  readonly effectiveOn: JapanDate;
  readonly channel: NotificationChannel;
  readonly reason: string;
  readonly noticedBy: Actor;
}

export interface ContractTerminatedData {
  readonly effectiveOn: JapanDate;
  readonly terminatedAt: Date;
}

export interface CompensationAssessedData {
  readonly incidentOn: JapanDate;
  readonly contractFeeJpy: number;
  readonly feeReceivedJpy: number;
  readonly remainingWholeMonths: number;
  readonly planMonths: number;
  readonly amountJpy: number;
  readonly assessedAt: Date;
  readonly assessedBy: Actor;
}

export interface PersonalDataShreddedData {
  /** Which personal fields of this stream became unreadable (their key destroyed). */
  readonly scope: readonly string[];
  readonly shreddedAt: Date;
  readonly by: Actor;
}

type Ev<T extends string, D> = { readonly type: T; readonly data: D };

export type ApplicationSubmitted = Ev<'ApplicationSubmitted', ApplicationSubmittedData>;
export type AdditionalDocumentsRequested = Ev<'AdditionalDocumentsRequested', AdditionalDocumentsRequestedData>;
export type DocumentsAttached = Ev<'DocumentsAttached', DocumentsAttachedData>;
export type ApplicationWithdrawn = Ev<'ApplicationWithdrawn', ApplicationWithdrawnData>;
export type ScreeningPassed = Ev<'ScreeningPassed', ScreeningPassedData>;
export type ScreeningFailed = Ev<'ScreeningFailed', ScreeningFailedData>;
export type SubmittedDocumentsDiscarded = Ev<'SubmittedDocumentsDiscarded', SubmittedDocumentsDiscardedData>;
export type CustomerNotified = Ev<'CustomerNotified', CustomerNotifiedData>;
export type InvoiceIssued = Ev<'InvoiceIssued', InvoiceIssuedData>;
export type InvoiceReceived = Ev<'InvoiceReceived', InvoiceReceivedData>;
export type FeePaid = Ev<'FeePaid', FeePaidData>;
export type PaymentOverdue = Ev<'PaymentOverdue', PaymentOverdueData>;
export type CertificateRequested = Ev<'CertificateRequested', CertificateRequestedData>;
export type CertificateRequestCancelled = Ev<'CertificateRequestCancelled', CertificateRequestCancelledData>;
export type CertificateIssued = Ev<'CertificateIssued', CertificateIssuedData>;
export type CertificateDelivered = Ev<'CertificateDelivered', CertificateDeliveredData>;
export type CertificateReissueRequested = Ev<'CertificateReissueRequested', CertificateReissueRequestedData>;
export type StickerLent = Ev<'StickerLent', StickerLentData>;
export type StickerReturnRequested = Ev<'StickerReturnRequested', StickerReturnRequestedData>;
export type StickerReturned = Ev<'StickerReturned', StickerReturnedData>;
export type RevocationInitiated = Ev<'RevocationInitiated', RevocationInitiatedData>;
export type RevocationRequested = Ev<'RevocationRequested', RevocationRequestedData>;
export type CertificateRevoked = Ev<'CertificateRevoked', CertificateRevokedData>;
export type RevocationRejected = Ev<'RevocationRejected', RevocationRejectedData>;
export type RevocationWithdrawn = Ev<'RevocationWithdrawn', RevocationWithdrawnData>;
export type ContractCancelled = Ev<'ContractCancelled', ContractCancelledData>;
export type ContractExpired = Ev<'ContractExpired', ContractExpiredData>;
export type ContractTerminationNoticed = Ev<'ContractTerminationNoticed', ContractTerminationNoticedData>;
export type ContractTerminated = Ev<'ContractTerminated', ContractTerminatedData>;
export type CompensationAssessed = Ev<'CompensationAssessed', CompensationAssessedData>;
export type PersonalDataShredded = Ev<'PersonalDataShredded', PersonalDataShreddedData>;

export type ContractEvent =
  | ApplicationSubmitted | AdditionalDocumentsRequested | DocumentsAttached | ApplicationWithdrawn | ScreeningPassed
  | ScreeningFailed | SubmittedDocumentsDiscarded | CustomerNotified | InvoiceIssued | InvoiceReceived | FeePaid | PaymentOverdue
  | CertificateRequested | CertificateRequestCancelled | CertificateIssued | CertificateDelivered
  | CertificateReissueRequested | StickerLent | StickerReturnRequested | StickerReturned | RevocationInitiated
  | RevocationRequested | CertificateRevoked | RevocationRejected | RevocationWithdrawn | ContractCancelled | ContractExpired
  | ContractTerminationNoticed | ContractTerminated | CompensationAssessed | PersonalDataShredded;

export type ContractEventType = ContractEvent['type'];

/** Current schema version of each event type's payload (bumped with an upcaster in the serializer). */
export const CONTRACT_EVENT_SCHEMA_VERSIONS: Readonly<Record<ContractEventType, number>> = {
  ApplicationSubmitted: 2,
  AdditionalDocumentsRequested: 1,
  DocumentsAttached: 1,
  ApplicationWithdrawn: 1,
  ScreeningPassed: 2,
  ScreeningFailed: 1,
  SubmittedDocumentsDiscarded: 1,
  CustomerNotified: 1,
  InvoiceIssued: 1,
  InvoiceReceived: 1,
  FeePaid: 1,
  PaymentOverdue: 1,
  CertificateRequested: 1,
  CertificateRequestCancelled: 1,
  CertificateIssued: 1,
  CertificateDelivered: 1,
  CertificateReissueRequested: 1,
  StickerLent: 1,
  StickerReturnRequested: 1,
  StickerReturned: 1,
  RevocationInitiated: 1,
  RevocationRequested: 1,
  CertificateRevoked: 1,
  RevocationRejected: 1,
  RevocationWithdrawn: 1,
  ContractCancelled: 1,
  ContractExpired: 1,
  ContractTerminationNoticed: 1,
  ContractTerminated: 1,
  CompensationAssessed: 1,
  PersonalDataShredded: 1,
};

export const CONTRACT_EVENT_TYPES = Object.keys(CONTRACT_EVENT_SCHEMA_VERSIONS) as ContractEventType[];

/** Every contract stream's id starts with this: the filter that selects the contracts' events from the log. */
export const CONTRACT_STREAM_PREFIX = 'contract-';

export const contractStreamId = (contractId: string): string => `${CONTRACT_STREAM_PREFIX}${contractId}`;

/** The contract a stream belongs to, or null when it is not a contract stream. */
export function contractIdOfStream(streamId: string): string | null {
  return streamId.startsWith(CONTRACT_STREAM_PREFIX) && streamId.length > CONTRACT_STREAM_PREFIX.length ? streamId.slice(CONTRACT_STREAM_PREFIX.length) : null;
}
