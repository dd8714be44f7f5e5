import {
  CONTRACT_EVENT_SCHEMA_VERSIONS, CRL_REASONS, DELIVERY_METHODS, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, ORGANIZATION_TYPES,
  CANCELLATION_REASONS, REISSUE_REASONS, REVOCATION_REASONS, ROLES, SCREENING_FAILURE_REASONS, SERVICE_EVENT_SCHEMA_VERSIONS, PREFECTURES, UPLOAD_EVENT_SCHEMA_VERSIONS,
  type Actor, type Address, type Applicant, type CertificateSubject, type ContractEvent, type CsrRecord, type DocumentRef,
  type Prefecture, type RequestedValidity, type ServiceEvent, type UploadEvent,
} from '@pfw/domain';
import { array, boolean, brandedString, integer, instant, japanDate, nullable, object, oneOf, personal, string, type Codec } from './codec';

/**
 * The stored JSON shape of every event type at its current schema version. A change to a payload in
 * libs/domain must change the schema here and, for a shape that old events do not have, bump the version
 * in the domain and register an upcaster (upcasters.ts).
 *
 * `personal(…)` marks personal data (docs/personal-data.md): those leaves are stored encrypted with
 * the contract's data key and read back as null once the key was destroyed (crypto-shredding). Marking a field
 * personal does not change its stored shape for readers without a transformer (still a string or null), so it
 * needs no schema version. What is personal: every address, every name and contact detail of the applicant,
 * the organization name and corporate number (see the doc for why), the CSR as submitted, notice recipients,
 * free-text notes, and the subject the CA is asked to certify; what stays clear: ids, types, dates, amounts,
 * organization type, plan, FQDN, digests, enums, actors (staff ids), and the certificate the CA issued.
 */

export type AnyDomainEvent = ContractEvent | ServiceEvent | UploadEvent;
export type AnyEventType = AnyDomainEvent['type'];
type DataOf<T extends AnyEventType> = Extract<AnyDomainEvent, { type: T }>['data'];

const actor = object<Actor>({ id: string, role: oneOf(ROLES) });
const personalText = personal(string);
const personalNote = personal(nullable(string));
const address = object<Address>({
  postalCode: personal(brandedString()),
  prefecture: personal(oneOf(PREFECTURES.map(([ja]) => ja) as Prefecture[])),
  city: personalText,
  street: personalText,
});
const applicant = object<Applicant>({
  organizationName: personalText,
  organizationType: oneOf(ORGANIZATION_TYPES),
  corporateNumber: personal(nullable(brandedString())),
  address,
  representativeName: personalText,
  contact: object<Applicant['contact']>({ name: personalText, email: personal(brandedString()), phone: personal(brandedString()) }),
});
const documentRef = object<DocumentRef>({ id: string, kind: string, sha256: string });
const csr = object<CsrRecord>({
  sha256: string, publicKeySha256: string, pem: personalText, keyAlgorithm: oneOf(['RSA', 'ECDSA', 'OTHER'] as const), keySize: nullable(integer), namedCurve: nullable(string),
});
const subject = object<CertificateSubject>({ commonName: brandedString(), organizationName: personalText, locality: personalText, stateOrProvince: personalText, country: oneOf(['JP'] as const) });
const validity = object<RequestedValidity>({ maxLifetimeDays: integer, notAfterLatest: instant });
const crlReason = oneOf(CRL_REASONS);
const revocationReason = oneOf(REVOCATION_REASONS);

export const EVENT_SCHEMAS: { readonly [T in AnyEventType]: Codec<DataOf<T>> } = {
  ApplicationSubmitted: object({
    contractId: string, applicant, webServerFqdn: brandedString(), planMonths: integer, stickerRequested: boolean,
    certificateDeliveryMethod: oneOf(DELIVERY_METHODS), deliveryAddress: address, documents: array(documentRef), csr, termsVersion: string,
    renewalOf: nullable(string), supersedes: nullable(string), transferConsentDocument: nullable(documentRef), submittedAt: instant, submittedBy: actor,
    caAgreementsAccepted: nullable(object({ cpsVersion: string, subscriberAgreementVersion: string, acceptedAt: instant })),
  }),
  AdditionalDocumentsRequested: object({ kinds: array(string), note: personalNote, requestedAt: instant, requestedBy: actor }),
  DocumentsAttached: object({ documents: array(documentRef), attachedAt: instant, attachedBy: actor }),
  ApplicationWithdrawn: object({ withdrawnAt: instant, withdrawnBy: actor, note: personalNote }),
  ScreeningPassed: object({
    screener: actor,
    checklist: object({ japanBase: boolean, organizationEligible: boolean, noProhibitedActFound: boolean, documentsComplete: boolean }),
    passedAt: instant,
    coverageStartsOn: japanDate,
  }),
  ScreeningFailed: object({ screener: actor, reasons: array(oneOf(SCREENING_FAILURE_REASONS)), note: personalNote, failedAt: instant }),
  SubmittedDocumentsDiscarded: object({ documents: array(documentRef), discardedAt: instant }),
  CustomerNotified: object({
    kind: oneOf(NOTIFICATION_KINDS), channel: oneOf(NOTIFICATION_CHANNELS), recipient: personalText, sentAt: instant, termsVersion: nullable(string), note: personalNote,
  }),
  InvoiceIssued: object({
    invoiceId: string, planMonths: integer, subtotalJpy: integer, taxRatePercent: integer, consumptionTaxJpy: integer, totalJpy: integer,
    registrationNumber: string, channel: oneOf(NOTIFICATION_CHANNELS), issuedOn: japanDate, receivedOn: nullable(japanDate), dueOn: nullable(japanDate),
  }),
  InvoiceReceived: object({ invoiceId: string, receivedOn: japanDate, dueOn: japanDate }),
  FeePaid: object({ invoiceId: string, amountJpy: integer, paidOn: japanDate, bankReference: string, paidTotalJpy: integer, outstandingJpy: integer, settled: boolean }),
  PaymentOverdue: object({ invoiceId: string, dueOn: japanDate, outstandingJpy: integer, overdueSince: instant }),
  CertificateRequested: object({ caOrderId: string, subject, validity, csrDigest: string, requestedAt: instant }),
  CertificateRequestCancelled: object({ caOrderId: string, reason: string, cancelledAt: instant }),
  CertificateIssued: object({
    caOrderId: string, serialNumber: string, notBefore: instant, notAfter: instant, subject: string, issuer: string, fingerprintSha256: string, pem: string,
  }),
  CertificateDelivered: object({ serialNumber: string, deliveredAt: instant, method: oneOf(DELIVERY_METHODS), recipient: personalNote, address: nullable(address) }),
  CertificateReissueRequested: object({
    caOrderId: string, reason: oneOf(REISSUE_REASONS), csr, subject, validity, previousSerialNumber: nullable(string), requestedAt: instant, requestedBy: actor,
  }),
  StickerLent: object({ stickerSerial: string, shippedOn: japanDate, address }),
  StickerReturnRequested: object({ stickerSerial: string, requestedAt: instant, dueOn: japanDate }),
  StickerReturned: object({ stickerSerial: string, receivedOn: japanDate }),
  RevocationInitiated: object({
    reason: revocationReason, crlReason, initiator: oneOf(['CUSTOMER_REPORT', 'OPERATOR', 'SYSTEM'] as const),
    noticeRule: oneOf(['NONE', 'REVOCATION_NOTICE', 'TERMINATION_NOTICE'] as const), by: actor, note: personalNote,
    serialNumbers: array(string), initiatedAt: instant, deadline: instant, supersededBy: nullable(string),
  }),
  RevocationRequested: object({ reason: revocationReason, crlReason, caOrderId: string, serialNumbers: array(string), requestedAt: instant, deadline: instant }),
  CertificateRevoked: object({ serialNumber: string, revokedAt: instant, crlReason, caReference: string }),
  RevocationRejected: object({ serialNumber: string, rejectedAt: instant, error: string }),
  RevocationWithdrawn: object({ reason: revocationReason, initiatedAt: instant, withdrawnAt: instant, why: string }),
  ContractCancelled: object({ reason: oneOf(CANCELLATION_REASONS), cancelledAt: instant, by: actor, note: personalNote }),
  ContractExpired: object({ coverageEndsOn: japanDate, expiredAt: instant }),
  ContractTerminationNoticed: object({ noticedOn: japanDate, effectiveOn: japanDate, channel: oneOf(NOTIFICATION_CHANNELS), reason: string, noticedBy: actor }),
  ContractTerminated: object({ effectiveOn: japanDate, terminatedAt: instant }),
  CompensationAssessed: object({
    incidentOn: japanDate, contractFeeJpy: integer, feeReceivedJpy: integer, remainingWholeMonths: integer, planMonths: integer, amountJpy: integer,
    assessedAt: instant, assessedBy: actor,
  }),
  PersonalDataShredded: object({ scope: array(string), shreddedAt: instant, by: actor }),
  ServiceSuspended: object({ reason: string, suspendedAt: instant, by: actor }),
  ServiceResumed: object({ reason: nullable(string), resumedAt: instant, suspendedSince: instant, by: actor }),
  TermsRevised: object({ version: string, effectiveFrom: japanDate, summary: string, documentSha256: nullable(string), revisedAt: instant, by: actor }),
  UnattachedUploadDestroyed: object({ document: documentRef, uploadedAt: instant, destroyedAt: instant, attachWithinHours: integer, by: actor }),
};

/** The current schema version of each event type (from the domain). */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<AnyEventType, number>> = {
  ...CONTRACT_EVENT_SCHEMA_VERSIONS,
  ...SERVICE_EVENT_SCHEMA_VERSIONS,
  ...UPLOAD_EVENT_SCHEMA_VERSIONS,
};

export function isKnownEventType(type: string): type is AnyEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}
