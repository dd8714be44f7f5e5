import { DEFAULT_POLICY, resolvePolicy, type ContractEvent } from '@pfw/domain';
import { given } from './support/gwt';
import { admin, after, cmd, CONTRACT_ID, csrFacts, days, hours, operator, run, sha, submitCommand, T0 } from './support/fixtures';

/**
 * Rules found missing or wrong by a reading of the terms against the decider, each reproduced here first
 * (DOMAIN.md "Periods", "No dead ends" and the rules of Art. 2, 5, 7, 9, 13, 14, 15).
 */

export const then = (events: ContractEvent[], ...more: Parameters<typeof run>[0]) => run(more, DEFAULT_POLICY, events);

describe('Civil Code Art. 140, 143 in the rules (DOMAIN.md "Periods")', () => {
  it('Art. 11: accepted 2028-02-28 15:00 JST, 12 months → coverage through 2029-02-28 (the first day is not counted)', () => {
    const at = new Date('2028-02-28T06:00:00Z');
    const state = given(run([submitCommand({ at: after(at, -hours(1)) }), cmd.pass(at)])).state;
    expect(state).toMatchObject({ coverageStartsOn: '2028-02-28', coverageEndsOn: '2029-02-28' });
  });

  it('Art. 11: accepted 2027-04-01 10:00 JST, 12 months → coverage through 2028-04-01', () => {
    const at = new Date('2027-04-01T01:00:00Z');
    const state = given(run([submitCommand({ at: after(at, -hours(1)) }), cmd.pass(at)])).state;
    expect(state).toMatchObject({ coverageStartsOn: '2027-04-01', coverageEndsOn: '2028-04-01' });
  });

  it('Art. 15: from an incident on 2027-01-31 to a coverage ending 2027-02-27 no whole month remains', () => {
    const policy = resolvePolicy({ feeSchedule: [{ planMonths: 1, amountJpy: 60_000 }] });
    const accepted = new Date('2027-01-27T01:00:00Z'); // 1 month: coverage through 2027-02-27
    const history = run([submitCommand({ at: after(accepted, -hours(1)), planMonths: 1 }), cmd.pass(accepted)], policy);
    expect(given(history, policy).state).toMatchObject({ coverageEndsOn: '2027-02-27' });
    const { events } = given(history, policy)
      .when({ type: 'AssessCompensation', contractId: CONTRACT_ID, actor: admin, at: new Date('2027-02-10T00:00:00Z'), incidentOn: '2027-01-31' })
      .thenTypes(['CompensationAssessed']);
    expect(events[0].data).toMatchObject({ remainingWholeMonths: 0, amountJpy: 0 });
  });

  it('Art. 14: a notice given on 2027-04-01 allows the termination from 2027-07-02, not 07-01', () => {
    const at = new Date('2027-04-01T01:00:00Z');
    const active = run([submitCommand({ at: new Date('2027-03-01T01:00:00Z') }), cmd.pass(new Date('2027-03-01T02:00:00Z'))]);
    const notice = (effectiveOn: string) => ({
      type: 'NoticeTermination' as const, contractId: CONTRACT_ID, actor: admin, at, noticedOn: '2027-04-01', effectiveOn, channel: 'DOCUMENT' as const,
      reason: 'service ends', recipient: '東京都渋谷区神宮前1-2-3',
    });
    given(active).when(notice('2027-07-01')).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 14', message: /2027-07-02 at the earliest/ });
    given(active).when(notice('2027-07-02')).thenTypes(['ContractTerminationNoticed', 'CustomerNotified']);
  });
});



describe('Art. 15 — the cap is cumulative', () => {
  it('Art. 15: all assessments of one contract together never exceed the fee received (three incidents against ¥66,000)', () => {
    const paid = then(run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()]), cmd.pay(66_000, '2026-04-10', after(T0, days(9))));
    const assess = (incidentOn: string, at: Date) => ({ type: 'AssessCompensation' as const, contractId: CONTRACT_ID, actor: admin, at, incidentOn });
    const first = then(paid, assess('2026-04-15', new Date('2026-06-01T00:00:00Z')));
    const second = then(first, assess('2026-05-15', new Date('2026-06-02T00:00:00Z')));
    const { events } = given(second).when(assess('2026-05-20', new Date('2026-06-03T00:00:00Z'))).thenTypes(['CompensationAssessed']);
    const all = [...second, ...events].filter((e) => e.type === 'CompensationAssessed').map((e) => (e.type === 'CompensationAssessed' ? e.data.amountJpy : 0));
    expect(all.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(66_000);
    expect(all[2]).toBe(0);
  });
});

describe('Art. 14 — the notice is given when it is sent', () => {
  const active = () => run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()]);
  const notice = (at: Date, noticedOn: string | undefined, effectiveOn: string, channel: 'EMAIL' | 'DOCUMENT') => ({
    type: 'NoticeTermination' as const, contractId: CONTRACT_ID, actor: admin, at, ...(noticedOn === undefined ? {} : { noticedOn }), effectiveOn, channel,
    reason: 'service ends', recipient: 'hanako.sato@example.co.jp',
  });
  const july1 = new Date('2026-07-01T01:00:00Z');

  it('Art. 14: on 2026-07-01 an e-mailed notice dated 04-01 is refused (the e-mail goes out today)', () => {
    given(active()).when(notice(july1, '2026-04-01', '2026-07-02', 'EMAIL')).thenRefused({ code: 'BAD_USER_INPUT', field: 'noticedOn', message: /e-mail/ });
  });

  it('Art. 14: an e-mailed notice without a date is given today; its effective date counts from today', () => {
    const { events } = given(active()).when(notice(july1, undefined, '2026-10-02', 'EMAIL')).thenTypes(['ContractTerminationNoticed', 'CustomerNotified']);
    expect(events[0].data).toMatchObject({ noticedOn: '2026-07-01', effectiveOn: '2026-10-02' });
    given(active()).when(notice(july1, undefined, '2026-10-01', 'EMAIL')).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 14', message: /2026-10-02 at the earliest/ });
  });

  it('Art. 14: a paper notice may be dated today or up to 7 days back, never earlier nor in the future', () => {
    given(active()).when(notice(july1, '2026-06-24', '2026-09-25', 'DOCUMENT')).thenTypes(['ContractTerminationNoticed', 'CustomerNotified']);
    given(active()).when(notice(july1, '2026-06-23', '2026-09-24', 'DOCUMENT')).thenRefused({ code: 'BAD_USER_INPUT', field: 'noticedOn', message: /7 days/ });
    given(active()).when(notice(july1, '2026-07-02', '2026-10-03', 'DOCUMENT')).thenRefused({ code: 'BAD_USER_INPUT', field: 'noticedOn', message: /future/ });
  });
});

describe('Art. 7 — every revocation completes, is rejected, or is closed by staff (DOMAIN.md "No dead ends")', () => {
  const t = (d: number) => after(T0, days(d));
  // The first certificate (0A1B2C3D) lapses on day 90; a reissued one (0C01) runs to day 170.
  const twoCertificates = () => {
    const r = { type: 'RequestReissue' as const, contractId: CONTRACT_ID, actor: operator, at: t(80), caOrderId: 'ORDER-R', csr: csrFacts({ publicKeySha256: sha('key-2') }), reason: 'REKEY' as const, serviceSuspended: false };
    return run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered(), r,
      cmd.issued(t(80), { caOrderId: 'ORDER-R', serial: '0C01', notAfter: t(170) }), cmd.delivered(t(80), '0C01')]);
  };

  it('Art. 7: a certificate that expires while the notice is held drops out of the revocation; revoking the live one completes it', () => {
    const initiated = then(twoCertificates(), cmd.initiate('CUSTOMER_REQUEST', t(85)));
    expect(given(initiated).state).toMatchObject({ revocation: { serialNumbers: ['0A1B2C3D', '0C01'] } });
    const requested = then(initiated, cmd.notify('REVOCATION_NOTICE', t(95)), cmd.sendRevocation(t(95)));
    expect(given(requested).state).toMatchObject({ revocation: { status: 'REQUESTED', serialNumbers: ['0C01'] } });
    const state = given(requested).when(cmd.revoked(t(95.5), 'UNSPECIFIED', '0C01')).then([
      { type: 'CertificateRevoked', data: { serialNumber: '0C01', revokedAt: t(95.5), crlReason: 'UNSPECIFIED', caReference: 'CA-REV-1' } },
    ]);
    expect(state).toMatchObject({ status: 'REVOKED', revocation: { status: 'REVOKED' } });
  });

  const requested = () => then(run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()]),
    cmd.initiate('CUSTOMER_REQUEST', t(10)), cmd.notify('REVOCATION_NOTICE', t(10)), cmd.sendRevocation(t(10)));
  const outcome = (at: Date, o: { outcome: 'REVOKED' | 'REJECTED'; revokedAt?: Date }) => ({
    type: 'RecordRevocationOutcome' as const, contractId: CONTRACT_ID, actor: operator, at, note: 'the CA confirmed by telephone', ...o,
  });

  it('Art. 7: past its deadline with no answer, staff record the CA’s answer given by another channel: REVOKED ends the contract', () => {
    given(requested()).when(outcome(t(10.5), { outcome: 'REVOKED', revokedAt: t(10.4) })).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /deadline/ });
    const { events, state } = given(requested()).when(outcome(t(12), { outcome: 'REVOKED', revokedAt: t(11) })).thenTypes(['CertificateRevoked']);
    expect(events[0].data).toMatchObject({ serialNumber: '0A1B2C3D', revokedAt: t(11), crlReason: 'UNSPECIFIED' });
    expect(state).toMatchObject({ status: 'REVOKED' });
  });

  it('Art. 7: past its deadline, a REJECTED answer returns the contract to ACTIVE; revokedAt is required for REVOKED only', () => {
    const { state } = given(requested()).when(outcome(t(12), { outcome: 'REJECTED' })).thenTypes(['RevocationRejected']);
    expect(state).toMatchObject({ status: 'ACTIVE', revocation: { status: 'REJECTED' } });
    given(requested()).when(outcome(t(12), { outcome: 'REVOKED' })).thenRefused({ code: 'BAD_USER_INPUT', field: 'revokedAt' });
  });
});

describe('Art. 7, 11 — a contract with no certificate yet can always be cancelled (DOMAIN.md "No dead ends")', () => {
  const requested = () => run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate()]);
  const cancel = (reason: string, actor = operator) => ({ type: 'CancelContract' as const, contractId: CONTRACT_ID, actor, at: after(T0, days(3)), reason: reason as never, note: 'see ticket', serviceSuspended: false });

  it('Art. 4(3): the CA refused the order → CancelContract(CA_REFUSED) ends the contract and withdraws the order', () => {
    const { events, state } = given(requested()).when(cancel('CA_REFUSED', { id: 'saga:issuance', role: 'SYSTEM' })).thenTypes(['CertificateRequestCancelled', 'ContractCancelled']);
    expect(events[1].data).toMatchObject({ reason: 'CA_REFUSED' });
    expect(state).toMatchObject({ status: 'CANCELLED', pendingOrder: null });
  });

  it('Art. 7: the customer’s cancellation before issuance is recorded by an operator', () => {
    given(requested()).when(cancel('CUSTOMER_REQUEST')).thenTypes(['CertificateRequestCancelled', 'ContractCancelled']);
  });
});

describe('Art. 7, 10 — the revocation reasons staff may give', () => {
  const active = () => run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()]);
  const billing = { id: 'staff-billing-1', role: 'BILLING' as const };

  it('Art. 10: a certificate or sticker copied, transferred or lent on → BREACH, privilegeWithdrawn, notice first, 5 days', () => {
    const at = after(T0, days(10));
    const { events } = given(active()).when(cmd.initiate('BREACH', at)).thenTypes(['RevocationInitiated']);
    expect(events[0].data).toMatchObject({ reason: 'BREACH', crlReason: 'PRIVILEGE_WITHDRAWN', noticeRule: 'REVOCATION_NOTICE', deadline: after(at, days(5)) });
  });

  it('Art. 5, 7(2): billing staff may start the NON_PAYMENT revocation once the grace period is over, not before', () => {
    const overdue = then(active(), { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: { id: 'saga:non-payment', role: 'SYSTEM' }, at: new Date('2026-05-01T15:00:00Z'), invoiceId: 'INV-1' });
    given(overdue).when(cmd.initiate('NON_PAYMENT', new Date('2026-05-10T00:00:00Z'), billing)).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /grace period/ });
    given(overdue).when(cmd.initiate('NON_PAYMENT', new Date('2026-05-16T00:00:00Z'), billing)).thenTypes(['RevocationInitiated']);
  });
});
