import type {
  ContractStatus, CrlReason, DeliveryMethod, InvoiceStatus, NotificationChannel, NotificationKind, OrganizationType, ReissueReason,
  CancellationReason, RevocationInitiator, RevocationNoticeRule, RevocationReason, RevocationStatus, Role, ScreeningChecklist, ScreeningFailureReason,
  StickerStatus,
} from '@pfw/domain';

/**
 * The contract as admin UIs read it: one JSON document per contract, kept by the `contracts` projection and
 * answered by ContractQueries. JSON-friendly throughout, so it is stored as JSON text and handed to GraphQL as is:
 *
 * - instants are ISO 8601 UTC strings (`2026-04-01T01:00:00.000Z`, as `Date#toISOString` writes them);
 * - Japan calendar dates are `YYYY-MM-DD` strings;
 * - money is integer yen (`…Jpy`).
 *
 * It records facts the events state, never judgements relative to the time of a query (whether a certificate
 * has passed its notAfter by now is the resolver's business). A fact that has not happened yet is null
 * (API.md). After crypto-shredding (PersonalDataShredded) the applicant's personal fields are null.
 * Field names of API.md's `Contract` are used unchanged; the rest are extras for admin UIs.
 */
export interface ContractView {
  readonly id: string;
  readonly status: ContractStatus;
  readonly applicant: ApplicantView;
  readonly webServerFqdn: string;
  readonly planMonths: number;
  /** The Japan date of acceptance (Art. 11); null before ScreeningPassed. */
  readonly coverageStartsOn: JapanDateString | null;
  /** The last covered day; null before ScreeningPassed. */
  readonly coverageEndsOn: JapanDateString | null;
  readonly stickerRequested: boolean;
  readonly certificateDeliveryMethod: DeliveryMethod;
  /** Art. 13: the terms version in force at submission. */
  readonly termsVersion: string;
  /**
   * When the contract stopped running (ended, rejected or withdrawn; the domain's `closedAt`), null while it
   * runs. The version governing it depends on the time asked (Art. 13), so it is not stored: the API computes
   * it with the domain's `governingTermsVersion` from this, `termsVersion` and the service's terms versions.
   */
  readonly closedAt: IsoInstant | null;
  readonly submittedAt: IsoInstant;
  readonly acceptedAt: IsoInstant | null;
  readonly invoice: InvoiceView | null;
  /** Every certificate instance of the coverage, oldest first. */
  readonly certificates: readonly CertificateView[];
  /** Serial number of the latest issued instance that is neither revoked nor expired (by the events), or null. */
  readonly currentCertificate: string | null;
  readonly sticker: StickerView;
  /** The latest revocation; earlier, rejected ones are in `pastRevocations`. */
  readonly revocation: RevocationView | null;
  readonly notifications: readonly NotificationView[];
  readonly renewalOf: string | null;
  readonly supersedes: string | null;
  /** The stream revision of the last event applied (0 after ApplicationSubmitted). */
  readonly version: number;

  // — extras for admin UIs —
  readonly submittedBy: ActorView;
  /** Where the sticker and POST deliveries go. */
  readonly deliveryAddress: AddressView;
  readonly documents: readonly DocumentView[];
  /** Art. 4: the files were deleted after a rejection or withdrawal (ids and digests stay). */
  readonly documentsDiscarded: boolean;
  /** Kinds asked for with AdditionalDocumentsRequested and not attached yet. */
  readonly outstandingDocumentKinds: readonly string[];
  readonly transferConsentDocument: DocumentView | null;
  /** SHA-256 of the CSR of the latest order (the submission's, then each reissue's). */
  readonly csrDigest: string;
  readonly screening: ScreeningView | null;
  readonly withdrawal: WithdrawalView | null;
  /** The CA order not answered yet (the initial request or a reissue). */
  readonly pendingOrder: PendingOrderView | null;
  readonly pastRevocations: readonly RevocationView[];
  readonly termination: TerminationView | null;
  readonly cancellation: CancellationView | null;
  /** When the contract reached CANCELLED, REVOKED, EXPIRED or TERMINATED. */
  readonly endedAt: IsoInstant | null;
  readonly compensations: readonly CompensationView[];
  /** Art. 4: the personal fields were crypto-shredded and show as null. */
  readonly personalDataShredded: boolean;
  /** When the last event applied occurred (its envelope's occurredAt: domain time). */
  readonly lastEventAt: IsoInstant;
  /** Global log position of the last event applied, as a decimal string. */
  readonly position: string;
}

/** ISO 8601 UTC instant, e.g. `2026-04-01T01:00:00.000Z`. */
export type IsoInstant = string;
/** A Japan calendar date, `YYYY-MM-DD`. */
export type JapanDateString = string;

export interface ActorView {
  readonly id: string;
  readonly role: Role;
}

export interface AddressView {
  readonly postalCode: string | null;
  readonly prefecture: string | null;
  readonly city: string | null;
  readonly street: string | null;
}

export interface ApplicantView {
  readonly organizationName: string | null;
  readonly organizationType: OrganizationType;
  readonly corporateNumber: string | null;
  readonly address: AddressView;
  readonly representativeName: string | null;
  readonly contact: { readonly name: string | null; readonly email: string | null; readonly phone: string | null };
}

export interface DocumentView {
  readonly id: string;
  readonly kind: string;
  readonly sha256: string;
}

export interface PaymentView {
  readonly amountJpy: number;
  readonly paidOn: JapanDateString;
  readonly bankReference: string;
}

export interface InvoiceView {
  readonly id: string;
  /** Tax-exclusive (Art. 5). */
  readonly subtotalJpy: number;
  readonly taxJpy: number;
  /** The total: subtotal + tax. */
  readonly amountJpy: number;
  readonly paidJpy: number;
  readonly issuedOn: JapanDateString;
  /** Null for an e-mailed invoice until its e-mail was sent (Art. 5). */
  readonly dueOn: JapanDateString | null;
  /** OPEN, SETTLED (payments reached the total) or OVERDUE (PaymentOverdue recorded, not settled since). */
  readonly status: InvoiceStatus;
  readonly outstandingJpy: number;
  readonly taxRatePercent: number;
  readonly receivedOn: JapanDateString | null;
  readonly channel: NotificationChannel;
  /** SECOM's qualified-invoice registration number. */
  readonly registrationNumber: string;
  readonly payments: readonly PaymentView[];
  readonly overdueSince: IsoInstant | null;
  /** The payment date that settled it. */
  readonly settledOn: JapanDateString | null;
}

/**
 * ISSUED → DELIVERED → REVOKED, or EXPIRED when the contract expired (ContractExpired). That an instance passed
 * its notAfter while the contract goes on (a reissue followed it) is judged at query time from `notAfter`.
 */
export type CertificateViewStatus = 'ISSUED' | 'DELIVERED' | 'REVOKED' | 'EXPIRED';

export interface CertificateView {
  /** Uppercase hex, as `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
  readonly notBefore: IsoInstant;
  readonly notAfter: IsoInstant;
  /** Lowercase hex. */
  readonly fingerprintSha256: string;
  readonly status: CertificateViewStatus;
  readonly pem: string;
  readonly caOrderId: string;
  readonly subject: string;
  readonly issuer: string;
  readonly deliveredAt: IsoInstant | null;
  readonly deliveryMethod: DeliveryMethod | null;
  readonly revokedAt: IsoInstant | null;
  readonly crlReason: CrlReason | null;
}

export interface StickerView {
  readonly status: StickerStatus;
  readonly serial: string | null;
  readonly shippedOn: JapanDateString | null;
  readonly returnRequestedAt: IsoInstant | null;
  readonly returnDueOn: JapanDateString | null;
  readonly returnedOn: JapanDateString | null;
}

export interface RevocationView {
  readonly reason: RevocationReason;
  readonly crlReason: CrlReason;
  readonly status: RevocationStatus;
  /** When the request went to the CA (RevocationRequested); null while only initiated. */
  readonly requestedAt: IsoInstant | null;
  /** When the CA revoked the last of its certificates. */
  readonly revokedAt: IsoInstant | null;
  /** BR §4.9.1.1: initiatedAt + 24 h or 5 days. */
  readonly deadline: IsoInstant;
  readonly initiatedAt: IsoInstant;
  readonly initiator: RevocationInitiator;
  readonly noticeRule: RevocationNoticeRule;
  /** When the notice Art. 7(2) asks for reached the customer (TERMINATION: the termination notice). */
  readonly noticeGivenAt: IsoInstant | null;
  readonly by: ActorView;
  readonly note: string | null;
  /** Every instance the revocation covers; `revokedSerialNumbers` those the CA reported revoked so far. */
  readonly serialNumbers: readonly string[];
  readonly revokedSerialNumbers: readonly string[];
  readonly caOrderId: string | null;
  readonly rejectedAt: IsoInstant | null;
  /** The CA's error when it rejected the request. */
  readonly caError: string | null;
  /** SUPERSEDED: the contract that replaced this one. */
  readonly supersededBy: string | null;
  /** The contract status to return to if the CA rejects the request. */
  readonly statusBefore: ContractStatus;
}

export interface NotificationView {
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
  readonly sentAt: IsoInstant;
  /** TERMS_CHANGED: the version announced. */
  readonly termsVersion: string | null;
}

export interface ScreeningView {
  readonly result: 'PASSED' | 'FAILED';
  readonly by: ActorView;
  readonly at: IsoInstant;
  readonly checklist: ScreeningChecklist | null;
  readonly reasons: readonly ScreeningFailureReason[];
  readonly note: string | null;
}

export interface WithdrawalView {
  readonly at: IsoInstant;
  readonly by: ActorView;
  readonly note: string | null;
}

export interface PendingOrderView {
  readonly caOrderId: string;
  readonly kind: 'INITIAL' | 'REISSUE';
  readonly reissueReason: ReissueReason | null;
  readonly csrDigest: string;
  readonly requestedAt: IsoInstant;
  readonly maxLifetimeDays: number;
  readonly notAfterLatest: IsoInstant;
}

export interface TerminationView {
  readonly noticedOn: JapanDateString;
  readonly effectiveOn: JapanDateString;
  readonly channel: NotificationChannel;
  readonly reason: string;
  readonly noticedBy: ActorView;
  readonly terminatedAt: IsoInstant | null;
}

export interface CancellationView {
  readonly reason: CancellationReason;
  readonly at: IsoInstant;
  readonly by: ActorView;
  readonly note: string | null;
}

export interface CompensationView {
  readonly incidentOn: JapanDateString;
  readonly contractFeeJpy: number;
  readonly feeReceivedJpy: number;
  readonly remainingWholeMonths: number;
  readonly planMonths: number;
  readonly amountJpy: number;
  readonly assessedAt: IsoInstant;
  readonly assessedBy: ActorView;
}
