import { coverageEndsOn } from '../time/period';
import type { ContractEvent } from './events';
import type { CertificateInstance, Contract, ContractState, RevocationState } from './state';
import { initialContractState, isContract } from './state';
import type { ContractStatus } from './types';

/**
 * evolve(state, event) → state: pure, total over valid histories, never mutates its inputs. Events are
 * facts: evolve does not re-check rules (decide did), it only records what happened.
 */
export function evolveContract(state: ContractState, event: ContractEvent): ContractState {
  if (event.type === 'ApplicationSubmitted') {
    if (isContract(state)) throw new Error(`contract ${state.id}: a second ApplicationSubmitted in one stream`);
    const d = event.data;
    return {
      status: 'SUBMITTED',
      id: d.contractId,
      applicant: d.applicant,
      webServerFqdn: d.webServerFqdn,
      planMonths: d.planMonths,
      stickerRequested: d.stickerRequested,
      certificateDeliveryMethod: d.certificateDeliveryMethod,
      deliveryAddress: d.deliveryAddress,
      csr: d.csr,
      documents: d.documents,
      outstandingDocumentKinds: [],
      transferConsentDocument: d.transferConsentDocument,
      documentsDiscarded: false,
      termsVersion: d.termsVersion,
      renewalOf: d.renewalOf,
      supersedes: d.supersedes,
      submittedAt: d.submittedAt,
      submittedBy: d.submittedBy,
      screening: null,
      withdrawal: null,
      acceptedAt: null,
      coverageStartsOn: null,
      coverageEndsOn: null,
      invoice: null,
      pendingOrder: null,
      cancelledOrderIds: [],
      caAgreementsAccepted: d.caAgreementsAccepted ?? null,
      certificates: [],
      sticker: {
        status: d.stickerRequested ? 'REQUESTED' : 'NOT_REQUESTED',
        serial: null, shippedOn: null, address: null, returnRequestedAt: null, returnDueOn: null, returnedOn: null,
      },
      revocation: null,
      pastRevocations: [],
      notifications: [],
      termination: null,
      cancellation: null,
      endedAt: null,
      compensations: [],
      personalDataShredded: false,
      eventCount: 1,
    };
  }
  if (!isContract(state)) throw new Error(`${event.type} before ApplicationSubmitted`);
  const c: Contract = { ...state, eventCount: state.eventCount + 1 };
  return apply(c, event);
}

function apply(c: Contract, event: Exclude<ContractEvent, { type: 'ApplicationSubmitted' }>): Contract {
  switch (event.type) {
    case 'AdditionalDocumentsRequested': {
      const kinds = [...c.outstandingDocumentKinds, ...event.data.kinds.filter((k) => !c.outstandingDocumentKinds.includes(k))];
      return { ...c, outstandingDocumentKinds: kinds };
    }
    case 'DocumentsAttached': {
      const attached = new Set(event.data.documents.map((d) => d.kind));
      return {
        ...c,
        documents: [...c.documents, ...event.data.documents],
        outstandingDocumentKinds: c.outstandingDocumentKinds.filter((k) => !attached.has(k)),
      };
    }
    case 'ApplicationWithdrawn':
      return { ...c, status: 'WITHDRAWN', withdrawal: { at: event.data.withdrawnAt, by: event.data.withdrawnBy, note: event.data.note } };
    case 'ScreeningPassed': {
      const start = event.data.coverageStartsOn;
      return {
        ...c,
        status: 'ACCEPTED',
        acceptedAt: event.data.passedAt,
        coverageStartsOn: start,
        coverageEndsOn: coverageEndsOn(event.data.passedAt, c.planMonths),
        screening: { result: 'PASSED', screener: event.data.screener, at: event.data.passedAt, checklist: event.data.checklist, reasons: [], note: null },
      };
    }
    case 'ScreeningFailed':
      return {
        ...c,
        status: 'REJECTED',
        screening: { result: 'FAILED', screener: event.data.screener, at: event.data.failedAt, checklist: null, reasons: event.data.reasons, note: event.data.note },
      };
    case 'SubmittedDocumentsDiscarded':
      return { ...c, documentsDiscarded: true };
    case 'CustomerNotified': {
      const d = event.data;
      const next: Contract = { ...c, notifications: [...c.notifications, { kind: d.kind, channel: d.channel, recipient: d.recipient, sentAt: d.sentAt, termsVersion: d.termsVersion }] };
      if (d.kind === 'REVOCATION_NOTICE' && c.revocation?.status === 'INITIATED' && c.revocation.noticeGivenAt === null) {
        return { ...next, revocation: { ...c.revocation, noticeGivenAt: d.sentAt } };
      }
      return next;
    }
    case 'InvoiceIssued': {
      const d = event.data;
      return {
        ...c,
        invoice: {
          invoiceId: d.invoiceId, subtotalJpy: d.subtotalJpy, taxRatePercent: d.taxRatePercent, consumptionTaxJpy: d.consumptionTaxJpy,
          totalJpy: d.totalJpy, registrationNumber: d.registrationNumber, channel: d.channel, issuedOn: d.issuedOn,
          receivedOn: d.receivedOn, dueOn: d.dueOn, payments: [], paidJpy: 0, settled: false, settledOn: null, overdueSince: null,
        },
      };
    }
    case 'InvoiceReceived':
      return c.invoice ? { ...c, invoice: { ...c.invoice, receivedOn: event.data.receivedOn, dueOn: event.data.dueOn } } : c;
    case 'FeePaid': {
      if (!c.invoice) return c;
      const d = event.data;
      return {
        ...c,
        invoice: {
          ...c.invoice,
          payments: [...c.invoice.payments, { amountJpy: d.amountJpy, paidOn: d.paidOn, bankReference: d.bankReference }],
          paidJpy: d.paidTotalJpy,
          settled: d.settled,
          settledOn: d.settled && c.invoice.settledOn === null ? d.paidOn : c.invoice.settledOn,
        },
      };
    }
    case 'PaymentOverdue':
      return c.invoice ? { ...c, invoice: { ...c.invoice, overdueSince: event.data.overdueSince } } : c;
    case 'CertificateRequested':
      return {
        ...c,
        status: 'CERTIFICATE_REQUESTED',
        pendingOrder: {
          caOrderId: event.data.caOrderId, kind: 'INITIAL', reissueReason: null, csrDigest: event.data.csrDigest,
          validity: event.data.validity, requestedAt: event.data.requestedAt,
        },
      };
    case 'CertificateRequestCancelled':
      return { ...c, pendingOrder: null, cancelledOrderIds: [...c.cancelledOrderIds, event.data.caOrderId] };
    case 'CertificateIssued': {
      const d = event.data;
      const cert: CertificateInstance = {
        caOrderId: d.caOrderId, serialNumber: d.serialNumber, notBefore: d.notBefore, notAfter: d.notAfter, subject: d.subject,
        issuer: d.issuer, fingerprintSha256: d.fingerprintSha256, pem: d.pem, deliveredAt: null, deliveryMethod: null, revokedAt: null, crlReason: null,
      };
      // A certificate the CA issued for an order cancelled meanwhile is recorded, but answers no pending order.
      if (c.pendingOrder?.caOrderId !== d.caOrderId) return { ...c, certificates: [...c.certificates, cert] };
      return {
        ...c,
        status: c.status === 'CERTIFICATE_REQUESTED' ? 'ISSUED' : c.status,
        pendingOrder: null,
        certificates: [...c.certificates, cert],
      };
    }
    case 'CertificateDelivered':
      return {
        ...c,
        status: c.status === 'ISSUED' ? 'ACTIVE' : c.status,
        certificates: c.certificates.map((cert) =>
          cert.serialNumber === event.data.serialNumber ? { ...cert, deliveredAt: event.data.deliveredAt, deliveryMethod: event.data.method } : cert,
        ),
      };
    case 'CertificateReissueRequested':
      return {
        ...c,
        csr: event.data.csr,
        pendingOrder: {
          caOrderId: event.data.caOrderId, kind: 'REISSUE', reissueReason: event.data.reason, csrDigest: event.data.csr.sha256,
          validity: event.data.validity, requestedAt: event.data.requestedAt,
        },
      };
    case 'StickerLent':
      return {
        ...c,
        sticker: { ...c.sticker, status: 'LENT', serial: event.data.stickerSerial, shippedOn: event.data.shippedOn, address: event.data.address },
      };
    case 'StickerReturnRequested':
      return {
        ...c,
        sticker: { ...c.sticker, status: 'RETURN_REQUESTED', returnRequestedAt: event.data.requestedAt, returnDueOn: event.data.dueOn },
      };
    case 'StickerReturned':
      return { ...c, sticker: { ...c.sticker, status: 'RETURNED', returnedOn: event.data.receivedOn } };
    case 'RevocationInitiated': {
      const d = event.data;
      const terminationNotice = c.notifications.find((n) => n.kind === 'TERMINATION_NOTICE');
      const revocation: RevocationState = {
        reason: d.reason, crlReason: d.crlReason, initiator: d.initiator, noticeRule: d.noticeRule, status: 'INITIATED',
        serialNumbers: d.serialNumbers, revokedSerialNumbers: [], by: d.by, note: d.note, initiatedAt: d.initiatedAt,
        deadline: d.deadline,
        noticeGivenAt: d.noticeRule === 'TERMINATION_NOTICE' ? (terminationNotice?.sentAt ?? null) : null,
        caOrderId: null, requestedAt: null, revokedAt: null, rejectedAt: null, caError: null, supersededBy: d.supersededBy, withdrawnAt: null,
        // A customer's trust-impaired report may replace a revocation still waiting for its notice.
        statusBefore: c.status === 'REVOCATION_REQUESTED' && c.revocation ? c.revocation.statusBefore : c.status,
      };
      const status: ContractStatus = c.status === 'ACTIVE' || c.status === 'ISSUED' ? 'REVOCATION_REQUESTED' : c.status;
      return { ...c, status, revocation, pastRevocations: c.revocation ? [...c.pastRevocations, c.revocation] : c.pastRevocations };
    }
    case 'RevocationRequested':
      return c.revocation
        ? {
            ...c,
            // The request covers the certificates still live when it went out (Art. 7): the revocation completes with them.
            revocation: { ...c.revocation, status: 'REQUESTED', caOrderId: event.data.caOrderId, requestedAt: event.data.requestedAt, serialNumbers: event.data.serialNumbers },
          }
        : c;
    case 'CertificateRevoked': {
      const d = event.data;
      const certificates = c.certificates.map((cert) =>
        cert.serialNumber === d.serialNumber ? { ...cert, revokedAt: d.revokedAt, crlReason: d.crlReason } : cert,
      );
      // A leftover certificate (never delivered) is revoked outside any revocation of the contract.
      if (!c.revocation || c.revocation.status !== 'REQUESTED' || !c.revocation.serialNumbers.includes(d.serialNumber)) return { ...c, certificates };
      const revokedSerialNumbers = c.revocation.revokedSerialNumbers.includes(d.serialNumber)
        ? c.revocation.revokedSerialNumbers
        : [...c.revocation.revokedSerialNumbers, d.serialNumber];
      const complete = c.revocation.serialNumbers.every((s) => revokedSerialNumbers.includes(s));
      const revocation: RevocationState = { ...c.revocation, revokedSerialNumbers, ...(complete ? { status: 'REVOKED', revokedAt: d.revokedAt } : {}) };
      if (complete && c.status === 'REVOCATION_REQUESTED') return { ...c, certificates, revocation, status: 'REVOKED', endedAt: d.revokedAt };
      return { ...c, certificates, revocation };
    }
    case 'RevocationRejected': {
      if (!c.revocation) return c;
      const revocation: RevocationState = { ...c.revocation, status: 'REJECTED', rejectedAt: event.data.rejectedAt, caError: event.data.error };
      const status = c.status === 'REVOCATION_REQUESTED' ? c.revocation.statusBefore : c.status;
      return { ...c, status, revocation };
    }
    case 'RevocationWithdrawn': {
      if (!c.revocation) return c;
      const withdrawn: RevocationState = { ...c.revocation, withdrawnAt: event.data.withdrawnAt };
      const status = c.status === 'REVOCATION_REQUESTED' ? c.revocation.statusBefore : c.status;
      return { ...c, status, revocation: null, pastRevocations: [...c.pastRevocations, withdrawn] };
    }
    case 'ContractCancelled':
      return {
        ...c,
        status: 'CANCELLED',
        pendingOrder: null,
        cancellation: { reason: event.data.reason, at: event.data.cancelledAt, by: event.data.by, note: event.data.note },
        endedAt: event.data.cancelledAt,
      };
    case 'ContractExpired':
      return { ...c, status: 'EXPIRED', endedAt: event.data.expiredAt };
    case 'ContractTerminationNoticed': {
      const d = event.data;
      return { ...c, termination: { noticedOn: d.noticedOn, effectiveOn: d.effectiveOn, channel: d.channel, reason: d.reason, noticedBy: d.noticedBy, terminatedAt: null } };
    }
    case 'ContractTerminated':
      return {
        ...c,
        status: 'TERMINATED',
        endedAt: event.data.terminatedAt,
        termination: c.termination ? { ...c.termination, terminatedAt: event.data.terminatedAt } : c.termination,
      };
    case 'CompensationAssessed':
      return { ...c, compensations: [...c.compensations, event.data] };
    case 'PersonalDataShredded':
      return { ...withoutPersonalData(c), personalDataShredded: true };
  }
}

/** What a personal field holds once its key is destroyed: null, as the serializer then decodes it. */
const GONE = null as never;
const GONE_ADDRESS = { postalCode: GONE, prefecture: GONE, city: GONE, street: GONE };

/**
 * The contract without the fields the serializer encrypts with its key (names, contacts, addresses, the CSR,
 * notice recipients, free-text notes): after PersonalDataShredded they are null however the state was folded,
 * so nothing of them outlives the key in a folded state either.
 */
function withoutPersonalData(c: Contract): Contract {
  return {
    ...c,
    applicant: {
      ...c.applicant,
      organizationName: GONE, corporateNumber: GONE, address: GONE_ADDRESS, representativeName: GONE,
      contact: { name: GONE, email: GONE, phone: GONE },
    },
    deliveryAddress: GONE_ADDRESS,
    csr: { ...c.csr, pem: GONE },
    sticker: c.sticker.address ? { ...c.sticker, address: GONE_ADDRESS } : c.sticker,
    notifications: c.notifications.map((n) => ({ ...n, recipient: GONE })),
    screening: c.screening ? { ...c.screening, note: null } : null,
    withdrawal: c.withdrawal ? { ...c.withdrawal, note: null } : null,
    revocation: c.revocation ? { ...c.revocation, note: null } : null,
    pastRevocations: c.pastRevocations.map((r) => ({ ...r, note: null })),
    cancellation: c.cancellation ? { ...c.cancellation, note: null } : null,
  };
}

/** Folds a history from the empty stream. */
export function foldContract(events: readonly ContractEvent[], from: ContractState = initialContractState): ContractState {
  return events.reduce(evolveContract, from);
}
