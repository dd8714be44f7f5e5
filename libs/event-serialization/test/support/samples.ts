import type { ContractEvent, ServiceEvent, UploadEvent } from '@pfw/domain';
import { DEFAULT_POLICY } from '@pfw/domain';
import { activeHistory, admin, after, cmd, CONTRACT_ID, csrFacts, days, doc, operator, run, saga, screener, sha, T0 } from '../../../domain/test/support/fixtures';

const then = (events: ContractEvent[], ...more: Parameters<typeof run>[0]) => run(more, DEFAULT_POLICY, events);
const t = (d: number) => after(T0, days(d));

/** Real events, produced by the domain's deciders, covering every event type at least once. */
export function sampleContractHistories(): ContractEvent[][] {
  const rejected = run([
    cmd.submit(),
    { type: 'RequestAdditionalDocuments', contractId: CONTRACT_ID, actor: screener, at: t(0), kinds: ['SEAL_CERTIFICATE'], note: null },
    { type: 'AttachDocuments', contractId: CONTRACT_ID, actor: screener, at: t(0), documents: [doc('SEAL_CERTIFICATE')] },
    cmd.fail(t(1)),
    cmd.notify('SCREENING_RESULT', t(1)),
    { type: 'DiscardSubmittedDocuments', contractId: CONTRACT_ID, actor: saga('rejection'), at: t(2) },
    { type: 'ShredPersonalData', contractId: CONTRACT_ID, actor: saga('rejection'), at: t(2), scope: ['applicant.contact'] },
  ]);
  const withdrawn = run([cmd.submit(), { type: 'WithdrawApplication', contractId: CONTRACT_ID, actor: screener, at: t(0), note: 'changed plans' }]);
  const expired = then(
    activeHistory(),
    cmd.lendSticker(),
    cmd.pay(66_000, '2026-04-10', t(9)),
    { type: 'ExpireContract', contractId: CONTRACT_ID, actor: saga('end-of-contract'), at: new Date('2027-04-01T15:00:00Z') },
    { type: 'RequestStickerReturn', contractId: CONTRACT_ID, actor: saga('end-of-contract'), at: new Date('2027-04-01T16:00:00Z') },
    { type: 'RecordStickerReturned', contractId: CONTRACT_ID, actor: operator, at: new Date('2027-04-10T01:00:00Z'), stickerSerial: 'STK-0001', receivedOn: '2027-04-10' },
    { type: 'AssessCompensation', contractId: CONTRACT_ID, actor: admin, at: new Date('2027-04-11T01:00:00Z'), incidentOn: '2026-06-15' },
  );
  const overdue = then(activeHistory(), { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') });
  const revoked = then(activeHistory(), cmd.reportTrustImpaired('KEY_COMPROMISE', t(10)), cmd.revoked(t(10), 'KEY_COMPROMISE'), cmd.notify('REVOCATION_RESULT', t(11)));
  const rejectedRevocation = then(activeHistory(), cmd.initiate('CUSTOMER_REQUEST', t(10)), cmd.notify('REVOCATION_NOTICE', t(10)), cmd.sendRevocation(t(10)), cmd.rejected(t(11)));
  const cancelled = run([cmd.submit(), cmd.pass(), cmd.requestCertificate(), { type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at: t(1), reason: 'CUSTOMER_REQUEST', note: null, serviceSuspended: false }]);
  const longCert = run([
    cmd.submit(), cmd.pass(), cmd.requestCertificate(), cmd.issued(t(0), { notAfter: after(t(0), days(199)) }), cmd.delivered(t(0)),
    { type: 'RequestReissue', contractId: CONTRACT_ID, actor: operator, at: t(20), caOrderId: 'ORDER-2', reason: 'REKEY', csr: csrFacts({ publicKeySha256: sha('key-2') }), serviceSuspended: false },
    cmd.notify('TERMS_CHANGED', t(21), { termsVersion: '2' }),
    { type: 'NoticeTermination', contractId: CONTRACT_ID, actor: admin, at: t(30), noticedOn: '2026-05-01', effectiveOn: '2026-08-02', channel: 'DOCUMENT', reason: 'service ends', recipient: '東京都渋谷区神宮前1-2-3' },
    { type: 'TerminateContract', contractId: CONTRACT_ID, actor: saga('termination'), at: new Date('2026-08-02T00:00:00Z'), serviceSuspended: false },
  ]);
  const overdueRevocation = then(overdue, cmd.initiate('NON_PAYMENT', new Date('2026-05-16T00:00:00Z'), saga('non-payment')), cmd.notify('REVOCATION_NOTICE', new Date('2026-05-16T00:01:00Z')),
    cmd.pay(66_000, '2026-04-30', new Date('2026-05-16T00:02:00Z')), cmd.sendRevocation(new Date('2026-05-16T00:03:00Z')));
  const emailed = run([cmd.submit(), cmd.pass(), cmd.emailInvoice(), cmd.notify('INVOICE', t(1))]);
  return [rejected, withdrawn, expired, overdue, revoked, rejectedRevocation, cancelled, longCert, overdueRevocation, emailed];
}

export function sampleServiceEvents(): ServiceEvent[] {
  return [
    { type: 'ServiceSuspended', data: { reason: 'CA outage', suspendedAt: t(1), by: admin } },
    { type: 'ServiceResumed', data: { reason: null, resumedAt: t(2), suspendedSince: t(1), by: admin } },
    { type: 'TermsRevised', data: { version: '2', effectiveFrom: '2026-05-01' as never, summary: 'clarify Art. 11', documentSha256: sha('terms-2'), revisedAt: t(3), by: admin } },
  ];
}

export function sampleUploadEvents(): UploadEvent[] {
  const document = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', kind: 'COVER_LETTER', sha256: sha('loose upload') };
  return [{ type: 'UnattachedUploadDestroyed', data: { document, uploadedAt: t(1), destroyedAt: t(30), attachWithinHours: 24, by: { id: 'documents:retention', role: 'SYSTEM' } } }];
}
