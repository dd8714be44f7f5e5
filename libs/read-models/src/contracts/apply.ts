import {
  CONTRACT_EVENT_TYPES,
  coverageEndsOn,
  type Actor,
  type Address,
  type Applicant,
  type ContractEvent,
  type ContractStatus,
  type DocumentRef,
  type EventEnvelope,
} from '@pfw/domain';
import type { RecordedEvent } from '@pfw/event-store';
import type {
  ActorView, AddressView, ApplicantView, CertificateView, ContractView, DocumentView, IsoInstant, RevocationView,
} from './view';

/** A decoded contract event, as EventSerializer.decode answers it (narrowed to the contract stream's events). */
export interface DecodedContractEvent {
  readonly event: ContractEvent;
  readonly envelope: EventEnvelope;
  /**
   * Personal fields that decoded as null because the contract's key was destroyed (EventSerializer's
   * `shreddedFields`): the view then says `personalDataShredded` even when folded only up to an earlier event
   * (a rebuild, `contractAsOf`).
   */
  readonly shreddedFields?: readonly string[];
}

/** What the reducer needs of the stored event: where it sits in its stream and in the log. */
export type ViewEventMeta = Pick<RecordedEvent, 'revision' | 'position'>;

const CONTRACT_TYPES: ReadonlySet<string> = new Set<string>(CONTRACT_EVENT_TYPES);

export function isContractEvent(event: { readonly type: string }): event is ContractEvent {
  return CONTRACT_TYPES.has(event.type);
}

/** Thrown when an event cannot follow the view it is applied to (a history the projection cannot fold). */
export class ContractViewError extends Error {
  override readonly name = 'ContractViewError';
}

const iso = (d: Date): IsoInstant => d.toISOString();
const actorView = (a: Actor): ActorView => ({ id: a.id, role: a.role });
const documentView = (d: DocumentRef): DocumentView => ({ id: d.id, kind: d.kind, sha256: d.sha256 });

/** Null-tolerant: after crypto-shredding a decoded payload may carry null personal fields. */
function addressView(a: Address | null | undefined): AddressView {
  return { postalCode: a?.postalCode ?? null, prefecture: a?.prefecture ?? null, city: a?.city ?? null, street: a?.street ?? null };
}

function applicantView(a: Applicant): ApplicantView {
  return {
    organizationName: a.organizationName ?? null,
    organizationType: a.organizationType,
    corporateNumber: a.corporateNumber ?? null,
    address: addressView(a.address),
    representativeName: a.representativeName ?? null,
    contact: { name: a.contact?.name ?? null, email: a.contact?.email ?? null, phone: a.contact?.phone ?? null },
  };
}

const SHREDDED_ADDRESS: AddressView = { postalCode: null, prefecture: null, city: null, street: null };

/** The latest instance neither revoked nor expired by an event. */
function currentSerial(certificates: readonly CertificateView[]): string | null {
  for (let i = certificates.length - 1; i >= 0; i--) {
    const c = certificates[i]!;
    if (c.status === 'ISSUED' || c.status === 'DELIVERED') return c.serialNumber;
  }
  return null;
}

function withCertificates(v: ContractView, certificates: readonly CertificateView[]): ContractView {
  return { ...v, certificates, currentCertificate: currentSerial(certificates) };
}

/**
 * applyToView(view, decoded, meta) → view: folds one contract event into the view. Pure and deterministic
 * (no clock: every time comes from the event), never mutates its inputs, total over the histories the
 * domain's deciders produce. It follows the domain's evolveContract status by status, so the view and the
 * command side never disagree about a contract. `view` is null only before ApplicationSubmitted.
 */
export function applyToView(view: ContractView | null, decoded: DecodedContractEvent, meta: ViewEventMeta): ContractView {
  const { event, envelope } = decoded;
  const stamp = { version: meta.revision, position: meta.position.toString(), lastEventAt: iso(envelope.occurredAt) };
  if (event.type === 'ApplicationSubmitted') {
    if (view) throw new ContractViewError(`contract ${view.id}: a second ApplicationSubmitted (revision ${meta.revision})`);
    const d = event.data;
    return {
      id: d.contractId,
      status: 'SUBMITTED',
      applicant: applicantView(d.applicant),
      webServerFqdn: d.webServerFqdn,
      planMonths: d.planMonths,
      coverageStartsOn: null,
      coverageEndsOn: null,
      stickerRequested: d.stickerRequested,
      certificateDeliveryMethod: d.certificateDeliveryMethod,
      termsVersion: d.termsVersion,
      governingTermsVersion: d.termsVersion,
      submittedAt: iso(d.submittedAt),
      acceptedAt: null,
      invoice: null,
      certificates: [],
      currentCertificate: null,
      sticker: {
        status: d.stickerRequested ? 'REQUESTED' : 'NOT_REQUESTED',
        serial: null, shippedOn: null, returnRequestedAt: null, returnDueOn: null, returnedOn: null,
      },
      revocation: null,
      notifications: [],
      renewalOf: d.renewalOf,
      supersedes: d.supersedes,
      submittedBy: actorView(d.submittedBy),
      deliveryAddress: addressView(d.deliveryAddress),
      documents: d.documents.map(documentView),
      documentsDiscarded: false,
      outstandingDocumentKinds: [],
      transferConsentDocument: d.transferConsentDocument ? documentView(d.transferConsentDocument) : null,
      csrDigest: d.csr.sha256,
      screening: null,
      withdrawal: null,
      pendingOrder: null,
      pastRevocations: [],
      termination: null,
      cancellation: null,
      endedAt: null,
      compensations: [],
      personalDataShredded: false,
      ...stamp,
      ...shredded(decoded),
    };
  }
  if (!view) throw new ContractViewError(`${event.type} (revision ${meta.revision}) before ApplicationSubmitted`);
  return { ...fold(view, event), ...stamp, ...shredded(decoded) };
}

/** The flag, when the event's personal fields read as null because they were crypto-shredded. */
function shredded(decoded: DecodedContractEvent): { personalDataShredded?: true } {
  return decoded.shreddedFields && decoded.shreddedFields.length > 0 ? { personalDataShredded: true } : {};
}

function fold(v: ContractView, event: Exclude<ContractEvent, { type: 'ApplicationSubmitted' }>): ContractView {
  switch (event.type) {
    case 'AdditionalDocumentsRequested': {
      const added = event.data.kinds.filter((k) => !v.outstandingDocumentKinds.includes(k));
      return { ...v, outstandingDocumentKinds: [...v.outstandingDocumentKinds, ...added] };
    }
    case 'DocumentsAttached': {
      const attached = new Set(event.data.documents.map((d) => d.kind));
      return {
        ...v,
        documents: [...v.documents, ...event.data.documents.map(documentView)],
        outstandingDocumentKinds: v.outstandingDocumentKinds.filter((k) => !attached.has(k)),
      };
    }
    case 'ApplicationWithdrawn': {
      const d = event.data;
      return { ...v, status: 'WITHDRAWN', withdrawal: { at: iso(d.withdrawnAt), by: actorView(d.withdrawnBy), note: d.note } };
    }
    case 'ScreeningPassed': {
      const d = event.data;
      return {
        ...v,
        status: 'ACCEPTED',
        acceptedAt: iso(d.passedAt),
        coverageStartsOn: d.coverageStartsOn,
        coverageEndsOn: coverageEndsOn(d.passedAt, v.planMonths),
        screening: { result: 'PASSED', by: actorView(d.screener), at: iso(d.passedAt), checklist: { ...d.checklist }, reasons: [], note: null },
      };
    }
    case 'ScreeningFailed': {
      const d = event.data;
      return {
        ...v,
        status: 'REJECTED',
        screening: { result: 'FAILED', by: actorView(d.screener), at: iso(d.failedAt), checklist: null, reasons: [...d.reasons], note: d.note },
      };
    }
    case 'SubmittedDocumentsDiscarded':
      return { ...v, documentsDiscarded: true };
    case 'CustomerNotified': {
      const d = event.data;
      const next: ContractView = {
        ...v,
        notifications: [...v.notifications, { kind: d.kind, channel: d.channel, sentAt: iso(d.sentAt), termsVersion: d.termsVersion }],
      };
      if (d.kind === 'REVOCATION_NOTICE' && v.revocation?.status === 'INITIATED' && v.revocation.noticeGivenAt === null) {
        return { ...next, revocation: { ...v.revocation, noticeGivenAt: iso(d.sentAt) } };
      }
      if (d.kind === 'TERMS_CHANGED' && d.termsVersion !== null) return { ...next, governingTermsVersion: d.termsVersion };
      return next;
    }
    case 'InvoiceIssued': {
      const d = event.data;
      return {
        ...v,
        invoice: {
          id: d.invoiceId, subtotalJpy: d.subtotalJpy, taxJpy: d.consumptionTaxJpy, amountJpy: d.totalJpy, paidJpy: 0, issuedOn: d.issuedOn,
          dueOn: d.dueOn, status: 'OPEN', outstandingJpy: d.totalJpy, taxRatePercent: d.taxRatePercent, receivedOn: d.receivedOn,
          channel: d.channel, registrationNumber: d.registrationNumber, payments: [], overdueSince: null, settledOn: null,
        },
      };
    }
    case 'FeePaid': {
      const d = event.data;
      if (!v.invoice || v.invoice.id !== d.invoiceId) throw new ContractViewError(`contract ${v.id}: FeePaid for invoice ${d.invoiceId}, which was not issued`);
      return {
        ...v,
        invoice: {
          ...v.invoice,
          payments: [...v.invoice.payments, { amountJpy: d.amountJpy, paidOn: d.paidOn, bankReference: d.bankReference }],
          paidJpy: d.paidTotalJpy,
          outstandingJpy: d.outstandingJpy,
          status: d.settled ? 'SETTLED' : v.invoice.status,
          settledOn: d.settled && v.invoice.settledOn === null ? d.paidOn : v.invoice.settledOn,
        },
      };
    }
    case 'PaymentOverdue': {
      const d = event.data;
      if (!v.invoice || v.invoice.id !== d.invoiceId) throw new ContractViewError(`contract ${v.id}: PaymentOverdue for invoice ${d.invoiceId}, which was not issued`);
      return {
        ...v,
        invoice: {
          ...v.invoice,
          overdueSince: iso(d.overdueSince),
          outstandingJpy: d.outstandingJpy,
          status: v.invoice.status === 'SETTLED' ? 'SETTLED' : 'OVERDUE',
        },
      };
    }
    case 'CertificateRequested': {
      const d = event.data;
      return {
        ...v,
        status: 'CERTIFICATE_REQUESTED',
        pendingOrder: {
          caOrderId: d.caOrderId, kind: 'INITIAL', reissueReason: null, csrDigest: d.csrDigest, requestedAt: iso(d.requestedAt),
          maxLifetimeDays: d.validity.maxLifetimeDays, notAfterLatest: iso(d.validity.notAfterLatest),
        },
      };
    }
    case 'CertificateRequestCancelled':
      return { ...v, pendingOrder: null };
    case 'CertificateIssued': {
      const d = event.data;
      const cert: CertificateView = {
        serialNumber: d.serialNumber, notBefore: iso(d.notBefore), notAfter: iso(d.notAfter), fingerprintSha256: d.fingerprintSha256,
        status: 'ISSUED', pem: d.pem, caOrderId: d.caOrderId, subject: d.subject, issuer: d.issuer, deliveredAt: null,
        deliveryMethod: null, revokedAt: null, crlReason: null,
      };
      return withCertificates(
        { ...v, status: v.status === 'CERTIFICATE_REQUESTED' ? 'ISSUED' : v.status, pendingOrder: null },
        [...v.certificates, cert],
      );
    }
    case 'CertificateDelivered': {
      const d = event.data;
      const certificates = v.certificates.map((c) =>
        c.serialNumber === d.serialNumber
          ? { ...c, deliveredAt: iso(d.deliveredAt), deliveryMethod: d.method, status: c.status === 'ISSUED' ? ('DELIVERED' as const) : c.status }
          : c,
      );
      return withCertificates({ ...v, status: v.status === 'ISSUED' ? 'ACTIVE' : v.status }, certificates);
    }
    case 'CertificateReissueRequested': {
      const d = event.data;
      return {
        ...v,
        csrDigest: d.csr.sha256,
        pendingOrder: {
          caOrderId: d.caOrderId, kind: 'REISSUE', reissueReason: d.reason, csrDigest: d.csr.sha256, requestedAt: iso(d.requestedAt),
          maxLifetimeDays: d.validity.maxLifetimeDays, notAfterLatest: iso(d.validity.notAfterLatest),
        },
      };
    }
    case 'StickerLent':
      return { ...v, sticker: { ...v.sticker, status: 'LENT', serial: event.data.stickerSerial, shippedOn: event.data.shippedOn } };
    case 'StickerReturnRequested':
      return {
        ...v,
        sticker: { ...v.sticker, status: 'RETURN_REQUESTED', returnRequestedAt: iso(event.data.requestedAt), returnDueOn: event.data.dueOn },
      };
    case 'StickerReturned':
      return { ...v, sticker: { ...v.sticker, status: 'RETURNED', returnedOn: event.data.receivedOn } };
    case 'RevocationInitiated': {
      const d = event.data;
      const terminationNotice = v.notifications.find((n) => n.kind === 'TERMINATION_NOTICE');
      const previous = v.revocation;
      const revocation: RevocationView = {
        reason: d.reason, crlReason: d.crlReason, status: 'INITIATED', requestedAt: null, revokedAt: null, deadline: iso(d.deadline),
        initiatedAt: iso(d.initiatedAt), initiator: d.initiator, noticeRule: d.noticeRule,
        noticeGivenAt: d.noticeRule === 'TERMINATION_NOTICE' ? (terminationNotice?.sentAt ?? null) : null,
        by: actorView(d.by), note: d.note, serialNumbers: [...d.serialNumbers], revokedSerialNumbers: [], caOrderId: null,
        rejectedAt: null, caError: null, supersededBy: d.supersededBy,
        // A customer's trust-impaired report may replace a revocation still waiting for its notice.
        statusBefore: v.status === 'REVOCATION_REQUESTED' && previous ? previous.statusBefore : v.status,
      };
      const status: ContractStatus = v.status === 'ACTIVE' || v.status === 'ISSUED' ? 'REVOCATION_REQUESTED' : v.status;
      return { ...v, status, revocation, pastRevocations: previous ? [...v.pastRevocations, previous] : v.pastRevocations };
    }
    case 'RevocationRequested': {
      if (!v.revocation) throw new ContractViewError(`contract ${v.id}: RevocationRequested without RevocationInitiated`);
      return { ...v, revocation: { ...v.revocation, status: 'REQUESTED', caOrderId: event.data.caOrderId, requestedAt: iso(event.data.requestedAt), serialNumbers: [...event.data.serialNumbers] } };
    }
    case 'CertificateRevoked': {
      const d = event.data;
      const certificates = v.certificates.map((c) =>
        c.serialNumber === d.serialNumber ? { ...c, status: 'REVOKED' as const, revokedAt: iso(d.revokedAt), crlReason: d.crlReason } : c,
      );
      const next = withCertificates(v, certificates);
      if (!v.revocation) return next;
      const revokedSerialNumbers = v.revocation.revokedSerialNumbers.includes(d.serialNumber)
        ? v.revocation.revokedSerialNumbers
        : [...v.revocation.revokedSerialNumbers, d.serialNumber];
      const complete = v.revocation.serialNumbers.every((s) => revokedSerialNumbers.includes(s));
      const revocation: RevocationView = { ...v.revocation, revokedSerialNumbers, ...(complete ? { status: 'REVOKED' as const, revokedAt: iso(d.revokedAt) } : {}) };
      if (complete && v.status === 'REVOCATION_REQUESTED') return { ...next, revocation, status: 'REVOKED', endedAt: iso(d.revokedAt) };
      return { ...next, revocation };
    }
    case 'RevocationRejected': {
      if (!v.revocation) throw new ContractViewError(`contract ${v.id}: RevocationRejected without a revocation`);
      const revocation: RevocationView = { ...v.revocation, status: 'REJECTED', rejectedAt: iso(event.data.rejectedAt), caError: event.data.error };
      return { ...v, status: v.status === 'REVOCATION_REQUESTED' ? v.revocation.statusBefore : v.status, revocation };
    }
    case 'ContractCancelled': {
      const d = event.data;
      return {
        ...v,
        status: 'CANCELLED',
        pendingOrder: null,
        cancellation: { reason: d.reason, at: iso(d.cancelledAt), by: actorView(d.by), note: d.note },
        endedAt: iso(d.cancelledAt),
      };
    }
    case 'ContractExpired': {
      // Coverage ended: no instance outlives it (Art. 11), so every unrevoked one has expired with it.
      const certificates = v.certificates.map((c) => (c.status === 'REVOKED' ? c : { ...c, status: 'EXPIRED' as const }));
      return withCertificates({ ...v, status: 'EXPIRED', endedAt: iso(event.data.expiredAt) }, certificates);
    }
    case 'ContractTerminationNoticed': {
      const d = event.data;
      return {
        ...v,
        termination: { noticedOn: d.noticedOn, effectiveOn: d.effectiveOn, channel: d.channel, reason: d.reason, noticedBy: actorView(d.noticedBy), terminatedAt: null },
      };
    }
    case 'ContractTerminated':
      return {
        ...v,
        status: 'TERMINATED',
        endedAt: iso(event.data.terminatedAt),
        termination: v.termination ? { ...v.termination, terminatedAt: iso(event.data.terminatedAt) } : null,
      };
    case 'CompensationAssessed': {
      const d = event.data;
      return {
        ...v,
        compensations: [
          ...v.compensations,
          {
            incidentOn: d.incidentOn, contractFeeJpy: d.contractFeeJpy, feeReceivedJpy: d.feeReceivedJpy, remainingWholeMonths: d.remainingWholeMonths,
            planMonths: d.planMonths, amountJpy: d.amountJpy, assessedAt: iso(d.assessedAt), assessedBy: actorView(d.assessedBy),
          },
        ],
      };
    }
    case 'PersonalDataShredded':
      // The contract's key is gone: every personal field reads as null from now on (API.md). The view
      // drops exactly what the serializer encrypts (addresses, names, contacts, free-text notes), so the live
      // row and a row rebuilt from the shredded log are the same.
      return {
        ...v,
        personalDataShredded: true,
        screening: v.screening ? { ...v.screening, note: null } : null,
        withdrawal: v.withdrawal ? { ...v.withdrawal, note: null } : null,
        revocation: v.revocation ? { ...v.revocation, note: null } : null,
        pastRevocations: v.pastRevocations.map((r) => ({ ...r, note: null })),
        cancellation: v.cancellation ? { ...v.cancellation, note: null } : null,
        applicant: {
          organizationName: null,
          organizationType: v.applicant.organizationType,
          corporateNumber: null,
          address: SHREDDED_ADDRESS,
          representativeName: null,
          contact: { name: null, email: null, phone: null },
        },
        deliveryAddress: SHREDDED_ADDRESS,
      };
    default:
      return unhandled(event);
  }
}

function unhandled(event: never): never {
  throw new ContractViewError(`unhandled contract event ${(event as { type: string }).type}`);
}

/** Folds a whole decoded stream (oldest first) into its view; meta gives each event's revision and position. */
export function foldView(events: readonly (DecodedContractEvent & { readonly meta: ViewEventMeta })[]): ContractView | null {
  let view: ContractView | null = null;
  for (const e of events) view = applyToView(view, e, e.meta);
  return view;
}
