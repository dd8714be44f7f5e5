import type {
  ContractEndReason, CrlReason, NotificationKind, RevocationReason, ScreeningFailureReason,
} from './kinds';

/**
 * The typed models templates render from: one interface per NotificationKind. Dates are Japan calendar
 * dates written `YYYY-MM-DD`; instants are `Date`s (shown in Japan time); amounts are integer yen.
 * Free text (notes, reasons, summaries) is printed as given in every language.
 */

/** What every notice states about the contract, so support can find it. */
export interface ContractFacts {
  readonly contractId: string;
  /** Printed reference; default `contractReference(contractId)` (`PFW-` + 12 hex digits). */
  readonly contractReference?: string;
  readonly organizationName: string;
  readonly contactName: string;
  /** The web server FQDN of the application. */
  readonly fqdn: string;
}

interface NoticeBase<K extends NotificationKind> {
  readonly kind: K;
  readonly contract: ContractFacts;
}

/** Art. 4(2): every screening result is notified; on rejection or withdrawal the documents are destroyed. */
export type ScreeningResultNotice = NoticeBase<'SCREENING_RESULT'> & { readonly decidedOn: string } & (
  | { readonly outcome: 'ACCEPTED'; readonly planMonths: number }
  | { readonly outcome: 'REJECTED'; readonly reasons: readonly ScreeningFailureReason[]; readonly note?: string | null }
  | { readonly outcome: 'WITHDRAWN'; readonly note?: string | null }
);

/** Art. 4(1): documents required for the organization type are missing. */
export interface DocumentsRequestedNotice extends NoticeBase<'DOCUMENTS_REQUESTED'> {
  readonly requestedOn: string;
  /** Document kinds asked for (labels from the requirement table). */
  readonly documentKinds: readonly string[];
  readonly respondBy?: string | null;
  readonly note?: string | null;
}

export interface BankAccount {
  readonly bankName: string;
  readonly branchName: string;
  readonly accountType: 'ORDINARY' | 'CURRENT';
  readonly accountNumber: string;
  readonly accountHolder: string;
}

/** Art. 5: the invoice (a qualified invoice: registration number, tax by rate), due = received on + 30 days. */
export interface InvoiceNotice extends NoticeBase<'INVOICE'> {
  readonly invoiceId: string;
  readonly planMonths: number;
  readonly subtotalJpy: number;
  readonly taxRatePercent: number;
  readonly consumptionTaxJpy: number;
  readonly totalJpy: number;
  /** SECOM's qualified-invoice issuer registration number, `T` + 13 digits. */
  readonly registrationNumber: string;
  readonly issuedOn: string;
  /** When the customer received it (= issuedOn for e-mailed invoices). */
  readonly receivedOn: string;
  readonly dueOn: string;
  /** Where to transfer the fee; omitted when the account is printed elsewhere (e.g. on paper). */
  readonly bankAccount?: BankAccount | null;
}

/** Art. 5, 7(2): overdue; after the grace period comes the revocation notice (or cancellation before issuance). */
export interface PaymentReminderNotice extends NoticeBase<'PAYMENT_REMINDER'> {
  readonly invoiceId: string;
  readonly dueOn: string;
  readonly outstandingJpy: number;
  /** The last day of the grace period. */
  readonly graceEndsOn: string;
  /** Whether a certificate was issued (revocation follows) or not (the contract is cancelled instead). */
  readonly certificateIssued: boolean;
}

/** Art. 7(2): SECOM informs the customer *before* it asks the CA to revoke. */
export interface RevocationNoticeNotice extends NoticeBase<'REVOCATION_NOTICE'> {
  /** CA_REFUSED only with `cancelled`: the CA refused to issue the certificate. */
  readonly reason: RevocationReason | 'CA_REFUSED';
  /** The contract was already cancelled before any certificate reached the customer (the CA order withdrawn). */
  readonly cancelled?: boolean;
  readonly crlReason: CrlReason;
  readonly noticedOn: string;
  /** The certificate to revoke; null before issuance (the CA order is cancelled and the contract ends). */
  readonly serialNumber: string | null;
  /** SUPERSEDED: the reference of the contract that replaces this one. */
  readonly supersededBy?: string | null;
  readonly stickerLent: boolean;
  readonly note?: string | null;
}

/** Art. 7(3): the CA's processing result. */
export type RevocationResultNotice = NoticeBase<'REVOCATION_RESULT'> & { readonly serialNumber: string } & (
  | { readonly outcome: 'REVOKED'; readonly revokedAt: Date; readonly crlReason: CrlReason; readonly stickerLent: boolean }
  | { readonly outcome: 'REJECTED'; readonly rejectedAt: Date; readonly caError: string }
  /** Art. 5, 7(2): the NON_PAYMENT revocation stopped before the CA was asked: the fee was settled. */
  | { readonly outcome: 'WITHDRAWN'; readonly withdrawnAt: Date; readonly paidOn: string }
);

/** Art. 4(4): the certificate is sent promptly after issuance. */
export interface CertificateDeliveryNotice extends NoticeBase<'CERTIFICATE_DELIVERY'> {
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly fingerprintSha256: string;
  /** The last covered day of the plan. */
  readonly coverageEndsOn: string;
  /** EMAIL: the certificate is attached; DOWNLOAD: the customer fetches it. */
  readonly deliveryMethod: 'EMAIL' | 'DOWNLOAD';
  /** Required for EMAIL delivery. */
  readonly certificatePem?: string | null;
}

/** Art. 11: coverage continues past the current certificate's lifetime cap; a new CSR is needed. */
export interface ReissueReminderNotice extends NoticeBase<'REISSUE_REMINDER'> {
  readonly currentNotAfter: Date;
  readonly coverageEndsOn: string;
  readonly csrRequestedBy?: string | null;
}

/** Art. 11: extending means a new application; coverage ends on the given day. */
export interface RenewalReminderNotice extends NoticeBase<'RENEWAL_REMINDER'> {
  readonly coverageEndsOn: string;
  readonly stickerLent: boolean;
}

/** Art. 12: a lent sticker goes back at once when the contract ends; reminders follow. */
export interface StickerReturnRequestNotice extends NoticeBase<'STICKER_RETURN_REQUEST'> {
  readonly stickerSerial: string;
  readonly contractEndedOn: string;
  readonly endReason: ContractEndReason;
  /** 0 for the first request, 1, 2, … for reminders. */
  readonly reminderNumber: number;
  /** Where to send it back, one line each (ja/en share the postal lines). */
  readonly returnAddress?: readonly string[] | null;
}

/** Art. 14: at least three months' notice, in writing or by e-mail. */
export interface TerminationNoticeNotice extends NoticeBase<'TERMINATION_NOTICE'> {
  readonly noticedOn: string;
  readonly effectiveOn: string;
  readonly reason: string;
  readonly stickerLent: boolean;
}

/** Art. 13: the terms were revised; the latest version governs the contract. */
export interface TermsChangedNotice extends NoticeBase<'TERMS_CHANGED'> {
  readonly version: string;
  readonly effectiveFrom: string;
  readonly summary: string;
  /** Where the customer reads the revised terms; without one the notice says they are sent on request. */
  readonly documentUrl?: string | null;
  /** SHA-256 of the revised terms document, when one was recorded: the customer can check the copy read. */
  readonly documentSha256?: string | null;
}

export type NoticeModel =
  | ScreeningResultNotice
  | DocumentsRequestedNotice
  | InvoiceNotice
  | PaymentReminderNotice
  | RevocationNoticeNotice
  | RevocationResultNotice
  | CertificateDeliveryNotice
  | ReissueReminderNotice
  | RenewalReminderNotice
  | StickerReturnRequestNotice
  | TerminationNoticeNotice
  | TermsChangedNotice;

export type NoticeModelOf<K extends NotificationKind> = Extract<NoticeModel, { kind: K }>;
