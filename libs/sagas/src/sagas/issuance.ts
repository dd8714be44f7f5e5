import { caOrderId, deterministicId } from '@pfw/application';
import { CA_CANCEL_ORDER, CA_ORDER_UNANSWERED, CA_REVOKE_LEFTOVERS, CA_SUBMIT_ISSUANCE } from '../actions/ca-actions';
import { DELIVER_CERTIFICATE, ISSUE_INVOICE, REQUEST_CERTIFICATE } from '../actions/contract-actions';
import { NOTICE } from '../actions/notices';
import { addMs, type DeadlineSpec, type Reaction, type SagaDefinition } from '../runtime/saga';
import { DAY_MS, type CancellationReason, type DomainPolicy } from '@pfw/domain';

/** Cancellations the customer was told about before they happened (Art. 7(2), 8, 14). */
const ANNOUNCED_BEFORE: readonly CancellationReason[] = ['NON_PAYMENT', 'TERMINATION', 'SUPERSEDED'];

export type IssuanceState = {
  readonly deliveryMethod: string | null;
};

/** The CA order id of a contract's first certificate (deterministic: a replay asks for the same order). */
export function initialCaOrderId(contractId: string): string {
  return caOrderId(contractId, 'initial');
}

/** The contract fee's invoice id (one invoice per contract, Art. 5). */
export function invoiceIdFor(contractId: string): string {
  return deterministicId('invoice', contractId);
}

/**
 * 2. Issuance (Art. 4, 5): ScreeningPassed → SCREENING_RESULT notice, the invoice (and its INVOICE notice),
 * and the certificate request → the order to the CA → (the CA's answer, see ca.result) CertificateIssued →
 * CertificateDelivered automatically for EMAIL and DOWNLOAD (an operator records POST) → CERTIFICATE_DELIVERY
 * notice. Reissue orders go to the CA the same way; a cancelled order is cancelled at the CA.
 */
export function issuanceSaga(policy: DomainPolicy): SagaDefinition<IssuanceState> {
  const escalateAfterMs = policy.reminders.issuanceEscalationDays * DAY_MS;
  return {
    name: 'issuance',
    handles: [
      'ApplicationSubmitted', 'ScreeningPassed', 'InvoiceIssued', 'CertificateRequested', 'CertificateReissueRequested', 'CertificateRequestCancelled',
      'CertificateIssued', 'CertificateDelivered', 'ContractCancelled',
    ],
    initialState: { deliveryMethod: null },
    react(state, { event, envelope, contractId }): Reaction<IssuanceState> {
      const now = envelope.occurredAt;
      switch (event.type) {
        case 'ApplicationSubmitted':
          return { state: { deliveryMethod: event.data.certificateDeliveryMethod } };
        case 'ScreeningPassed':
          return {
            state,
            schedule: [
              { key: 'screening-result', kind: NOTICE, dueAt: now, payload: { kind: 'SCREENING_RESULT' } },
              { key: 'invoice', kind: ISSUE_INVOICE, dueAt: now, payload: { invoiceId: invoiceIdFor(contractId) } },
              { key: 'certificate', kind: REQUEST_CERTIFICATE, dueAt: now, payload: { caOrderId: initialCaOrderId(contractId) } },
            ],
          };
        case 'InvoiceIssued':
          return { state, schedule: [{ key: `invoice-notice:${event.data.invoiceId}`, kind: NOTICE, dueAt: now, payload: { kind: 'INVOICE', invoiceId: event.data.invoiceId } }] };
        case 'CertificateRequested':
        case 'CertificateReissueRequested':
          return {
            state,
            schedule: [
              { key: `ca-issue:${event.data.caOrderId}`, kind: CA_SUBMIT_ISSUANCE, dueAt: now, payload: { orderId: event.data.caOrderId } },
              // A CA that never answers must not leave the order open unseen (DOMAIN.md "No dead ends").
              { key: `ca-unanswered:${event.data.caOrderId}`, kind: CA_ORDER_UNANSWERED, dueAt: addMs(now, escalateAfterMs), payload: { orderId: event.data.caOrderId } },
            ],
          };
        case 'CertificateRequestCancelled':
          return {
            state,
            schedule: [{ key: `ca-cancel:${event.data.caOrderId}`, kind: CA_CANCEL_ORDER, dueAt: now, payload: { orderId: event.data.caOrderId, reason: event.data.reason } }],
          };
        case 'CertificateIssued':
          if (state.deliveryMethod !== 'EMAIL' && state.deliveryMethod !== 'DOWNLOAD') return { state };
          return { state, schedule: [{ key: `deliver:${event.data.serialNumber}`, kind: DELIVER_CERTIFICATE, dueAt: now, payload: { serialNumber: event.data.serialNumber } }] };
        case 'CertificateDelivered':
          if (event.data.method === 'POST') return { state };
          return {
            state,
            schedule: [{ key: `delivery-notice:${event.data.serialNumber}`, kind: NOTICE, dueAt: now, payload: { kind: 'CERTIFICATE_DELIVERY', serialNumber: event.data.serialNumber } }],
          };
        case 'ContractCancelled': {
          // Cancelled after issuance, before delivery: the certificate nobody received is revoked at the CA.
          const schedule: DeadlineSpec[] = [{ key: 'revoke-leftovers', kind: CA_REVOKE_LEFTOVERS, dueAt: now }];
          // The customer is told, unless a notice announced it already (non-payment, termination, re-contract).
          if (!ANNOUNCED_BEFORE.includes(event.data.reason)) {
            schedule.push({ key: 'cancellation-notice', kind: NOTICE, dueAt: now, payload: { kind: 'REVOCATION_NOTICE', mode: 'cancelled' } });
          }
          return { state, schedule };
        }
        default:
          return { state };
      }
    },
  };
}
