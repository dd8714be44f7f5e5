import type { Actor, ContractCommand, ServiceCommand } from '@pfw/domain';
import {
  admin, after, applicantInput, cmd, csrFacts, days, hours, operator, saga, screener, sha, submitCommand, T0,
} from '../../../../domain/test/support/fixtures';
import type { EventLog } from './event-log';

/** The instant the work-list queries are asked at: 2026-05-20 10:00 Japan time. */
export const NOW = new Date('2026-05-20T01:00:00.000Z');

export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Each contract of the scenario by its role in the tests. */
export const C = {
  submittedOld: id(1),
  submittedNew: id(2),
  rejected: id(3),
  withdrawn: id(4),
  acceptedStickerToShip: id(5),
  overdue: id(6),
  expiringSoon: id(7),
  lapsed: id(8),
  pendingReissue: id(9),
  farExpiry: id(10),
  revocationUrgent: id(11),
  revocationCalm: id(12),
  revocationLate: id(13),
  revokedStickerOut: id(14),
  revokedStickerBack: id(15),
  cancelledStickerNeverLent: id(16),
  apex: id(17),
} as const;

const on = <T extends ContractCommand>(contractId: string, command: T): T => ({ ...command, contractId });

interface Submission {
  readonly at: Date;
  readonly organizationName?: string;
  readonly fqdn?: string;
  readonly stickerRequested?: boolean;
}

export function submit(contractId: string, s: Submission): ContractCommand {
  const fqdn = s.fqdn ?? 'www.example.co.jp';
  return submitCommand({
    contractId,
    at: s.at,
    applicant: { ...applicantInput, organizationName: s.organizationName ?? applicantInput.organizationName },
    webServerFqdn: fqdn,
    stickerRequested: s.stickerRequested ?? false,
    csr: csrFacts({ commonName: fqdn, subjectAltNames: [fqdn], publicKeySha256: sha(`key-${contractId}`) }),
  });
}

/** Submit → pass → invoice → request → issue (notAfter given) → deliver, from `start`. */
function active(contractId: string, s: Submission & { readonly notAfter?: Date; readonly serial: string }): ContractCommand[] {
  const t = (h: number) => after(s.at, hours(h));
  return [
    submit(contractId, s),
    on(contractId, cmd.pass(t(1))),
    on(contractId, cmd.invoice(t(2))),
    on(contractId, cmd.requestCertificate(t(2))),
    on(contractId, cmd.issued(t(3), { serial: s.serial, notAfter: s.notAfter })),
    on(contractId, cmd.delivered(t(4))),
  ];
}

const lend = (contractId: string, at: Date, serial: string, shippedOn: string): ContractCommand => ({
  type: 'LendSticker', contractId, actor: operator, at, stickerSerial: serial, shippedOn,
});

const initiate = (contractId: string, reason: 'CUSTOMER_REQUEST' | 'PROHIBITED_ACT', at: Date, actor: Actor = operator): ContractCommand =>
  on(contractId, cmd.initiate(reason, at, actor));

/**
 * Seventeen contracts, one for each thing a query must find or leave out, written through the deciders and
 * the serializer into the event store. Answers the last position written.
 */
export async function writeScenario(log: EventLog): Promise<bigint> {
  const day = (n: number, h = 0) => after(T0, days(n) + hours(h));
  await log.contract([submit(C.submittedOld, { at: new Date('2026-03-31T01:00:00Z'), organizationName: 'Alpha Trading K.K.', fqdn: 'alpha.example.jp' })]);
  await log.contract([submit(C.submittedNew, { at: day(2), organizationName: 'ＡＢＣ商事株式会社', fqdn: 'shop.abc-shoji.co.jp' })]);
  await log.contract([submit(C.rejected, { at: day(0, 1), organizationName: '100% Pure_Water Co.', fqdn: 'badexample.co.jp' }), on(C.rejected, cmd.fail(day(1)))]);
  await log.contract([
    submit(C.withdrawn, { at: day(0, 2), fqdn: 'example.co.jp' }),
    { type: 'WithdrawApplication', contractId: C.withdrawn, actor: screener, at: day(1), note: 'changed plans' },
  ]);
  await log.contract([
    submit(C.acceptedStickerToShip, { at: day(1), stickerRequested: true, fqdn: 'shop.example.co.jp', organizationName: 'Beta 株式会社' }),
    on(C.acceptedStickerToShip, cmd.pass(day(1, 2))),
    on(C.acceptedStickerToShip, cmd.invoice(day(1, 3))),
  ]);
  await log.contract([
    ...active(C.overdue, { at: day(0, 3), serial: '06' }),
    { type: 'MarkPaymentOverdue', contractId: C.overdue, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') },
  ]);
  await log.contract([
    ...active(C.expiringSoon, { at: day(0, 4), serial: '07', notAfter: after(NOW, days(10)), stickerRequested: true }),
    lend(C.expiringSoon, day(3), 'STK-7', '2026-04-04'),
    on(C.expiringSoon, cmd.pay(66_000, '2026-04-20', day(19))),
  ]);
  await log.contract(active(C.lapsed, { at: day(0, 5), serial: '08', notAfter: after(NOW, -days(2)) }));
  await log.contract([
    ...active(C.pendingReissue, { at: day(0, 6), serial: '09', notAfter: after(NOW, days(5)) }),
    {
      type: 'RequestReissue', contractId: C.pendingReissue, actor: operator, at: after(NOW, -days(1)), caOrderId: 'ORDER-9R', reason: 'COVERAGE_CONTINUES',
      csr: csrFacts({ publicKeySha256: sha(`key-${C.pendingReissue}`) }), serviceSuspended: false,
    },
  ]);
  await log.contract(active(C.farExpiry, { at: day(0, 7), serial: '0A', notAfter: after(NOW, days(60)) }));
  await log.contract([
    ...active(C.revocationUrgent, { at: day(0, 8), serial: '0B' }),
    initiate(C.revocationUrgent, 'CUSTOMER_REQUEST', after(NOW, -hours(20))),
    on(C.revocationUrgent, cmd.notify('REVOCATION_NOTICE', after(NOW, -hours(19)))),
    on(C.revocationUrgent, { ...cmd.sendRevocation(after(NOW, -hours(19))), caOrderId: 'REV-11' }),
  ]);
  await log.contract([...active(C.revocationCalm, { at: day(0, 9), serial: '0C' }), initiate(C.revocationCalm, 'PROHIBITED_ACT', after(NOW, -days(1)))]);
  await log.contract([...active(C.revocationLate, { at: day(0, 10), serial: '0D' }), initiate(C.revocationLate, 'PROHIBITED_ACT', after(NOW, -hours(108)))]);
  await log.contract([
    ...active(C.revokedStickerOut, { at: day(0, 11), serial: '0E', stickerRequested: true }),
    lend(C.revokedStickerOut, day(2), 'STK-14', '2026-04-03'),
    on(C.revokedStickerOut, cmd.reportTrustImpaired('KEY_COMPROMISE', day(30))),
    on(C.revokedStickerOut, cmd.revoked(day(30, 2), 'KEY_COMPROMISE', '0E')),
    { type: 'RequestStickerReturn', contractId: C.revokedStickerOut, actor: saga('end-of-contract'), at: day(30, 3) },
  ]);
  await log.contract([
    ...active(C.revokedStickerBack, { at: day(0, 12), serial: '0F', stickerRequested: true }),
    lend(C.revokedStickerBack, day(2), 'STK-15', '2026-04-03'),
    on(C.revokedStickerBack, cmd.reportTrustImpaired('OTHER', day(20))),
    on(C.revokedStickerBack, cmd.revoked(day(20, 2), 'UNSPECIFIED', '0F')),
    { type: 'RequestStickerReturn', contractId: C.revokedStickerBack, actor: saga('end-of-contract'), at: day(20, 3) },
    { type: 'RecordStickerReturned', contractId: C.revokedStickerBack, actor: operator, at: day(25), stickerSerial: 'STK-15', receivedOn: '2026-04-25' },
  ]);
  await log.contract([
    submit(C.cancelledStickerNeverLent, { at: day(0, 13), stickerRequested: true }),
    on(C.cancelledStickerNeverLent, cmd.pass(day(0, 14))),
    { type: 'CancelContract', contractId: C.cancelledStickerNeverLent, actor: operator, at: day(3), reason: 'CUSTOMER_REQUEST', note: null, serviceSuspended: false },
  ]);
  return log.contract([submit(C.apex, { at: day(0, 14), fqdn: 'example.co.jp', organizationName: 'Apex Systems' })]);
}

/** Art. 6 and 13 on the service stream: a suspension lifted, a revision for June, and a suspension now. */
export function serviceCommands(): ServiceCommand[] {
  return [
    { type: 'SuspendService', actor: admin, at: after(NOW, -days(3)), reason: 'CA maintenance' },
    { type: 'ResumeService', actor: admin, at: after(NOW, -days(2)) },
    { type: 'ReviseTerms', actor: admin, at: after(NOW, -days(2)), version: '2', effectiveFrom: '2026-06-01', summary: 'clarify Art. 11', documentSha256: sha('terms-2') },
    { type: 'SuspendService', actor: admin, at: after(NOW, -hours(1)), reason: 'CA outage' },
  ];
}
