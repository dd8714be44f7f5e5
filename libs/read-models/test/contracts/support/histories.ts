import type { ContractCommand, ContractEvent, EventEnvelope } from '@pfw/domain';
import type { DecodedContractEvent, ViewEventMeta } from '@pfw/read-models';
import {
  activeHistory, admin, after, cmd, CONTRACT_ID, csrFacts, days, doc, hours, operator, run, saga, screener, sha, T0,
} from '../../../../domain/test/support/fixtures';

export { CONTRACT_ID, T0, after, days, hours };

/** Each event as the projection sees it: decoded, with an envelope, its revision and a log position. */
export type Folded = DecodedContractEvent & { readonly meta: ViewEventMeta };

export function withMeta(events: readonly ContractEvent[], firstPosition = 100n): Folded[] {
  return events.map((event, i) => ({
    event,
    envelope: envelopeFor(event, i),
    meta: { revision: i, position: firstPosition + BigInt(i) * 3n },
  }));
}

/** Envelopes as handlers write them; occurredAt is the domain instant the event carries, where it has one. */
function envelopeFor(event: ContractEvent, i: number): EventEnvelope {
  return {
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    actor: { id: 'saga:test', role: 'SYSTEM' },
    correlationId: 'corr-1',
    causationId: null,
    commandName: event.type,
    occurredAt: new Date(T0.getTime() + i * 60_000),
    termsVersion: '1',
  };
}

const t = (h: number) => after(T0, hours(h));
const d = (n: number, h = 0) => after(T0, days(n) + hours(h));

/**
 * The whole life of one contract, every step through the domain's decider: submission, more documents,
 * acceptance, invoice paid in two parts, issuance, delivery, sticker lent, a rekey reissue, a customer's
 * revocation of both instances, the sticker's return and a compensation assessment.
 */
export function lifecycleCommands(): ContractCommand[] {
  return [
    cmd.submit(),
    { type: 'RequestAdditionalDocuments', contractId: CONTRACT_ID, actor: screener, at: t(1), kinds: ['SEAL_CERTIFICATE'], note: 'seal certificate please' },
    { type: 'AttachDocuments', contractId: CONTRACT_ID, actor: screener, at: t(2), documents: [doc('SEAL_CERTIFICATE')] },
    cmd.pass(t(3)),
    cmd.notify('SCREENING_RESULT', t(3)),
    cmd.invoice(t(4)),
    cmd.requestCertificate(t(4)),
    cmd.issued(t(5), { serial: '0A1B2C3D', notAfter: after(t(5), days(90) - 1000) }),
    cmd.delivered(t(6)),
    cmd.lendSticker(d(2)),
    cmd.pay(30_000, '2026-04-10', d(9)),
    cmd.pay(36_000, '2026-04-12', d(11)),
    { type: 'RequestReissue', contractId: CONTRACT_ID, actor: operator, at: d(60), caOrderId: 'ORDER-2', reason: 'REKEY', csr: csrFacts({ publicKeySha256: sha('key-2') }), serviceSuspended: false },
    cmd.issued(d(60, 1), { caOrderId: 'ORDER-2', serial: '0B2C3D4E', notAfter: after(d(60, 1), days(90) - 1000) }),
    cmd.delivered(d(60, 2), '0B2C3D4E'),
    cmd.initiate('CUSTOMER_REQUEST', d(70), operator, { crlReason: 'AFFILIATION_CHANGED' }),
    cmd.notify('REVOCATION_NOTICE', d(70, 1)),
    cmd.sendRevocation(d(70, 2)),
    cmd.revoked(d(70, 5), 'AFFILIATION_CHANGED', '0A1B2C3D'),
    cmd.revoked(d(70, 6), 'AFFILIATION_CHANGED', '0B2C3D4E'),
    cmd.notify('REVOCATION_RESULT', d(70, 7)),
    { type: 'RequestStickerReturn', contractId: CONTRACT_ID, actor: saga('end-of-contract'), at: d(70, 8) },
    cmd.notify('STICKER_RETURN_REQUEST', d(70, 8)),
    { type: 'RecordStickerReturned', contractId: CONTRACT_ID, actor: operator, at: d(80), stickerSerial: 'STK-0001', receivedOn: '2026-06-19' },
    { type: 'AssessCompensation', contractId: CONTRACT_ID, actor: admin, at: d(81), incidentOn: '2026-06-01' },
  ];
}

/** Named histories that together contain every contract event type. */
export function sampleHistories(): Record<string, ContractEvent[]> {
  const then = (events: ContractEvent[], ...more: ContractCommand[]) => run(more, undefined, events);
  return {
    lifecycle: run(lifecycleCommands()),
    rejectedAndShredded: run([
      cmd.submit(),
      cmd.fail(t(1)),
      cmd.notify('SCREENING_RESULT', t(1)),
      { type: 'DiscardSubmittedDocuments', contractId: CONTRACT_ID, actor: saga('rejection'), at: t(2) },
      { type: 'ShredPersonalData', contractId: CONTRACT_ID, actor: saga('rejection'), at: t(2), scope: ['applicant'] },
    ]),
    withdrawn: run([cmd.submit(), { type: 'WithdrawApplication', contractId: CONTRACT_ID, actor: screener, at: t(1), note: 'changed plans' }]),
    overdueThenSettled: then(
      activeHistory(),
      { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') },
      cmd.pay(66_000, '2026-05-03', new Date('2026-05-03T01:00:00Z')),
    ),
    nonPaymentWithdrawn: then(
      activeHistory(),
      { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') },
      cmd.initiate('NON_PAYMENT', new Date('2026-05-16T00:00:00Z'), saga('non-payment')),
      cmd.notify('REVOCATION_NOTICE', new Date('2026-05-16T00:01:00Z')),
      cmd.pay(66_000, '2026-05-01', new Date('2026-05-16T00:02:00Z')),
      cmd.sendRevocation(new Date('2026-05-16T00:03:00Z')),
    ),
    emailedInvoiceReceived: run([cmd.submit(), cmd.pass(), cmd.emailInvoice(), cmd.notify('INVOICE', t(1))]),
    cancelled: run([
      cmd.submit(), cmd.pass(), cmd.requestCertificate(),
      { type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at: t(5), reason: 'CUSTOMER_REQUEST', note: 'customer changed plans', serviceSuspended: false },
    ]),
    expired: then(
      activeHistory(),
      cmd.lendSticker(),
      { type: 'ExpireContract', contractId: CONTRACT_ID, actor: saga('end-of-contract'), at: new Date('2027-04-01T15:00:00Z') },
      { type: 'RequestStickerReturn', contractId: CONTRACT_ID, actor: saga('end-of-contract'), at: new Date('2027-04-01T16:00:00Z') },
    ),
    terminated: run([
      cmd.submit(), cmd.pass(), cmd.requestCertificate(), cmd.issued(t(3), { notAfter: after(t(3), days(199)) }), cmd.delivered(t(4)),
      cmd.notify('TERMS_CHANGED', d(21), { termsVersion: '2' }),
      { type: 'NoticeTermination', contractId: CONTRACT_ID, actor: admin, at: d(30), noticedOn: '2026-05-01', effectiveOn: '2026-08-02', channel: 'DOCUMENT', reason: 'service ends', recipient: '東京都渋谷区神宮前1-2-3' },
      { type: 'TerminateContract', contractId: CONTRACT_ID, actor: saga('termination'), at: new Date('2026-08-02T00:00:00Z'), serviceSuspended: false },
      cmd.sendRevocation(new Date('2026-08-02T00:10:00Z')),
    ]),
    revocationRejected: then(
      activeHistory(),
      cmd.initiate('PROHIBITED_ACT', d(10)),
      cmd.notify('REVOCATION_NOTICE', d(10, 1)),
      cmd.sendRevocation(d(10, 2)),
      cmd.rejected(d(11)),
    ),
    trustImpairedDuringReissue: then(
      activeHistory(),
      { type: 'RequestReissue', contractId: CONTRACT_ID, actor: operator, at: d(20), caOrderId: 'ORDER-2', reason: 'COVERAGE_CONTINUES', csr: csrFacts(), serviceSuspended: false },
      cmd.reportTrustImpaired('KEY_COMPROMISE', d(21)),
      cmd.revoked(d(21, 2), 'KEY_COMPROMISE'),
    ),
  };
}
