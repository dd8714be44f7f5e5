import { DEFAULT_POLICY, type ContractEvent } from '@pfw/domain';
import { given, givenService } from './support/gwt';
import { acceptedHistory, activeHistory, admin, after, cmd, CONTRACT_ID, csrFacts, days, hours, operator, run, saga, T0 } from './support/fixtures';

const t = (d: number) => after(T0, days(d));
const then = (events: ContractEvent[], ...more: Parameters<typeof run>[0]) => run(more, DEFAULT_POLICY, events);

describe('Art. 6 — suspension: no request goes to the CA while the service is suspended', () => {
  it('Art. 6 refuses a certificate request while suspended, and allows it when the service runs', () => {
    given(acceptedHistory()).when(cmd.requestCertificate(after(T0, hours(2)), true)).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 6', message: /suspended/ });
    given(acceptedHistory()).when(cmd.requestCertificate(after(T0, hours(2)), false)).thenTypes(['CertificateRequested']);
  });

  it('Art. 6 refuses a reissue request and a revocation request while suspended', () => {
    given(activeHistory())
      .when({ type: 'RequestReissue', contractId: CONTRACT_ID, actor: operator, at: t(60), caOrderId: 'ORDER-2', csr: csrFacts(), reason: 'COVERAGE_CONTINUES', serviceSuspended: true })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 6' });
    const noticed = then(activeHistory(), cmd.initiate('CUSTOMER_REQUEST', t(10)), cmd.notify('REVOCATION_NOTICE', t(10)));
    given(noticed).when(cmd.sendRevocation(t(10), true)).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 6' });
  });

  it('Art. 6 queues a customer’s key-compromise report while suspended (decided, not sent) and sends it on resume', () => {
    const { state } = given(activeHistory()).when(cmd.reportTrustImpaired('KEY_COMPROMISE', t(10), true)).thenTypes(['RevocationInitiated']);
    expect(state).toMatchObject({ status: 'REVOCATION_REQUESTED', revocation: { status: 'INITIATED', reason: 'KEY_COMPROMISE' } });
    const queued = then(activeHistory(), cmd.reportTrustImpaired('KEY_COMPROMISE', t(10), true));
    given(queued).when(cmd.sendRevocation(t(11), false)).thenTypes(['RevocationRequested']);
  });

  it('Art. 6 the service stream suspends once and resumes once', () => {
    const suspendedAt = t(1);
    const suspend = { type: 'SuspendService' as const, actor: admin, at: suspendedAt, reason: 'CA outage' };
    const state = givenService([]).when(suspend).then([{ type: 'ServiceSuspended', data: { reason: 'CA outage', suspendedAt, by: admin } }]);
    expect(state.suspended).toBe(true);
    const events = [{ type: 'ServiceSuspended' as const, data: { reason: 'CA outage', suspendedAt, by: admin } }];
    givenService(events).when(suspend).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 6', message: /already suspended/ });
    const resumed = givenService(events).when({ type: 'ResumeService', actor: admin, at: t(2), reason: 'CA back' }).then([
      { type: 'ServiceResumed', data: { reason: 'CA back', resumedAt: t(2), suspendedSince: suspendedAt, by: admin } },
    ]);
    expect(resumed.suspended).toBe(false);
    givenService([]).when({ type: 'ResumeService', actor: admin, at: t(2) }).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 6', message: /not suspended/ });
  });
});

describe('Art. 7 — revocation', () => {
  it('Art. 7 refuses a SECOM-initiated revocation request before the customer was notified (REVOCATION_NOTICE)', () => {
    const initiated = then(activeHistory(), cmd.initiate('CUSTOMER_REQUEST', t(10)));
    given(initiated).when(cmd.sendRevocation(t(10))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /Art\. 7\(2\).*REVOCATION_NOTICE/ });
  });

  it('Art. 7 allows the request after the REVOCATION_NOTICE: the customer’s chosen CRL reason, 24 h deadline', () => {
    const initiated = given(activeHistory()).when(cmd.initiate('CUSTOMER_REQUEST', t(10), operator, { crlReason: 'AFFILIATION_CHANGED' })).then([
      {
        type: 'RevocationInitiated',
        data: {
          reason: 'CUSTOMER_REQUEST', crlReason: 'AFFILIATION_CHANGED', initiator: 'OPERATOR', noticeRule: 'REVOCATION_NOTICE', by: operator,
          note: 'see ticket', serialNumbers: ['0A1B2C3D'], initiatedAt: t(10), deadline: after(t(10), hours(24)), supersededBy: null,
        },
      },
    ]);
    expect(initiated.status).toBe('REVOCATION_REQUESTED');
    const noticed = then(activeHistory(), cmd.initiate('CUSTOMER_REQUEST', t(10), operator, { crlReason: 'AFFILIATION_CHANGED' }), cmd.notify('REVOCATION_NOTICE', t(10)));
    given(noticed).when(cmd.sendRevocation(after(t(10), hours(1)))).then([
      { type: 'RevocationRequested', data: { reason: 'CUSTOMER_REQUEST', crlReason: 'AFFILIATION_CHANGED', caOrderId: 'REV-1', serialNumbers: ['0A1B2C3D'], requestedAt: after(t(10), hours(1)), deadline: after(t(10), hours(24)) } },
    ]);
  });

  it('Art. 7 refuses a CRL reason the customer may not choose, and any choice for other reasons', () => {
    given(activeHistory()).when(cmd.initiate('CUSTOMER_REQUEST', t(10), operator, { crlReason: 'PRIVILEGE_WITHDRAWN' })).thenRefused({ code: 'BAD_USER_INPUT', field: 'crlReason' });
    given(activeHistory()).when(cmd.initiate('PROHIBITED_ACT', t(10), operator, { crlReason: 'UNSPECIFIED' })).thenRefused({ code: 'BAD_USER_INPUT', field: 'crlReason' });
  });

  it('Art. 7(1) sends a customer’s KEY_COMPROMISE report to the CA at once, without notice (keyCompromise, 24 h)', () => {
    const reportedAt = t(10);
    given(activeHistory()).when(cmd.reportTrustImpaired('KEY_COMPROMISE', reportedAt)).then([
      {
        type: 'RevocationInitiated',
        data: {
          reason: 'KEY_COMPROMISE', crlReason: 'KEY_COMPROMISE', initiator: 'CUSTOMER_REPORT', noticeRule: 'NONE', by: operator, note: 'customer called',
          serialNumbers: ['0A1B2C3D'], initiatedAt: reportedAt, deadline: after(reportedAt, hours(24)), supersededBy: null,
        },
      },
      { type: 'RevocationRequested', data: { reason: 'KEY_COMPROMISE', crlReason: 'KEY_COMPROMISE', caOrderId: 'REV-1', serialNumbers: ['0A1B2C3D'], requestedAt: reportedAt, deadline: after(reportedAt, hours(24)) } },
    ]);
  });

  it('Art. 7(1) an OTHER trust-impaired report is TRUST_IMPAIRED with CRL reason unspecified', () => {
    const { events } = given(activeHistory()).when(cmd.reportTrustImpaired('OTHER', t(10))).thenTypes(['RevocationInitiated', 'RevocationRequested']);
    expect(events[1].data).toMatchObject({ reason: 'TRUST_IMPAIRED', crlReason: 'UNSPECIFIED' });
  });

  it('Art. 7 PROHIBITED_ACT revocations use privilegeWithdrawn with a 5-day deadline and need the act recorded', () => {
    const { events } = given(activeHistory()).when(cmd.initiate('PROHIBITED_ACT', t(10), operator, { note: 'phishing site confirmed' })).thenTypes(['RevocationInitiated']);
    expect(events[0].data).toMatchObject({ crlReason: 'PRIVILEGE_WITHDRAWN', noticeRule: 'REVOCATION_NOTICE', deadline: after(t(10), days(5)) });
    given(activeHistory()).when(cmd.initiate('PROHIBITED_ACT', t(10), operator, { note: null })).thenRefused({ code: 'BAD_USER_INPUT', field: 'note' });
  });

  it('Art. 7 refuses a NON_PAYMENT revocation started by a screener or before the grace period, and allows the saga’s after it', () => {
    const overdue = then(activeHistory(), { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') });
    given(overdue).when(cmd.initiate('NON_PAYMENT', new Date('2026-05-20T00:00:00Z'), { id: 'staff-screener-1', role: 'SCREENER' })).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /not SCREENER/ });
    // due 2026-05-01, overdue from 05-02 00:00 JST, 14 days' grace → 05-16 00:00 JST = 05-15T15:00Z
    given(overdue).when(cmd.initiate('NON_PAYMENT', new Date('2026-05-15T14:59:59Z'), saga('non-payment'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /grace period/ });
    const { events } = given(overdue).when(cmd.initiate('NON_PAYMENT', new Date('2026-05-15T15:00:00Z'), saga('non-payment'))).thenTypes(['RevocationInitiated']);
    expect(events[0].data).toMatchObject({ reason: 'NON_PAYMENT', crlReason: 'PRIVILEGE_WITHDRAWN', initiator: 'SYSTEM' });
    const paid = then(overdue, cmd.pay(66_000, '2026-05-10', new Date('2026-05-10T03:00:00Z')));
    given(paid).when(cmd.initiate('NON_PAYMENT', new Date('2026-05-20T00:00:00Z'), saga('non-payment'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /settled/ });
  });

  it('Art. 7 refuses to revoke before issuance (cancel instead) and cancels the CA order: CANCELLED', () => {
    const requested = run([cmd.submit(), cmd.pass(), cmd.requestCertificate()]);
    given(requested).when(cmd.initiate('CUSTOMER_REQUEST', after(T0, hours(5)))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /cancelled instead/ });
    given(requested).when(cmd.reportTrustImpaired('KEY_COMPROMISE', after(T0, hours(5)))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /cancel the CA order/ });
    const at = after(T0, hours(5));
    const state = given(requested)
      .when({ type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at, reason: 'CUSTOMER_REQUEST', note: 'customer cancelled', serviceSuspended: false })
      .then([
        { type: 'CertificateRequestCancelled', data: { caOrderId: 'ORDER-1', reason: 'the contract is cancelled (CUSTOMER_REQUEST)', cancelledAt: at } },
        { type: 'ContractCancelled', data: { reason: 'CUSTOMER_REQUEST', cancelledAt: at, by: operator, note: 'customer cancelled' } },
      ]);
    expect(state).toMatchObject({ status: 'CANCELLED', pendingOrder: null, endedAt: at });
    given(activeHistory()).when({ type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at, reason: 'CUSTOMER_REQUEST', serviceSuspended: false })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /revoke it instead/ });
  });

  it('Art. 7 refuses to revoke an expired certificate (only issued, unrevoked, unexpired ones)', () => {
    // The first instance is valid 90 days; by day 100 it has lapsed (no reissue yet), coverage still runs.
    given(activeHistory()).when(cmd.initiate('CUSTOMER_REQUEST', t(100))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /unexpired/ });
    given(activeHistory()).when(cmd.reportTrustImpaired('KEY_COMPROMISE', t(100))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /unexpired/ });
  });

  it('Art. 7 a revocation ends the contract: CertificateRevoked → REVOKED; REVOCATION_RESULT is then notified', () => {
    const requested = then(activeHistory(), cmd.reportTrustImpaired('KEY_COMPROMISE', t(10)));
    given(requested).when(cmd.notify('REVOCATION_RESULT', t(10))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7' });
    const revokedAt = after(t(10), hours(2));
    const state = given(requested).when(cmd.revoked(revokedAt, 'KEY_COMPROMISE')).then([
      { type: 'CertificateRevoked', data: { serialNumber: '0A1B2C3D', revokedAt, crlReason: 'KEY_COMPROMISE', caReference: 'CA-REV-1' } },
    ]);
    expect(state).toMatchObject({ status: 'REVOKED', endedAt: revokedAt, revocation: { status: 'REVOKED' } });
    given(then(requested, cmd.revoked(revokedAt, 'KEY_COMPROMISE'))).when(cmd.notify('REVOCATION_RESULT', after(revokedAt, hours(1)))).thenTypes(['CustomerNotified']);
    given(requested).when(cmd.revoked(revokedAt, 'UNSPECIFIED')).thenRefused({ code: 'BAD_USER_INPUT', field: 'crlReason' });
  });

  it('Art. 7 RevocationRejected returns the contract to ACTIVE, or to ISSUED when it was not delivered yet', () => {
    const requested = then(activeHistory(), cmd.reportTrustImpaired('OTHER', t(10)));
    const state = given(requested).when(cmd.rejected(t(11))).then([{ type: 'RevocationRejected', data: { serialNumber: '0A1B2C3D', rejectedAt: t(11), error: 'CA: certificate not found' } }]);
    expect(state).toMatchObject({ status: 'ACTIVE', revocation: { status: 'REJECTED', caError: 'CA: certificate not found' } });
    const issuedOnly = run([cmd.submit(), cmd.pass(), cmd.requestCertificate(), cmd.issued(), cmd.reportTrustImpaired('OTHER', after(T0, hours(5)))]);
    const back = given(issuedOnly).when(cmd.rejected(after(T0, hours(6)))).thenTypes(['RevocationRejected']);
    expect(back.state.status).toBe('ISSUED');
  });

  it('Art. 7 refuses a second revocation while one is with the CA; a later one may start after a rejection', () => {
    const requested = then(activeHistory(), cmd.reportTrustImpaired('OTHER', t(10)));
    given(requested).when(cmd.initiate('CUSTOMER_REQUEST', t(10))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7' });
    given(requested).when(cmd.reportTrustImpaired('KEY_COMPROMISE', t(10))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /already with the CA/ });
    const rejected = then(requested, cmd.rejected(t(11)));
    const { state } = given(rejected).when(cmd.initiate('CUSTOMER_REQUEST', t(12))).thenTypes(['RevocationInitiated']);
    expect(state).toMatchObject({ status: 'REVOCATION_REQUESTED', pastRevocations: [{ reason: 'TRUST_IMPAIRED', status: 'REJECTED' }] });
  });

  it('Art. 7(1) a key-compromise report replaces a revocation still waiting for its notice and goes out at once', () => {
    const waiting = then(activeHistory(), cmd.initiate('CUSTOMER_REQUEST', t(10)));
    const { state } = given(waiting).when(cmd.reportTrustImpaired('KEY_COMPROMISE', t(10))).thenTypes(['RevocationInitiated', 'RevocationRequested']);
    expect(state).toMatchObject({ status: 'REVOCATION_REQUESTED', revocation: { reason: 'KEY_COMPROMISE', status: 'REQUESTED', statusBefore: 'ACTIVE' } });
  });

  it('Art. 7 a revocation covers every unexpired instance, and cancels a pending reissue order', () => {
    const reissue = { type: 'RequestReissue' as const, contractId: CONTRACT_ID, actor: operator, at: t(60), caOrderId: 'ORDER-2', csr: csrFacts(), reason: 'COVERAGE_CONTINUES' as const, serviceSuspended: false };
    const two = then(activeHistory(), reissue, cmd.issued(t(61), { caOrderId: 'ORDER-2', serial: '0B00' }), cmd.delivered(t(61), '0B00'));
    const { events } = given(two).when(cmd.reportTrustImpaired('KEY_COMPROMISE', t(62))).thenTypes(['RevocationInitiated', 'RevocationRequested']);
    expect(events[1].data).toMatchObject({ serialNumbers: ['0A1B2C3D', '0B00'] });
    const afterOne = then(two, cmd.reportTrustImpaired('KEY_COMPROMISE', t(62)), cmd.revoked(t(62), 'KEY_COMPROMISE', '0A1B2C3D'));
    expect(given(afterOne).state.status).toBe('REVOCATION_REQUESTED');
    const done = given(afterOne).when(cmd.revoked(t(62), 'KEY_COMPROMISE', '0B00')).thenTypes(['CertificateRevoked']);
    expect(done.state.status).toBe('REVOKED');
    const pending = then(activeHistory(), reissue);
    const out = given(pending).when(cmd.reportTrustImpaired('KEY_COMPROMISE', t(62))).thenTypes(['RevocationInitiated', 'CertificateRequestCancelled', 'RevocationRequested']);
    expect(out.state).toMatchObject({ pendingOrder: null });
  });
});
