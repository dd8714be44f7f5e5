import type { Actor } from '../actor';
import type { CsrFacts } from '../values/csr';
import type { ParsedApplication } from './applicant';
import type { ScreeningChecklist } from './events';
import type {
  CancellationReason, CrlReason, DeliveryMethod, DocumentRef, NotificationChannel, NotificationKind, ReissueReason, RevocationReason,
  ScreeningFailureReason, TrustImpairedCause,
} from './types';

/**
 * The commands of the contract stream. The decider has no I/O, so a command carries every fact it needs
 * that is not in the stream: `at` (the Clock's now), the actor, parsed CSR facts, document references,
 * the service state (suspended? terms version in force?) and, for a re-contract, the linked contract's
 * holder. A new application's values arrive parsed (`parseApplication`, where the command is built); the
 * decider still checks the free texts and dates the other commands carry.
 */
interface Base {
  readonly contractId: string;
  readonly actor: Actor;
  /** The instant the command is decided at. */
  readonly at: Date;
}

/** What a CA-bound command must know about the service stream (Art. 6). */
interface CaBound {
  readonly serviceSuspended: boolean;
}

/** The contract an application renews or supersedes, as the handler loaded it (Art. 8, 9, 11). */
export interface LinkedContractFacts {
  readonly contractId: string;
  readonly organizationName: string;
  readonly corporateNumber: string | null;
}

/** A new application: its values parsed by `parseApplication`, plus what the handler looked up. */
export interface SubmitApplication extends Base, ParsedApplication {
  readonly type: 'SubmitApplication';
  /** From `parseCsr(csrPem)`. */
  readonly csr: CsrFacts;
  readonly documents: readonly DocumentRef[];
  /** From the service stream: the version in force now (Art. 13). */
  readonly termsVersionInForce: string;
  readonly renewalOf?: LinkedContractFacts | null;
  readonly supersedes?: LinkedContractFacts | null;
  readonly transferConsentDocument?: DocumentRef | null;
}

export interface RequestAdditionalDocuments extends Base {
  readonly type: 'RequestAdditionalDocuments';
  readonly kinds: readonly string[];
  readonly note?: string | null;
}

export interface AttachDocuments extends Base {
  readonly type: 'AttachDocuments';
  readonly documents: readonly DocumentRef[];
}

export interface WithdrawApplication extends Base {
  readonly type: 'WithdrawApplication';
  readonly note?: string | null;
}

export interface PassScreening extends Base {
  readonly type: 'PassScreening';
  readonly checklist: ScreeningChecklist;
}

export interface FailScreening extends Base {
  readonly type: 'FailScreening';
  readonly reasons: readonly ScreeningFailureReason[];
  readonly note?: string | null;
}

/** After the files were deleted from the document store (Art. 4(2)). */
export interface DiscardSubmittedDocuments extends Base {
  readonly type: 'DiscardSubmittedDocuments';
}

/** Records that a notice reached the customer (sent by the notifications lib, or a paper DOCUMENT). */
export interface NotifyCustomer extends Base {
  readonly type: 'NotifyCustomer';
  readonly kind: Exclude<NotificationKind, 'TERMINATION_NOTICE'>;
  readonly channel: NotificationChannel;
  readonly recipient: string;
  /** Required for TERMS_CHANGED: the version now in force. */
  readonly termsVersion?: string | null;
  readonly note?: string | null;
}

export interface IssueInvoice extends Base {
  readonly type: 'IssueInvoice';
  readonly invoiceId: string;
  /** EMAIL (received the day it is issued) or DOCUMENT (paper; give receivedOn). */
  readonly channel: NotificationChannel;
  /** 'YYYY-MM-DD'; default: the Japan date of `at`. */
  readonly issuedOn?: string;
  /** 'YYYY-MM-DD'; required for DOCUMENT; for EMAIL it is issuedOn. */
  readonly receivedOn?: string | null;
}

export interface RecordPayment extends Base {
  readonly type: 'RecordPayment';
  readonly invoiceId: string;
  readonly amountJpy: number;
  readonly paidOn: string;
  readonly bankReference: string;
}

export interface MarkPaymentOverdue extends Base {
  readonly type: 'MarkPaymentOverdue';
  readonly invoiceId: string;
}

export interface RequestCertificate extends Base, CaBound {
  readonly type: 'RequestCertificate';
  readonly caOrderId: string;
  /** A shorter validity than the cap, if wanted. */
  readonly validityDays?: number;
}

export interface RecordCertificateIssued extends Base {
  readonly type: 'RecordCertificateIssued';
  readonly caOrderId: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subject: string;
  readonly issuer: string;
  readonly fingerprintSha256: string;
  readonly pem: string;
}

export interface RecordCertificateDelivered extends Base {
  readonly type: 'RecordCertificateDelivered';
  readonly serialNumber?: string;
  /** Default: the method chosen in the application. */
  readonly method?: DeliveryMethod;
  readonly deliveredAt: Date;
  readonly recipient?: string | null;
}

export interface RequestReissue extends Base, CaBound {
  readonly type: 'RequestReissue';
  readonly caOrderId: string;
  readonly csr: CsrFacts;
  readonly reason: ReissueReason;
  readonly validityDays?: number;
}

/** Ends the contract before any certificate was issued; cancels a pending CA order (Art. 7, DOMAIN.md). */
export interface CancelContract extends Base {
  readonly type: 'CancelContract';
  readonly reason: CancellationReason;
  readonly note?: string | null;
  /** A pending CA order is cancelled, which is a CA request (Art. 6). */
  readonly serviceSuspended: boolean;
}

export interface LendSticker extends Base {
  readonly type: 'LendSticker';
  readonly stickerSerial: string;
  readonly shippedOn: string;
}

export interface RequestStickerReturn extends Base {
  readonly type: 'RequestStickerReturn';
}

export interface RecordStickerReturned extends Base {
  readonly type: 'RecordStickerReturned';
  readonly stickerSerial: string;
  readonly receivedOn: string;
}

/** Art. 7(1): the customer reported that the certificate can no longer be trusted. */
export interface ReportTrustImpaired extends Base, CaBound {
  readonly type: 'ReportTrustImpaired';
  readonly cause: TrustImpairedCause;
  readonly reportedAt: Date;
  readonly note?: string | null;
  /** The CA order for the revocation request sent at once (unless the service is suspended). */
  readonly caOrderId: string;
}

/** Art. 7(2) and the sagas: a revocation decided by SECOM (notice first, then the CA request). */
export interface InitiateRevocation extends Base {
  readonly type: 'InitiateRevocation';
  readonly reason: Exclude<RevocationReason, 'KEY_COMPROMISE' | 'TRUST_IMPAIRED'>;
  /** CUSTOMER_REQUEST only: the customer's choice of CRL reason (default UNSPECIFIED). */
  readonly crlReason?: CrlReason | null;
  readonly note?: string | null;
  /** SUPERSEDED: the contract that replaced this one. */
  readonly supersededBy?: string | null;
}

/** Sends an initiated revocation to the CA (after the notice where one is required; Art. 6, 7). */
export interface SendRevocationRequest extends Base, CaBound {
  readonly type: 'SendRevocationRequest';
  readonly caOrderId: string;
}

export interface RecordCertificateRevoked extends Base {
  readonly type: 'RecordCertificateRevoked';
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly crlReason: CrlReason;
  readonly caReference: string;
}

export interface RecordRevocationRejected extends Base {
  readonly type: 'RecordRevocationRejected';
  readonly serialNumber: string;
  readonly error: string;
}

/**
 * Art. 7, "No dead ends": the CA's answer to a revocation request, received by another channel (telephone,
 * its portal) and recorded by staff once the request is past its deadline without an answer here.
 */
export interface RecordRevocationOutcome extends Base {
  readonly type: 'RecordRevocationOutcome';
  readonly outcome: 'REVOKED' | 'REJECTED';
  /** REVOKED: when the CA revoked the certificates. */
  readonly revokedAt?: Date | null;
  readonly note?: string | null;
}

export interface ExpireContract extends Base {
  readonly type: 'ExpireContract';
}

export interface NoticeTermination extends Base {
  readonly type: 'NoticeTermination';
  /** DOCUMENT: the paper notice's date (today or up to 7 days back). EMAIL: today, or left out. */
  readonly noticedOn?: string | null;
  readonly effectiveOn: string;
  readonly channel: NotificationChannel;
  readonly reason: string;
  /** E-mail address or postal address line the notice went to. */
  readonly recipient: string;
}

/** At the effective date (termination saga). Before issuance a pending CA order is cancelled (Art. 6). */
export interface TerminateContract extends Base, CaBound {
  readonly type: 'TerminateContract';
}

export interface AssessCompensation extends Base {
  readonly type: 'AssessCompensation';
  readonly incidentOn: string;
}

export interface ShredPersonalData extends Base {
  readonly type: 'ShredPersonalData';
  readonly scope: readonly string[];
}

export type ContractCommand =
  | SubmitApplication | RequestAdditionalDocuments | AttachDocuments | WithdrawApplication | PassScreening
  | FailScreening | DiscardSubmittedDocuments | NotifyCustomer | IssueInvoice | RecordPayment | MarkPaymentOverdue
  | RequestCertificate | RecordCertificateIssued | RecordCertificateDelivered | RequestReissue | CancelContract
  | LendSticker | RequestStickerReturn | RecordStickerReturned | ReportTrustImpaired | InitiateRevocation
  | SendRevocationRequest | RecordCertificateRevoked | RecordRevocationRejected | RecordRevocationOutcome | ExpireContract | NoticeTermination
  | TerminateContract | AssessCompensation | ShredPersonalData;

